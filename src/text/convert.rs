//! Script conversion: an OpenCC backend behind one small trait, with the
//! glossary and `-{…}-` protection markup layered on top.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::groups::{self, Way};
use crate::model::{
    Conversion, Edition, GlossaryEntry, Groups, HansConfig, HantConfig, Region, Script,
};

/// One OpenCC configuration, ready to convert. Built once, shared by threads.
pub trait Backend: Send + Sync {
    fn convert(&self, text: &str) -> String;

    /// Appends the conversion of `text` to `out`.
    fn convert_into(&self, text: &str, out: &mut String) {
        out.push_str(&self.convert(text));
    }

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

        fn convert_into(&self, text: &str, out: &mut String) {
            Converter::convert_into(self, text, out)
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

/// Converts between the scripts with the site's configuration, glossary
/// and conversion groups.
pub struct Converter {
    to_hant: Box<dyn Backend>,
    to_hans: Box<dyn Backend>,
    groups: Groups,
    region: Option<Region>,
    glossary: Glossary,
}

/// The terms that take precedence over the dictionaries: the yearbook's
/// glossary and names first, then the words the groups keep, then the
/// groups. One leftmost-longest matcher per target script over every form
/// of every term that converts into it; among equal forms the first added
/// wins.
struct Glossary {
    /// Indexed by [`Script::index`].
    into: [Terms; 2],
    /// (zh-Hans, zh-Hant) of each entry.
    entries: Vec<(String, String)>,
}

/// The forms read when converting into one script.
#[derive(Default)]
struct Terms {
    matcher: Option<AhoCorasick>,
    /// What each pattern writes: an entry of `entries`, or `None` for a
    /// kept word (the dictionaries convert it).
    targets: Vec<Option<usize>>,
}

#[derive(Default)]
struct TermsBuilder {
    patterns: Vec<String>,
    targets: Vec<Option<usize>>,
    seen: std::collections::HashSet<String>,
}

impl TermsBuilder {
    fn pattern(&mut self, form: &str, target: Option<usize>) {
        // An empty term would match between every two bytes (load reports
        // it as an error; it must never reach the matcher).
        if !form.is_empty() && self.seen.insert(form.to_owned()) {
            self.patterns.push(form.to_owned());
            self.targets.push(target);
        }
    }

    fn build(self) -> Result<Terms, String> {
        let matcher = if self.patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&self.patterns)
                    .map_err(|e| format!("cannot build the glossary matcher: {e}"))?,
            )
        };
        Ok(Terms {
            matcher,
            targets: self.targets,
        })
    }
}

#[derive(Default)]
struct GlossaryBuilder {
    into: [TermsBuilder; 2],
    entries: Vec<(String, String)>,
}

const BOTH: &[Script] = &[Script::Hans, Script::Hant];

impl GlossaryBuilder {
    /// An entry read in any of `forms` (its own two included) when text
    /// is converted into one of `into`.
    fn entry<'f>(
        &mut self,
        (hans, hant): (&'f str, &'f str),
        forms: impl IntoIterator<Item = &'f str>,
        into: &[Script],
    ) {
        let index = self.entries.len();
        self.entries.push((hans.to_owned(), hant.to_owned()));
        for form in [hans, hant].into_iter().chain(forms) {
            for s in into {
                self.into[s.index()].pattern(form, Some(index));
            }
        }
    }

    /// A word left to the dictionaries, in both directions.
    fn kept(&mut self, form: &str) {
        for s in BOTH {
            self.into[s.index()].pattern(form, None);
        }
    }

    fn build(self) -> Result<Glossary, String> {
        let [hans, hant] = self.into;
        Ok(Glossary {
            into: [hans.build()?, hant.build()?],
            entries: self.entries,
        })
    }
}

