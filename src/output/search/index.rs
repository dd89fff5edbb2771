//! The index builder and the files it writes (formats in docs/search.md):
//!
//! - `ix/meta.js`: shard count, document blocks, kind labels, field weights,
//!   the folding table (the search page embeds the same data);
//! - `ix/s/<n>.js`: the postings of every token whose key hashes to shard `n`;
//! - `ix/d/<n>.js`: block `n` of documents (link, kind and texts), for
//!   showing results.
//!
//! Each file is a script that hands its data to `nianjianSearch`, which
//! `search.js` defines; nothing is fetched, so `file://` works.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::fold::{CJK_RANGES, Class, Fold, class};
use super::{Field, SearchDoc};

/// Tuning of the index layout.
#[derive(Clone, Debug)]
pub struct Options {
    /// Aim for shards of about this many bytes.
    pub shard_bytes: usize,
    pub max_shards: usize,
    /// Words are sharded by their first this many characters, so a prefix
    /// this long or longer finds every word it begins in one shard.
    pub word_key: usize,
    /// Longer words (hashes, run-together URLs) are not indexed.
    pub max_word: usize,
    /// Aim for blocks of documents of about this many bytes.
    pub doc_block_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            shard_bytes: 24_000,
            max_shards: 4096,
            word_key: 3,
            max_word: 64,
            doc_block_bytes: 32_000,
        }
    }
}

/// One file of the index, at a `/`-separated path relative to the search
/// page's folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFile {
    pub path: String,
    pub contents: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    pub docs: usize,
    pub tokens: usize,
    pub shards: usize,
    pub meta_bytes: usize,
    pub shard_bytes: usize,
    pub largest_shard: usize,
    pub doc_blocks: usize,
    pub doc_bytes: usize,
}

pub struct SearchIndex {
    pub files: Vec<IndexFile>,
    /// A digest of every file: the search page adds it to the files' URLs so
    /// a browser never mixes files of two builds.
    pub version: String,
    /// The JSON of `ix/meta.js`, for a page to embed and save a file load.
    pub meta: String,
    pub stats: IndexStats,
}

/// One document's occurrences of a token.
struct Posting {
    doc: u32,
    count: u32,
    /// Where its positions start in the token's `positions`.
    start: u32,
    /// Fields the token occurs in, one bit per `Field`.
    mask: u8,
}

/// A token's postings, and the character positions of every posting in
/// one list (for bigrams only: a longer Chinese query is a chain of
/// bigrams at consecutive positions). Documents are added in order, so a
/// posting's positions are those from its `start` to the next one's: one
/// allocation a token, not one a posting, which at 10,000 entities is
/// hundreds of megabytes less at the peak of a build.
#[derive(Default)]
struct TokenPostings {
    postings: Vec<Posting>,
    positions: Vec<u32>,
}

struct Postings<'a> {
    fold: &'a Fold,
    options: &'a Options,
    map: FxHashMap<String, TokenPostings>,
    token: String,
}

impl Postings<'_> {
    fn add(&mut self, doc: u32, bit: u8, position: Option<u32>) {
        // One lookup for a token seen before (almost every one); the token
        // is copied only when it is new.
        let entry = match self.map.get_mut(&self.token) {
            Some(entry) => entry,
            None => self.map.entry(self.token.clone()).or_default(),
        };
        if entry.postings.last().is_none_or(|p| p.doc != doc) {
            entry.postings.push(Posting {
                doc,
                count: 0,
                start: entry.positions.len() as u32,
                mask: 0,
            });
        }
        if let Some(p) = entry.postings.last_mut() {
            p.mask |= bit;
            p.count += 1;
            entry.positions.extend(position);
        }
    }

    /// Tokens of folded text starting at position `base`: each CJK
    /// character, each pair of adjacent CJK characters, each word.
    fn add_text(&mut self, chars: &[char], base: u32, doc: u32, bit: u8) {
        let mut i = 0;
        while i < chars.len() {
            match class(chars[i]) {
                Class::Cjk => {
                    self.token.clear();
                    self.token.push(chars[i]);
                    self.add(doc, bit, None);
                    if chars.get(i + 1).is_some_and(|&c| class(c) == Class::Cjk) {
                        self.token.push(chars[i + 1]);
                        self.add(doc, bit, Some(base + i as u32));
                    }
                    i += 1;
                }
                Class::Word => {
                    let end = (i..chars.len())
                        .find(|&j| class(chars[j]) != Class::Word)
                        .unwrap_or(chars.len());
                    if end - i <= self.options.max_word {
                        self.token.clear();
                        self.token.extend(&chars[i..end]);
                        self.add(doc, bit, None);
                    }
                    i = end;
                }
                Class::Sep => i += 1,
            }
        }
    }

    fn add_doc(&mut self, id: u32, doc: &SearchDoc) {
        let mut base = 0u32;
        for (field, text) in doc.fields() {
            let folded: Vec<char> = self.fold.fold(&text.text).chars().collect();
            self.add_text(&folded, base, id, field.bit());
            // A variant is searchable as its canonical form too, in place.
            let groups: Vec<(usize, Vec<char>)> = self
                .fold
                .group_matches(&folded)
                .into_iter()
                .map(|m| (m.start, m.canonical.to_vec()))
                .collect();
            for (start, canonical) in groups {
                self.add_text(&canonical, base + start as u32, id, field.bit());
            }
            // One position of gap, so no bigram chain spans two texts.
            base += folded.len() as u32 + 1;
        }
    }
}

