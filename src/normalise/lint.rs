//! The conversion lint: where the converted text may be wrong although no
//! dictionary complained. Reads how each character was converted (the
//! provenance of `nianjian-opencc`), so it finds what the reference OpenCC
//! silently does too: 布尔干省 → 布爾幹省, 托木斯克州 → 託木斯克州.

use std::collections::HashSet;
use std::sync::OnceLock;

use nianjian_opencc::{Config, Direction};

use crate::diag::Diagnostic;
use crate::model::{Script, is_han};
use crate::text::convert::Converter;

/// A finding at a byte offset of the linted text.
pub struct Finding {
    pub at: usize,
    pub diagnostic: Diagnostic,
}

/// Characters each side of a finding shown as its phrase.
const CONTEXT: usize = 2;

/// The run of Han characters around `range` of `text`, at most `CONTEXT`
/// characters each side: the phrase a glossary entry would pin.
fn phrase(text: &str, range: std::ops::Range<usize>) -> &str {
    let before = text.get(..range.start).unwrap_or_default();
    let after = text.get(range.end..).unwrap_or_default();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_han(*c))
        .take(CONTEXT)
        .last()
        .map_or(range.start, |(i, _)| i);
    let end = after
        .char_indices()
        .take_while(|(_, c)| is_han(*c))
        .take(CONTEXT)
        .last()
        .map_or(range.end, |(i, c)| range.end + i + c.len_utf8());
    text.get(start..end).unwrap_or_default()
}

/// The glossary line that pins `source` (in `from`'s script) to `target`.
fn glossary_line(from: Script, source: &str, converted: &str) -> String {
    let (hans, hant) = match from {
        Script::Hans => (source, converted),
        Script::Hant => (converted, source),
    };
    format!("- {{zh-Hans: {hans}, zh-Hant: {hant}}}")
}

/// Per mille of the dictionary's phrases in which context decides against a
/// character's default, from which a default choice is worth a warning:
/// 30 % keeps 干 (幹 乾), 签 (籤 簽), 里 (裏 里), 钟 (鍾 鐘), 系 (係 繫), 朴 and
/// leaves out 个 → 箇 (4 %), 于 → 于 (16 %), 并 → 併 (29 %), whose defaults
/// are right in running text almost always.
pub const CONTESTED: u32 = 300;

/// Whether `character` of Simplified text is contested (see [`CONTESTED`]).
fn is_contested(character: &str) -> bool {
    nianjian_opencc::contested("STCharacters", character).is_some_and(|c| c >= CONTESTED)
}

/// The characters worth a closer look, so that text without any (almost
/// all text) costs a scan instead of a traced conversion.
struct Watched {
    /// Per script written: the characters whose default choice converting
    /// from it may warn about (see [`worth_a_warning`]).
    defaults: [HashSet<char>; 2],
    /// Traditional characters whose Simplified form is contested: the
    /// contested characters themselves and every candidate they may become.
    round_trip: HashSet<char>,
}

fn watched() -> &'static Watched {
    static WATCHED: OnceLock<Watched> = OnceLock::new();
    WATCHED.get_or_init(|| {
        let defaults = |direction: Direction| -> HashSet<char> {
            Config::ALL
                .into_iter()
                .filter(|c| c.direction() == direction)
                .flat_map(|c| c.one_to_many())
                .filter(|o| o.contested >= CONTESTED && o.default_choice() != o.character)
                .flat_map(|o| o.character.chars())
                .collect()
        };
        let round_trip = Direction::ToTraditional
            .one_to_many()
            .iter()
            .filter(|o| o.dictionary == "STCharacters" && o.contested >= CONTESTED)
            .flat_map(|o| {
                o.character
                    .chars()
                    .chain(o.candidates().flat_map(str::chars))
            })
            .collect();
        Watched {
            defaults: [
                defaults(Direction::ToTraditional),
                defaults(Direction::ToSimplified),
            ],
            round_trip,
        }
    })
}

/// A default choice a reader may well see wrong: the default changed the
/// character (one that keeps it, like 了 or 向, is right far more often),
/// and the dictionary's own phrases often choose otherwise.
fn worth_a_warning(span: &nianjian_opencc::Span) -> bool {
    span.value != span.key
        && nianjian_opencc::contested(span.dictionary, &span.key).is_some_and(|c| c >= CONTESTED)
}

/// Where converting `text` (written in `from`) to the other script gave a
/// one-to-many character its dictionary default: no phrase, glossary entry
/// or `-{…}-` decided it.
pub fn default_choices(converter: &Converter, text: &str, from: Script) -> Vec<Finding> {
    let target = from.other();
    let backend = converter.backend(target);
    let watched = &watched().defaults[match from {
        Script::Hans => 0,
        Script::Hant => 1,
    }];
    let mut out = Vec::new();
    for (offset, piece) in converter.dictionary_pieces(text, target) {
        if !piece.chars().any(|c| watched.contains(&c)) {
            continue;
        }
        let Some(traced) = backend.trace(piece) else {
            return Vec::new();
        };
        for span in traced.default_choices().filter(|s| worth_a_warning(s)) {
            let source = phrase(piece, span.input.clone());
            let converted = backend.convert(source);
            let others: Vec<&str> = span.candidates().skip(1).collect();
            let key = &span.key;
            let chosen = span.value;
            out.push(Finding {
                at: offset + span.input.start,
                diagnostic: Diagnostic::warning(format!(
                    "`{key}` in {source} became `{chosen}` by the one-character default \
                     (the dictionary also has {}): no phrase decided it",
                    others.join(", ")
                ))
                .help(format!(
                    "if {converted} is right, pin it in content/glossary.yaml: `{}`; \
                     otherwise write the right characters there, or use -{{zh-Hans:…;zh-Hant:…}}-",
                    glossary_line(from, source, &converted)
                )),
            });
        }
    }
    out
}

