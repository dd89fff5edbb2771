//! The content contract as Rust types: what `load` produces and every later
//! stage reads. Entity structs are generic over their text type so the same
//! shape carries raw `TextMap`s out of `load` and script-resolved `Text`s out
//! of `normalise`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// One edition of the site. The order here is the default menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Edition {
    ZhHans,
    ZhHant,
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

/// A human-readable string as written: language → text (contract §2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMap {
    pub hans: Option<String>,
    pub hant: Option<String>,
    pub en: Option<String>,
    pub zh: Option<String>,
}

impl TextMap {
    pub fn get(&self, lang: SourceLang) -> Option<&str> {
        match lang {
            SourceLang::Hans => self.hans.as_deref(),
            SourceLang::Hant => self.hant.as_deref(),
            SourceLang::En => self.en.as_deref(),
            SourceLang::Zh => self.zh.as_deref(),
        }
    }

    fn slot(&mut self, lang: SourceLang) -> &mut Option<String> {
        match lang {
            SourceLang::Hans => &mut self.hans,
            SourceLang::Hant => &mut self.hant,
            SourceLang::En => &mut self.en,
            SourceLang::Zh => &mut self.zh,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.hans.is_none() && self.hant.is_none() && self.en.is_none() && self.zh.is_none()
    }

    /// Every text given, with its language.
    pub fn entries(&self) -> impl Iterator<Item = (SourceLang, &str)> {
        [
            SourceLang::Hans,
            SourceLang::Hant,
            SourceLang::En,
            SourceLang::Zh,
        ]
        .into_iter()
        .filter_map(|l| self.get(l).map(|t| (l, t)))
    }
}

/// True for the CJK ideographs (and their extensions and compatibility forms).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

impl<'de> Deserialize<'de> for TextMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextMapVisitor;
        impl<'de> Visitor<'de> for TextMapVisitor {
            type Value = TextMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a map of language (zh-Hans, zh-Hant, en, zh) to text")
            }
            // A plain string is `zh` if it has Han characters, else `en` (contract §2).
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextMap, E> {
                let mut map = TextMap::default();
                let lang = if v.chars().any(is_han) {
                    SourceLang::Zh
                } else {
                    SourceLang::En
                };
                *map.slot(lang) = Some(v.to_owned());
                Ok(map)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<TextMap, A::Error> {
                let mut map = TextMap::default();
                while let Some(key) = access.next_key::<String>()? {
                    let lang = SourceLang::from_tag(&key)
                        .ok_or_else(|| de::Error::unknown_field(&key, &SourceLang::TAGS))?;
                    let value: String = access.next_value()?;
                    *map.slot(lang) = Some(value);
                }
                if map.is_empty() {
                    return Err(de::Error::custom(
                        "empty text map: give at least one of zh-Hans, zh-Hant, en, zh",
                    ));
                }
                Ok(map)
            }
        }
        deserializer.deserialize_any(TextMapVisitor)
    }
}

/// A year, a year and month, or a full date: `2007`, `2007-05`, `2007-05-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.split('-');
        let year_s = parts.next()?;
        if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_s.parse().ok()?;
        let two = |p: Option<&str>| -> Option<Option<u8>> {
            match p {
                None => Some(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().ok().map(Some)
                }
                Some(_) => None,
            }
        };
        let month = two(parts.next())?;
        let day = two(parts.next())?;
        if parts.next().is_some() {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let max = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if d == 0 || d > max {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a year (2007) or a date (2007-05-12)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PartialDate, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid date `{v}`: write a year (2007) or a date as YYYY-MM-DD (2007-05-12)"
                    ))
                })
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A reference to another entity by slug, with where it was written.
pub type Ref = Spanned<String>;

/// The three kinds of entity, each with its own folder and pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    City,
    Council,
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

/// Lower-case name of a serde-derived unit enum value (`Level::District` → "district").
pub fn enum_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
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

impl Default for Conversion {
    fn default() -> Self {
        Conversion {
            hant: default_hant(),
            hans: default_hans(),
        }
    }
}

/// `content/yearbook.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Yearbook<T> {
    pub title: T,
    #[serde(default)]
    pub subtitle: Option<T>,
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub conversion: Conversion,
}

