//! `nianjian export --wikidata`: twin-town ties between entities that have
//! Wikidata ids, as QuickStatements (v1, tab-separated) that add "twinned
//! administrative body" (P190) to both items, with the start time (P580)
//! and, when the tie's event cites a web source, a reference URL (S854).

use crate::view::data::Yearbook;

/// A date as a Wikidata time value with its precision (9 year, 10 month, 11 day).
fn time(date: &str) -> Option<String> {
    let mut parts = date.split('-');
    let year = parts.next()?;
    let month = parts.next();
    let day = parts.next();
    let precision = match (month, day) {
        (Some(_), Some(_)) => 11,
        (Some(_), None) => 10,
        _ => 9,
    };
    Some(format!(
        "+{year}-{}-{}T00:00:00Z/{precision}",
        month.unwrap_or("00"),
        day.unwrap_or("00")
    ))
}

/// The statements, one per line, and how many ties were left out because
/// one side has no Wikidata id.
pub fn quickstatements(y: &Yearbook) -> (String, usize) {
    let item = |slug: &str| {
        y.cities
            .iter()
            .find(|c| c.slug == slug)
            .and_then(|c| c.wikidata.clone())
    };
    let mut out = String::new();
    let mut skipped = 0;
    for t in &y.ties {
        let (Some(a), Some(b)) = (item(&t.a), item(&t.b)) else {
            skipped += 1;
            continue;
        };
        let source = t.event.as_deref().and_then(|slug| {
            let event = y.events.iter().find(|e| e.slug == slug)?;
            event.sources.iter().find_map(|s| s.url.clone())
        });
        for (from, to) in [(&a, &b), (&b, &a)] {
            let mut line = format!("{from}\tP190\t{to}");
            if let Some(since) = t.since.as_deref().and_then(time) {
                line.push_str(&format!("\tP580\t{since}"));
            }
            if let Some(url) = &source {
                line.push_str(&format!("\tS854\t\"{}\"", url.replace('"', "")));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_carry_their_precision() {
        assert_eq!(time("2007").as_deref(), Some("+2007-00-00T00:00:00Z/9"));
        assert_eq!(time("2024-11").as_deref(), Some("+2024-11-00T00:00:00Z/10"));
        assert_eq!(
            time("2024-11-19").as_deref(),
            Some("+2024-11-19T00:00:00Z/11")
        );
    }
}
