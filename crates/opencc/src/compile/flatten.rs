//! One table per dictionary tree: a group of dictionaries with match
//! policies becomes a single key set whose longest match at any position is
//! exactly the group's answer, so one leftmost-longest automaton can stand
//! for the whole tree.
//!
//! Why this is exact (upstream `src/PrefixMatch.cpp`, `src/DictGroup.cpp`):
//! - A dictionary answers a prefix query with its longest key that is a
//!   prefix of the text.
//! - `union`: the longest answer among the children, the earlier child on
//!   equal keys. Merging the children's tables, first one winning on
//!   duplicated keys, gives the same longest match.
//! - `short_circuit`: the first child with any answer wins, even when a later
//!   child has a longer key. A later child's key `k` can only be chosen when
//!   no earlier child matches where `k` matches; but wherever `k` matches, so
//!   do all its prefixes. So a later key with a prefix (itself included) in
//!   an earlier child's table can never be the answer and is dropped; every
//!   other key keeps its meaning, and the longest match of the merged table
//!   is the group's answer.

use std::collections::{BTreeMap, HashMap};

use super::config::{Dict, Policy};
use super::lexicon::Lexicon;

/// The dictionaries a build reads, by name.
#[derive(Default)]
pub struct Dictionaries {
    pub names: Vec<String>,
    pub lexicons: Vec<Lexicon>,
}

impl Dictionaries {
    pub fn add(&mut self, name: &str, lexicon: Lexicon) {
        self.names.push(name.to_owned());
        self.lexicons.push(lexicon);
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// One key of a flattened table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlatEntry {
    /// As the dictionary lists them; the first is what conversion writes.
    pub values: Vec<String>,
    /// Index into [`Dictionaries::names`] of the file the key comes from.
    pub dict: usize,
    /// Which child of the tree's top-level `short_circuit` group the key
    /// comes from (0 for anything else).
    pub tier: u8,
}

/// A dictionary tree as one key set, keys sorted.
#[derive(Clone, Debug, Default)]
pub struct FlatTable {
    pub entries: BTreeMap<String, FlatEntry>,
}

impl FlatTable {
    pub fn build(dict: &Dict, dicts: &Dictionaries) -> Result<FlatTable, String> {
        let map = flatten(dict, dicts)?;
        Ok(FlatTable {
            entries: map.into_iter().collect(),
        })
    }

    /// The longest key, in characters.
    pub fn max_key_chars(&self) -> usize {
        self.entries
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
    }
}

fn flatten(dict: &Dict, dicts: &Dictionaries) -> Result<HashMap<String, FlatEntry>, String> {
    match dict {
        Dict::File(name) => {
            let index = dicts
                .index(name)
                .ok_or_else(|| format!("dictionary {name} is not available"))?;
            Ok(dicts.lexicons[index]
                .entries
                .iter()
                .map(|e| {
                    let entry = FlatEntry {
                        values: e.values.clone(),
                        dict: index,
                        tier: 0,
                    };
                    (e.key.clone(), entry)
                })
                .collect())
        }
        Dict::Group(Policy::Union, items) => {
            let mut merged: HashMap<String, FlatEntry> = HashMap::new();
            for item in items {
                for (key, mut entry) in flatten(item, dicts)? {
                    entry.tier = 0;
                    merged.entry(key).or_insert(entry);
                }
            }
            Ok(merged)
        }
        Dict::Group(Policy::ShortCircuit, items) => {
            let mut merged: HashMap<String, FlatEntry> = HashMap::new();
            for (tier, item) in items.iter().enumerate() {
                let tier = u8::try_from(tier).map_err(|_| "a group of over 255 dictionaries")?;
                let kept: Vec<(String, FlatEntry)> = flatten(item, dicts)?
                    .into_iter()
                    .filter(|(key, _)| !has_prefix_in(&merged, key))
                    .collect();
                for (key, mut entry) in kept {
                    entry.tier = tier;
                    merged.insert(key, entry);
                }
            }
            Ok(merged)
        }
    }
}

/// Whether a prefix of `key` (itself included) is a key of `map`.
fn has_prefix_in(map: &HashMap<String, FlatEntry>, key: &str) -> bool {
    key.char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .any(|end| map.contains_key(&key[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dicts(files: &[(&str, &str)]) -> Dictionaries {
        let mut d = Dictionaries::default();
        for (name, text) in files {
            d.add(name, Lexicon::parse(name, text).unwrap());
        }
        d
    }

    fn file(n: &str) -> Dict {
        Dict::File(n.to_owned())
    }

    #[test]
    fn short_circuit_drops_unreachable_keys() {
        let d = dicts(&[("A", "ab\tX\n"), ("B", "abc\tY\nb\tZ\nab\tW\n")]);
        let t = FlatTable::build(
            &Dict::Group(Policy::ShortCircuit, vec![file("A"), file("B")]),
            &d,
        )
        .unwrap();
        let keys: Vec<&str> = t.entries.keys().map(String::as_str).collect();
        // abc and ab of B can never answer: A matches wherever they do.
        assert_eq!(keys, ["ab", "b"]);
        assert_eq!(t.entries["ab"].values, ["X"]);
        assert_eq!(t.entries["b"].tier, 1);
    }

    #[test]
    fn union_keeps_longest_and_first_on_ties() {
        let d = dicts(&[("A", "ab\tX\n"), ("B", "abc\tY\nab\tW\n")]);
        let t =
            FlatTable::build(&Dict::Group(Policy::Union, vec![file("A"), file("B")]), &d).unwrap();
        assert_eq!(t.entries["ab"].values, ["X"]);
        assert_eq!(t.entries["abc"].values, ["Y"]);
        assert_eq!(t.max_key_chars(), 3);
    }
}
