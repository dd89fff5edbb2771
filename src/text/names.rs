//! The headings of an index of names (索引): the initial letter of a name's
//! pinyin in Simplified Chinese, its first character's number of strokes in
//! Traditional Chinese, its initial letter in English.
//!
//! Pinyin comes from the `pinyin` crate (the pinyin-data tables, from
//! Unihan). Stroke counts come from the CLDR stroke collation the index is
//! sorted by (`icu_collator`, already used for reading order): it places a
//! boundary before the first character of each stroke count (U+FDD0 followed
//! by U+2800 + n, the boundaries ICU's AlphabeticIndex labels "n畫"), taken
//! from Unihan's kTotalStrokes. Reading the group off the same collation
//! that sorts the names keeps every group in one piece; the one Unihan-based
//! stroke crate we found panics (`cjk` 0.2: `unimplemented!`) and the other
//! is AGPL with a private table (`hanzi-sort`).

use std::cmp::Ordering;

use pinyin::ToPinyin;
use unicode_normalization::UnicodeNormalization;

use super::collate::Collation;
use crate::model::is_han;

/// Where a name is listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Heading {
    /// Characters of this many strokes (Traditional Chinese).
    Strokes(u32),
    /// An upper-case Latin letter.
    Letter(char),
    /// Anything else: Hangul, Cyrillic, digits, Mongolian …
    Other,
}

/// The most strokes a boundary is looked for (CLDR's go to 64 and beyond;
/// no character in common use has more).
const MAX_STROKES: u32 = 64;

/// The upper-case Latin letter a Latin-script character starts with
/// (`Ö` → `O`), if it is one.
fn latin_letter(c: char) -> Option<char> {
    let base = c.nfd().next()?;
    base.is_ascii_alphabetic()
        .then(|| base.to_ascii_uppercase())
}

/// The initial of `name` for an alphabetical index: its Latin letter, or
/// the first letter of the pinyin of a Chinese character.
///
/// A character with several readings gives its most common one (重 → zhòng,
/// so 重庆 is under Z): the reading CLDR's pinyin collation sorts it by too,
/// so each group of the index stays in one piece. Reading a name as a word
/// (重庆 → chóngqìng) would need a word dictionary neither crate has.
pub fn initial(name: &str) -> Heading {
    let Some(c) = name.trim_start().chars().next() else {
        return Heading::Other;
    };
    if let Some(l) = latin_letter(c) {
        return Heading::Letter(l);
    }
    if is_han(c)
        && let Some(p) = c.to_pinyin()
        && let Some(l) = p.first_letter().chars().next()
    {
        return Heading::Letter(l.to_ascii_uppercase());
    }
    Heading::Other
}

/// The stroke group of `name` under a stroke collation (zh-u-co-stroke):
/// the number of strokes of its first character, when that is Chinese.
pub fn strokes(stroke_order: &Collation, name: &str) -> Heading {
    let Some(c) = name.trim_start().chars().next() else {
        return Heading::Other;
    };
    if !is_han(c) {
        return Heading::Other;
    }
    let first = c.to_string();
    let boundary = |n: u32| -> String {
        // 0x2800 + n for n ≤ 64 is a valid char (the Braille block).
        let mark = char::from_u32(0x2800 + n).unwrap_or('\u{2800}');
        format!("\u{FDD0}{mark}")
    };
    // The boundaries are in order, so the last one at or before the
    // character is found by bisection.
    let (mut lo, mut hi) = (0, MAX_STROKES + 1);
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if stroke_order.compare(&boundary(mid), &first) == Ordering::Greater {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    if lo == 0 {
        Heading::Other
    } else {
        Heading::Strokes(lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edition;

    #[test]
    fn pinyin_initials_and_latin_letters() {
        assert_eq!(initial("辽宁省"), Heading::Letter('L'));
        assert_eq!(initial("沈阳"), Heading::Letter('S'));
        assert_eq!(initial("Ömnögovi"), Heading::Letter('O'));
        assert_eq!(initial(" near"), Heading::Letter('N'));
        assert_eq!(initial("서울특별시"), Heading::Other);
        assert_eq!(initial("Улаанбаатар"), Heading::Other);
        assert_eq!(initial(""), Heading::Other);
    }

    #[test]
    fn stroke_counts_follow_the_stroke_collation() {
        let hant = Collation::for_edition(Edition::ZhHant).unwrap();
        let counts: Vec<Heading> = ["一", "十", "上海", "北京", "東京", "遼寧", "韓國"]
            .iter()
            .map(|n| strokes(&hant, n))
            .collect();
        assert_eq!(
            counts,
            [1, 2, 3, 5, 8, 16, 17].map(Heading::Strokes).to_vec()
        );
        assert_eq!(strokes(&hant, "NEAR"), Heading::Other);
        assert_eq!(strokes(&hant, "서울"), Heading::Other);
    }
}
