//! The book as plain data: what one edition's print edition says, already
//! in the edition's script and reading order. `from_views` fills it from the
//! typed views; `typeset` lays it out with `book.typ`. Bodies arrive as
//! Typst markup made by `markup::to_typst`.

use std::fmt;

use serde::Serialize;

/// One edition's book.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Book {
    /// Language of the text, as Typst takes it: `zh`, `en`.
    pub lang: String,
    /// Region for punctuation and line breaking: `cn`, `tw`, `hk`, or none.
    pub region: Option<String>,
    /// Script for Chinese fonts: `hans`, `hant`, or none for English.
    pub script: Option<String>,
    pub title: String,
    pub subtitle: Option<String>,
    /// The years the book covers, such as `2022–2025`.
    pub years: Option<String>,
    /// Words the template prints: part names, "see page", the index heading.
    pub labels: Labels,
    /// The editor's note, as Typst markup.
    pub preface: Markup,
    pub chronicle: Vec<ChronicleYear>,
    /// The timeline of every event, at the head of the chronicle.
    pub timeline: Option<Figure>,
    pub parts: Vec<Part>,
    /// The charts of the site's statistics page, first in the appendix.
    pub statistics: Vec<Figure>,
    /// Tables after the entries: ties, memberships.
    pub appendix: Vec<Table>,
    pub index: Vec<IndexGroup>,
    /// Digits of the last page number, from [`Book::estimated_pages`]: page
    /// references are set as wide as that from Typst's first layout pass on
    /// (book.typ), so a good guess saves a pass; a wrong one costs one.
    pub page_digits: u8,
    /// The SVG of every [`Figure`], by its number: handed to Typst as files
    /// of their own rather than inside the JSON, so the template loads each
    /// as an image without a string copy of it.
    #[serde(skip)]
    pub pictures: Vec<String>,
}

/// Words of the book's own apparatus, in the edition's language.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Labels {
    pub contents: String,
    pub editors_note: String,
    pub chronicle: String,
    pub appendix: String,
    pub index: String,
    pub statistics: String,
    /// A cross-reference; `{p}` is replaced by the page number.
    pub see_page: String,
    /// The edition's name on the cover: "简体中文版".
    pub edition: String,
    /// Opening and closing marks around entry titles: 【】 in Chinese.
    pub entry_open: String,
    pub entry_close: String,
}

/// Typst markup, safe to evaluate: made by [`markup`] from untrusted text.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Markup(pub String);

/// A run of text, optionally in another language, optionally naming an
/// entry (then it links there and shows its page).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

impl Book {
    /// Pages the book will take, roughly (within a fifth on the sample):
    /// a line a fact, table row and chronicle item, half a line an index
    /// term (two columns), bodies by their length, four lines of headings
    /// and space an entry, twelve a picture; forty lines a page.
    pub fn estimated_pages(&self) -> usize {
        let per_line = if self.script.is_some() { 40 } else { 85 };
        let mut lines = 0;
        for e in self
            .parts
            .iter()
            .flat_map(|p| &p.sections)
            .flat_map(|s| &s.entries)
        {
            lines += 4 + e.facts.len() + usize::from(!e.names.is_empty());
            lines += e.tables.iter().map(|t| t.rows.len() + 2).sum::<usize>();
            lines += e
                .body
                .as_ref()
                .map_or(0, |b| b.markup.0.chars().count() / per_line);
        }
        lines += self
            .appendix
            .iter()
            .map(|t| t.rows.len() + 2)
            .sum::<usize>();
        lines += self
            .index
            .iter()
            .map(|g| g.entries.len() + 2)
            .sum::<usize>()
            / 2;
        lines += self
            .chronicle
            .iter()
            .map(|y| y.items.len() + 2)
            .sum::<usize>();
        lines += 12 * self.pictures.len();
        lines / 40 + 1
    }

