//! Script conversion: an OpenCC backend behind one small trait, with the
//! glossary and `-{…}-` protection markup layered on top.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::model::{Conversion, Edition, GlossaryEntry, HansConfig, HantConfig, Script};

/// One OpenCC configuration, ready to convert. Built once, shared by threads.
pub trait Backend: Send + Sync {
    fn convert(&self, text: &str) -> String;

    /// The conversion with how each part was made (stage, dictionary key,
    /// whether a one-to-many character got its default), for the conversion
    /// lint; `None` when the backend cannot tell.
    fn trace(&self, _text: &str) -> Option<nianjian_opencc::Traced> {
        None
    }
}

#[cfg(not(feature = "system-opencc"))]
mod backend {
    use super::Backend;
    use crate::model::{HansConfig, HantConfig};
    use nianjian_opencc::{Config, Converter, Traced};

    impl Backend for Converter {
        fn convert(&self, text: &str) -> String {
            Converter::convert(self, text)
        }

        fn trace(&self, text: &str) -> Option<Traced> {
            Some(Converter::trace(self, text))
        }
    }

    fn build(config: Config) -> Result<Box<dyn Backend>, String> {
        Converter::new(config)
            .map(|cc| Box::new(cc) as Box<dyn Backend>)
            .map_err(|e| e.to_string())
    }

    pub fn to_hant(config: HantConfig) -> Result<Box<dyn Backend>, String> {
        build(match config {
            HantConfig::S2t => Config::S2t,
            HantConfig::S2tw => Config::S2tw,
            HantConfig::S2twp => Config::S2twp,
            HantConfig::S2hk => Config::S2hk,
        })
    }

    pub fn to_hans(config: HansConfig) -> Result<Box<dyn Backend>, String> {
        build(match config {
            HansConfig::T2s => Config::T2s,
            HansConfig::Tw2s => Config::Tw2s,
            HansConfig::Tw2sp => Config::Tw2sp,
            HansConfig::Hk2s => Config::Hk2s,
        })
    }

    pub const NAME: &str = "nianjian-opencc";
}

#[cfg(feature = "system-opencc")]
mod backend {
    use super::Backend;
    use crate::model::{HansConfig, HantConfig};
    use opencc_rust::{DefaultConfig, OpenCC};

    /// The C library is thread-safe for conversion, but the binding does not
    /// say so; a mutex keeps that promise ours.
    struct System(std::sync::Mutex<OpenCC>);

    impl Backend for System {
        fn convert(&self, text: &str) -> String {
            match self.0.lock() {
                Ok(cc) => cc.convert(text),
                Err(poisoned) => poisoned.into_inner().convert(text),
            }
        }
    }

    fn build(config: DefaultConfig) -> Result<Box<dyn Backend>, String> {
        OpenCC::new(config)
            .map(|cc| Box::new(System(std::sync::Mutex::new(cc))) as Box<dyn Backend>)
            .map_err(|e| format!("cannot load the system OpenCC configuration: {e}"))
    }

    pub fn to_hant(config: HantConfig) -> Result<Box<dyn Backend>, String> {
        build(match config {
            HantConfig::S2t => DefaultConfig::S2T,
            HantConfig::S2tw => DefaultConfig::S2TW,
            HantConfig::S2twp => DefaultConfig::S2TWP,
            HantConfig::S2hk => DefaultConfig::S2HK,
        })
    }

    pub fn to_hans(config: HansConfig) -> Result<Box<dyn Backend>, String> {
        build(match config {
            HansConfig::T2s => DefaultConfig::T2S,
            HansConfig::Tw2s => DefaultConfig::TW2S,
            HansConfig::Tw2sp => DefaultConfig::TW2SP,
            HansConfig::Hk2s => DefaultConfig::HK2S,
        })
    }

    pub const NAME: &str = "system OpenCC (libopencc)";
}

pub use backend::NAME as BACKEND_NAME;

pub fn hant_backend(config: HantConfig) -> Result<Box<dyn Backend>, String> {
    backend::to_hant(config)
}

pub fn hans_backend(config: HansConfig) -> Result<Box<dyn Backend>, String> {
    backend::to_hans(config)
}

