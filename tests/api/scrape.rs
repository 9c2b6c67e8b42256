//! Reading `/metrics` in tests: the Prometheus text parsed into samples
//! keyed by metric name and labels.

use std::collections::BTreeMap;

use reqwest::StatusCode;

use crate::helpers::TestApp;

/// One scrape: every sample as (metric name, labels) -> value.
pub struct Scrape(BTreeMap<(String, BTreeMap<String, String>), f64>);

impl Scrape {
    pub async fn of(app: &TestApp) -> Self {
        let response = app.get("/metrics").await;
        assert_eq!(response.status(), StatusCode::OK);
        Self::parse(&response.text().await.unwrap())
    }

    pub fn parse(text: &str) -> Self {
        let mut samples = BTreeMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (series, value) = line.rsplit_once(' ').expect("a sample line");
            let (name, labels) = match series.split_once('{') {
                Some((name, labels)) => (name, parse_labels(labels.trim_end_matches('}'))),
                None => (series, BTreeMap::new()),
            };
            let value = value.parse().unwrap_or_else(|_| panic!("a value: {line}"));
            samples.insert((name.to_owned(), labels), value);
        }
        Self(samples)
    }

    /// The sum over the series of `name` that have all of `labels` (0 when
    /// none has been recorded yet).
    pub fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.matching(name, labels).map(|(_, value)| value).sum()
    }

    pub fn matching<'a>(
        &'a self,
        name: &'a str,
        labels: &'a [(&str, &str)],
    ) -> impl Iterator<Item = (&'a BTreeMap<String, String>, f64)> {
        self.0
            .iter()
            .filter(move |((n, have), _)| {
                n == name
                    && labels
                        .iter()
                        .all(|(k, v)| have.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|((_, have), value)| (have, *value))
    }

    /// A gauge this app renders itself: exactly one sample.
    pub fn gauge(&self, name: &str) -> f64 {
        let found: Vec<f64> = self.matching(name, &[]).map(|(_, v)| v).collect();
        assert_eq!(found.len(), 1, "one sample of {name}: {found:?}");
        found[0]
    }

    pub fn label_values(&self, name: &str, label: &str) -> Vec<String> {
        self.matching(name, &[])
            .filter_map(|(labels, _)| labels.get(label).cloned())
            .collect()
    }
}

/// `k="v",k2="v2"` with Prometheus escapes (`\\`, `\"`, `\n`) in values.
fn parse_labels(text: &str) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let mut rest = text;
    while let Some((key, after)) = rest.split_once("=\"") {
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some(escaped) => value.push(escaped),
                    None => {}
                },
                '"' => {
                    end = i + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        labels.insert(key.trim_start_matches(',').to_owned(), value);
        rest = &after[end..];
    }
    labels
}