const VLQ: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// An unsigned number as base64 digits of five bits, least significant
/// first, bit 32 set on every digit but the last (source maps' VLQ, unsigned).
fn vlq(mut n: u32, out: &mut String) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(VLQ[digit] as char);
            return;
        }
        out.push(VLQ[digit | 32] as char);
    }
}

fn is_bigram(token: &str) -> bool {
    let mut it = token.chars();
    matches!((it.next(), it.next(), it.next()), (Some(a), Some(_), None) if class(a) == Class::Cjk)
}

/// A token's postings: per document, the document number's increase, the
/// field mask, then for a bigram the number of positions and their
/// increases, for other tokens the number of occurrences.
fn encode(token: &str, entry: &mut TokenPostings) -> String {
    let bigram = is_bigram(token);
    let TokenPostings {
        postings,
        positions,
    } = entry;
    let mut out = String::new();
    let mut prev = 0;
    for (i, p) in postings.iter().enumerate() {
        vlq(p.doc - prev, &mut out);
        prev = p.doc;
        vlq(u32::from(p.mask), &mut out);
        if bigram {
            let end = postings
                .get(i + 1)
                .map_or(positions.len(), |next| next.start as usize);
            let own = positions.get_mut(p.start as usize..end).unwrap_or_default();
            own.sort_unstable();
            let distinct = own.chunk_by(|a, b| a == b).count();
            vlq(distinct as u32, &mut out);
            let mut last = 0;
            for run in own.chunk_by(|a, b| a == b) {
                let Some(&pos) = run.first() else { continue };
                vlq(pos - last, &mut out);
                last = pos;
            }
        } else {
            vlq(p.count, &mut out);
        }
    }
    out
}

/// What a token is looked up by: a CJK token itself, a word its first
/// `word_key` characters.
pub fn shard_key(token: &str, word_key: usize) -> &str {
    match token.chars().next() {
        Some(c) if class(c) == Class::Cjk => token,
        _ => match token.char_indices().nth(word_key) {
            Some((i, _)) => &token[..i],
            None => token,
        },
    }
}

/// 32-bit FNV-1a of the UTF-8 bytes; `search.js` computes the same.
pub fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn script(call: &str, id: usize, data: &Value) -> String {
    format!("nianjianSearch.{call}({id},{data});\n")
}

/// Builds the index of one edition's documents.
pub fn build(docs: &[SearchDoc], fold: &Fold, options: &Options) -> SearchIndex {
    let mut postings = Postings {
        fold,
        options,
        map: FxHashMap::default(),
        token: String::new(),
    };
    for (id, doc) in docs.iter().enumerate() {
        postings.add_doc(id as u32, doc);
    }
    let mut stats = IndexStats {
        docs: docs.len(),
        ..IndexStats::default()
    };
    let (mut files, kinds, starts) = doc_blocks(docs, options, &mut stats);
    let shards = shard_files(postings.map, options, &mut stats, &mut files);
    let meta = json!({
        "docs": docs.len(),
        "blocks": starts,
        "shards": shards,
        "key": options.word_key,
        "kinds": kinds,
        "weights": Field::WEIGHTS,
        "cjk": CJK_RANGES.iter().map(|&(a, b)| [a, b]).collect::<Vec<_>>(),
        "table": fold_table(fold, docs),
    });
    let meta_file = format!("nianjianSearch.meta({meta});\n");
    stats.meta_bytes = meta_file.len();
    files.push(IndexFile {
        path: "ix/meta.js".into(),
        contents: meta_file,
    });
    let mut digest = Sha256::new();
    for f in &files {
        digest.update(f.path.as_bytes());
        digest.update([0]);
        digest.update(f.contents.as_bytes());
    }
    let version: String = digest
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    SearchIndex {
        files,
        version,
        meta: meta.to_string(),
        stats,
    }
}

