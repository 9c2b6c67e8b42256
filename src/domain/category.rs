//! What valid category edits are: names, parents, and paths of names
//! (`Cell Phones > iPhone`, or a list in an import line).

use serde::Deserialize;
use serde_json::Map;
use utoipa::ToSchema;

use super::ValidationError;
use super::fields::present;
use super::text::control_character;

pub const MAX_CATEGORY_CHARS: usize = 200;
/// The tree's depth limit; the database trigger enforces it too
/// (`categories_max_depth`).
pub const MAX_DEPTH: usize = 8;
/// Joins the names of a path, in requests and filters.
pub const PATH_SEPARATOR: char = '>';

/// `POST /categories/` and `PATCH /categories/{id}/`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    /// Without `>`, unique among its siblings ignoring case; required on
    /// create.
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    /// Absent: unchanged (root on create); `null`: the root.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub parent_id: Option<Option<i64>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCategory {
    pub name: String,
    pub parent_id: Option<i64>,
}

/// A rename and/or a move; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryPatch {
    pub name: Option<String>,
    /// `Some(None)` moves the category to the root.
    pub parent_id: Option<Option<i64>>,
}

impl CategoryInput {
    fn check(&self, problems: &mut Map<String, serde_json::Value>) -> Option<String> {
        if let Some(Some(parent)) = self.parent_id
            && parent < 1
        {
            problems.insert("parent_id".into(), "must be a positive integer".into());
        }
        match self.name.as_deref().map(category_name) {
            Some(Ok(name)) => Some(name),
            Some(Err(problem)) => {
                problems.insert("name".into(), problem.into());
                None
            }
            None => None,
        }
    }
}

impl TryFrom<CategoryInput> for NewCategory {
    type Error = ValidationError;

    fn try_from(input: CategoryInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        let name = input.check(&mut problems);
        if input.name.is_none() {
            problems.insert("name".into(), "is required".into());
        }
        match name {
            Some(name) if problems.is_empty() => Ok(NewCategory {
                name,
                parent_id: input.parent_id.flatten(),
            }),
            _ => Err(ValidationError::of("category", problems)),
        }
    }
}

impl TryFrom<CategoryInput> for CategoryPatch {
    type Error = ValidationError;

    fn try_from(input: CategoryInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        let name = input.check(&mut problems);
        if input.name.is_none() && input.parent_id.is_none() {
            return Err(ValidationError::field(
                "body",
                "give a name and/or a parent_id (null moves the category to the root)",
            ));
        }
        if !problems.is_empty() {
            return Err(ValidationError::of("category", problems));
        }
        Ok(CategoryPatch {
            name,
            parent_id: input.parent_id,
        })
    }
}

/// A category name as stored (trimmed), or what is wrong with it.
pub fn category_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_CATEGORY_CHARS {
        return Err(format!("must be 1 to {MAX_CATEGORY_CHARS} characters"));
    }
    if let Some(problem) = control_character(name) {
        return Err(problem);
    }
    if name.contains(PATH_SEPARATOR) {
        return Err(format!(
            "must not contain {PATH_SEPARATOR:?}: it separates the names of a path"
        ));
    }
    Ok(name.to_owned())
}

/// A path of names from the root (`["Cell Phones", "iPhone"]`), each as
/// stored, or what is wrong with it.
pub fn category_path<S: AsRef<str>>(names: &[S]) -> Result<Vec<String>, String> {
    if names.is_empty() || names.len() > MAX_DEPTH {
        return Err(format!("must have 1 to {MAX_DEPTH} names"));
    }
    names
        .iter()
        .enumerate()
        .map(|(at, name)| {
            category_name(name.as_ref()).map_err(|problem| format!("name {}: {problem}", at + 1))
        })
        .collect()
}

/// A path written as text, `Cell Phones > iPhone` (spaces around the
/// separator optional); a single name is a top-level category.
pub fn parse_category_path(text: &str) -> Result<Vec<String>, String> {
    let names: Vec<&str> = text.split(PATH_SEPARATOR).collect();
    category_path(&names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(json: &str) -> CategoryInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn names_are_trimmed_and_never_hold_the_separator() {
        assert_eq!(category_name("  iPhone "), Ok("iPhone".into()));
        for bad in ["", "   ", "A > B", "a>b", "x\u{7}y"] {
            assert!(category_name(bad).is_err(), "{bad:?}");
        }
        assert!(category_name(&"n".repeat(201)).is_err());
        assert!(category_name(&"n".repeat(200)).is_ok());
    }

    #[test]
    fn paths_are_one_to_eight_good_names() {
        assert_eq!(
            parse_category_path("Cell Phones>iPhone >  iPhone 7"),
            Ok(vec![
                "Cell Phones".into(),
                "iPhone".into(),
                "iPhone 7".into()
            ])
        );
        assert_eq!(parse_category_path("Garden"), Ok(vec!["Garden".into()]));
        for bad in ["", "A >", "> A", "A >> B", "A > \u{0}"] {
            assert!(parse_category_path(bad).is_err(), "{bad:?}");
        }
        let deep: Vec<String> = (0..9).map(|i| format!("L{i}")).collect();
        assert!(category_path(&deep).is_err());
        assert!(category_path(&deep[..8]).is_ok());
        assert!(category_path::<&str>(&[]).is_err());
    }

    #[test]
    fn a_patch_tells_a_move_to_the_root_from_no_move() {
        let to_root = CategoryPatch::try_from(input(r#"{"parent_id": null}"#)).unwrap();
        assert_eq!(to_root.parent_id, Some(None));
        let rename = CategoryPatch::try_from(input(r#"{"name": "X"}"#)).unwrap();
        assert_eq!(rename.parent_id, None);
        assert!(CategoryPatch::try_from(input("{}")).is_err());
        assert!(CategoryPatch::try_from(input(r#"{"parent_id": 0}"#)).is_err());
        assert!(NewCategory::try_from(input(r#"{"parent_id": 3}"#)).is_err());
        assert_eq!(
            NewCategory::try_from(input(r#"{"name": "iPhone", "parent_id": 3}"#)).unwrap(),
            NewCategory {
                name: "iPhone".into(),
                parent_id: Some(3)
            }
        );
    }
}
