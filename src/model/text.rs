//! Human-readable text: as written (`TextMap`, language → text, with where
//! each was written) and as the editions show it (`Text`, one string per
//! edition, and `Bodies`). See docs/content-format.md, "Text maps".

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Edition, SourceLang, is_han};
use crate::source::Pos;

/// One text as written, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    /// Where the YAML scalar starts (its quote, if quoted).
    pub at: Pos,
}

/// A human-readable string as written: language → text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMap {
    values: [Option<Written>; 4],
}

fn slot(lang: SourceLang) -> usize {
    match lang {
        SourceLang::Hans => 0,
        SourceLang::Hant => 1,
        SourceLang::En => 2,
        SourceLang::Zh => 3,
    }
}

impl TextMap {
    pub fn get(&self, lang: SourceLang) -> Option<&str> {
        self.values[slot(lang)].as_ref().map(|w| w.text.as_str())
    }

    pub fn written(&self, lang: SourceLang) -> Option<&Written> {
        self.values[slot(lang)].as_ref()
    }

    pub fn set(&mut self, lang: SourceLang, text: impl Into<String>, at: Pos) {
        self.values[slot(lang)] = Some(Written {
            text: text.into(),
            at,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    /// Every text given, with its language.
    pub fn entries(&self) -> impl Iterator<Item = (SourceLang, &Written)> {
        SourceLang::ALL
            .into_iter()
            .filter_map(|l| self.written(l).map(|w| (l, w)))
    }
}

/// What a text map is written as in YAML: a plain string or a map.
enum Raw {
    Plain(String),
    Map(Vec<(String, Spanned<String>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text, or a map of language (zh-Hans, zh-Hant, en, zh) to text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Plain(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = access.next_key::<String>()? {
                    if SourceLang::from_tag(&key).is_none() {
                        return Err(de::Error::unknown_field(&key, &SourceLang::TAGS));
                    }
                    entries.push((key, access.next_value()?));
                }
                Ok(Raw::Map(entries))
            }
        }
        deserializer.deserialize_any(RawVisitor)
    }
}

fn pos(s: &serde_saphyr::Location) -> Pos {
    Pos::new(s.line() as usize, s.column() as usize)
}

impl<'de> Deserialize<'de> for TextMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Spanned::<Raw>::deserialize(deserializer)?;
        let mut map = TextMap::default();
        match raw.value {
            // A plain string is `zh` if it has Han characters, else `en`.
            Raw::Plain(v) => {
                let lang = if v.chars().any(is_han) {
                    SourceLang::Zh
                } else {
                    SourceLang::En
                };
                map.set(lang, v, pos(&raw.referenced));
            }
            Raw::Map(entries) => {
                for (key, value) in entries {
                    if let Some(lang) = SourceLang::from_tag(&key) {
                        map.set(lang, value.value, pos(&value.referenced));
                    }
                }
            }
        }
        if map.is_empty() {
            return Err(de::Error::custom(
                "empty text map: give at least one of zh-Hans, zh-Hant, en, zh",
            ));
        }
        Ok(map)
    }
}

/// How an edition's text came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Written in this language.
    Authored,
    /// Derived from the other Chinese script (or from `zh`).
    Converted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Localized {
    pub text: String,
    pub origin: Origin,
}

/// A text in every edition's script. Index with `Edition::index()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub values: [Option<Localized>; 3],
}

/// A text as one edition shows it: in its own language, or a fallback marked
/// with the language it is really in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    /// `Some` when the text is not in the edition's language.
    pub lang: Option<Edition>,
}

/// Where an edition looks when its own language is missing: English falls
/// back to Simplified then Traditional; Chinese to the other script, then English.
pub fn fallback_order(e: Edition) -> [Edition; 3] {
    match e {
        Edition::ZhHans => [Edition::ZhHans, Edition::ZhHant, Edition::En],
        Edition::ZhHant => [Edition::ZhHant, Edition::ZhHans, Edition::En],
        Edition::En => [Edition::En, Edition::ZhHans, Edition::ZhHant],
    }
}

impl Text {
    pub fn get(&self, e: Edition) -> Option<&Localized> {
        self.values[e.index()].as_ref()
    }

    pub fn show(&self, e: Edition) -> Shown<'_> {
        for candidate in fallback_order(e) {
            if let Some(l) = self.get(candidate) {
                return Shown {
                    text: &l.text,
                    lang: (candidate != e).then_some(candidate),
                };
            }
        }
        // A `Text` is never empty: `TextMap` rejects an empty map.
        Shown {
            text: "",
            lang: None,
        }
    }

    /// A text the same in every edition (slugs, numbers).
    pub fn same(text: &str) -> Text {
        let l = Some(Localized {
            text: text.to_owned(),
            origin: Origin::Authored,
        });
        Text {
            values: [l.clone(), l.clone(), l],
        }
    }
}

/// One edition's body.
#[derive(Clone, Debug)]
pub struct BodyText {
    pub markdown: String,
    pub origin: Origin,
    /// Front-matter title override, in this edition's script.
    pub title: Option<String>,
    /// The file it was written in (for converted bodies, the source).
    pub file: PathBuf,
}

/// An entity's bodies: as loaded, and per edition.
#[derive(Clone, Debug, Default)]
pub struct Bodies {
    pub raw: Vec<super::Body>,
    pub values: [Option<BodyText>; 3],
}

impl Bodies {
    pub fn get(&self, e: Edition) -> Option<&BodyText> {
        self.values[e.index()].as_ref()
    }

    /// The body an edition shows, and the edition it is really in if that is
    /// a fallback.
    pub fn show(&self, e: Edition) -> Option<(&BodyText, Option<Edition>)> {
        fallback_order(e)
            .into_iter()
            .find_map(|c| self.get(c).map(|b| (b, (c != e).then_some(c))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_language_is_guessed() {
        let t: TextMap = serde_saphyr::from_str("历城区").unwrap();
        assert_eq!(t.get(SourceLang::Zh), Some("历城区"));
        let t: TextMap = serde_saphyr::from_str("Licheng").unwrap();
        assert_eq!(t.get(SourceLang::En), Some("Licheng"));
    }

    #[test]
    fn each_text_knows_where_it_was_written() {
        let t: TextMap = serde_saphyr::from_str("zh-Hans: 历城区\nen: \"Licheng\"\n").unwrap();
        assert_eq!(t.written(SourceLang::Hans).unwrap().at, Pos::new(1, 10));
        assert_eq!(t.written(SourceLang::En).unwrap().at, Pos::new(2, 5));
    }
}
