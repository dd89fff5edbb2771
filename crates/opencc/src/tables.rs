//! The compiled data the build script embeds (see build.rs), and its loading:
//! each table is deserialized once per process, on first use, and shared by
//! every converter that needs it.

use std::sync::OnceLock;

use daachorse::CharwiseDoubleArrayAhoCorasick;

/// A compiled table as embedded.
pub(crate) struct TableBlob {
    /// The dictionary tree it stands for, e.g. `short_circuit[TSPhrases,…]`.
    pub signature: &'static str,
    pub automaton: &'static [u8],
    /// 10 bytes per entry, in pattern order: candidates' offset in
    /// [`STRINGS`] (u32), first candidate's length (u16), all candidates'
    /// length (u16), dictionary index, tier.
    pub entries: &'static [u8],
    /// `automaton` is a sorted list of (code point, entry index) instead.
    pub chars_only: bool,
    /// (lead byte, lowest, highest second byte) of every key's first
    /// character, when there are at most three lead bytes.
    pub quick: Option<&'static [(u8, u8, u8)]>,
}

/// How a configuration segments its text.
pub(crate) enum Segmentation {
    None,
    /// The first chain stage's first-tier matches are the segments.
    FirstTier,
    /// Segments are the matches of this table.
    Table(usize),
}

/// A configuration as embedded: table indices.
pub(crate) struct PlanBlob {
    pub name: &'static str,
    pub normalization: &'static [usize],
    pub segmentation: Segmentation,
    pub chain: &'static [usize],
}

/// A character whose dictionary lists several conversions: converted alone
/// (not inside a phrase), it gets the first of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OneToMany {
    pub character: &'static str,
    /// Space-separated, the default first.
    pub candidates: &'static str,
    /// The dictionary file (without extension) that lists them.
    pub dictionary: &'static str,
    /// Per mille of the stage's phrases holding the character in which it
    /// becomes another candidate than the default: how often context
    /// decides against the default.
    pub contested: u32,
}

impl OneToMany {
    pub fn candidates(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.candidates.split(' ')
    }

    pub fn default_choice(&self) -> &'static str {
        self.candidates().next().unwrap_or(self.character)
    }
}

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

/// One key of a loaded table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    /// What conversion writes: the first candidate.
    pub value: &'static str,
    /// Every candidate, space-separated.
    pub candidates: &'static str,
    pub dict: u8,
    pub tier: u8,
}

/// How a table finds its keys.
pub(crate) enum Matcher {
    /// Leftmost-longest matching; pattern values are entry indices.
    Automaton(CharwiseDoubleArrayAhoCorasick<u32>),
    /// One-character keys only: (character, entry index), sorted.
    Chars(Vec<(char, u32)>),
}

/// A loaded table.
pub(crate) struct Table {
    pub matcher: Matcher,
    pub entries: Vec<Entry>,
    pub quick: Option<&'static [(u8, u8, u8)]>,
}

static LOADED: [OnceLock<Result<Table, String>>; TABLES.len()] =
    [const { OnceLock::new() }; TABLES.len()];

/// The table at `index`, loaded on first use.
pub(crate) fn table(index: usize) -> Result<&'static Table, String> {
    let blob = TABLES
        .get(index)
        .ok_or_else(|| format!("no table {index}"))?;
    LOADED[index]
        .get_or_init(|| load(blob))
        .as_ref()
        .map_err(Clone::clone)
}

fn load(blob: &TableBlob) -> Result<Table, String> {
    let matcher = if blob.chars_only {
        let pairs = blob
            .automaton
            .chunks_exact(8)
            .map(|p| {
                let cp = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                let index = u32::from_le_bytes([p[4], p[5], p[6], p[7]]);
                char::from_u32(cp).map(|c| (c, index))
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| format!("{}: not a character", blob.signature))?;
        Matcher::Chars(pairs)
    } else {
        let (automaton, rest) = CharwiseDoubleArrayAhoCorasick::<u32>::deserialize(blob.automaton)
            .map_err(|e| format!("{}: {e}", blob.signature))?;
        if !rest.is_empty() {
            return Err(format!("{}: trailing automaton bytes", blob.signature));
        }
        Matcher::Automaton(automaton)
    };
    let entries = blob
        .entries
        .chunks_exact(10)
        .map(entry)
        .collect::<Option<Vec<Entry>>>()
        .ok_or_else(|| format!("{}: entry out of range", blob.signature))?;
    Ok(Table {
        matcher,
        entries,
        quick: blob.quick,
    })
}

fn entry(b: &[u8]) -> Option<Entry> {
    let start = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let first = u16::from_le_bytes([b[4], b[5]]) as usize;
    let all = u16::from_le_bytes([b[6], b[7]]) as usize;
    Some(Entry {
        value: STRINGS.get(start..start + first)?,
        candidates: STRINGS.get(start..start + all)?,
        dict: b[8],
        tier: b[9],
    })
}

impl Table {
    /// Whether a key may start somewhere in `text`; false lets the stage
    /// copy the text as it is.
    pub fn may_match(&self, text: &str) -> bool {
        let Some(ranges) = self.quick else {
            return true;
        };
        let bytes = text.as_bytes();
        let hit = |i: usize| {
            let second = bytes.get(i + 1).copied().unwrap_or(0);
            ranges
                .iter()
                .any(|&(lead, lo, hi)| lead == bytes[i] && (lo..=hi).contains(&second))
        };
        match *ranges {
            [(a, ..)] => memchr::memchr_iter(a, bytes).any(hit),
            [(a, ..), (b, ..)] => memchr::memchr2_iter(a, b, bytes).any(hit),
            [(a, ..), (b, ..), (c, ..)] => memchr::memchr3_iter(a, b, c, bytes).any(hit),
            _ => true,
        }
    }
}

#[cfg(test)]
impl Table {
    /// A table built at run time from a flattened tree, leaked: for tests
    /// on dictionaries of their own.
    pub(crate) fn leak_from(flat: &crate::compile::flatten::FlatTable) -> &'static Table {
        use daachorse::{CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
        let patterns = flat
            .entries
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i as u32));
        let automaton = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
            .expect("test dictionaries are valid patterns");
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let entries = flat
            .entries
            .values()
            .map(|e| Entry {
                value: leak(e.values[0].clone()),
                candidates: leak(e.values.join(" ")),
                dict: e.dict as u8,
                tier: e.tier,
            })
            .collect();
        Box::leak(Box::new(Table {
            matcher: Matcher::Automaton(automaton),
            entries,
            quick: None,
        }))
    }
}
