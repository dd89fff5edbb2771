//! Ideographic description sequences (⿰氵工 …): OpenCC copies a complete
//! one unconverted, as one unit, where no dictionary key starts
//! (`UTF8Util::NextIdeographicDescriptionSequenceLength`). No key contains
//! an operator (the build checks), so a sequence is an island that no match
//! can enter or cross.

const MAX_DEPTH: usize = 16;
const MAX_CODE_POINTS: usize = 64;

/// Operands taken by an ideographic description operator (0: not one).
pub fn arity(c: char) -> usize {
    match c as u32 {
        0x2FF2 | 0x2FF3 => 3,
        0x2FFE | 0x2FFF => 1,
        0x2FF0..=0x2FFD => 2,
        _ => 0,
    }
}

/// Whether `c` is an ideographic description operator.
pub fn is_operator(c: char) -> bool {
    arity(c) > 0
}

enum Status {
    Complete(usize),
    Incomplete,
    Invalid,
}

/// Bytes of the complete sequence `text` starts with; 0 when it does not
/// start with an operator or the sequence is incomplete or too deep.
pub fn sequence_len(text: &str) -> usize {
    match text.chars().next() {
        Some(c) if is_operator(c) => {}
        _ => return 0,
    }
    let mut code_points = 0;
    match consume(text, MAX_DEPTH, &mut code_points) {
        Status::Complete(n) => n,
        Status::Incomplete | Status::Invalid => 0,
    }
}

fn consume(text: &str, depth_left: usize, code_points: &mut usize) -> Status {
    let Some(c) = text.chars().next() else {
        return Status::Incomplete;
    };
    if depth_left == 0 || *code_points >= MAX_CODE_POINTS {
        return Status::Invalid;
    }
    *code_points += 1;
    let mut offset = c.len_utf8();
    for _ in 0..arity(c) {
        if offset >= text.len() {
            return Status::Incomplete;
        }
        match consume(&text[offset..], depth_left - 1, code_points) {
            Status::Complete(n) => offset += n,
            other => return other,
        }
    }
    Status::Complete(offset)
}

/// Whether `text` may contain an operator (U+2FF0–U+2FFF is E2 BF B0–BF in
/// UTF-8): a quick test that lets almost all text skip the search.
pub fn may_contain(text: &str) -> bool {
    // Building a searcher costs more than searching a paragraph: build once.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"\xE2\xBF"));
    FINDER
        .find_iter(text.as_bytes())
        .any(|i| text.as_bytes().get(i + 2).is_some_and(|b| *b >= 0xB0))
}

/// The complete sequences of `text` as byte ranges, found left to right as
/// the conversion loop meets them (a sequence's operands are not searched).
pub fn islands(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let n = if is_operator(c) {
            sequence_len(&text[i..])
        } else {
            0
        };
        if n > 0 {
            out.push(i..i + n);
            i += n;
        } else {
            i += c.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequences() {
        assert_eq!(sequence_len("⿰氵工水"), "⿰氵工".len());
        assert_eq!(sequence_len("⿱⿰木木木x"), "⿱⿰木木木".len());
        assert_eq!(sequence_len("⿰氵"), 0);
        assert_eq!(sequence_len("氵"), 0);
        assert_eq!(islands("a⿰氵工b⿰c"), vec![1..1 + "⿰氵工".len()]);
        assert!(may_contain("⿰氵工"));
        assert!(!may_contain("“東京”，⿕"));
    }
}
