//! The engine against two references on random dictionaries, plans and
//! texts: the hash-map engine over flattened tables (`compile::simple`) and
//! a tree-walking one written here from upstream's code, which knows
//! nothing of flattening. Each plan is also run with a tracer, which takes
//! the literal segment-by-segment path, so the shortcuts are checked too.

use std::collections::HashMap;

use crate::compile::config::{Dict, Plan, Policy};
use crate::compile::flatten::{Dictionaries, FlatTable};
use crate::compile::ids;
use crate::compile::lexicon::{Entry as LexEntry, Lexicon};
use crate::compile::simple::SimplePlan;
use crate::engine::{Engine, NoRecord, Segmenter};
use crate::tables::Table;
use crate::trace::Tracer;

/// SplitMix64, fixed seed: the same cases every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn string(&mut self, alphabet: &[char], min: usize, max: usize) -> String {
        let len = min + self.below(max - min + 1);
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}

const KEYS: &[char] = &['干', '后', '发', '面', '里', 'a', 'b'];
const VALUES: &[char] = &['干', '后', '幹', '後', '發', '麵', '裡', 'a', 'X', 'Y'];

fn random_lexicon(rng: &mut Rng, max_key: usize) -> Lexicon {
    let mut seen = HashMap::new();
    for _ in 0..3 + rng.below(12) {
        let key = rng.string(KEYS, 1, max_key);
        let values = (0..1 + rng.below(3))
            .map(|_| rng.string(VALUES, 1, 3))
            .collect();
        seen.entry(key).or_insert(values);
    }
    Lexicon {
        entries: seen
            .into_iter()
            .map(|(key, values)| LexEntry { key, values })
            .collect(),
    }
}

/// A random tree over the files f0…f5.
fn random_tree(rng: &mut Rng, depth: usize) -> Dict {
    let file = |rng: &mut Rng| Dict::File(format!("f{}", rng.below(6)));
    if depth == 0 || rng.below(3) == 0 {
        return file(rng);
    }
    let policy = if rng.below(2) == 0 {
        Policy::Union
    } else {
        Policy::ShortCircuit
    };
    let items = (0..1 + rng.below(3))
        .map(|_| random_tree(rng, depth - 1))
        .collect();
    Dict::Group(policy, items)
}

/// Upstream's prefix match on a tree (`PrefixMatch.cpp`, `DictGroup.cpp`):
/// (bytes, value) of the answer.
fn tree_match<'d>(d: &Dict, dicts: &'d Dictionaries, text: &str) -> Option<(usize, &'d str)> {
    match d {
        Dict::File(name) => {
            let lex = &dicts.lexicons[dicts.index(name)?];
            lex.entries
                .iter()
                .filter(|e| text.starts_with(&e.key))
                .max_by_key(|e| e.key.len())
                .map(|e| (e.key.len(), e.values[0].as_str()))
        }
        Dict::Group(Policy::ShortCircuit, items) => {
            items.iter().find_map(|i| tree_match(i, dicts, text))
        }
        Dict::Group(Policy::Union, items) => items
            .iter()
            .filter_map(|i| tree_match(i, dicts, text))
            .fold(None, |best: Option<(usize, &str)>, m| match best {
                Some(b) if b.0 >= m.0 => Some(b),
                _ => Some(m),
            }),
    }
}

fn unmatched_len(text: &str) -> usize {
    match ids::sequence_len(text) {
        0 => text.chars().next().map_or(0, char::len_utf8),
        n => n,
    }
}

fn tree_convert(d: &Dict, dicts: &Dictionaries, text: &str) -> String {
    let (mut out, mut i) = (String::new(), 0);
    while i < text.len() {
        if let Some((n, v)) = tree_match(d, dicts, &text[i..]) {
            out.push_str(v);
            i += n;
        } else {
            let n = unmatched_len(&text[i..]);
            out.push_str(&text[i..i + n]);
            i += n;
        }
    }
    out
}

