//! Clean-up passes for Chinese text pasted from web pages and PDFs
//! (docs/content-format.md, "Chinese scripts"). Each pass is a small named
//! function; `PASSES` runs them in order.

use unicode_normalization::UnicodeNormalization;

use crate::model::is_han;

/// A clean-up pass: its name (shown by `nianjian normalize`) and function.
pub struct Pass {
    pub name: &'static str,
    pub run: fn(&str) -> String,
    /// Safe on a YAML file as a whole (`normalize` rewrites files; the build
    /// cleans values): `,` and `:` of YAML syntax must stay.
    pub on_yaml_source: bool,
    /// Only for Chinese text: English keeps its punctuation even next to a
    /// Chinese name.
    pub chinese_only: bool,
    /// Repairs damage, so `nianjian normalize` runs it by default (joining
    /// hard-wrapped lines is not damage: the build joins them anyway).
    pub repairs: bool,
    /// One line for `nianjian normalize --list-passes`.
    pub about: &'static str,
}

pub const PASSES: &[Pass] = &[
    Pass {
        name: "nfc",
        run: nfc,
        on_yaml_source: true,
        chinese_only: false,
        repairs: true,
        about: "Unicode NFC: composed characters",
    },
    Pass {
        name: "zero-width",
        run: remove_zero_width,
        on_yaml_source: true,
        chinese_only: false,
        repairs: true,
        about: "zero-width spaces and joiners removed (emoji keep theirs)",
    },
    Pass {
        name: "full-width",
        run: half_width_alnum,
        on_yaml_source: true,
        chinese_only: false,
        repairs: true,
        about: "full-width letters and digits made half-width (ＮＥＡＲ → NEAR)",
    },
    Pass {
        name: "pinyin",
        run: remove_pinyin_annotations,
        on_yaml_source: true,
        chinese_only: false,
        repairs: true,
        about: "one-syllable pinyin left by broken converters removed (總領(lǐng)事 → 總領事)",
    },
    Pass {
        name: "spaced-han",
        run: join_spaced_han,
        on_yaml_source: true,
        chinese_only: false,
        repairs: true,
        about: "names spaced out for justification joined (李 乐 成 → 李乐成)",
    },
    Pass {
        name: "punctuation",
        run: full_width_punctuation,
        on_yaml_source: false,
        chinese_only: true,
        repairs: true,
        about: "ASCII , ; : ! ? ( ) in Chinese text made full-width",
    },
    Pass {
        name: "line-breaks",
        run: join_cjk_lines,
        on_yaml_source: true,
        chinese_only: false,
        repairs: false,
        about: "hard-wrapped lines of a Chinese paragraph joined (ask for it by name)",
    },
];

/// Runs every pass.
pub fn clean(text: &str) -> String {
    PASSES.iter().fold(text.to_owned(), |t, p| p.apply(&t))
}

impl Pass {
    /// Runs the pass on `text` outside `-{…}-` markup, which is kept as
    /// written (it is where an author said exactly what to show).
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find("-{") {
            out.push_str(&(self.run)(&rest[..open]));
            let marked = &rest[open..];
            let end = marked.find("}-").map_or(marked.len(), |close| close + 2);
            out.push_str(&marked[..end]);
            rest = &marked[end..];
        }
        out.push_str(&(self.run)(rest));
        out
    }
}

