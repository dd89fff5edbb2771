//! The conversion loop: upstream's configuration semantics over compiled
//! tables (`src/ConfigBasedConverter.hpp`, `src/SingleStageConverter.cpp`,
//! `src/ConversionChain.cpp`, `src/Conversion.cpp`,
//! `src/MaxMatchSegmentation.cpp`):
//!
//! 1. normalization stages over the whole text;
//! 2. segmentation: every match of the segmentation dictionary is a segment,
//!    the unmatched runs between them are segments too;
//! 3. each segment through every chain stage on its own: a later stage's
//!    match never spans two segments.
//!
//! Each stage is maximum forward matching, which is leftmost-longest
//! matching on the stage's flattened table; complete ideographic description
//! sequences are copied as they are.
//!
//! A [`Recorder`] watches every piece each stage writes; the plain path
//! records nothing and compiles to the bare loop.

use std::borrow::Cow;
use std::ops::Range;

use crate::compile::ids;
use crate::tables::{Entry, Table};

/// A stage of a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The normalization pass (CJK compatibility ideographs to their
    /// unified forms).
    Normalization,
    /// The `n`th stage of the conversion chain, from 0.
    Conversion(usize),
}

/// Watches a conversion. Positions: `src` in the stage's input, `dst` in its
/// output.
pub(crate) trait Recorder {
    fn begin(&mut self, stage: Stage);
    fn copied(&mut self, src: usize, dst: usize, len: usize);
    fn matched(&mut self, src: Range<usize>, dst: Range<usize>, key: &str, entry: &'static Entry);
}

/// Records nothing.
pub(crate) struct NoRecord;

impl Recorder for NoRecord {
    #[inline(always)]
    fn begin(&mut self, _: Stage) {}
    #[inline(always)]
    fn copied(&mut self, _: usize, _: usize, _: usize) {}
    #[inline(always)]
    fn matched(&mut self, _: Range<usize>, _: Range<usize>, _: &str, _: &'static Entry) {}
}

impl Table {
    /// Every match in `text`, left to right, as (start, end, entry); no match
    /// starts inside an ideographic description sequence.
    #[inline(always)]
    fn for_each_match(&'static self, text: &str, mut f: impl FnMut(usize, usize, &'static Entry)) {
        if !ids::may_contain(text) {
            self.matches_in(text, 0, &mut f);
            return;
        }
        let mut last = 0;
        for island in ids::islands(text) {
            self.matches_in(&text[last..island.start], last, &mut f);
            last = island.end;
        }
        self.matches_in(&text[last..], last, &mut f);
    }

    #[inline(always)]
    fn matches_in(
        &'static self,
        piece: &str,
        offset: usize,
        f: &mut impl FnMut(usize, usize, &'static Entry),
    ) {
        for m in self.automaton.leftmost_find_iter(piece) {
            // Every pattern value is an entry index (build.rs); were one not,
            // the key would be copied unconverted with the next gap.
            if let Some(entry) = self.entries.get(m.value() as usize) {
                f(offset + m.start(), offset + m.end(), entry);
            }
        }
    }

    /// Converts `text` (at `base` in the stage's input) onto `out`. With
    /// `bounds`, pushes where each first-tier match starts and ends in `out`.
    #[inline]
    fn run<R: Recorder>(
        &'static self,
        text: &str,
        base: usize,
        out: &mut String,
        rec: &mut R,
        mut bounds: Option<&mut Vec<usize>>,
    ) {
        if !self.may_match(text) {
            rec.copied(base, out.len(), text.len());
            out.push_str(text);
            return;
        }
        let mut last = 0;
        self.for_each_match(text, |start, end, entry| {
            // Match positions are character boundaries of `text`: the
            // automaton is character-wise and runs on `text` itself.
            if start > last {
                rec.copied(base + last, out.len(), start - last);
                out.push_str(&text[last..start]);
            }
            let at = out.len();
            out.push_str(entry.value);
            if entry.tier == 0
                && let Some(b) = bounds.as_deref_mut()
            {
                b.extend([at, out.len()]);
            }
            rec.matched(base + start..base + end, at..out.len(), &text[start..end], entry);
            last = end;
        });
        if last < text.len() {
            rec.copied(base + last, out.len(), text.len() - last);
            out.push_str(&text[last..]);
        }
    }

    /// Segment boundaries of `text`: 0, each match's start and end, the end.
    fn segment(&'static self, text: &str) -> Vec<usize> {
        let mut bounds = vec![0];
        self.for_each_match(text, |start, end, _| bounds.extend([start, end]));
        bounds.push(text.len());
        bounds
    }
}

/// How a configuration segments.
pub(crate) enum Segmenter {
    None,
    FirstTier,
    Table(&'static Table),
}

/// A configuration over loaded tables.
pub(crate) struct Engine {
    pub normalization: Vec<&'static Table>,
    pub segmenter: Segmenter,
    pub chain: Vec<&'static Table>,
}

impl Engine {
    /// Converts `text`, appending to `out`.
    pub fn convert_into<R: Recorder>(&self, text: &str, out: &mut String, rec: &mut R) {
        let normalized = self.normalize(text, rec);
        let Some(last_stage) = self.chain.len().checked_sub(1) else {
            out.push_str(&normalized);
            return;
        };
        let mut bounds = match self.segmenter {
            Segmenter::Table(t) => Some(t.segment(&normalized)),
            Segmenter::None | Segmenter::FirstTier => None,
        };
        let first_tier = matches!(self.segmenter, Segmenter::FirstTier);
        let mut cur = normalized;
        for (k, table) in self.chain.iter().enumerate() {
            rec.begin(Stage::Conversion(k));
            let mut next = String::new();
            let dst = if k == last_stage {
                &mut *out
            } else {
                next.reserve(cur.len() + cur.len() / 4);
                &mut next
            };
            let want_bounds = k < last_stage && (bounds.is_some() || first_tier && k == 0);
            let mut new_bounds = want_bounds.then(|| vec![dst.len()]);
            match &bounds {
                None => {
                    let b = if first_tier { new_bounds.as_mut() } else { None };
                    table.run(&cur, 0, dst, rec, b);
                }
                Some(b) => {
                    for w in b.windows(2) {
                        table.run(&cur[w[0]..w[1]], w[0], dst, rec, None);
                        if let Some(nb) = new_bounds.as_mut() {
                            nb.push(dst.len());
                        }
                    }
                }
            }
            if let Some(nb) = new_bounds.as_mut() {
                nb.push(dst.len());
            }
            bounds = new_bounds;
            if k < last_stage {
                cur = Cow::Owned(next);
            }
        }
    }

    fn normalize<'t, R: Recorder>(&self, text: &'t str, rec: &mut R) -> Cow<'t, str> {
        let mut cur = Cow::Borrowed(text);
        for table in &self.normalization {
            rec.begin(Stage::Normalization);
            if !table.may_match(&cur) {
                rec.copied(0, 0, cur.len());
                continue;
            }
            let mut next = String::with_capacity(cur.len());
            table.run(&cur, 0, &mut next, rec, None);
            cur = Cow::Owned(next);
        }
        cur
    }
}