fn default_theme() -> String {
    "default".to_owned()
}

/// `content/glossary.yaml`: one pinned term in each script (and optionally English).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    #[serde(rename = "zh-Hans")]
    pub hans: String,
    #[serde(rename = "zh-Hant")]
    pub hant: String,
    #[serde(default)]
    pub en: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tie {
    pub city: Ref,
    pub kind: TieKind,
    #[serde(default)]
    pub since: Option<PartialDate>,
    #[serde(default)]
    pub event: Option<Ref>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct City<T> {
    pub name: T,
    #[serde(default)]
    pub native: BTreeMap<String, String>,
    pub country: Spanned<String>,
    pub level: Level,
    #[serde(default)]
    pub parent: Option<Ref>,
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub ties: Vec<Tie>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    pub city: Ref,
    #[serde(default = "default_role")]
    pub role: Role,
    #[serde(default)]
    pub since: Option<PartialDate>,
    #[serde(default)]
    pub until: Option<PartialDate>,
}

fn default_role() -> Role {
    Role::Member
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Council<T> {
    pub name: T,
    #[serde(default)]
    pub short: Option<T>,
    #[serde(default)]
    pub parent: Option<Ref>,
    #[serde(default)]
    pub founded: Option<PartialDate>,
    #[serde(default)]
    pub seat: Option<Ref>,
    #[serde(default)]
    pub focus: Option<T>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub members: Vec<Membership>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Event<T> {
    pub title: T,
    pub kind: EventKind,
    pub date: Spanned<PartialDate>,
    #[serde(default)]
    pub end: Option<Spanned<PartialDate>>,
    #[serde(default)]
    pub city: Option<Ref>,
    #[serde(default)]
    pub venue: Option<T>,
    #[serde(default)]
    pub councils: Vec<Ref>,
    #[serde(default)]
    pub hosts: Vec<Ref>,
    #[serde(default)]
    pub participants: Vec<Ref>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// Front matter of a body file (contract §4).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub translated_from: Option<String>,
    #[serde(default)]
    pub source_digest: Option<String>,
}

/// A Markdown body file as loaded.
#[derive(Clone, Debug)]
pub struct Body {
    pub lang: SourceLang,
    /// Path relative to the site root.
    pub file: PathBuf,
    pub front: FrontMatter,
    pub markdown: String,
    /// 1-based line in `file` where `markdown` starts (after front matter).
    pub first_line: usize,
}

/// One entity: its slug, its YAML file, its data, and its bodies.
#[derive(Clone, Debug)]
pub struct Entity<D, B = Vec<Body>> {
    pub slug: String,
    /// YAML file, relative to the site root.
    pub file: PathBuf,
    pub data: D,
    pub bodies: B,
}

/// Everything `load` read from `content/`.
#[derive(Clone, Debug)]
pub struct Content<T = TextMap, B = Vec<Body>> {
    pub yearbook: Yearbook<T>,
    /// `content/yearbook.yaml`, relative to the root, for diagnostics.
    pub yearbook_file: PathBuf,
    pub editions: Vec<Edition>,
    pub countries: BTreeMap<String, T>,
    pub glossary: Vec<GlossaryEntry>,
    pub cities: Vec<Entity<City<T>, B>>,
    pub councils: Vec<Entity<Council<T>, B>>,
    pub events: Vec<Entity<Event<T>, B>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(PartialDate::parse("2007").unwrap().to_string(), "2007");
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(PartialDate::parse("2023-02-29").is_none());
        assert!(PartialDate::parse("2024-13-01").is_none());
        assert!(PartialDate::parse("24-01-01").is_none());
        assert!(PartialDate::parse("2024-1-1").is_none());
    }

    #[test]
    fn plain_text_language_is_guessed() {
        let t: TextMap = serde_saphyr::from_str("历城区").unwrap();
        assert_eq!(t.zh.as_deref(), Some("历城区"));
        let t: TextMap = serde_saphyr::from_str("Licheng").unwrap();
        assert_eq!(t.en.as_deref(), Some("Licheng"));
    }
}