    /// About how much memory laying the book out takes, in bytes: Typst
    /// keeps every page's layout of both passes and what it memoized until
    /// the book is done. Measured (docs/print.md, "Figures"): 0.6 GB for the
    /// sample's 81 pages, 1.8 GB for 660, 14 GB for 6,500 — about 2.2 MB a
    /// page, and 400 MB for the fonts and the rest. Page counts are
    /// estimated about 10 % high, so this errs on the safe side.
    pub fn estimated_memory(&self) -> u64 {
        const FIXED: u64 = 400 << 20;
        const PER_PAGE: u64 = 2300 << 10;
        FIXED + PER_PAGE * self.estimated_pages() as u64
    }
}

impl Span {
    pub fn text(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
}

/// Inline content: spans one after another.
pub type Inline = Vec<Span>;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ChronicleYear {
    pub year: String,
    pub items: Vec<ChronicleItem>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ChronicleItem {
    pub date: String,
    pub text: Inline,
}

/// A part of the book: cities, councils, events.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Part {
    pub title: String,
    pub anchor: String,
    pub sections: Vec<Section>,
}

/// A group of entries under a heading of its own (a country, a year), or
/// without one.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Section {
    pub title: Option<String>,
    /// Under the heading, before the entries: a country's map of ties.
    pub figure: Option<Figure>,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Entry {
    /// The label other text links to; unique in the book.
    pub anchor: String,
    pub title: String,
    /// Language of the title when it is not the edition's.
    pub title_lang: Option<String>,
    /// Heading level: 3 under a section, 4 for a committee of a council.
    pub level: u8,
    /// Other names: other editions, native names.
    pub names: Vec<Span>,
    pub facts: Vec<Fact>,
    pub body: Option<Body>,
    /// After the body, before the tables: a council's members by country.
    pub figures: Vec<Figure>,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: Inline,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Body {
    pub markup: Markup,
    /// Language of the text when it is a fallback from another edition.
    pub lang: Option<String>,
    /// Printed before a fallback text: "not yet translated".
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Table {
    pub title: String,
    /// Set for tables with a heading of their own (appendix).
    pub anchor: Option<String>,
    pub columns: Vec<String>,
    /// Relative column widths, one per column; the table is as wide as the text.
    pub widths: Vec<u8>,
    pub rows: Vec<Vec<Inline>>,
    /// Before the rows: the map of the ties the table lists.
    pub figure: Option<Figure>,
}

/// One of the site's SVG pictures (`crate::pictures`), its labels already
/// in the edition's script, with a caption.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figure {
    /// The picture's file in the Typst world: [`picture_file`] of its
    /// number in [`Book::pictures`].
    pub file: String,
    pub caption: String,
    /// What the picture leaves out, printed under it.
    pub note: Option<String>,
}

/// Where the template finds picture `n` of [`Book::pictures`].
pub fn picture_file(n: usize) -> String {
    format!("/pictures/{n}.svg")
}

/// Index terms under one heading: a letter, a stroke count.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IndexGroup {
    pub heading: String,
    pub entries: Vec<IndexEntry>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    pub term: String,
    pub lang: Option<String>,
    /// The entry the term names.
    pub anchor: String,
    /// For aliases and other names: the entry's title.
    pub see: Option<String>,
}

/// Why no PDF was made.
#[derive(Debug)]
pub enum PrintError {
    /// No font with Chinese characters: the book cannot be set.
    NoCjkFont {
        searched: Vec<String>,
    },
    /// Typst reported errors (a bug in the template or the markup).
    Typst(Vec<String>),
    /// This nianjian was built without the `pdf` feature.
    NotBuilt,
    Io(String),
}

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintError::NoCjkFont { searched } => write!(
                f,
                "no Chinese (CJK) font found for the print edition (searched: {}); \
                 install the Debian package `fonts-noto-cjk` (apt-get install fonts-noto-cjk) \
                 or pass --font-path with a folder holding Noto Serif CJK",
                searched.join(", ")
            ),
            PrintError::Typst(errors) => {
                write!(f, "typesetting failed: {}", errors.join("; "))
            }
            PrintError::NotBuilt => f.write_str(
                "this nianjian was built without PDF support; rebuild with the default `pdf` feature",
            ),
            PrintError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for PrintError {}
