//! Queries answered from the written files, the way `search.js` answers
//! them: the query folded with the table in `meta.js` (not with the Rust
//! fold), then looked up shard by shard. The tests use it to check the
//! files themselves; the browser test checks that `search.js` agrees.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::fold::{Class, class};
use super::index::{IndexFile, fnv1a, shard_key};

/// A result: document number, score, link and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
    pub url: String,
    pub name: String,
}

/// One index, read back from its files.
pub struct Reader<'a> {
    files: HashMap<&'a str, &'a str>,
    meta: Value,
    fold: HashMap<char, String>,
    groups: Vec<(Vec<char>, Vec<char>)>,
}

/// The JSON argument of `nianjianSearch.<call>(<id>,<json>);`.
fn payload(script: &str) -> Option<Value> {
    let open = script.find('(')?;
    let inner = script[open + 1..].trim_end().strip_suffix(");")?;
    let json = match script[..open].ends_with(".meta") {
        true => inner,
        false => inner.split_once(',')?.1,
    };
    serde_json::from_str(json).ok()
}

/// A document in a token's postings.
struct Entry {
    mask: u8,
    count: u32,
    positions: Vec<u32>,
}

type Postings = BTreeMap<u32, Entry>;

#[derive(Clone, Copy, Default)]
struct Match {
    mask: u8,
    count: u32,
    exact: bool,
}

impl<'a> Reader<'a> {
    pub fn new(files: &'a [IndexFile]) -> Option<Reader<'a>> {
        let files: HashMap<&str, &str> = files
            .iter()
            .map(|f| (f.path.as_str(), f.contents.as_str()))
            .collect();
        let meta = payload(files.get("ix/meta.js")?)?;
        let table = &meta["table"];
        let pairs: Vec<char> = table["fold"].as_str()?.chars().collect();
        let mut fold: HashMap<char, String> = pairs
            .chunks(2)
            .filter_map(|p| Some((p[0], p.get(1)?.to_string())))
            .collect();
        for (k, v) in table["foldx"].as_object()? {
            let c = k.chars().next()?;
            fold.insert(c, v.as_str()?.to_owned());
        }
        let mut groups: Vec<(Vec<char>, Vec<char>)> = table["groups"]
            .as_array()?
            .iter()
            .filter_map(|g| {
                let v = g[0].as_str()?.chars().collect();
                let c = g[1].as_str()?.chars().collect();
                Some((v, c))
            })
            .collect();
        groups.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Some(Reader {
            files,
            meta,
            fold,
            groups,
        })
    }

    /// A query folded as the browser folds it: the table, else the
    /// browser's own normalisation, then the phrase groups.
    pub fn fold_query(&self, q: &str) -> Vec<char> {
        let mut s = String::new();
        for c in q.chars() {
            match self.fold.get(&c) {
                Some(f) => s.push_str(f),
                None if ('\u{AC00}'..='\u{D7A3}').contains(&c) => s.push(c),
                None => decompose_compatible(c, |d| {
                    if !is_combining_mark(d) {
                        s.extend(d.to_lowercase());
                    }
                }),
            }
        }
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let found = self
                .groups
                .iter()
                .find(|(v, _)| chars[i..].starts_with(v) && whole_words(&chars, i, i + v.len()));
            match found {
                Some((v, c)) => {
                    out.extend(c);
                    i += v.len();
                }
                None => {
                    out.push(chars[i]);
                    i += 1;
                }
            }
        }
        out
    }

    /// A document's record, from the block that holds it.
    fn doc(&self, doc: u32) -> Option<Value> {
        let starts: Vec<u64> = self.meta["blocks"]
            .as_array()?
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        let block = starts
            .partition_point(|&s| s <= u64::from(doc))
            .checked_sub(1)?;
        let list = payload(self.files.get(format!("ix/d/{block}.js").as_str())?)?;
        list.get((u64::from(doc) - starts[block]) as usize).cloned()
    }

    fn shard(&self, key: &str) -> Option<Value> {
        let shards = self.meta["shards"].as_u64()?.max(1);
        let n = u64::from(fnv1a(key)) % shards;
        payload(self.files.get(format!("ix/s/{n}.js").as_str())?)
    }

    /// Documents containing a folded term, with field mask, count and (for
    /// bigrams) positions.
    fn postings(&self, token: &str, bigram: bool) -> Postings {
        let key = shard_key(token, self.word_key());
        let Some(text) = self
            .shard(key)
            .and_then(|s| s[token].as_str().map(str::to_owned))
        else {
            return BTreeMap::new();
        };
        decode(&text, bigram)
    }

    fn word_key(&self) -> usize {
        self.meta["key"].as_u64().unwrap_or(3) as usize
    }

