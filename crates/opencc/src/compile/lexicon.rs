//! OpenCC's text dictionary format, read as `src/Lexicon.cpp` reads it:
//! `key<TAB>value value …` per line, `#` comments, blank lines skipped, a
//! duplicated key is an error. The first value is the default conversion.

use std::collections::HashSet;

/// One line of a dictionary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Never empty; the first is the default.
    pub values: Vec<String>,
}

/// A parsed dictionary, entries in file order.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub entries: Vec<Entry>,
}

impl Lexicon {
    /// Parses `text` (the name is for messages only).
    pub fn parse(name: &str, text: &str) -> Result<Lexicon, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        for (n, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, rest)) = line.split_once('\t') else {
                return Err(format!("{name}:{}: no tab in an entry", n + 1));
            };
            if key.is_empty() {
                return Err(format!("{name}:{}: empty key", n + 1));
            }
            if !seen.insert(key) {
                return Err(format!("{name}:{}: duplicated key {key}", n + 1));
            }
            entries.push(Entry {
                key: key.to_owned(),
                values: rest.split(' ').map(str::to_owned).collect(),
            });
        }
        Ok(Lexicon { entries })
    }
}

/// Writes entries as dictionary lines, `key<TAB>values`.
pub fn lines(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push_str(&e.key);
        out.push('\t');
        out.push_str(&e.values.join(" "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_upstream() {
        let lex = Lexicon::parse("t", "\u{feff}# c\n\n干\t幹 乾 干\r\n后\t後\n").unwrap();
        assert_eq!(lex.entries.len(), 2);
        assert_eq!(lex.entries[0].values, ["幹", "乾", "干"]);
        assert_eq!(lex.entries[1].key, "后");
        assert!(Lexicon::parse("t", "a\tb\na\tc\n").is_err());
        assert!(Lexicon::parse("t", "a b\n").is_err());
    }
}
