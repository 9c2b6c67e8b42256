//! OpenAPI schemas of the values whose rules are code rather than a Rust
//! type (a product's attributes arrive as raw JSON, checked in `fields`; a
//! search's `attr.` filters are parsed from the raw query string, in
//! `search`), built from the same limits the checks use.

use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        Array, Object, ObjectBuilder, OneOf, RefOr, Schema, Type,
        schema::{AdditionalProperties, ArrayBuilder, OneOfBuilder},
    },
};

use super::fields::{
    MAX_ATTRIBUTE_KEY_CHARS, MAX_ATTRIBUTE_LIST, MAX_ATTRIBUTE_VALUE_CHARS, MAX_ATTRIBUTES,
};

/// `attributes`: an object of at most 50 keys of `a-z`, `0-9`, `_`, each a
/// string, a finite number, or a list of strings.
pub fn attributes() -> Object {
    let text = || {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_ATTRIBUTE_VALUE_CHARS))
            .build()
    };
    let list: Array = ArrayBuilder::new()
        .items(text())
        .min_items(Some(1))
        .max_items(Some(MAX_ATTRIBUTE_LIST))
        .build();
    let value: OneOf = OneOfBuilder::new()
        .item(text())
        .item(ObjectBuilder::new().schema_type(Type::Number).build())
        .item(list)
        .build();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Attribute values by key; keys appear in search URLs as `attr.<key>`.",
        ))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(format!("^[a-z0-9_]{{1,{MAX_ATTRIBUTE_KEY_CHARS}}}$"))),
        ))
        .max_properties(Some(MAX_ATTRIBUTES))
        .additional_properties(Some(AdditionalProperties::RefOr(
            Schema::OneOf(value).into(),
        )))
        .build()
}

/// The `attr.<key>=<value>` (repeatable), `attr.<key>.min` and
/// `attr.<key>.max` parameters of a search, described as one form-exploded
/// object parameter: its property names are the parameter names.
pub struct AttributeFilters;

impl PartialSchema for AttributeFilters {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .property_names(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(format!(
                        "^attr\\.[a-z0-9_]{{1,{MAX_ATTRIBUTE_KEY_CHARS}}}(\\.(min|max))?$"
                    ))),
            ))
            .additional_properties(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(MAX_ATTRIBUTE_VALUE_CHARS)),
            ))
            .build()
            .into()
    }
}

impl ToSchema for AttributeFilters {}
