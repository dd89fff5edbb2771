//! Quotation marks by edition: the mainland writes “…” and ‘…’, Taiwan and
//! Hong Kong 「…」 and 『…』. Text quoted from either side is shown in the
//! edition's own marks, whichever script it was written in.

use std::borrow::Cow;
use std::ops::Range;

use super::convert::{Segment, segments};
use crate::model::{Conversion, HantConfig, Script};

/// The quotation marks an edition uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quotes {
    /// “” and ‘’ (the mainland; zh-Hans).
    Curly,
    /// 「」 and 『』 (Taiwan and Hong Kong).
    Corner,
    /// As written: OpenCC's standard Traditional names no region.
    AsWritten,
}

impl Quotes {
    pub fn of(script: Script, conversion: &Conversion) -> Quotes {
        match (script, conversion.hant) {
            (Script::Hans, _) => Quotes::Curly,
            (Script::Hant, HantConfig::S2tw | HantConfig::S2twp | HantConfig::S2hk) => {
                Quotes::Corner
            }
            (Script::Hant, HantConfig::S2t) => Quotes::AsWritten,
        }
    }

    fn swap(self, c: char) -> Option<char> {
        match (self, c) {
            (Quotes::Corner, '“') => Some('「'),
            (Quotes::Corner, '”') => Some('」'),
            (Quotes::Corner, '‘') => Some('『'),
            (Quotes::Corner, '’') => Some('』'),
            (Quotes::Curly, '「') => Some('“'),
            (Quotes::Curly, '」') => Some('”'),
            (Quotes::Curly, '『') => Some('‘'),
            (Quotes::Curly, '』') => Some('’'),
            _ => None,
        }
    }
}

/// `text` (Chinese, possibly with `-{…}-` markup) with its quotation marks
/// in the style `q`. Protected text keeps its marks; so does an apostrophe
/// between Latin letters (NEAR’s, don’t). Unclosed markup leaves the text
/// as it is (it was reported before). Borrows when nothing changes, as
/// for almost every text.
pub fn restyle(text: &str, q: Quotes) -> Cow<'_, str> {
    if q == Quotes::AsWritten || !text.chars().any(|c| q.swap(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let Ok(segs) = segments(text) else {
        return Cow::Borrowed(text);
    };
    // Segments are slices of `text`: their byte ranges say what is plain.
    let base = text.as_ptr() as usize;
    let plain: Vec<Range<usize>> = segs
        .iter()
        .filter_map(|s| match s {
            Segment::Plain(p) => {
                let start = p.as_ptr() as usize - base;
                Some(start..start + p.len())
            }
            _ => None,
        })
        .collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let latin = |k: Option<usize>| {
        k.and_then(|k| chars.get(k))
            .is_some_and(|(_, c)| c.is_ascii_alphanumeric())
    };
    let mut out = String::with_capacity(text.len());
    for (k, &(i, c)) in chars.iter().enumerate() {
        let swapped = q.swap(c).filter(|_| {
            let apostrophe =
                matches!(c, '‘' | '’') && latin(k.checked_sub(1)) && latin(Some(k + 1));
            !apostrophe && plain.iter().any(|r| r.contains(&i))
        });
        out.push(swapped.unwrap_or(c));
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_follow_the_edition() {
        assert_eq!(
            restyle("“创新+”专门委员会与‘小组’", Quotes::Corner),
            "「创新+」专门委员会与『小组』"
        );
        assert_eq!(
            restyle("「國際友好城市交流合作獎」", Quotes::Curly),
            "“國際友好城市交流合作獎”"
        );
        assert_eq!(restyle("「獎」", Quotes::AsWritten), "「獎」");
    }

    #[test]
    fn apostrophes_and_protected_text_stay() {
        assert_eq!(
            restyle("NEAR’s “会议” -{“原文”}-", Quotes::Corner),
            "NEAR’s 「会议」 -{“原文”}-"
        );
    }
}
