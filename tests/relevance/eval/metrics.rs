//! The scores, as plain functions of grades and text: nDCG and precision
//! over a ranked list of grades, the one-letter typo a query gets for the
//! typo robustness measure.

/// Discounted cumulative gain with exponential gain (2^grade - 1), the
/// form that rewards a grade-3 product far above a grade-1 one.
pub fn dcg(grades: &[u8]) -> f64 {
    grades
        .iter()
        .enumerate()
        .map(|(rank, &grade)| (2f64.powi(i32::from(grade)) - 1.0) / ((rank + 2) as f64).log2())
        // Not `sum()`: an empty f64 sum is -0.0, printed as "-0.000".
        .fold(0.0, |total, gain| total + gain)
}

/// nDCG@k of a ranked list of grades, against the best ranking of every
/// judged grade. 0 when nothing is judged relevant (no such query exists:
/// the generator insists on a grade-3 product for each).
pub fn ndcg_at(k: usize, ranked: &[u8], judged: &[u8]) -> f64 {
    let mut ideal = judged.to_vec();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    ideal.truncate(k);
    let best = dcg(&ideal);
    if best == 0.0 {
        return 0.0;
    }
    dcg(&ranked[..ranked.len().min(k)]) / best
}

/// Share of the first k places holding a product of grade 2 or more (an
/// answer shorter than k counts its empty places as misses).
pub fn precision_at(k: usize, ranked: &[u8]) -> f64 {
    ranked.iter().take(k).filter(|&&grade| grade >= 2).count() as f64 / k as f64
}

/// The letter a finger hits instead of `letter` on a QWERTY keyboard: the
/// key to its right (to its left at the end of a row).
fn slip(letter: char) -> char {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    for row in ROWS {
        if let Some(at) = row.find(letter) {
            let row: Vec<char> = row.chars().collect();
            return if at + 1 < row.len() {
                row[at + 1]
            } else {
                row[at - 1]
            };
        }
    }
    letter
}

/// The query with one letter mistyped: in its longest word of 5 or more
/// letters (the first such word on a tie; words with digits or symbols
/// are model codes and units, never typo-corrected), the middle letter
/// becomes its neighbour on the keyboard. `None` when no word qualifies.
pub fn typo_variant(query: &str) -> Option<String> {
    let words: Vec<&str> = query.split(' ').collect();
    let (index, word) = words
        .iter()
        .enumerate()
        .filter(|(_, word)| word.len() >= 5 && word.chars().all(|c| c.is_ascii_lowercase()))
        .fold(
            None,
            |best: Option<(usize, &str)>, (index, word)| match best {
                Some((_, longest)) if longest.len() >= word.len() => best,
                _ => Some((index, word)),
            },
        )?;
    let middle = word.len() / 2;
    let mut letters: Vec<char> = word.chars().collect();
    letters[middle] = slip(letters[middle]);
    let mut typed: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
    typed[index] = letters.into_iter().collect();
    Some(typed.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_ranking_scores_one_and_a_reversed_one_less() {
        assert!((ndcg_at(10, &[3, 2, 1], &[1, 3, 2]) - 1.0).abs() < 1e-12);
        let reversed = ndcg_at(10, &[1, 2, 3], &[1, 3, 2]);
        assert!(reversed < 0.8, "{reversed}");
        // One grade-3 product at rank 2 of a query with one judged product.
        let second = ndcg_at(10, &[0, 3], &[3]);
        assert!((second - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn ndcg_only_counts_the_first_k_places_and_an_empty_answer_scores_zero() {
        assert_eq!(ndcg_at(2, &[0, 0, 3], &[3]), 0.0);
        assert_eq!(ndcg_at(10, &[], &[3, 2]), 0.0);
        // Judged products beyond k do not lower the ideal's reach.
        assert!((ndcg_at(1, &[3], &[3, 3, 3]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn precision_counts_grades_two_and_up_over_all_k_places() {
        assert_eq!(precision_at(5, &[3, 2, 1, 0, 3]), 0.6);
        assert_eq!(precision_at(5, &[3]), 0.2);
        assert_eq!(precision_at(5, &[]), 0.0);
    }

    #[test]
    fn a_typo_changes_the_middle_letter_of_the_longest_plain_word() {
        assert_eq!(
            typo_variant("samsung galaxy s7").as_deref(),
            Some("samdung galaxy s7")
        );
        assert_eq!(
            typo_variant("wireless headphones").as_deref(),
            Some("wireless headpjones")
        );
        assert_eq!(typo_variant("apple").as_deref(), Some("apole"));
        // The first of two equally long words.
        assert_eq!(typo_variant("green mount").as_deref(), Some("grren mount"));
    }

    #[test]
    fn queries_without_a_plain_word_of_five_letters_get_no_typo() {
        for query in [
            "ps5",
            "iphone7",
            "65 inch tv",
            "wh-1000xm5",
            "lg",
            "iphone 7 32gb",
        ] {
            let variant = typo_variant(query);
            let expected = (query == "iphone 7 32gb").then(|| "iphpne 7 32gb".to_owned());
            assert_eq!(variant, expected, "{query}");
        }
    }
}
