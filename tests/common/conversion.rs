//! Explaining a difference between two conversions of the same line: which
//! input text decided it (the dictionary matches of nianjian-opencc's trace
//! that made that part of our output), with which dictionary entries, and
//! whether upstream OpenCC's own test suite covers that text.

use std::ops::Range;
use std::sync::OnceLock;

use nianjian_opencc::compile::testcases::{Case, parse};
use nianjian_opencc::{Config, Converter, Span, Traced};

/// Upstream's cases of one configuration: (id, input, expected).
pub fn upstream_cases(config: &str) -> Vec<(String, String, String)> {
    static ALL: OnceLock<Vec<Case>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/crates/opencc/data/testcases/testcases.json"
        );
        parse(&std::fs::read_to_string(path).expect("testcases.json")).expect("parses")
    });
    all.iter()
        .filter_map(|c| {
            let (_, expected) = c.expected.iter().find(|(name, _)| name == config)?;
            Some((c.id.clone(), c.input.clone(), expected.clone()))
        })
        .collect()
}

/// How upstream's cases bear on one difference.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// A case's input holds the deciding phrase (or a single character with
    /// its neighbours), and the converter gives the case's expected output.
    Decided(String),
    /// A case's input holds the deciding single character, elsewhere, and
    /// the converter passes that case.
    Covered(String),
    Uncovered,
    /// A case's input holds the deciding text and the converter fails it.
    Against(String),
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Decided(id) => write!(f, "decided by upstream case {id}"),
            Verdict::Covered(id) => write!(f, "covered by upstream case {id}"),
            Verdict::Uncovered => f.write_str("no upstream case"),
            Verdict::Against(id) => write!(f, "AGAINST upstream case {id}"),
        }
    }
}

/// One difference between our output and another's on one line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The input text behind it.
    pub unit: String,
    /// The unit with a character on each side.
    pub context: String,
    pub ours: String,
    pub theirs: String,
    /// The dictionary entries that made our output there, e.g.
    /// `STPhrases 通过→通過`.
    pub entries: String,
    pub verdict: Verdict,
}

/// Judges the differences of one configuration; `convert` is the
/// converter under test, checked on the covering cases.
pub struct Judge<'c> {
    tracer: Converter,
    convert: &'c dyn Fn(&str) -> String,
    cases: Vec<(String, String, String)>,
    passes: Vec<Option<bool>>,
}