/// Runs the passes for text in `lang`: English skips the Chinese-only ones.
pub fn clean_in(text: &str, lang: crate::model::SourceLang) -> String {
    let english = lang == crate::model::SourceLang::En;
    PASSES
        .iter()
        .filter(|p| !(english && p.chinese_only))
        .fold(text.to_owned(), |t, p| p.apply(&t))
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
    let chars: Vec<char> = text.chars().collect();
    // A joiner between two symbols builds one emoji (👩‍💻): kept.
    let symbol = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| !c.is_ascii() && !is_cjk(*c) && !c.is_alphanumeric())
    };
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| match c {
            '\u{200D}' => symbol(i.checked_sub(1)) && symbol(Some(i + 1)),
            '\u{200B}' | '\u{200C}' | '\u{2060}' | '\u{FEFF}' => false,
            _ => true,
        })
        .map(|(_, c)| c)
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
            // One syllable after a character is a broken converter's debris;
            // several (天津(tiān jīn)) are an author's gloss, kept.
            let is_pinyin = j < chars.len()
                && chars[j] == close
                && inner.iter().any(|&c| is_tone_vowel(c))
                && !inner.contains(&' ');
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
    // Four or more single characters spaced out on their own (春 夏 秋 冬)
    // are spaced on purpose; a name has two or three.
    let deliberate_end = |start: usize| -> Option<usize> {
        if (start > 0 && han_at(start - 1)) || han_at(start + 1) {
            return None;
        }
        let (mut count, mut at) = (1, start);
        loop {
            let mut j = at + 1;
            while j < chars.len() && is_gap(chars[j]) {
                j += 1;
            }
            if j == at + 1 || !han_at(j) || han_at(j + 1) {
                break;
            }
            count += 1;
            at = j;
        }
        (count >= 4).then_some(at + 1)
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_han(c)
            && let Some(end) = deliberate_end(i)
        {
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
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
            // Two trailing spaces or a backslash: a Markdown hard break, kept.
            let hard_break = line.ends_with("  ") || line.ends_with('\\');
            let join = !hard_break
                && matches!((before, after), (Some(a), Some(b)) if is_cjk(a) && is_cjk(b));
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

/// Closing punctuation of Chinese text, after which an ASCII mark is
/// Chinese too: `”，`, `）；`.
fn is_chinese_before(c: char) -> bool {
    is_han(c)
        || matches!(
            c,
            '”' | '’' | '」' | '』' | '）' | '》' | '〉' | '】' | '。' | '、'
        )
}

/// ASCII `, ; : ! ? ( )` pasted into Chinese text become full-width
/// (`5月18日,驻大阪` → `5月18日，驻大阪`, `联合会(NEAR)` → `联合会（NEAR）`), and
/// the spaces pasted after them go. A mark is Chinese when a Chinese
/// character is directly before it or the next word after it is Chinese;
/// so Latin text, numbers (1,000; 10:30) and URLs keep theirs.
pub fn full_width_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Whether each open bracket was made full-width, for its closer.
    let mut open: Vec<bool> = Vec::new();
    let mut in_url = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            in_url = false;
        } else if c == ':' && chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/') {
            in_url = true;
        }
        let prev = out.chars().next_back();
        let next = chars[i + 1..].iter().copied().find(|c| *c != ' ');
        let chinese_before = prev.is_some_and(is_chinese_before);
        let chinese_after = next.is_some_and(is_han);
        let markdown_syntax =
            (c == '!' && chars.get(i + 1) == Some(&'[')) || (c == ':' && prev == Some(']'));
        let wide = match c {
            _ if in_url || markdown_syntax => None,
            ',' | ';' | ':' | '!' | '?' if chinese_before || chinese_after => {
                // Both sides digits: a number (1,000; 10:30).
                let digits = prev.is_some_and(|p| p.is_ascii_digit())
                    && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
                (!digits).then_some(match c {
                    ',' => '，',
                    ';' => '；',
                    ':' => '：',
                    '!' => '！',
                    _ => '？',
                })
            }
            '(' => {
                let wide = chinese_before_space(&out) || chinese_after;
                open.push(wide);
                wide.then_some('（')
            }
            ')' => open
                .pop()
                .unwrap_or(chinese_before && chinese_after)
                .then_some('）'),
            _ => None,
        };
        match wide {
            Some(w) => {
                // A space pasted before an opening bracket goes too.
                if w == '（' && out.ends_with(' ') && chinese_before_space(&out) {
                    let trimmed = out.trim_end_matches(' ').len();
                    out.truncate(trimmed);
                }
                out.push(w);
                // So do the spaces after a full-width mark.
                while chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
            }
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether the last character before trailing spaces of `text` is Chinese.
fn chinese_before_space(text: &str) -> bool {
    text.trim_end_matches(' ')
        .chars()
        .next_back()
        .is_some_and(is_chinese_before)
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
    fn punctuation_in_chinese_context_becomes_full_width() {
        let p = full_width_punctuation;
        assert_eq!(
            p("5月18日,驻大阪总领馆举办活动。薛剑说, 欢迎!"),
            "5月18日，驻大阪总领馆举办活动。薛剑说，欢迎！"
        );
        assert_eq!(
            p("东北亚地区地方政府联合会 (NEAR)成立"),
            "东北亚地区地方政府联合会（NEAR）成立"
        );
        assert_eq!(p("“你好”,他说;然后?"), "“你好”，他说；然后？");
        assert_eq!(p("欢迎NEAR,以及"), "欢迎NEAR，以及");
        // Latin text, numbers, URLs and Markdown syntax keep theirs.
        for kept in [
            "He said, hello (world).",
            "共1,000人",
            "10:30开始",
            "见 https://zh.wikipedia.org/wiki/济南市,(a) 页",
            "图![济南](a.png)",
            "[^1]: 注释",
            "[江南区](@cities/gangnam-seoul)",
        ] {
            assert_eq!(p(kept), kept);
        }
        let marked = "县-{zh-Hans:塔什库尔干县;zh-Hant:塔什庫爾干縣}-,好";
        assert_eq!(
            clean(marked),
            "县-{zh-Hans:塔什库尔干县;zh-Hant:塔什庫爾干縣}-，好"
        );
    }

    #[test]
    fn a_hard_break_between_chinese_lines_is_kept() {
        assert_eq!(join_cjk_lines("第一行  \n第二行"), "第一行  \n第二行");
        assert_eq!(join_cjk_lines("第一行\\\n第二行"), "第一行\\\n第二行");
        assert_eq!(join_cjk_lines("第一行\n第二行"), "第一行第二行");
    }

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
        // A gloss of a whole word is the author's.
        assert_eq!(
            remove_pinyin_annotations("天津(tiān jīn)"),
            "天津(tiān jīn)"
        );
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
        assert_eq!(join_spaced_han("春 夏 秋 冬"), "春 夏 秋 冬");
        assert_eq!(
            join_spaced_han("四季：春 夏 秋 冬。"),
            "四季：春 夏 秋 冬。"
        );
    }

    #[test]
    fn hard_wraps_between_cjk_joined() {
        assert_eq!(join_cjk_lines("建立交流合\n作平台。"), "建立交流合作平台。");
        assert_eq!(join_cjk_lines("中文\n\n第二段"), "中文\n\n第二段");
        assert_eq!(join_cjk_lines("English\nwrap"), "English\nwrap");
        assert_eq!(join_cjk_lines("NEAR\n成立"), "NEAR\n成立");
    }

    #[test]
    fn an_emoji_keeps_its_joiner() {
        assert_eq!(remove_zero_width("👩\u{200D}💻"), "👩\u{200D}💻");
        assert_eq!(remove_zero_width("中\u{200D}文\u{200B}"), "中文");
    }

    #[test]
    fn damage_detected() {
        assert!(is_damaged('\u{FFFD}'));
        assert!(is_damaged('\u{E000}'));
        assert!(!is_damaged('中'));
    }
}
