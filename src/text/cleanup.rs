//! Clean-up passes for Chinese text pasted from web pages and PDFs
//! (docs/content-format.md, "Chinese scripts"). Each pass is a small named
//! function; `PASSES` runs them in order.

use unicode_normalization::UnicodeNormalization;

use crate::model::is_han;

/// A clean-up pass: its name (shown by `nianjian normalize`) and function.
pub struct Pass {
    pub name: &'static str,
    pub run: fn(&str) -> String,
}

pub const PASSES: &[Pass] = &[
    Pass {
        name: "nfc",
        run: nfc,
    },
    Pass {
        name: "zero-width",
        run: remove_zero_width,
    },
    Pass {
        name: "full-width",
        run: half_width_alnum,
    },
    Pass {
        name: "pinyin",
        run: remove_pinyin_annotations,
    },
    Pass {
        name: "spaced-han",
        run: join_spaced_han,
    },
    Pass {
        name: "line-breaks",
        run: join_cjk_lines,
    },
];

/// Runs every pass.
pub fn clean(text: &str) -> String {
    PASSES.iter().fold(text.to_owned(), |t, p| (p.run)(&t))
}

/// CJK ideographs, CJK punctuation and full-width forms: the characters
/// between which a line break or space is never wanted.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2018..=0x201D | 0x2026 | 0x2014 | 0x00B7)
            && c != '\u{3000}'
}

pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

pub fn remove_zero_width(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .collect()
}

/// Full-width ASCII letters and digits to half-width; CJK punctuation stays.
pub fn half_width_alnum(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

fn is_tone_vowel(c: char) -> bool {
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c)
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || is_tone_vowel(c) || c == 'ü'
}

/// Pinyin left in brackets by broken converters after a Han character:
/// `總領(lǐng)事` → `總領事`. Only lower-case syllables with a tone mark
/// qualify, so `(NEAR)`, `(2024. 9. 26 修订)` and `（音）` are kept.
pub fn remove_pinyin_annotations(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '(' | '（') && i > 0 && is_han(chars[i - 1]) {
            let close = if c == '(' { ')' } else { '）' };
            let mut j = i + 1;
            while j < chars.len() && (is_pinyin_letter(chars[j]) || chars[j] == ' ') && j - i <= 24
            {
                j += 1;
            }
            let inner = &chars[i + 1..j.min(chars.len())];
            let is_pinyin = j < chars.len()
                && chars[j] == close
                && inner.iter().any(|&c| is_tone_vowel(c))
                && inner.first().is_some_and(|&c| c != ' ');
            if is_pinyin {
                i = j + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Names spaced out for justification: `李 乐 成` → `李乐成`. A run of
/// spaces or ideographic spaces between two Han characters goes when either
/// side is a single Han character standing alone, so `辽宁省省长李 乐 成`
/// becomes `辽宁省省长李乐成` while `中国 日本` keeps its space. Tabs are kept:
/// they separate columns.
pub fn join_spaced_han(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let is_gap = |c: char| c == ' ' || c == '\u{3000}';
    let han_at = |i: usize| chars.get(i).copied().is_some_and(is_han);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        if is_han(c) && chars.get(i + 1).copied().is_some_and(is_gap) {
            let mut j = i + 1;
            while j < chars.len() && is_gap(chars[j]) {
                j += 1;
            }
            // Lone: no Han character directly before (left side) or after (right side).
            let left_lone = i == 0 || !han_at(i - 1);
            let right_lone = !han_at(j + 1);
            if han_at(j) && (left_lone || right_lone) {
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A line break between two CJK characters inside a paragraph is an
/// artefact of hard wrapping; it would render as a stray space.
pub fn join_cjk_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if let Some(next) = lines.peek() {
            let before = line.trim_end_matches([' ', '\t']).chars().last();
            let after = next.chars().next();
            let join = matches!((before, after), (Some(a), Some(b)) if is_cjk(a) && is_cjk(b));
            if join {
                // Trailing spaces of the joined line go too.
                let trimmed = out.trim_end_matches([' ', '\t']).len();
                out.truncate(trimmed);
            } else {
                out.push('\n');
            }
        }
    }
    out
}

/// Characters that mark text as damaged: U+FFFD (a lost glyph) and the
/// private-use area (a font's own code points, meaningless elsewhere).
pub fn is_damaged(c: char) -> bool {
    c == '\u{FFFD}' || matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("u\u{0308}"), "ü");
    }

    #[test]
    fn zero_width_removed() {
        assert_eq!(remove_zero_width("首\u{200B}尔\u{FEFF}"), "首尔");
    }

    #[test]
    fn full_width_letters_and_digits_only() {
        assert_eq!(half_width_alnum("ＮＥＡＲ２０２４，。"), "NEAR2024，。");
    }

    #[test]
    fn pinyin_debris_removed_and_real_brackets_kept() {
        assert_eq!(
            remove_pinyin_annotations("駐大阪總領(lǐng)事薛劍"),
            "駐大阪總領事薛劍"
        );
        assert_eq!(remove_pinyin_annotations("會(huì)議"), "會議");
        assert_eq!(remove_pinyin_annotations("故鄉（xiāng）"), "故鄉");
        for keep in [
            "联合会(NEAR)",
            "(2024. 9. 26 修订)",
            "金贤惠（音）",
            "自由贸易协定(FTA)",
            "a(lǐng)",
        ] {
            assert_eq!(remove_pinyin_annotations(keep), keep);
        }
    }

    #[test]
    fn spaced_names_joined() {
        assert_eq!(join_spaced_han("李 乐 成"), "李乐成");
        assert_eq!(join_spaced_han("省长\t\t李 乐 成"), "省长\t\t李乐成");
        assert_eq!(
            join_spaced_han("辽宁省省长李 乐 成会见了林 秉 镇和代表"),
            "辽宁省省长李乐成会见了林秉镇和代表"
        );
        assert_eq!(join_spaced_han("中国 日本"), "中国 日本");
        assert_eq!(join_spaced_han("林　秉　镇"), "林秉镇");
        assert_eq!(join_spaced_han("中 国 人"), "中国人");
        assert_eq!(join_spaced_han("a b c"), "a b c");
    }

    #[test]
    fn hard_wraps_between_cjk_joined() {
        assert_eq!(join_cjk_lines("建立交流合\n作平台。"), "建立交流合作平台。");
        assert_eq!(join_cjk_lines("中文\n\n第二段"), "中文\n\n第二段");
        assert_eq!(join_cjk_lines("English\nwrap"), "English\nwrap");
        assert_eq!(join_cjk_lines("NEAR\n成立"), "NEAR\n成立");
    }

    #[test]
    fn damage_detected() {
        assert!(is_damaged('\u{FFFD}'));
        assert!(is_damaged('\u{E000}'));
        assert!(!is_damaged('中'));
    }
}
