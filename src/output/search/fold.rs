//! Folding: text and queries are both brought to one form before they meet.
//! Chinese to Simplified (a caller's character map, as MediaWiki folds
//! search text to one script), name variants to one canonical phrase (南韓 →
//! 韩国), everything else to lower case without diacritics or width
//! (Chüy → chuy, ＡＢ → ab).
//!
//! The browser folds queries with the same rules: `table()` writes the
//! character map and phrase groups that `search.js` applies, so the two sides
//! cannot disagree on any character the site contains.

use std::collections::{BTreeMap, HashMap, HashSet};

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::text::convert::Backend;

/// Spellings of one name: every variant is searched as the canonical form.
/// Any script; they are folded before use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseGroup {
    pub canonical: String,
    pub variants: Vec<String>,
}

/// Ranges of characters searched as substrings (character unigrams and
/// bigrams) rather than as words: Han, kana, Hangul, Bopomofo. `search.js`
/// reads them from the index, so both sides classify alike.
pub const CJK_RANGES: &[(u32, u32)] = &[
    (0x1100, 0x11FF),
    (0x2E80, 0x2FDF),
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303C),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x3130, 0x318F),
    (0x31A0, 0x31BF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xA960, 0xA97F),
    (0xAC00, 0xD7FF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
];

/// How a folded character takes part in search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Matched as any substring.
    Cjk,
    /// Part of a word, matched by word and prefix.
    Word,
    /// Separates words and runs.
    Sep,
}

pub fn class(c: char) -> Class {
    let u = c as u32;
    if CJK_RANGES.iter().any(|&(a, b)| (a..=b).contains(&u)) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Sep
    }
}

/// A folded variant and its folded canonical form.
type Variant = (Vec<char>, Vec<char>);

/// The folding rules: a character map and phrase groups.
pub struct Fold {
    chars: HashMap<char, char>,
    /// Folded variant → folded canonical, by the variant's first character,
    /// longest first.
    groups: HashMap<char, Vec<Variant>>,
}

/// A phrase-group variant found in folded text: characters `start..end`
/// are searchable as `canonical` too.
#[derive(Debug, PartialEq, Eq)]
pub struct GroupMatch<'a> {
    pub start: usize,
    pub end: usize,
    pub canonical: &'a [char],
}

impl Fold {
    /// `chars` maps single characters (Traditional → Simplified); `groups`
    /// are folded with that map before use. A variant claimed by two groups
    /// keeps the first.
    pub fn new(chars: impl IntoIterator<Item = (char, char)>, groups: &[PhraseGroup]) -> Fold {
        let mut fold = Fold {
            chars: chars.into_iter().filter(|(a, b)| a != b).collect(),
            groups: HashMap::new(),
        };
        let mut seen: HashSet<Vec<char>> = HashSet::new();
        let mut pairs = Vec::new();
        for g in groups {
            let canonical: Vec<char> = fold.fold(&g.canonical).chars().collect();
            for v in &g.variants {
                let variant: Vec<char> = fold.fold(v).chars().collect();
                let useful = !variant.is_empty() && !canonical.is_empty() && variant != canonical;
                if useful && seen.insert(variant.clone()) {
                    pairs.push((variant, canonical.clone()));
                }
            }
        }
        for (variant, canonical) in pairs {
            // `variant` is not empty (checked above).
            fold.groups
                .entry(variant[0])
                .or_default()
                .push((variant, canonical));
        }
        for list in fold.groups.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        fold
    }

    /// One character folded: compatibility decomposition without marks, the
    /// character map, lower case. Hangul syllables stay whole.
    pub fn fold_char(&self, c: char, out: &mut String) {
        if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
            out.push(c);
            return;
        }
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) {
                let d = self.chars.get(&d).copied().unwrap_or(d);
                out.extend(d.to_lowercase());
            }
        });
    }

    pub fn fold(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            self.fold_char(c, &mut out);
        }
        out
    }

    /// Phrase-group variants in folded text, scanning left to right and
    /// taking the longest variant at each place. A variant that begins or
    /// ends with a word character must stand as whole words. `search.js`
    /// scans queries the same way.
    pub fn group_matches(&self, folded: &[char]) -> Vec<GroupMatch<'_>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < folded.len() {
            let found = self.groups.get(&folded[i]).and_then(|list| {
                list.iter().find(|(v, _)| {
                    folded[i..].starts_with(v) && whole_words(folded, i, i + v.len())
                })
            });
            match found {
                Some((v, canonical)) => {
                    out.push(GroupMatch {
                        start: i,
                        end: i + v.len(),
                        canonical,
                    });
                    i += v.len();
                }
                None => i += 1,
            }
        }
        out
    }

    /// What `search.js` needs to fold queries like this: single-character
    /// foldings (`fold`, as pairs in one string), others (`foldx`), and the
    /// groups. Only characters in `site_chars` or in the map are listed;
    /// ASCII capitals are left to the browser's own lower-casing.
    pub fn table(&self, site_chars: impl IntoIterator<Item = char>) -> FoldTable {
        let mut chars: Vec<char> = site_chars.into_iter().collect();
        chars.extend(self.chars.keys());
        chars.sort_unstable();
        chars.dedup();
        let mut pairs = String::new();
        let mut other = BTreeMap::new();
        for c in chars {
            if c.is_ascii_uppercase() {
                continue;
            }
            let mut f = String::new();
            self.fold_char(c, &mut f);
            let mut it = f.chars();
            match (it.next(), it.next()) {
                (Some(one), None) if one == c => {}
                (Some(one), None) => {
                    pairs.push(c);
                    pairs.push(one);
                }
                _ => {
                    other.insert(c.to_string(), f);
                }
            }
        }
        let mut groups: Vec<(String, String)> = self
            .groups
            .values()
            .flatten()
            .map(|(v, c)| (v.iter().collect(), c.iter().collect()))
            .collect();
        groups.sort();
        FoldTable {
            pairs,
            other,
            groups,
        }
    }
}