impl Converter {
    /// A converter for `conversion` with the yearbook's `glossary` (its
    /// names included) and the built-in `groups` it leaves on.
    pub fn new(
        conversion: &Conversion,
        glossary: &[GlossaryEntry],
        groups: Groups,
    ) -> Result<Converter, String> {
        let mut cc = Converter {
            to_hant: hant_backend(conversion.hant)?,
            to_hans: hans_backend(conversion.hans)?,
            groups,
            region: conversion.region(),
            glossary: GlossaryBuilder::default().build()?,
        };
        cc.glossary = cc.glossary(glossary)?;
        Ok(cc)
    }

    /// The same dictionaries and groups with another glossary
    /// (dictionaries take far longer to load than a glossary to build).
    pub fn with_glossary(self, glossary: &[GlossaryEntry]) -> Result<Converter, String> {
        let glossary = self.glossary(glossary)?;
        Ok(Converter { glossary, ..self })
    }

    fn glossary(&self, glossary: &[GlossaryEntry]) -> Result<Glossary, String> {
        let mut b = GlossaryBuilder::default();
        // An entry missing a term was reported at load; half of it would
        // write nothing.
        for g in glossary
            .iter()
            .filter(|g| !g.hans.is_empty() && !g.hant.is_empty())
        {
            b.entry((&g.hans, &g.hant), [], BOTH);
        }
        let terms = groups::terms(self.groups, self.region);
        if terms.is_empty() {
            return b.build();
        }
        for word in groups::kept() {
            b.kept(word);
            b.kept(&self.to_hans.convert(word));
            b.kept(&self.to_hant.convert(word));
        }
        for t in terms {
            let hans = self.to_hans.convert(t.mainland);
            let mainland_hant = self.to_hant.convert(&hans);
            // What the dictionaries already write needs no pin.
            let into_hant_done = mainland_hant == t.regional;
            let into_hans_done = self.to_hans.convert(t.regional) == hans;
            let regional = (hans.as_str(), t.regional);
            match t.way {
                Way::Both if into_hant_done && into_hans_done && t.other.is_none() => {}
                Way::Both => b.entry(
                    regional,
                    [t.mainland, mainland_hant.as_str()]
                        .into_iter()
                        .chain(t.other),
                    BOTH,
                ),
                Way::ToRegional if into_hant_done => {}
                Way::ToRegional => b.entry(regional, [t.mainland], &[Script::Hant]),
                Way::ToMainland if into_hans_done => {}
                Way::ToMainland => b.entry(regional, [], &[Script::Hans]),
            }
        }
        b.build()
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
    pub fn dictionary_pieces<'t>(&self, text: &'t str, target: Script) -> Vec<(usize, &'t str)> {
        let terms = &self.glossary.into[target.index()];
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
            if let Some(matcher) = &terms.matcher {
                for hit in matcher.find_iter(plain) {
                    // A kept word is the dictionaries' to convert.
                    if self.target(terms, hit.pattern().as_usize()).is_none() {
                        continue;
                    }
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

    /// The entry pattern `i` of `terms` writes; `None` for a kept word.
    fn target(&self, terms: &Terms, i: usize) -> Option<&(String, String)> {
        let entry = (*terms.targets.get(i)?)?;
        self.glossary.entries.get(entry)
    }

    fn convert_plain(&self, text: &str, target: Script, out: &mut String) {
        let backend = self.backend(target);
        let terms = &self.glossary.into[target.index()];
        fn pick(entry: &(String, String), target: Script) -> &str {
            match target {
                Script::Hans => &entry.0,
                Script::Hant => &entry.1,
            }
        }
        // Kept words are the dictionaries' (no pin).
        let pins: Vec<(std::ops::Range<usize>, &str)> = match &terms.matcher {
            Some(matcher) => matcher
                .find_iter(text)
                .filter_map(|m| {
                    Some((
                        m.range(),
                        pick(self.target(terms, m.pattern().as_usize())?, target),
                    ))
                })
                .collect(),
            None => Vec::new(),
        };
        if pins.is_empty() {
            backend.convert_into(text, out);
            return;
        }
        // The dictionaries see the whole text, so a phrase reaching past a
        // pin still decides its own characters (意大利面 → 義大利麪 with
        // 意大利 pinned as 義大利, where 面 alone would stay 面). When the
        // conversion keeps one character for one, the pins replace theirs.
        let whole = backend.convert(text);
        if whole.chars().count() == text.chars().count() {
            let mut pins = pins.into_iter().peekable();
            for ((at, _), converted) in text.char_indices().zip(whole.chars()) {
                while pins.next_if(|(range, _)| range.end <= at).is_some() {}
                match pins.peek() {
                    Some((range, pin)) if range.contains(&at) => {
                        if range.start == at {
                            out.push_str(pin);
                        }
                    }
                    _ => out.push(converted),
                }
            }
            return;
        }
        // Otherwise (算法 → 演算法) the pieces between pins are converted
        // on their own. Matches of non-empty UTF-8 terms start and end on
        // character boundaries; `get` keeps that an invariant, not a panic.
        let mut last = 0;
        for (range, pin) in pins {
            let Some(before) = text.get(last..range.start) else {
                continue;
            };
            if !before.is_empty() {
                backend.convert_into(before, out);
            }
            out.push_str(pin);
            last = range.end;
        }
        if let Some(rest) = text.get(last..).filter(|r| !r.is_empty()) {
            backend.convert_into(rest, out);
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
        Converter::new(&Conversion::default(), &g, Groups::none()).unwrap()
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
    fn a_pin_leaves_the_phrase_around_it_to_the_dictionary() {
        let c = converter(&[("意大利", "義大利")]);
        assert_eq!(c.convert("意大利面", Script::Hant).unwrap(), "義大利麪");
        assert_eq!(
            c.convert("在意大利面馆和意大利菜", Script::Hant).unwrap(),
            "在義大利麪館和義大利菜"
        );
    }

    #[test]
    fn groups_follow_the_region_and_keep_their_exceptions() {
        let tw = Conversion {
            hant: HantConfig::S2tw,
            hans: HansConfig::Tw2s,
        };
        let c = Converter::new(&tw, &[], Groups::default()).unwrap();
        let hant = |t: &str| c.convert(t, Script::Hant).unwrap();
        let hans = |t: &str| c.convert(t, Script::Hans).unwrap();
        assert_eq!(hant("韩国和老挝的信息"), "南韓和寮國的資訊");
        assert_eq!(hans("南韓與寮國的資訊"), "韩国与老挝的信息");
        // The mainland's name written in Traditional, Hong Kong's name.
        assert_eq!(hant("韓國與老撾"), "南韓與寮國");
        // Kept: the peninsula is not North Korea, 執行 not 運行.
        assert_eq!(hant("朝鲜半岛"), "朝鮮半島");
        assert_eq!(hans("執行委員會"), "执行委员会");
        // Each table in its own direction: 新增 stays in zh-Hans.
        assert_eq!(hans("新增8對友城"), "新增8对友城");
        // The glossary (and the names) come first.
        let pinned = Converter::new(
            &tw,
            &[GlossaryEntry {
                hans: "韩国".into(),
                hant: "韓國".into(),
                en: None,
            }],
            Groups::default(),
        )
        .unwrap();
        assert_eq!(pinned.convert("韩国", Script::Hant).unwrap(), "韓國");
        // Off, or without a region: the dictionaries alone.
        let off = Converter::new(&tw, &[], Groups::none()).unwrap();
        assert_eq!(
            off.convert("韩国的信息", Script::Hant).unwrap(),
            "韓國的信息"
        );
        let s2t = Converter::new(&Conversion::default(), &[], Groups::default()).unwrap();
        assert_eq!(s2t.convert("韩国", Script::Hant).unwrap(), "韓國");
    }

    #[test]
    fn glossary_wins_longest_first() {
        let c = converter(&[("乌兰巴托", "烏蘭巴托"), ("乌兰", "X")]);
        assert_eq!(c.convert("乌兰巴托市", Script::Hant).unwrap(), "烏蘭巴托市");
        assert_eq!(c.convert("烏蘭巴托市", Script::Hans).unwrap(), "乌兰巴托市");
    }
}
