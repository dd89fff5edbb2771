//! One struct per content file kind (docs/content-format.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{
    Bodies, Conversion, Edition, EventKind, Kind, Level, MarkdownOptions, PartialDate, Role,
    SourceLang, Text, TextMap, TieKind,
};
use crate::source::Pos;

/// A reference to another entity by slug, with where it was written.
pub type Ref = Spanned<String>;

/// Where a spanned value was written.
pub fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as usize, s.referenced.column() as usize)
}

/// `content/yearbook.yaml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Yearbook<T = Text> {
    pub title: T,
    #[serde(default)]
    pub subtitle: Option<T>,
    pub languages: Vec<Spanned<String>>,
    /// Absolute URL of the output folder, ending in `/` (checked by load).
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    /// A folder name under `themes/` (checked by load); `None` for the
    /// built-in default.
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub conversion: Conversion,
    /// Also make the print edition, one PDF per edition (docs/print.md).
    #[serde(default)]
    pub pdf: bool,
    #[serde(default)]
    pub markdown: MarkdownOptions,
}

impl<T> Yearbook<T> {
    /// The theme's folder name under `themes/`.
    pub fn theme_name(&self) -> &str {
        self.theme.as_ref().map_or("default", |t| t.value.as_str())
    }
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

/// `groups:` in `content/glossary.yaml`: which built-in conversion groups
/// apply (docs/content-format.md, "Conversion groups"). Both are on unless
/// turned off.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// Every ISO 3166 country's name in the variant of each edition.
    #[serde(default = "on")]
    pub countries: bool,
    /// The regional vocabulary of OpenCC's phrase tables (信息/資訊).
    #[serde(default = "on")]
    pub vocabulary: bool,
}

fn on() -> bool {
    true
}

impl Groups {
    /// Every group off: the dictionaries and the glossary alone.
    pub fn none() -> Groups {
        Groups {
            countries: false,
            vocabulary: false,
        }
    }
}

impl Default for Groups {
    fn default() -> Self {
        Groups {
            countries: true,
            vocabulary: true,
        }
    }
}

/// Degrees: latitude within ±90, longitude within ±180, both finite.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(try_from = "LocationAsWritten")]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocationAsWritten {
    lat: f64,
    lon: f64,
}

impl TryFrom<LocationAsWritten> for Location {
    type Error = String;
    fn try_from(l: LocationAsWritten) -> Result<Location, String> {
        for (name, value, max) in [("lat", l.lat, 90.0), ("lon", l.lon, 180.0)] {
            if !value.is_finite() || value.abs() > max {
                return Err(format!(
                    "location `{name}` is {value}: write degrees between -{max} and {max}"
                ));
            }
        }
        Ok(Location {
            lat: l.lat,
            lon: l.lon,
        })
    }
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
pub struct City<T = Text> {
    pub name: T,
    #[serde(default)]
    pub native: BTreeMap<String, String>,
    pub country: Spanned<String>,
    pub level: Level,
    /// What the government is, in words, where the level alone misleads:
    /// `{zh-Hans: 直辖市, en: municipality}` beside `level: province`.
    #[serde(default, rename = "type")]
    pub type_name: Option<T>,
    #[serde(default)]
    pub parent: Option<Ref>,
    #[serde(default)]
    pub location: Option<Location>,
    /// An absolute http(s) URL (checked by load).
    #[serde(default)]
    pub website: Option<Spanned<String>>,
    /// Other names, each a text like the name (a plain string is `zh` or
    /// `en` by its characters).
    #[serde(default)]
    pub aliases: Vec<T>,
    /// A Wikidata item (`Q…`): linked data `sameAs`.
    #[serde(default)]
    pub wikidata: Option<Spanned<String>>,
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
pub struct Council<T = Text> {
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
    pub website: Option<Spanned<String>>,
    #[serde(default)]
    pub members: Vec<Membership>,
    /// A Wikidata item (`Q…`): linked data `sameAs`.
    #[serde(default)]
    pub wikidata: Option<Spanned<String>>,
}

/// A cited source. Its title and publisher are texts like any other: a
/// plain string in the language it was published in (converted into the
/// other script, shown marked with its language in the English edition), or
/// a map with a translation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Source<T = Text> {
    pub title: T,
    #[serde(default)]
    pub publisher: Option<T>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    #[serde(default)]
    pub date: Option<PartialDate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "T: Deserialize<'de>"))]
pub struct Event<T = Text> {
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
    pub sources: Vec<Source<T>>,
    /// A Wikidata item (`Q…`): linked data `sameAs`.
    #[serde(default)]
    pub wikidata: Option<Spanned<String>>,
}

/// Front matter of a body file (docs/content-format.md, "Body files").
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub translated_from: Option<Spanned<String>>,
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
    /// Where `markdown` starts in `file` (after the front matter).
    pub start: Pos,
    /// What the one parse of `markdown` found (docs/design.md, "Text services").
    pub outline: Outline,
}

/// The structure of a Markdown body that later stages need, found by one
/// parse at load: where code is (never cleaned or converted) and every link
/// to an entity, with where it was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Byte ranges never cleaned or converted, in order: code spans and
    /// blocks, link and image destinations, bare URLs in text.
    pub verbatim: Vec<std::ops::Range<usize>>,
    /// Links whose destination starts with `@`.
    pub links: Vec<BodyLink>,
    /// Every other link and image destination (autolinks too), for the URL
    /// policy (`text::url`).
    pub urls: Vec<BodyLink>,
    /// Raw HTML as written (`dest` holds the fragment), for `markdown.raw_html`.
    pub raw_html: Vec<BodyLink>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyLink {
    /// As written: `@cities/jinan`.
    pub dest: String,
    /// Byte offset of the link in the Markdown.
    pub offset: usize,
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
    /// Names given in both scripts, which convert like glossary terms
    /// (`normalise::name_pins`, found before the texts are converted).
    pub pins: Vec<GlossaryEntry>,
    /// The built-in conversion groups the glossary leaves on.
    pub groups: Groups,
    pub cities: Vec<Entity<City<T>, B>>,
    pub councils: Vec<Entity<Council<T>, B>>,
    pub events: Vec<Entity<Event<T>, B>>,
    /// Data files that did not parse, by kind and slug: references to them
    /// are not reported as unknown (their own error is).
    pub broken: BTreeSet<(Kind, String)>,
    /// `countries.yaml` did not parse: country codes are not checked.
    pub countries_broken: bool,
}

impl<T, B> Content<T, B> {
    /// What the converter pins: the glossary, then the names.
    pub fn terms(&self) -> Vec<GlossaryEntry> {
        self.glossary.iter().chain(&self.pins).cloned().collect()
    }
}

/// Content after normalisation: every text in every edition's script.
pub type Site = Content<Text, Bodies>;