/// A piece of text after `-{…}-` markup is read.
#[derive(Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Ordinary text, converted.
    Plain(&'a str),
    /// `-{text}-`: kept exactly as written in every script.
    Protected(&'a str),
    /// `-{zh-Hans:简体;zh-Hant:繁體}-`: each script its own text.
    PerScript { hans: &'a str, hant: &'a str },
}

/// An unclosed `-{`, at this byte offset.
#[derive(Debug, PartialEq, Eq)]
pub struct UnclosedMarkup(pub usize);

/// Splits text into plain and protected segments. (Every cut is next to
/// an ASCII `-{` or `}-`, so on a character boundary.)
pub fn segments(text: &str) -> Result<Vec<Segment<'_>>, UnclosedMarkup> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    while let Some((before, after)) = rest.split_once("-{") {
        let Some((inner, tail)) = after.split_once("}-") else {
            return Err(UnclosedMarkup(consumed + before.len()));
        };
        if !before.is_empty() {
            out.push(Segment::Plain(before));
        }
        out.push(parse_protected(inner));
        consumed += rest.len() - tail.len();
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(Segment::Plain(rest));
    }
    Ok(out)
}

fn parse_protected(inner: &str) -> Segment<'_> {
    let mut hans = None;
    let mut hant = None;
    for part in inner.split(';') {
        match part.trim_start().split_once(':') {
            Some(("zh-Hans", t)) => hans = Some(t),
            Some(("zh-Hant", t)) => hant = Some(t),
            _ => return Segment::Protected(inner),
        }
    }
    match (hans, hant) {
        (Some(hans), Some(hant)) => Segment::PerScript { hans, hant },
        (Some(one), None) | (None, Some(one)) => Segment::PerScript {
            hans: one,
            hant: one,
        },
        (None, None) => Segment::Protected(inner),
    }
}

/// Removes `-{…}-` markers without converting: the text as written.
pub fn strip_markup(text: &str, script: Script) -> String {
    match segments(text) {
        Ok(segs) => segs
            .into_iter()
            .map(|s| match s {
                Segment::Plain(t) | Segment::Protected(t) => t,
                Segment::PerScript { hans, hant } => match script {
                    Script::Hans => hans,
                    Script::Hant => hant,
                },
            })
            .collect(),
        Err(_) => text.to_owned(),
    }
}

/// Converts between the scripts with the site's configuration and glossary.
pub struct Converter {
    to_hant: Box<dyn Backend>,
    to_hans: Box<dyn Backend>,
    glossary: Glossary,
}

struct Glossary {
    /// Patterns are every entry's Hans and Hant forms; pattern `i` belongs to
    /// entry `i / 2`.
    matcher: Option<AhoCorasick>,
    entries: Vec<(String, String)>,
}

impl Glossary {
    fn new(glossary: &[GlossaryEntry]) -> Result<Glossary, String> {
        // An empty term would match between every two bytes (load reports
        // it as an error; it must never reach the matcher).
        let entries: Vec<(String, String)> = glossary
            .iter()
            .filter(|g| !g.hans.is_empty() && !g.hant.is_empty())
            .map(|g| (g.hans.clone(), g.hant.clone()))
            .collect();
        let patterns: Vec<&str> = entries
            .iter()
            .flat_map(|(s, t)| [s.as_str(), t.as_str()])
            .collect();
        let matcher = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .map_err(|e| format!("cannot build the glossary matcher: {e}"))?,
            )
        };
        Ok(Glossary { matcher, entries })
    }
}

impl Converter {
    pub fn new(conversion: &Conversion, glossary: &[GlossaryEntry]) -> Result<Converter, String> {
        Ok(Converter {
            to_hant: hant_backend(conversion.hant)?,
            to_hans: hans_backend(conversion.hans)?,
            glossary: Glossary::new(glossary)?,
        })
    }

    /// The same dictionaries with another glossary (dictionaries take far
    /// longer to load than a glossary to build).
    pub fn with_glossary(self, glossary: &[GlossaryEntry]) -> Result<Converter, String> {
        Ok(Converter {
            glossary: Glossary::new(glossary)?,
            ..self
        })
    }

    /// The bare dictionary conversion, without glossary or markup.
    pub fn backend(&self, target: Script) -> &dyn Backend {
        match target {
            Script::Hans => self.to_hans.as_ref(),
            Script::Hant => self.to_hant.as_ref(),
        }
    }

    /// Converts `text` into `target`, honouring `-{…}-` and the glossary.
    pub fn convert(&self, text: &str, target: Script) -> Result<String, UnclosedMarkup> {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        for seg in segments(text)? {
            match seg {
                Segment::Plain(t) => self.convert_plain(t, target, &mut out),
                Segment::Protected(t) => out.push_str(t),
                Segment::PerScript { hans, hant } => out.push_str(match target {
                    Script::Hans => hans,
                    Script::Hant => hant,
                }),
            }
        }
        Ok(out)
    }