/// Whether `start..end` of `text` does not cut a word in two where the
/// phrase itself begins or ends with a word character.
fn whole_words(text: &[char], start: usize, end: usize) -> bool {
    let word = |c: char| class(c) == Class::Word;
    let cuts_before = word(text[start]) && start > 0 && word(text[start - 1]);
    let cuts_after = word(text[end - 1]) && text.get(end).is_some_and(|&c| word(c));
    !cuts_before && !cuts_after
}

/// The folding table the browser receives.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FoldTable {
    /// Character, folded character, character, folded character, …
    pub pairs: String,
    /// Characters that fold to something other than one character.
    pub other: BTreeMap<String, String>,
    /// (folded variant, folded canonical).
    pub groups: Vec<(String, String)>,
}

/// The Traditional → Simplified character map for `chars` (the site's own
/// characters), from the project's converter: each character converted
/// alone, and each Simplified character's Traditional form mapped back too,
/// so a query typed in Traditional finds a site written only in Simplified.
pub fn char_map(
    chars: impl IntoIterator<Item = char>,
    to_hans: &dyn Backend,
    to_hant: &dyn Backend,
) -> BTreeMap<char, char> {
    let mut han: Vec<char> = chars
        .into_iter()
        .filter(|&c| class(c) == Class::Cjk)
        .collect();
    han.sort_unstable();
    han.dedup();
    let mut map = BTreeMap::new();
    let simplified = convert_each(&han, to_hans);
    for (&c, s) in han.iter().zip(&simplified) {
        if let Some(s) = *s
            && s != c
        {
            map.insert(c, s);
        }
    }
    let mut targets: Vec<char> = han
        .iter()
        .zip(&simplified)
        .map(|(&c, s)| s.unwrap_or(c))
        .collect();
    targets.sort_unstable();
    targets.dedup();
    for (&s, t) in targets.iter().zip(convert_each(&targets, to_hant)) {
        if let Some(t) = t
            && t != s
        {
            map.entry(t).or_insert(s);
        }
    }
    map
}

/// Each character converted on its own, in one call: a line break between
/// them, which no dictionary phrase contains, keeps them apart. `None` where
/// a character does not convert to exactly one character.
fn convert_each(chars: &[char], backend: &dyn Backend) -> Vec<Option<char>> {
    let joined: String = chars.iter().flat_map(|&c| [c, '\n']).collect::<String>();
    let converted = backend.convert(&joined);
    let lines: Vec<&str> = converted.split('\n').collect();
    if lines.len() != chars.len() + 1 {
        // The backend changed the line structure; convert one by one.
        return chars
            .iter()
            .map(|c| single(&backend.convert(&c.to_string())))
            .collect();
    }
    lines[..chars.len()].iter().map(|l| single(l)).collect()
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HansConfig, HantConfig};
    use crate::text::convert::{hans_backend, hant_backend};

    fn site_fold(text: &str, groups: &[PhraseGroup]) -> Fold {
        let to_hans = hans_backend(HansConfig::T2s).expect("dictionaries are embedded");
        let to_hant = hant_backend(HantConfig::S2t).expect("dictionaries are embedded");
        Fold::new(char_map(text.chars(), &*to_hans, &*to_hant), groups)
    }

    #[test]
    fn traditional_folds_to_simplified_and_latin_to_plain_lower_case() {
        let f = site_fold("韓國烏蘭巴托發", &[]);
        assert_eq!(f.fold("韓國"), "韩国");
        assert_eq!(f.fold("烏蘭巴托"), "乌兰巴托");
        assert_eq!(f.fold("Chüy ＲＥＧＩＯＮ"), "chuy region");
        assert_eq!(f.fold("강남구"), "강남구");
        // 韩 is on the site; its Traditional form is mapped even where the
        // site does not write it.
        let g = site_fold("韩国", &[]);
        assert_eq!(g.fold("韓國"), "韩国");
    }

    #[test]
    fn groups_are_folded_and_found_longest_first() {
        let groups = [PhraseGroup {
            canonical: "韓國".into(),
            variants: vec!["南韓".into(), "South Korea".into()],
        }];
        let f = site_fold("韓國南韓", &groups);
        let text: Vec<char> = f
            .fold("在南韓與South Korea, not southkorea")
            .chars()
            .collect();
        let found: Vec<(usize, usize, String)> = f
            .group_matches(&text)
            .into_iter()
            .map(|m| (m.start, m.end, m.canonical.iter().collect()))
            .collect();
        assert_eq!(
            found,
            vec![(1, 3, "韩国".to_owned()), (4, 15, "韩国".to_owned())]
        );
    }

    #[test]
    fn table_lists_what_the_browser_cannot_fold_itself() {
        let f = site_fold("韓ﬁAé", &[]);
        let t = f.table("韓ﬁAéa".chars());
        assert!(t.pairs.contains("韓韩"));
        assert!(t.pairs.contains("ée"));
        assert!(!t.pairs.contains('A'));
        assert_eq!(t.other.get("ﬁ").map(String::as_str), Some("fi"));
    }
}