/// Documents in blocks of consecutive numbers, about `doc_block_bytes`
/// each: a browser pays per file far more than per byte, and the first
/// results of a common query have neighbouring numbers. Returns the files,
/// the kind labels and each block's first document number.
fn doc_blocks(
    docs: &[SearchDoc],
    options: &Options,
    stats: &mut IndexStats,
) -> (Vec<IndexFile>, Vec<String>, Vec<usize>) {
    let mut kinds: Vec<String> = Vec::new();
    let mut blocks: Vec<(usize, Vec<Value>, usize)> = Vec::new();
    for (id, doc) in docs.iter().enumerate() {
        let kind = match kinds.iter().position(|k| *k == doc.kind) {
            Some(k) => k,
            None => {
                kinds.push(doc.kind.clone());
                kinds.len() - 1
            }
        };
        let fields: Vec<Value> = doc
            .fields()
            .filter(|(_, t)| !t.text.trim().is_empty())
            .map(|(f, t)| match &t.lang {
                Some(lang) => json!([f as u8, t.text, lang]),
                None => json!([f as u8, t.text]),
            })
            .collect();
        let value = json!({"u": doc.url, "k": kind, "f": fields});
        let len = value.to_string().len();
        match blocks.last_mut() {
            Some((_, list, bytes)) if *bytes + len <= options.doc_block_bytes => {
                list.push(value);
                *bytes += len;
            }
            _ => blocks.push((id, vec![value], len)),
        }
    }
    let starts = blocks.iter().map(|(start, _, _)| *start).collect();
    let files: Vec<IndexFile> = blocks
        .into_iter()
        .enumerate()
        .map(|(n, (_, list, _))| IndexFile {
            path: format!("ix/d/{n}.js"),
            contents: script("docs", n, &Value::Array(list)),
        })
        .collect();
    stats.doc_blocks = files.len();
    stats.doc_bytes = files.iter().map(|f| f.contents.len()).sum();
    (files, kinds, starts)
}

/// Encodes the postings into shards by the hash of each token's key;
/// returns the number of shards.
fn shard_files(
    map: FxHashMap<String, TokenPostings>,
    options: &Options,
    stats: &mut IndexStats,
    files: &mut Vec<IndexFile>,
) -> usize {
    let mut encoded: Vec<(String, String)> = map
        .into_iter()
        .map(|(token, mut list)| {
            let e = encode(&token, &mut list);
            (token, e)
        })
        .collect();
    encoded.sort();
    stats.tokens = encoded.len();
    let total: usize = encoded.iter().map(|(t, e)| t.len() + e.len() + 8).sum();
    let shards = total
        .div_ceil(options.shard_bytes.max(1))
        .next_power_of_two()
        .clamp(1, options.max_shards.max(1));
    let mut by_shard: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); shards];
    for (token, e) in encoded {
        let n = fnv1a(shard_key(&token, options.word_key)) as usize % shards;
        by_shard[n].insert(token, e);
    }
    stats.shards = shards;
    for (n, map) in by_shard.iter().enumerate() {
        let contents = script("shard", n, &json!(map));
        stats.shard_bytes += contents.len();
        stats.largest_shard = stats.largest_shard.max(contents.len());
        files.push(IndexFile {
            path: format!("ix/s/{n}.js"),
            contents,
        });
    }
    shards
}

/// The folding table for the characters of these documents.
fn fold_table(fold: &Fold, docs: &[SearchDoc]) -> Value {
    let site_chars = docs
        .iter()
        .flat_map(|d| d.fields().map(|(_, t)| t.text.as_str()).collect::<Vec<_>>())
        .flat_map(str::chars);
    let table = fold.table(site_chars);
    json!({"fold": table.pairs, "foldx": table.other, "groups": table.groups})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlq_round_numbers() {
        let mut s = String::new();
        for n in [0, 31, 32, 1000] {
            vlq(n, &mut s);
        }
        assert_eq!(s, "AfgBof");
    }

    #[test]
    fn words_share_a_shard_with_their_prefixes() {
        assert_eq!(shard_key("ulaanbaatar", 3), "ula");
        assert_eq!(shard_key("ul", 3), "ul");
        assert_eq!(shard_key("韩国", 3), "韩国");
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
    }
}