    /// The pieces of `text` the dictionaries convert, with their byte
    /// offsets: everything outside `-{…}-` markup and glossary terms (which
    /// includes the names pinned by their entities). The conversion lint
    /// reads how these were converted.
    pub fn dictionary_pieces<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        let Ok(segs) = segments(text) else {
            return Vec::new();
        };
        let base = text.as_ptr() as usize;
        let mut out = Vec::new();
        for seg in segs {
            let Segment::Plain(plain) = seg else {
                continue;
            };
            // `segments` returns slices of `text`.
            let start = plain.as_ptr() as usize - base;
            let mut last = 0;
            if let Some(matcher) = &self.glossary.matcher {
                for hit in matcher.find_iter(plain) {
                    if let Some(before) = plain.get(last..hit.start()).filter(|b| !b.is_empty()) {
                        out.push((start + last, before));
                    }
                    last = hit.end();
                }
            }
            if let Some(rest) = plain.get(last..).filter(|r| !r.is_empty()) {
                out.push((start + last, rest));
            }
        }
        out
    }

    fn convert_plain(&self, text: &str, target: Script, out: &mut String) {
        let backend = self.backend(target);
        let Some(matcher) = &self.glossary.matcher else {
            out.push_str(&backend.convert(text));
            return;
        };
        // Matches of non-empty UTF-8 terms start and end on character
        // boundaries; `get` keeps that an invariant, not a panic.
        let mut last = 0;
        for m in matcher.find_iter(text) {
            let (Some(before), Some((hans, hant))) = (
                text.get(last..m.start()),
                self.glossary.entries.get(m.pattern().as_usize() / 2),
            ) else {
                continue;
            };
            if !before.is_empty() {
                out.push_str(&backend.convert(before));
            }
            out.push_str(match target {
                Script::Hans => hans,
                Script::Hant => hant,
            });
            last = m.end();
        }
        if let Some(rest) = text.get(last..).filter(|r| !r.is_empty()) {
            out.push_str(&backend.convert(rest));
        }
    }
}

/// The language tag of Chinese quoted in text of another language (a name
/// in English prose, "as the report writes it"): `zh-Hant` when it has
/// Traditional characters and no Simplified ones, else `zh-Hans`. Judged by
/// the upstream character tables alone, whatever the yearbook configures:
/// only the script is asked, not how to convert it.
pub fn chinese_tag(run: &str) -> &'static str {
    use nianjian_opencc::{Config, Converter as Tables};
    static TABLES: OnceLock<Option<(Tables, Tables)>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        Some((
            Tables::new(Config::S2t).ok()?,
            Tables::new(Config::T2s).ok()?,
        ))
    });
    let Some((to_hant, to_hans)) = tables else {
        return Edition::ZhHans.tag();
    };
    let changed = |t: &Tables| t.convert(run) != run;
    if changed(to_hans) && !changed(to_hant) {
        Edition::ZhHant.tag()
    } else {
        Edition::ZhHans.tag()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converter(glossary: &[(&str, &str)]) -> Converter {
        let g: Vec<GlossaryEntry> = glossary
            .iter()
            .map(|(s, t)| GlossaryEntry {
                hans: s.to_string(),
                hant: t.to_string(),
                en: None,
            })
            .collect();
        Converter::new(&Conversion::default(), &g).unwrap()
    }

    #[test]
    fn converts_both_ways() {
        let c = converter(&[]);
        assert_eq!(
            c.convert("东北亚地区地方政府联合会", Script::Hant).unwrap(),
            "東北亞地區地方政府聯合會"
        );
        assert_eq!(
            c.convert("國際友好城市大會", Script::Hans).unwrap(),
            "国际友好城市大会"
        );
    }

    #[test]
    fn protection_markup() {
        let c = converter(&[]);
        assert_eq!(c.convert("-{东北}-亚", Script::Hant).unwrap(), "东北亞");
        assert_eq!(
            c.convert("在-{zh-Hans:韩国;zh-Hant:南韓}-首尔", Script::Hant)
                .unwrap(),
            "在南韓首爾"
        );
        assert_eq!(
            c.convert("在-{zh-Hans:韩国;zh-Hant:南韓}-首尔", Script::Hans)
                .unwrap(),
            "在韩国首尔"
        );
        assert_eq!(c.convert("a -{b", Script::Hans), Err(UnclosedMarkup(2)));
    }

    #[test]
    fn an_empty_glossary_term_is_never_matched() {
        let c = converter(&[("", "x"), ("乌兰巴托", "烏蘭巴托")]);
        assert_eq!(
            c.convert("东北亚乌兰巴托", Script::Hant).unwrap(),
            "東北亞烏蘭巴托"
        );
    }

    #[test]
    fn glossary_wins_longest_first() {
        let c = converter(&[("乌兰巴托", "烏蘭巴托"), ("乌兰", "X")]);
        assert_eq!(c.convert("乌兰巴托市", Script::Hant).unwrap(), "烏蘭巴托市");
        assert_eq!(c.convert("烏蘭巴托市", Script::Hans).unwrap(), "乌兰巴托市");
    }
}
