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
//! Converting segment by segment is what upstream does, and what the engine
//! does when it records (a [`Recorder`] sees every piece) or when the text
//! has an ideographic description operator (whether a sequence is complete
//! depends on where its segment ends). Otherwise it takes shortcuts with the
//! same output: a stage runs over the
//! whole text in one pass whenever no match crosses a segment boundary
//! (leftmost-longest matches that fit in a segment are the segment's own),
//! and a configuration whose stages match no key longer than a character
//! needs no segmentation at all (a one-character match crosses nothing).

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::compile::ids;
use crate::tables::{Entry, Matcher, Table};

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
    /// Whether anything is recorded (else the engine takes its shortcuts).
    const RECORDS: bool;
    fn begin(&mut self, stage: Stage);
    fn copied(&mut self, src: usize, dst: usize, len: usize);
    fn matched(&mut self, src: Range<usize>, dst: Range<usize>, key: &str, entry: &'static Entry);
}

/// Records nothing.
pub(crate) struct NoRecord;

impl Recorder for NoRecord {
    const RECORDS: bool = false;
    #[inline(always)]
    fn begin(&mut self, _: Stage) {}
    #[inline(always)]
    fn copied(&mut self, _: usize, _: usize, _: usize) {}
    #[inline(always)]
    fn matched(&mut self, _: Range<usize>, _: Range<usize>, _: &str, _: &'static Entry) {}
}

/// Whether the match `start..end` of `text` is longer than one character.
#[inline(always)]
fn is_phrase(text: &str, start: usize, end: usize) -> bool {
    text[start..end]
        .chars()
        .next()
        .is_some_and(|c| c.len_utf8() < end - start)
}

impl Table {
    /// Every match in `text`, left to right, as (start, end, entry); no match
    /// starts inside an ideographic description sequence. `islands` is false
    /// when the caller knows `text` has no ideographic description operator.
    #[inline(always)]
    fn for_each_match(
        &'static self,
        text: &str,
        islands: bool,
        mut f: impl FnMut(usize, usize, &'static Entry),
    ) {
        if !islands || !ids::may_contain(text) {
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
        // Every value is an entry index (build.rs); were one not, the key
        // would be copied unconverted with the next gap.
        match &self.matcher {
            Matcher::Automaton(automaton) => {
                for m in automaton.leftmost_find_iter(piece) {
                    if let Some(entry) = self.entries.get(m.value() as usize) {
                        f(offset + m.start(), offset + m.end(), entry);
                    }
                }
            }
            Matcher::Chars(pairs) => {
                for (i, c) in piece.char_indices() {
                    let Ok(at) = pairs.binary_search_by_key(&c, |p| p.0) else {
                        continue;
                    };
                    if let Some(entry) = self.entries.get(pairs[at].1 as usize) {
                        f(offset + i, offset + i + c.len_utf8(), entry);
                    }
                }
            }
        }
    }

    /// Converts `text` (at `base` in the stage's input) onto `out`. With
    /// `bounds`, pushes where each first-tier match starts and ends in `out`.
    fn run<R: Recorder>(
        &'static self,
        (text, base): (&str, usize),
        islands: bool,
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
        self.for_each_match(text, islands, |start, end, entry| {
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
            rec.matched(
                base + start..base + end,
                at..out.len(),
                &text[start..end],
                entry,
            );
            last = end;
        });
        if last < text.len() {
            rec.copied(base + last, out.len(), text.len() - last);
            out.push_str(&text[last..]);
        }
    }

    /// Converts `text` in one pass, ignoring segments; returns whether a
    /// match was longer than one character.
    fn run_flat(&'static self, text: &str, islands: bool, out: &mut String) -> bool {
        if !self.may_match(text) {
            out.push_str(text);
            return false;
        }
        let (mut last, mut phrase) = (0, false);
        self.for_each_match(text, islands, |start, end, entry| {
            out.push_str(&text[last..start]);
            out.push_str(entry.value);
            phrase |= is_phrase(text, start, end);
            last = end;
        });
        out.push_str(&text[last..]);
        phrase
    }

    /// Converts the segments `bounds` cuts `text` into (bounds from 0 to the
    /// end) in one pass, pushing the boundaries' places in `out` onto
    /// `new_bounds`. That equals converting each segment on its own unless a
    /// match crosses a boundary; then nothing is written and false returned.
    fn run_whole(
        &'static self,
        text: &str,
        bounds: &[usize],
        islands: bool,
        out: &mut String,
        new_bounds: &mut Vec<usize>,
    ) -> bool {
        let (out_len, nb_len) = (out.len(), new_bounds.len());
        let (mut next, mut last, mut crossed) = (0, 0, false);
        // Copies the gap up to `upto`, placing the boundaries inside it;
        // returns the next boundary.
        let mut gap = |out: &mut String, nb: &mut Vec<usize>, last: usize, upto: usize| {
            while let Some(&b) = bounds.get(next).filter(|&&b| b <= upto) {
                nb.push(out.len() + b - last);
                next += 1;
            }
            out.push_str(&text[last..upto]);
            bounds.get(next).copied()
        };
        if self.may_match(text) {
            self.for_each_match(text, islands, |start, end, entry| {
                if crossed {
                    return;
                }
                if gap(out, new_bounds, last, start).is_some_and(|b| b < end) {
                    crossed = true;
                    return;
                }
                out.push_str(entry.value);
                last = end;
            });
        }
        if crossed {
            out.truncate(out_len);
            new_bounds.truncate(nb_len);
            return false;
        }
        gap(out, new_bounds, last, text.len());
        true
    }

    /// Segment boundaries of `text` onto `bounds`: 0, each match's start and
    /// end, the end.
    fn segment(&'static self, text: &str, islands: bool, bounds: &mut Vec<usize>) {
        bounds.push(0);
        self.for_each_match(text, islands, |start, end, _| bounds.extend([start, end]));
        bounds.push(text.len());
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

/// Buffers reused from one conversion to the next on a thread.
#[derive(Default)]
struct Scratch {
    text: [String; 2],
    bounds: [Vec<usize>; 2],
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` with cleared scratch buffers (fresh ones if the thread's are in
/// use), and keeps them for the next call unless they grew large.
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => {
            s.text.iter_mut().for_each(String::clear);
            s.bounds.iter_mut().for_each(Vec::clear);
            let result = f(&mut s);
            if s.text[0].capacity() + s.text[1].capacity() > 1 << 22 {
                *s = Scratch::default();
            }
            result
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

impl Engine {
    /// Converts `text`, appending to `out`.
    pub fn convert_into<R: Recorder>(&self, text: &str, out: &mut String, rec: &mut R) {
        let normalized = self.normalize(text, rec);
        // No stage writes an operator (build.rs checks the values), so text
        // without one keeps none through the chain.
        let islands = ids::may_contain(&normalized);
        if self.chain.is_empty() {
            out.push_str(&normalized);
            return;
        }
        // Where a segment ends decides whether an ideographic description
        // sequence is complete, so text with an operator takes the literal
        // path, as recording does.
        let literal = R::RECORDS || islands;
        with_scratch(|scratch| {
            if !literal && matches!(self.segmenter, Segmenter::Table(_)) {
                let start = out.len();
                if self.convert_flat(&normalized, islands, out, scratch) {
                    return;
                }
                out.truncate(start);
                scratch.text.iter_mut().for_each(String::clear);
            }
            self.convert_segmented(&normalized, (islands, literal), out, rec, scratch);
        });
    }

    /// Every stage over the whole text: right when no stage matches a key
    /// longer than one character (returns false as soon as one does).
    fn convert_flat(&self, text: &str, islands: bool, out: &mut String, s: &mut Scratch) -> bool {
        let [a, b] = &mut s.text;
        let last_stage = self.chain.len() - 1;
        let mut cur: &str = text;
        for (k, table) in self.chain.iter().enumerate() {
            let dst = if k == last_stage { &mut *out } else { &mut *a };
            if table.run_flat(cur, islands, dst) {
                return false;
            }
            if k < last_stage {
                std::mem::swap(a, b);
                a.clear();
                cur = b;
            }
        }
        true
    }

    fn convert_segmented<R: Recorder>(
        &self,
        text: &str,
        (islands, literal): (bool, bool),
        out: &mut String,
        rec: &mut R,
        s: &mut Scratch,
    ) {
        let [text_a, text_b] = &mut s.text;
        let [bounds, new_bounds] = &mut s.bounds;
        let mut segmented = match self.segmenter {
            Segmenter::Table(t) => {
                t.segment(text, islands, bounds);
                true
            }
            Segmenter::None | Segmenter::FirstTier => false,
        };
        let first_tier = matches!(self.segmenter, Segmenter::FirstTier);
        let last_stage = self.chain.len() - 1;
        let mut cur: &str = text;
        for (k, table) in self.chain.iter().enumerate() {
            rec.begin(Stage::Conversion(k));
            let dst = if k == last_stage {
                &mut *out
            } else {
                text_a.clear();
                &mut *text_a
            };
            new_bounds.clear();
            if !segmented {
                let b = (first_tier && k == 0 && k < last_stage).then_some(&mut *new_bounds);
                if let Some(b) = b {
                    b.push(dst.len());
                    table.run((cur, 0), islands, dst, rec, Some(&mut *b));
                    b.push(dst.len());
                    segmented = true;
                } else {
                    table.run((cur, 0), islands, dst, rec, None);
                }
            } else if literal || !table.run_whole(cur, bounds, islands, dst, new_bounds) {
                new_bounds.push(dst.len());
                for w in bounds.windows(2) {
                    table.run((&cur[w[0]..w[1]], w[0]), islands, dst, rec, None);
                    new_bounds.push(dst.len());
                }
            }
            if k < last_stage {
                std::mem::swap(bounds, new_bounds);
                std::mem::swap(text_a, text_b);
                cur = text_b;
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
            table.run((&cur, 0), true, &mut next, rec, None);
            cur = Cow::Owned(next);
        }
        cur
    }
}