impl<'c> Judge<'c> {
    pub fn new(config: Config, convert: &'c dyn Fn(&str) -> String) -> Judge<'c> {
        let cases = upstream_cases(config.name());
        Judge {
            tracer: Converter::new(config).expect("embedded data"),
            convert,
            passes: vec![None; cases.len()],
            cases,
        }
    }

    fn passes(&mut self, i: usize) -> bool {
        let (_, input, expected) = &self.cases[i];
        *self.passes[i].get_or_insert_with(|| (self.convert)(input) == *expected)
    }

    fn verdict(&mut self, unit: &str, context: &str) -> Verdict {
        let phrase = unit.chars().nth(1).is_some();
        let mut best = Verdict::Uncovered;
        for i in 0..self.cases.len() {
            if !self.cases[i].1.contains(unit) {
                continue;
            }
            let id = self.cases[i].0.clone();
            let v = if !self.passes(i) {
                Verdict::Against(id)
            } else if phrase || self.cases[i].1.contains(context) {
                Verdict::Decided(id)
            } else {
                Verdict::Covered(id)
            };
            // Against outranks Decided outranks Covered outranks Uncovered.
            let rank = |v: &Verdict| match v {
                Verdict::Against(_) => 3,
                Verdict::Decided(_) => 2,
                Verdict::Covered(_) => 1,
                Verdict::Uncovered => 0,
            };
            if rank(&v) > rank(&best) {
                best = v;
            }
        }
        best
    }

    /// The differences between `ours` (what the converter under test wrote
    /// for `line`) and `theirs`.
    pub fn differences(&mut self, line: &str, ours: &str, theirs: &str) -> Vec<Difference> {
        if ours == theirs {
            return Vec::new();
        }
        let traced = self.tracer.trace(line);
        let mut out = Vec::new();
        for (run, theirs_part) in differing_runs(ours, theirs) {
            let (unit, spans) = unit_of(line, &traced, run.clone());
            let context = widen(line, unit.clone());
            let unit_text = line[unit].to_owned();
            let verdict = self.verdict(&unit_text, context);
            let entries: Vec<String> = spans
                .iter()
                .map(|s| format!("{} {}→{}", s.dictionary, s.key, s.candidates))
                .collect();
            let entries = if entries.is_empty() {
                "no entry: unconverted".to_owned()
            } else {
                entries.join(", ")
            };
            out.push(Difference {
                context: context.to_owned(),
                unit: unit_text,
                ours: ours.get(run).unwrap_or("").to_owned(),
                theirs: theirs_part,
                entries,
                verdict,
            });
        }
        out
    }
}

/// The runs where `a` and `b` differ: (bytes of `a`, text of `b`).
/// Conversion mostly keeps the character count, and then characters are
/// compared place by place; otherwise by a character diff.
pub fn differing_runs(a: &str, b: &str) -> Vec<(Range<usize>, String)> {
    if a.chars().count() == b.chars().count() {
        let mut runs: Vec<(Range<usize>, String)> = Vec::new();
        for ((i, x), y) in a.char_indices().zip(b.chars()) {
            if x == y {
                continue;
            }
            match runs.last_mut() {
                Some((r, t)) if r.end == i => {
                    r.end = i + x.len_utf8();
                    t.push(y);
                }
                _ => runs.push((i..i + x.len_utf8(), y.to_string())),
            }
        }
        return runs;
    }
    let diff = similar::TextDiff::from_chars(a, b);
    let mut runs: Vec<(Range<usize>, String)> = Vec::new();
    let (mut ai, mut pending): (usize, Option<(Range<usize>, String)>) = (0, None);
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => {
                runs.extend(pending.take());
                ai += v.len();
            }
            similar::ChangeTag::Delete => {
                let p = pending.get_or_insert((ai..ai, String::new()));
                p.0.end = ai + v.len();
                ai += v.len();
            }
            similar::ChangeTag::Insert => {
                pending.get_or_insert((ai..ai, String::new())).1.push_str(v);
            }
        }
    }
    runs.extend(pending);
    runs
}

/// The input text behind `out` (bytes of our output for `line`) and the
/// matches that made it: every match whose output overlaps; unconverted
/// text maps byte for byte.
fn unit_of<'t>(line: &str, traced: &'t Traced, out: Range<usize>) -> (Range<usize>, Vec<&'t Span>) {
    let probe_end = out.end.max(out.start + 1);
    let spans: Vec<&Span> = traced
        .spans
        .iter()
        .filter(|s| s.output.start < probe_end && out.start < s.output.end)
        .collect();
    if let (Some(start), Some(end)) = (
        spans.iter().map(|s| s.input.start).min(),
        spans.iter().map(|s| s.input.end).max(),
    ) {
        return (start..end, spans);
    }
    // Copied text: shift by the length change of the matches before.
    let delta = traced
        .spans
        .iter()
        .rfind(|s| s.output.end <= out.start)
        .map_or(0, |s| s.output.end as isize - s.input.end as isize);
    let at = (out.start as isize - delta).clamp(0, line.len() as isize) as usize;
    let at = (0..=at)
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    let len = line[at..].chars().next().map_or(0, char::len_utf8);
    (at..at + len, spans)
}

/// `r` of `line` with one more character on each side, where there is one.
fn widen(line: &str, r: Range<usize>) -> &str {
    let start = line[..r.start]
        .char_indices()
        .next_back()
        .map_or(r.start, |(i, _)| i);
    let end = line[r.end..]
        .chars()
        .next()
        .map_or(r.end, |c| r.end + c.len_utf8());
    &line[start..end]
}
