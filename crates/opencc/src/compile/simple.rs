//! A plain conversion engine over hash maps: slow, short, and used where no
//! compiled table exists yet (generating `STPhrases_GeneratedFromRegional
//! Phrases` needs `t2s` before anything is compiled). It runs a [`Plan`] the
//! way `src/SingleStageConverter.cpp` and `src/ConfigBasedConverter.hpp` do:
//! normalization over the whole text, then segmentation, then every segment
//! through the whole chain on its own.

use std::collections::HashMap;

use super::config::Plan;
use super::flatten::{Dictionaries, FlatTable};
use super::ids;

/// A flattened table as a map from key to default value.
pub struct SimpleTable {
    map: HashMap<String, String>,
    max_chars: usize,
}

impl SimpleTable {
    pub fn new(table: &FlatTable) -> SimpleTable {
        SimpleTable {
            map: table
                .entries
                .iter()
                .map(|(k, e)| (k.clone(), e.values[0].clone()))
                .collect(),
            max_chars: table.max_key_chars(),
        }
    }

    /// The longest key `text` starts with: its length in bytes and value.
    fn longest<'a>(&'a self, text: &str) -> Option<(usize, &'a str)> {
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .take(self.max_chars)
            .collect();
        ends.iter()
            .rev()
            .find_map(|&end| self.map.get(&text[..end]).map(|v| (end, v.as_str())))
    }

    /// Bytes to copy unconverted where nothing matches at the start of `text`.
    fn unmatched(text: &str) -> usize {
        match ids::sequence_len(text) {
            0 => text.chars().next().map_or(0, char::len_utf8),
            n => n,
        }
    }

    /// Maximum forward matching.
    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < text.len() {
            match self.longest(&text[i..]) {
                Some((n, value)) => {
                    out.push_str(value);
                    i += n;
                }
                None => {
                    let n = Self::unmatched(&text[i..]);
                    out.push_str(&text[i..i + n]);
                    i += n;
                }
            }
        }
        out
    }

    /// Maximum-match segmentation: each match a segment, unmatched runs
    /// between them one segment each.
    pub fn segment<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut out = Vec::new();
        let (mut run, mut i) = (0, 0);
        while i < text.len() {
            if let Some((n, _)) = self.longest(&text[i..]) {
                if run < i {
                    out.push(&text[run..i]);
                }
                out.push(&text[i..i + n]);
                i += n;
                run = i;
            } else {
                i += Self::unmatched(&text[i..]);
            }
        }
        if run < text.len() {
            out.push(&text[run..]);
        }
        out
    }
}

/// A configuration over [`SimpleTable`]s.
pub struct SimplePlan {
    normalization: Vec<SimpleTable>,
    segmentation: Option<SimpleTable>,
    chain: Vec<SimpleTable>,
}

impl SimplePlan {
    pub fn new(plan: &Plan, dicts: &Dictionaries) -> Result<SimplePlan, String> {
        let table = |d| FlatTable::build(d, dicts).map(|t| SimpleTable::new(&t));
        Ok(SimplePlan {
            normalization: plan
                .normalization
                .iter()
                .map(table)
                .collect::<Result<_, _>>()?,
            segmentation: plan.segmentation.as_ref().map(table).transpose()?,
            chain: plan.chain.iter().map(table).collect::<Result<_, _>>()?,
        })
    }

    pub fn convert(&self, text: &str) -> String {
        let normalized = self
            .normalization
            .iter()
            .fold(text.to_owned(), |t, stage| stage.convert(&t));
        let segments = match &self.segmentation {
            Some(seg) => seg.segment(&normalized),
            None => vec![normalized.as_str()],
        };
        segments
            .into_iter()
            .map(|s| {
                self.chain
                    .iter()
                    .fold(s.to_owned(), |t, stage| stage.convert(&t))
            })
            .collect()
    }
}
