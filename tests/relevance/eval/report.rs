//! The evaluation's figures: one `Outcome` per query, and the averages
//! over them, printed as a summary, a table by query kind and (verbose)
//! one line per query so a ranking engineer sees which queries fail.

use std::collections::BTreeMap;

use super::{DEPTH, Measures, SUGGEST_DEPTH};

#[derive(Debug)]
pub struct Outcome {
    pub query: String,
    pub kind: String,
    pub top_title: String,
    /// How many products search counted.
    pub count: u64,
    pub ndcg: f64,
    pub precision: f64,
    /// Where the judged top product is in the first `DEPTH` results (0-based).
    pub top_rank: Option<usize>,
    /// The first three results: their grade and title.
    pub first: Vec<(u8, String)>,
    /// The query with one letter mistyped, and whether the top product is
    /// still in the first `DEPTH` results.
    pub typo: Option<(String, bool)>,
    /// (characters typed, characters in the query, found) for suggest.
    pub keystrokes: Option<(usize, usize, bool)>,
}

#[derive(Debug)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
    pub measures: Measures,
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

impl Report {
    pub fn ndcg(&self) -> f64 {
        mean(self.outcomes.iter().map(|o| o.ndcg))
    }

    pub fn precision(&self) -> f64 {
        mean(self.outcomes.iter().map(|o| o.precision))
    }

    pub fn zero_result_rate(&self) -> f64 {
        mean(
            self.outcomes
                .iter()
                .map(|o| f64::from(u8::from(o.count == 0))),
        )
    }

    /// (share that still finds the top product, queries measured, the
    /// same share among the queries whose exact spelling finds it).
    pub fn typo_robustness(&self) -> Option<(f64, usize, f64)> {
        let measured: Vec<(bool, bool)> = self
            .outcomes
            .iter()
            .filter_map(|o| Some((o.typo.as_ref()?.1, o.top_rank.is_some())))
            .collect();
        let share =
            |of: &mut dyn Iterator<Item = bool>| mean(of.map(|found| f64::from(u8::from(found))));
        self.measures.typos.then(|| {
            (
                share(&mut measured.iter().map(|&(found, _)| found)),
                measured.len(),
                share(
                    &mut measured
                        .iter()
                        .filter(|&&(_, exact)| exact)
                        .map(|&(found, _)| found),
                ),
            )
        })
    }

    /// (mean share of the query typed, share of queries where the top
    /// product showed at all, queries measured).
    pub fn suggest_keystrokes(&self) -> Option<(f64, f64, usize)> {
        let measured: Vec<(usize, usize, bool)> =
            self.outcomes.iter().filter_map(|o| o.keystrokes).collect();
        self.measures.suggest.then(|| {
            (
                mean(
                    measured
                        .iter()
                        .map(|&(typed, of, _)| typed as f64 / of as f64),
                ),
                mean(
                    measured
                        .iter()
                        .map(|&(_, _, found)| f64::from(u8::from(found))),
                ),
                measured.len(),
            )
        })
    }

    pub fn print_summary(&self) {
        let n = self.outcomes.len();
        println!("queries:               {n}");
        println!("nDCG@{DEPTH}:               {:.3}", self.ndcg());
        println!(
            "precision@5:           {:.3}  (relevant: grade >= 2)",
            self.precision()
        );
        println!(
            "zero-result rate:      {:.3}  ({} of {n})",
            self.zero_result_rate(),
            self.outcomes.iter().filter(|o| o.count == 0).count()
        );
        if let Some((share, measured, of_found)) = self.typo_robustness() {
            println!(
                "typo robustness:       {share:.3}  (top product still in the first {DEPTH} \
                      with one letter changed; {measured} queries with a plain word of 5+ letters, \
                      misspelled ones excluded; {of_found:.3} of those whose exact query finds it)"
            );
        }
        if let Some((typed, found, measured)) = self.suggest_keystrokes() {
            println!(
                "suggest keystrokes:    {typed:.3}  (share of the query typed before the top product \
                      is in the first {SUGGEST_DEPTH} suggestions; {measured} queries; it never showed \
                      for {:.1}%)",
                100.0 * (1.0 - found)
            );
        }
        println!();
        println!(
            "{:<14} {:>5} {:>7} {:>7} {:>6}",
            "kind", "n", "nDCG", "P@5", "zero"
        );
        let mut kinds: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
        for outcome in &self.outcomes {
            kinds.entry(&outcome.kind).or_default().push(outcome);
        }
        for (kind, outcomes) in kinds {
            println!(
                "{kind:<14} {:>5} {:>7.3} {:>7.3} {:>6}",
                outcomes.len(),
                mean(outcomes.iter().map(|o| o.ndcg)),
                mean(outcomes.iter().map(|o| o.precision)),
                outcomes.iter().filter(|o| o.count == 0).count()
            );
        }
    }

    /// One line per query, worst nDCG first, with where the top product
    /// ranked, the typo and suggest outcomes, and the first three results
    /// with their grades.
    pub fn print_queries(&self) {
        println!(
            "{:>5} {:>4} {:>6} {:>4} {:<28} {:<9} query / top product / first results",
            "nDCG", "P@5", "count", "top", "typo (top in first 10?)", "suggest"
        );
        let mut outcomes: Vec<&Outcome> = self.outcomes.iter().collect();
        outcomes.sort_by(|a, b| {
            a.ndcg
                .total_cmp(&b.ndcg)
                .then_with(|| a.query.cmp(&b.query))
        });
        for o in outcomes {
            let top = o
                .top_rank
                .map_or("-".to_owned(), |rank| (rank + 1).to_string());
            let typo = o.typo.as_ref().map_or(String::new(), |(typed, found)| {
                format!("{} {typed}", if *found { "ok" } else { "MISS" })
            });
            let suggest = o.keystrokes.map_or(String::new(), |(typed, of, found)| {
                if found {
                    format!("{typed}/{of}")
                } else {
                    format!("never/{of}")
                }
            });
            println!(
                "{:>5.3} {:>4.2} {:>6} {:>4} {:<28} {:<9} {:?} [{}]",
                o.ndcg, o.precision, o.count, top, typo, suggest, o.query, o.kind
            );
            println!("{:>38} top: {}", "", o.top_title);
            for (grade, title) in &o.first {
                println!("{:>38} {grade}  {title}", "");
            }
        }
    }
}
