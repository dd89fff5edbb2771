//! The content contract as Rust types (docs/content-format.md): what `load`
//! produces and every later stage reads. Entity structs are generic over
//! their text type so the same shape carries raw `TextMap`s out of `load` and
//! script-resolved `Text`s (the default) out of `normalise`.

mod date;
mod entity;
mod id;
mod text;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use date::PartialDate;
pub use entity::*;
pub use id::{Id, Kinded};
pub use text::{
    Bodies, BodyText, Localized, Origin, Shown, Text, TextMap, Written, fallback_order,
};

/// One edition of the site. The order here is the default menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Edition {
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "en")]
    En,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::ZhHans, Edition::ZhHant, Edition::En];

    /// BCP 47 tag, as written in content files and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Edition::ZhHans => "zh-Hans",
            Edition::ZhHant => "zh-Hant",
            Edition::En => "en",
        }
    }

    /// Folder name under `output/`.
    pub fn dir(self) -> &'static str {
        match self {
            Edition::ZhHans => "zh-hans",
            Edition::ZhHant => "zh-hant",
            Edition::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.tag() == tag)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A Chinese script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Script {
    Hans,
    Hant,
}

impl Script {
    pub fn edition(self) -> Edition {
        match self {
            Script::Hans => Edition::ZhHans,
            Script::Hant => Edition::ZhHant,
        }
    }
    pub fn other(self) -> Script {
        match self {
            Script::Hans => Script::Hant,
            Script::Hant => Script::Hans,
        }
    }
    /// 0 for Hans, 1 for Hant: for tables kept per script.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The language a piece of content was written in: an edition language, or
/// `zh` for Chinese in an unknown or mixed script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceLang {
    Hans,
    Hant,
    En,
    Zh,
}

impl SourceLang {
    pub const ALL: [SourceLang; 4] = [
        SourceLang::Hans,
        SourceLang::Hant,
        SourceLang::En,
        SourceLang::Zh,
    ];
    pub const TAGS: [&'static str; 4] = ["zh-Hans", "zh-Hant", "en", "zh"];

    pub fn from_tag(tag: &str) -> Option<SourceLang> {
        match tag {
            "zh-Hans" => Some(SourceLang::Hans),
            "zh-Hant" => Some(SourceLang::Hant),
            "en" => Some(SourceLang::En),
            "zh" => Some(SourceLang::Zh),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            SourceLang::Hans => "zh-Hans",
            SourceLang::Hant => "zh-Hant",
            SourceLang::En => "en",
            SourceLang::Zh => "zh",
        }
    }
}

/// True for the CJK ideographs (and their extensions and compatibility forms).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

/// The three kinds of entity, each with its own folder and pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    #[serde(rename = "cities")]
    City,
    #[serde(rename = "councils")]
    Council,
    #[serde(rename = "events")]
    Event,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::City, Kind::Council, Kind::Event];

    /// Folder name in `content/` and `output/<edition>/`.
    pub fn dir(self) -> &'static str {
        match self {
            Kind::City => "cities",
            Kind::Council => "councils",
            Kind::Event => "events",
        }
    }

    pub fn from_dir(dir: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.dir() == dir)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    City,
    District,
    County,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TieKind {
    Sister,
    Friendship,
    Partner,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Associate,
    Observer,
    Special,
    Chair,
    Coordinator,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Meeting,
    Visit,
    Signing,
    Forum,
    Award,
    Other,
}

impl EventKind {
    /// Every kind, in the order legends and tables list them.
    pub const ALL: [EventKind; 6] = [
        EventKind::Meeting,
        EventKind::Visit,
        EventKind::Signing,
        EventKind::Forum,
        EventKind::Award,
        EventKind::Other,
    ];
}

/// Lower-case name of a serde-derived unit enum value (`Level::District` → "district").
pub fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What becomes of raw HTML written in Markdown (`markdown.raw_html` in
/// yearbook.yaml; docs/content-format.md, "Raw HTML").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept where safe: prose markup stays, scripts, handlers, frames and
    /// styles go (`text::sanitise`).
    #[default]
    #[serde(alias = "sanitize")]
    Sanitise,
    /// Shown as text, tags and all.
    Escape,
    /// Passed through as written: the maintainer vouches for every author.
    Trust,
}

/// `markdown:` in yearbook.yaml.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    #[serde(default)]
    pub raw_html: RawHtml,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum HantConfig {
    #[serde(rename = "s2t")]
    S2t,
    #[serde(rename = "s2tw")]
    S2tw,
    #[serde(rename = "s2twp")]
    S2twp,
    #[serde(rename = "s2hk")]
    S2hk,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub enum HansConfig {
    #[serde(rename = "t2s")]
    T2s,
    #[serde(rename = "tw2s")]
    Tw2s,
    #[serde(rename = "tw2sp")]
    Tw2sp,
    #[serde(rename = "hk2s")]
    Hk2s,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    #[serde(rename = "zh-Hant", default = "default_hant")]
    pub hant: HantConfig,
    #[serde(rename = "zh-Hans", default = "default_hans")]
    pub hans: HansConfig,
}

fn default_hant() -> HantConfig {
    HantConfig::S2t
}
fn default_hans() -> HansConfig {
    HansConfig::T2s
}

/// The Chinese-speaking region whose usage the zh-Hant edition follows,
/// besides its characters: names and vocabulary (寮國, 資訊).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Taiwan,
    HongKong,
}

impl Conversion {
    /// The region the configuration names: the zh-Hant side's, else the
    /// zh-Hans side's source (`tw2s` reads Taiwanese text). `s2t` with
    /// `t2s` names none.
    pub fn region(&self) -> Option<Region> {
        match (self.hant, self.hans) {
            (HantConfig::S2tw | HantConfig::S2twp, _) => Some(Region::Taiwan),
            (HantConfig::S2hk, _) => Some(Region::HongKong),
            (HantConfig::S2t, HansConfig::Tw2s | HansConfig::Tw2sp) => Some(Region::Taiwan),
            (HantConfig::S2t, HansConfig::Hk2s) => Some(Region::HongKong),
            (HantConfig::S2t, HansConfig::T2s) => None,
        }
    }
}

impl Default for Conversion {
    fn default() -> Self {
        Conversion {
            hant: default_hant(),
            hans: default_hans(),
        }
    }
}