/// Upstream's `ConfigBasedConverter` over trees.
fn tree_plan(plan: &Plan, dicts: &Dictionaries, text: &str) -> String {
    let text = plan
        .normalization
        .iter()
        .fold(text.to_owned(), |t, d| tree_convert(d, dicts, &t));
    let mut segments = Vec::new();
    match &plan.segmentation {
        None => segments.push(text.as_str()),
        Some(seg) => {
            let (mut run, mut i) = (0, 0);
            while i < text.len() {
                if let Some((n, _)) = tree_match(seg, dicts, &text[i..]) {
                    if run < i {
                        segments.push(&text[run..i]);
                    }
                    segments.push(&text[i..i + n]);
                    i += n;
                    run = i;
                } else {
                    i += unmatched_len(&text[i..]);
                }
            }
            if run < text.len() {
                segments.push(&text[run..]);
            }
        }
    }
    segments
        .into_iter()
        .map(|s| {
            plan.chain
                .iter()
                .fold(s.to_owned(), |t, d| tree_convert(d, dicts, &t))
        })
        .collect()
}

fn engine(plan: &Plan, dicts: &Dictionaries) -> Engine {
    let table = |d: &Dict| Table::leak_from(&FlatTable::build(d, dicts).expect("files exist"));
    let segmenter = match &plan.segmentation {
        None => Segmenter::None,
        Some(seg) if crate::compile::fusable(plan, seg, dicts).expect("builds") => {
            Segmenter::FirstTier
        }
        Some(seg) => Segmenter::Table(table(seg)),
    };
    Engine {
        normalization: plan.normalization.iter().map(table).collect(),
        segmenter,
        chain: plan.chain.iter().map(table).collect(),
    }
}

fn random_plan(rng: &mut Rng) -> Plan {
    let segmentation = match rng.below(3) {
        0 => None,
        _ => Some(random_tree(rng, 1)),
    };
    let mut chain: Vec<Dict> = (0..1 + rng.below(3)).map(|_| random_tree(rng, 2)).collect();
    // Often the shape upstream uses: the segmentation dictionary first in a
    // short_circuit group with one-character dictionaries after it.
    if let Some(seg) = &segmentation
        && rng.below(2) == 0
    {
        chain[0] = Dict::Group(
            Policy::ShortCircuit,
            vec![seg.clone(), Dict::File("c0".to_owned())],
        );
    }
    Plan {
        name: "random".to_owned(),
        normalization: if rng.below(2) == 0 {
            vec![Dict::File("c1".to_owned())]
        } else {
            Vec::new()
        },
        segmentation,
        chain,
    }
}

#[test]
fn engine_agrees_with_both_references_on_random_plans() {
    let mut rng = Rng(0x6f70_656e_6363);
    let mut checked = 0;
    for _ in 0..300 {
        let mut dicts = Dictionaries::default();
        for f in 0..6 {
            let lexicon = random_lexicon(&mut rng, 4);
            dicts.add(&format!("f{f}"), lexicon);
        }
        for c in 0..2 {
            let lexicon = random_lexicon(&mut rng, 1);
            dicts.add(&format!("c{c}"), lexicon);
        }
        let plan = random_plan(&mut rng);
        let simple = SimplePlan::new(&plan, &dicts).expect("files exist");
        let engine = engine(&plan, &dicts);
        let mut alphabet = KEYS.to_vec();
        alphabet.extend(['⿰', '⿱', 'z']);
        for _ in 0..40 {
            let text = rng.string(&alphabet, 0, 24);
            let expected = tree_plan(&plan, &dicts, &text);
            assert_eq!(
                simple.convert(&text),
                expected,
                "simple: {plan:?} on {text}"
            );
            let mut plain = String::new();
            engine.convert_into(&text, &mut plain, &mut NoRecord);
            assert_eq!(plain, expected, "engine: {plan:?} on {text}");
            let mut traced = String::new();
            let mut tracer = Tracer::default();
            engine.convert_into(&text, &mut traced, &mut tracer);
            assert_eq!(traced, expected, "traced engine: {plan:?} on {text}");
            checked += 1;
        }
    }
    assert_eq!(checked, 12_000);
}