    fn cjk_run(&self, run: &[char]) -> HashMap<u32, Match> {
        if run.len() == 1 {
            let t = run[0].to_string();
            return self
                .postings(&t, false)
                .into_iter()
                .map(|(d, e)| {
                    (
                        d,
                        Match {
                            mask: e.mask,
                            count: e.count,
                            exact: true,
                        },
                    )
                })
                .collect();
        }
        // Bigrams at even offsets, and the last: they cover every character.
        let mut offsets: Vec<usize> = (0..run.len() - 1).step_by(2).collect();
        if offsets.last() != Some(&(run.len() - 2)) {
            offsets.push(run.len() - 2);
        }
        let lists: Vec<(usize, Postings)> = offsets
            .iter()
            .map(|&o| {
                (
                    o,
                    self.postings(&run[o..o + 2].iter().collect::<String>(), true),
                )
            })
            .collect();
        let mut out = HashMap::new();
        for (&doc, first) in &lists[0].1 {
            let mut mask = first.mask;
            let mut count = 0;
            for &p in &first.positions {
                let chained = lists[1..].iter().all(|(o, l)| {
                    l.get(&doc)
                        .is_some_and(|e| e.positions.binary_search(&(p + *o as u32)).is_ok())
                });
                count += u32::from(chained);
            }
            for (_, l) in &lists[1..] {
                mask &= l.get(&doc).map_or(0, |e| e.mask);
            }
            if count > 0 {
                out.insert(
                    doc,
                    Match {
                        mask,
                        count,
                        exact: true,
                    },
                );
            }
        }
        out
    }

    fn word(&self, w: &str) -> HashMap<u32, Match> {
        let key = shard_key(w, self.word_key());
        let mut out: HashMap<u32, Match> = HashMap::new();
        let Some(shard) = self.shard(key) else {
            return out;
        };
        let Some(tokens) = shard.as_object() else {
            return out;
        };
        for (token, text) in tokens {
            if !token.starts_with(w) || is_cjk_token(token) {
                continue;
            }
            for (doc, e) in decode(text.as_str().unwrap_or(""), false) {
                let m = out.entry(doc).or_default();
                m.mask |= e.mask;
                m.count += e.count;
                m.exact |= token == w;
            }
        }
        out
    }

    /// Results, best first.
    pub fn search(&self, q: &str) -> Vec<Hit> {
        let folded = self.fold_query(q);
        let weights: Vec<u32> = self.meta["weights"]
            .as_array()
            .map(|a| a.iter().map(|w| w.as_u64().unwrap_or(0) as u32).collect())
            .unwrap_or_default();
        let mut total: Option<HashMap<u32, u32>> = None;
        for term in terms(&folded) {
            let matches = match term {
                Term::Cjk(run) => self.cjk_run(run),
                Term::Word(w) => self.word(&w.iter().collect::<String>()),
            };
            let scored = matches.into_iter().map(|(d, m)| (d, score(m, &weights)));
            total = Some(match total {
                None => scored.collect(),
                Some(prev) => scored
                    .filter_map(|(d, s)| prev.get(&d).map(|p| (d, p + s)))
                    .collect(),
            });
        }
        let mut hits: Vec<Hit> = total
            .unwrap_or_default()
            .into_iter()
            .map(|(doc, score)| {
                let data = self.doc(doc).unwrap_or(Value::Null);
                Hit {
                    doc,
                    score,
                    url: data["u"].as_str().unwrap_or("").to_owned(),
                    name: data["f"][0][1].as_str().unwrap_or("").to_owned(),
                }
            })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits
    }
}

fn score(m: Match, weights: &[u32]) -> u32 {
    let best = (0..weights.len())
        .filter(|&f| m.mask & (1 << f) != 0)
        .map(|f| weights[f])
        .max()
        .unwrap_or(0);
    let best = if m.exact { best * 2 } else { best };
    best + m.count.min(10)
}

fn is_cjk_token(t: &str) -> bool {
    t.chars().next().is_some_and(|c| class(c) == Class::Cjk)
}

fn whole_words(text: &[char], start: usize, end: usize) -> bool {
    let word = |c: char| class(c) == Class::Word;
    let cuts_before = word(text[start]) && start > 0 && word(text[start - 1]);
    let cuts_after = word(text[end - 1]) && text.get(end).is_some_and(|&c| word(c));
    !cuts_before && !cuts_after
}

enum Term<'a> {
    Cjk(&'a [char]),
    Word(&'a [char]),
}

fn terms(chars: &[char]) -> Vec<Term<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = class(chars[i]);
        let end = (i..chars.len())
            .find(|&j| class(chars[j]) != c)
            .unwrap_or(chars.len());
        match c {
            Class::Cjk => out.push(Term::Cjk(&chars[i..end])),
            Class::Word => out.push(Term::Word(&chars[i..end])),
            Class::Sep => {}
        }
        i = end;
    }
    out
}

fn decode(text: &str, bigram: bool) -> Postings {
    let mut nums = Vlq(text.bytes());
    let mut out = BTreeMap::new();
    let mut doc = 0;
    while let Some(delta) = nums.next() {
        doc += delta;
        let mask = nums.next().unwrap_or(0) as u8;
        let count = nums.next().unwrap_or(0);
        let mut positions = Vec::new();
        if bigram {
            let mut p = 0;
            for _ in 0..count {
                p += nums.next().unwrap_or(0);
                positions.push(p);
            }
        }
        out.insert(
            doc,
            Entry {
                mask,
                count,
                positions,
            },
        );
    }
    out
}

struct Vlq<I>(I);

impl<I: Iterator<Item = u8>> Iterator for Vlq<I> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let mut n = 0u32;
        let mut shift = 0;
        for b in self.0.by_ref() {
            let d = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' => 62,
                _ => 63,
            };
            n |= u32::from(d & 31).checked_shl(shift).unwrap_or(0);
            if d & 32 == 0 {
                return Some(n);
            }
            shift += 5;
        }
        None
    }
}
