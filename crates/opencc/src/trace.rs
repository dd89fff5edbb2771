//! Provenance: how each piece of the output was made. A [`Tracer`] logs the
//! pieces every stage writes; [`Tracer::finish`] maps each dictionary match
//! back to the input text and forward to the final output.

use std::ops::Range;

use crate::engine::{Recorder, Stage};
use crate::tables::{DICTIONARIES, Entry};

/// One dictionary match, as the input and the output see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub stage: Stage,
    /// Bytes of the input text the match stands for.
    pub input: Range<usize>,
    /// Bytes of the output it became (part of).
    pub output: Range<usize>,
    /// The dictionary key that matched, as the text read at that stage.
    pub key: String,
    /// What the stage wrote: the dictionary's first candidate.
    pub value: &'static str,
    /// Every candidate the dictionary lists for the key, space-separated,
    /// the written one first.
    pub candidates: &'static str,
    /// The dictionary file (without extension), e.g. `STPhrases`.
    pub dictionary: &'static str,
}

impl Span {
    /// Whether the key is longer than one character: a phrase decided it.
    pub fn is_phrase(&self) -> bool {
        self.key.chars().nth(1).is_some()
    }

    pub fn candidates(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.candidates.split(' ')
    }

    /// A single character the dictionary gives several candidates for, so
    /// that its first (default) one was written without any phrase deciding:
    /// what a conversion lint warns about.
    pub fn is_default_choice(&self) -> bool {
        !self.is_phrase() && self.candidates.contains(' ')
    }
}

/// A conversion with its provenance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traced {
    pub output: String,
    /// Every dictionary match of every stage, stage by stage, each stage in
    /// input order. Text no dictionary matched is copied and not listed.
    pub spans: Vec<Span>,
}

impl Traced {
    /// The spans where a one-to-many character got its dictionary default.
    pub fn default_choices(&self) -> impl Iterator<Item = &Span> {
        self.spans.iter().filter(|s| s.is_default_choice())
    }

    /// The spans whose input covers byte `at` of the input.
    pub fn spans_at(&self, at: usize) -> impl Iterator<Item = &Span> {
        self.spans
            .iter()
            .filter(move |s| s.input.start <= at && at < s.input.end)
    }
}

struct Piece {
    src: Range<usize>,
    dst: Range<usize>,
    matched: Option<(String, &'static Entry)>,
}

/// Logs the pieces of every stage.
#[derive(Default)]
pub(crate) struct Tracer {
    stages: Vec<(Stage, Vec<Piece>)>,
}

impl Recorder for Tracer {
    const RECORDS: bool = true;
    fn begin(&mut self, stage: Stage) {
        self.stages.push((stage, Vec::new()));
    }

    fn copied(&mut self, src: usize, dst: usize, len: usize) {
        if len > 0
            && let Some((_, pieces)) = self.stages.last_mut()
        {
            pieces.push(Piece {
                src: src..src + len,
                dst: dst..dst + len,
                matched: None,
            });
        }
    }

    fn matched(&mut self, src: Range<usize>, dst: Range<usize>, key: &str, entry: &'static Entry) {
        if let Some((_, pieces)) = self.stages.last_mut() {
            pieces.push(Piece {
                src,
                dst,
                matched: Some((key.to_owned(), entry)),
            });
        }
    }
}

impl Tracer {
    pub fn finish(self, output: String) -> Traced {
        let mut spans = Vec::new();
        for (i, (stage, pieces)) in self.stages.iter().enumerate() {
            for p in pieces {
                let Some((key, entry)) = &p.matched else {
                    continue;
                };
                let input = self.stages[..i]
                    .iter()
                    .rev()
                    .fold(p.src.clone(), |r, (_, earlier)| map(earlier, r, Side::Dst));
                let output = self.stages[i + 1..]
                    .iter()
                    .fold(p.dst.clone(), |r, (_, later)| map(later, r, Side::Src));
                spans.push(Span {
                    stage: *stage,
                    input,
                    output,
                    key: key.clone(),
                    value: entry.value,
                    candidates: entry.candidates,
                    dictionary: DICTIONARIES
                        .get(entry.dict as usize)
                        .copied()
                        .unwrap_or("?"),
                });
            }
        }
        Traced { output, spans }
    }
}

/// Which side of a stage's pieces a range is given on.
#[derive(Clone, Copy)]
enum Side {
    Src,
    Dst,
}

/// Maps `r` from one side of a stage to the other: copied text maps byte
/// for byte, a match as a whole.
fn map(pieces: &[Piece], r: Range<usize>, from: Side) -> Range<usize> {
    let sides = |p: &Piece| match from {
        Side::Src => (p.src.clone(), p.dst.clone()),
        Side::Dst => (p.dst.clone(), p.src.clone()),
    };
    let Some(last) = pieces.last() else {
        return r;
    };
    let end_of_text = sides(last).1.end;
    let start = match pieces.get(pieces.partition_point(|p| sides(p).0.end <= r.start)) {
        None => end_of_text,
        Some(p) => {
            let (f, t) = sides(p);
            match p.matched {
                None => t.start + r.start.saturating_sub(f.start),
                Some(_) => t.start,
            }
        }
    };
    let end = match pieces.get(pieces.partition_point(|p| sides(p).0.end < r.end)) {
        None => end_of_text,
        Some(p) => {
            let (f, t) = sides(p);
            match p.matched {
                None => (t.start + r.end.saturating_sub(f.start)).min(t.end),
                Some(_) => t.end,
            }
        }
    };
    start..end.max(start)
}
