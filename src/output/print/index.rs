//! The index of names: terms sorted as the edition sorts and grouped under
//! the headings readers look for: pinyin initials in Simplified, stroke
//! counts in Traditional, letters in English.
//!
//! The headings come from the collation itself. CLDR's Chinese collations
//! sort a boundary string before the first character of each pinyin initial
//! (U+FDD0 and the letter) and of each stroke count (U+FDD0 and the Braille
//! pattern numbered with the count), so a name's group is the last boundary
//! at or before it; ICU's AlphabeticIndex finds its buckets the same way.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

use super::{IndexEntry, IndexGroup};
use crate::model::Edition;
use crate::text::collate::Collation;

/// Longest stroke count CLDR marks (a few characters have more than 40).
const MAX_STROKES: u32 = 64;

/// The edition's group boundaries, in order: (boundary string, heading).
fn boundaries(edition: Edition) -> Vec<(String, String)> {
    match edition {
        Edition::ZhHans => ('A'..='Z')
            .map(|l| (format!("\u{FDD0}{l}"), l.to_string()))
            .collect(),
        Edition::ZhHant => (1..=MAX_STROKES)
            .filter_map(|n| {
                let marker = char::from_u32(0x2800 + n)?;
                Some((format!("\u{FDD0}{marker}"), format!("{}畫", numeral(n))))
            })
            .collect(),
        Edition::En => Vec::new(),
    }
}

/// 1..=99 in Chinese numerals, as stroke-count headings are written.
pub fn numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = ((n / 10 % 10) as usize, (n % 10) as usize);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(DIGITS[tens]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push_str(DIGITS[ones]);
    }
    s
}

/// The heading of a term that sorts before every boundary (or of any term
/// in English): its first letter without accents, or `other`.
fn letter(term: &str, other: &str) -> String {
    match term.nfd().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        Some(c) if c.is_ascii_digit() => "0–9".to_owned(),
        _ => other.to_owned(),
    }
}

/// A term as it is filed: opening quotes and brackets do not count
/// (“创新+”专门委员会 goes under C).
fn sort_key(term: &str) -> &str {
    let key = term.trim_start_matches(|c: char| !c.is_alphanumeric());
    if key.is_empty() { term } else { key }
}

/// Sorts `entries` and groups them. `other` heads terms in scripts the
/// edition does not group (Korean names in the Chinese index, say).
pub fn group(
    edition: Edition,
    collation: &Collation,
    mut entries: Vec<IndexEntry>,
    other: &str,
) -> Vec<IndexGroup> {
    entries.sort_by(|a, b| {
        collation
            .compare(sort_key(&a.term), sort_key(&b.term))
            .then_with(|| a.term.cmp(&b.term))
            .then_with(|| a.anchor.cmp(&b.anchor))
    });
    entries.dedup();
    let bounds = boundaries(edition);
    let mut groups: Vec<IndexGroup> = Vec::new();
    for entry in entries {
        let heading = heading(collation, &bounds, sort_key(&entry.term), other);
        match groups.last_mut() {
            Some(g) if g.heading == heading => g.entries.push(entry),
            _ => groups.push(IndexGroup {
                heading,
                entries: vec![entry],
            }),
        }
    }
    groups
}

fn heading(collation: &Collation, bounds: &[(String, String)], term: &str, other: &str) -> String {
    // Boundaries are sorted, so the last one at or before the term is found
    // by bisection.
    let after = bounds.partition_point(|(b, _)| collation.compare(b, term) != Ordering::Greater);
    let is_han = term.chars().next().is_some_and(crate::model::is_han);
    match after.checked_sub(1) {
        Some(i) if is_han => bounds[i].1.clone(),
        _ => letter(term, other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: &str) -> IndexEntry {
        IndexEntry {
            term: term.to_owned(),
            anchor: term.to_owned(),
            ..IndexEntry::default()
        }
    }

    fn headings(edition: Edition, terms: &[&str]) -> Vec<(String, Vec<String>)> {
        let c = Collation::for_edition(edition).unwrap();
        group(edition, &c, terms.iter().map(|t| entry(t)).collect(), "?")
            .into_iter()
            .map(|g| (g.heading, g.entries.into_iter().map(|e| e.term).collect()))
            .collect()
    }

    #[test]
    fn pinyin_initials() {
        let g = headings(
            Edition::ZhHans,
            &["济南市", "北京市", "阿城区", "“保定”市", "NEAR"],
        );
        let flat: Vec<(&str, Vec<&str>)> = g
            .iter()
            .map(|(h, t)| (h.as_str(), t.iter().map(String::as_str).collect()))
            .collect();
        // CLDR files Latin words among the pinyin initials.
        assert_eq!(
            flat,
            vec![
                ("A", vec!["阿城区"]),
                ("B", vec!["“保定”市", "北京市"]),
                ("J", vec!["济南市"]),
                ("N", vec!["NEAR"]),
            ]
        );
    }

    #[test]
    fn stroke_counts() {
        // 上 3 strokes, 北 5, 濟 17.
        let g = headings(Edition::ZhHant, &["濟南市", "北京市", "上海市"]);
        let heads: Vec<&str> = g.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(heads, vec!["三畫", "五畫", "十七畫"]);
    }

    #[test]
    fn letters_in_english() {
        let g = headings(Edition::En, &["Ōsaka", "incheon", "Jeju", "济南", "2nd"]);
        let heads: Vec<&str> = g.iter().map(|(h, _)| h.as_str()).collect();
        assert_eq!(heads, vec!["0–9", "I", "J", "O", "?"]);
        assert_eq!(numeral(1), "一");
        assert_eq!(numeral(10), "十");
        assert_eq!(numeral(17), "十七");
        assert_eq!(numeral(23), "二十三");
    }
}