/// Characters of authored Traditional text that do not survive a round trip
/// through Simplified: likely wrong characters (友城關系 comes back as
/// 友城關係).
pub fn round_trip(converter: &Converter, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let watched = &watched().round_trip;
    for (offset, piece) in converter.dictionary_pieces(text, Script::Hans) {
        if !piece.chars().any(|c| watched.contains(&c)) {
            continue;
        }
        let hans = converter.backend(Script::Hans).convert(piece);
        let back = converter.backend(Script::Hant).convert(&hans);
        if back.chars().count() != piece.chars().count()
            || hans.chars().count() != back.chars().count()
        {
            continue;
        }
        let chars = piece.char_indices().zip(hans.chars()).zip(back.chars());
        for (((at, written), simplified), returned) in chars {
            // Variants (鑒 鑑) and choices of a Taiwan standard (計畫) come
            // back changed too; a contested character is where a wrong one
            // hides (關系 for 關係).
            let mut buf = [0u8; 4];
            if written == returned
                || !is_han(written)
                || !is_contested(simplified.encode_utf8(&mut buf))
            {
                continue;
            }
            let range = at..at + written.len_utf8();
            let source = phrase(piece, range.clone());
            let suggested = phrase(&back, range);
            out.push(Finding {
                at: offset + at,
                diagnostic: Diagnostic::warning(format!(
                    "`{written}` in {source}: to Simplified and back it is `{returned}` \
                     ({suggested}); is `{written}` a wrong character?"
                ))
                .help(format!(
                    "if {source} is right, pin it in content/glossary.yaml: `{}`",
                    glossary_line(
                        Script::Hant,
                        source,
                        &converter.backend(Script::Hans).convert(source)
                    )
                )),
            });
        }
    }
    out
}

/// Characters of the other script inside a text written in `declared`:
/// reported (the text is shown converted to its own script).
pub fn foreign_characters(converter: &Converter, text: &str, declared: Script) -> Vec<Finding> {
    let mut out = Vec::new();
    for (offset, piece) in converter.dictionary_pieces(text, declared.other()) {
        let own = converter.backend(declared).convert(piece);
        if own.chars().count() != piece.chars().count() {
            continue;
        }
        for ((at, written), fixed) in piece.char_indices().zip(own.chars()) {
            if written == fixed || !is_han(written) {
                continue;
            }
            let source = phrase(piece, at..at + written.len_utf8());
            let script = match declared {
                Script::Hans => "Simplified",
                Script::Hant => "Traditional",
            };
            out.push(Finding {
                at: offset + at,
                diagnostic: Diagnostic::warning(format!(
                    "`{written}` in {source} is not {script}: it is shown as `{fixed}`"
                ))
                .help(format!(
                    "write `{fixed}`, or -{{{written}}}- if `{written}` is meant"
                )),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Conversion;

    fn converter() -> Converter {
        Converter::new(&Conversion::default(), &[], crate::model::Groups::none())
            .expect("default converter")
    }

    fn messages(found: &[Finding]) -> Vec<String> {
        found.iter().map(|f| f.diagnostic.message.clone()).collect()
    }

    // The system backend tells no provenance: no default-choice lint there.
    #[cfg(not(feature = "system-opencc"))]
    #[test]
    fn a_default_choice_is_found_with_its_phrase_and_pin() {
        let c = converter();
        let found = default_choices(&c, "蒙古国布尔干省", Script::Hans);
        assert_eq!(found.len(), 1, "{:?}", messages(&found));
        assert_eq!(found[0].at, "蒙古国布尔".len());
        let d = &found[0].diagnostic;
        assert!(
            d.message.contains("`干` in 布尔干省 became `幹`"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("- {zh-Hans: 布尔干省, zh-Hant: 布爾幹省}")),
            "{:?}",
            d.help
        );
        // A phrase decides 干部; nothing to report.
        assert!(default_choices(&c, "干部", Script::Hans).is_empty());
    }

    #[cfg(not(feature = "system-opencc"))]
    #[test]
    fn markup_and_glossary_silence_the_lint() {
        let c = converter();
        assert!(default_choices(&c, "-{托}-木斯克州", Script::Hans).is_empty());
        let pinned = converter()
            .with_glossary(&[crate::model::GlossaryEntry {
                hans: "托木斯克".into(),
                hant: "托木斯克".into(),
                en: None,
            }])
            .expect("glossary");
        assert!(default_choices(&pinned, "托木斯克州", Script::Hans).is_empty());
    }

    #[test]
    fn a_round_trip_finds_a_wrong_traditional_character() {
        let found = round_trip(&converter(), "友城關系");
        assert_eq!(messages(&found).len(), 1);
        assert_eq!(found[0].at, "友城關".len());
        assert!(found[0].diagnostic.message.contains("`係`"));
        assert!(round_trip(&converter(), "友城關係").is_empty());
    }

    #[test]
    fn a_traditional_character_in_simplified_text_is_reported() {
        let found = foreign_characters(&converter(), "蔡進源说", Script::Hans);
        assert_eq!(messages(&found).len(), 1);
        assert!(found[0].diagnostic.message.contains("shown as `进`"));
    }
}
