//! A [`Book`] from the typed views: the same views (`view::city`,
//! `view::council`, `view::event`), grouping (`Cx::by_country`) and reading
//! order (`Order`) as the site's pages, set out as a book.
//!
//! An entry's label in the book is its page's path in the site
//! (`Urls::path`), so a view's link (`LinkView::href`, relative) names its
//! target entry once the `../` steps are taken off.

mod entries;

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::markup::{self, EntityTarget};
use super::{Body, Book, Entry, Figure, Inline, Labels, Markup, Span, index, picture_file};
use crate::graph::AnyId;
use crate::model::{Edition, Kind, Region, Script};
use crate::text::collate::Collation;
use crate::text::convert::Converter;
use crate::text::markdown::{map_prose, parse_entity_link};
use crate::view::{AnyPage, Cx, FigureView, LinkView, NameView, Route, TextView};

/// The label of the entry a link points at: the target page's path.
fn anchor_of(href: &str) -> String {
    href.trim_start_matches("../").to_owned()
}

/// A language tag Typst accepts (two or three letters), or none.
fn typst_lang(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

/// Typst's language code for an edition.
fn lang_code(e: Edition) -> &'static str {
    match e {
        Edition::ZhHans | Edition::ZhHant => "zh",
        Edition::En => "en",
    }
}

fn text_span(t: TextView<'_>) -> Span {
    Span {
        text: t.text.to_owned(),
        lang: t.lang.and_then(typst_lang),
        anchor: None,
    }
}

fn link_span(l: &LinkView<'_>) -> Span {
    Span {
        text: l.text.to_owned(),
        lang: l.lang.and_then(typst_lang),
        anchor: Some(anchor_of(&l.href)),
    }
}

struct Builder<'c, 'v, 'a> {
    cx: &'c Cx<'v, 'a>,
    e: Edition,
    converter: Converter,
    /// Rows of the appendix tables, gathered while the entries are made.
    ties: RefCell<Vec<Vec<Inline>>>,
    memberships: RefCell<Vec<Vec<Inline>>>,
    /// The SVG of every figure, in the order they were made.
    pictures: RefCell<Vec<String>>,
}

impl<'a> Builder<'_, '_, 'a> {
    fn ui(&self, key: &str) -> String {
        self.cx.ui(key)
    }

    /// The list separator: 、 in Chinese.
    fn sep(&self) -> &'static str {
        if self.e == Edition::En { ", " } else { "、" }
    }

    /// Text in parentheses, full-width in Chinese.
    fn paren(&self, text: &str) -> String {
        if self.e == Edition::En {
            format!(" ({text})")
        } else {
            format!("（{text}）")
        }
    }

    fn script(&self) -> Option<Script> {
        match self.e {
            Edition::ZhHans => Some(Script::Hans),
            Edition::ZhHant => Some(Script::Hant),
            Edition::En => None,
        }
    }

    /// Links joined by the edition's list separator.
    fn links(&self, list: &[LinkView<'_>]) -> Inline {
        let mut out = Vec::new();
        for (n, l) in list.iter().enumerate() {
            if n > 0 {
                out.push(Span::text(self.sep()));
            }
            out.push(link_span(l));
        }
        out
    }

    /// Names in the other editions and native names, once each. A Chinese
    /// book leaves out the other Chinese script: it is the same name.
    fn other_names(&self, title: &str, names: &[NameView<'_>], native: &[NameView<'_>]) -> Inline {
        let mut seen = vec![title.to_owned()];
        let mut out = Vec::new();
        let chinese = self.e != Edition::En;
        for n in names.iter().chain(native) {
            if (chinese && n.lang.starts_with("zh-")) || seen.iter().any(|s| s == n.text) {
                continue;
            }
            seen.push(n.text.to_owned());
            out.push(Span {
                text: n.text.to_owned(),
                lang: typst_lang(n.lang),
                anchor: None,
            });
        }
        out
    }

    /// The body the edition shows, as Typst markup; `@` links become links
    /// to their entries with the page they start on.
    fn body(&self, id: AnyId) -> Option<Body> {
        let views = self.cx.views;
        let (body, fallback) = views.graph.bodies(id).show(self.e)?;
        let markup = markup::to_typst(&body.markdown, |dest| {
            let (kind, slug) = parse_entity_link(dest)?;
            let index = views.graph.find(kind, slug)?;
            let target = AnyId { kind, index };
            Some(EntityTarget {
                anchor: views.urls.path(Route::Entity(self.e, target)),
                name: self.cx.name(target).text.to_owned(),
            })
        });
        Some(Body {
            markup: Markup(markup),
            lang: fallback.map(|l| lang_code(l).to_owned()),
            note: fallback.map(|_| self.ui("untranslated_body")),
        })
    }

    /// A picture of the site in the book: its SVG kept aside (the book's
    /// JSON names its file), with a caption and what it leaves out.
    fn figure(&self, f: FigureView, caption: String, note: Option<String>) -> Figure {
        let mut pictures = self.pictures.borrow_mut();
        pictures.push(f.svg);
        Figure {
            file: picture_file(pictures.len() - 1),
            caption,
            note,
        }
    }

    /// A picture under the caption the site gives it.
    fn captioned(&self, f: FigureView) -> Figure {
        let caption = f.caption.clone();
        self.figure(f, caption, None)
    }

    /// The view of one of the site's pages that is not an entry (the
    /// chronicle, a country, statistics): the book shows its pictures.
    fn page(&self, route: Route) -> Option<AnyPage<'_>> {
        self.cx.views.build(route).map(|b| b.page)
    }

    /// The timeline of every event, from the chronicle's page.
    fn timeline(&self) -> Option<Figure> {
        let Some(AnyPage::Chronicle(p)) = self.page(Route::Chronicle(self.e, None)) else {
            return None;
        };
        Some(self.captioned(p.page.timeline?))
    }

    /// The charts of the statistics page, each captioned with its heading.
    fn statistics(&self) -> Vec<Figure> {
        let Some(AnyPage::Statistics(p)) = self.page(Route::Statistics(self.e)) else {
            return Vec::new();
        };
        p.page
            .sections
            .into_iter()
            .map(|s| self.figure(s.figure, s.heading, s.note))
            .collect()
    }

    /// An entry's frame: label, heading, level.
    fn entry(&self, id: AnyId, heading: TextView<'_>, level: u8) -> Entry {
        Entry {
            anchor: self.cx.views.urls.path(Route::Entity(self.e, id)),
            title: heading.text.to_owned(),
            title_lang: heading.lang.and_then(typst_lang),
            level,
            ..Entry::default()
        }
    }

    fn labels(&self) -> Labels {
        Labels {
            contents: self.ui("print_contents"),
            editors_note: self.ui("print_editors_note"),
            chronicle: self.ui("print_chronicle"),
            appendix: self.ui("print_appendix"),
            index: self.ui("print_index"),
            statistics: self.ui("statistics"),
            see_page: self.ui("print_see_page"),
            edition: self.ui("print_edition"),
            entry_open: self.ui("print_entry_open"),
            entry_close: self.ui("print_entry_close"),
        }
    }

    /// The editor's note: the preface file in the edition's script, else a
    /// note on what the book holds.
    fn preface(&self, markdown: Option<&str>) -> Result<Markup, String> {
        let graph = self.cx.views.graph;
        let Some(md) = markdown else {
            let note = self
                .ui("print_note")
                .replace("{cities}", &graph.len(Kind::City).to_string())
                .replace("{councils}", &graph.len(Kind::Council).to_string())
                .replace("{events}", &graph.len(Kind::Event).to_string());
            return Ok(Markup(markup::escape(&note)));
        };
        let md = match self.script() {
            Some(script) => {
                let unclosed = std::cell::Cell::new(None);
                let converted = map_prose(md, |t| {
                    self.converter.convert(t, script).unwrap_or_else(|m| {
                        unclosed.set(Some(m.0));
                        t.to_owned()
                    })
                });
                if let Some(at) = unclosed.get() {
                    return Err(format!(
                        "unclosed -{{…}}- markup in the preface at byte {at}"
                    ));
                }
                converted
            }
            None => md.to_owned(),
        };
        Ok(Markup(markup::to_typst(&md, |_| None)))
    }
}

/// The book of the context's edition; `preface` is the editor's note as
/// Markdown, when the site has one.
pub fn book(cx: &Cx<'_, '_>, preface: Option<&str>) -> Result<Book, String> {
    let site = &cx.views.graph.site;
    let e = cx.e;
    let b = Builder {
        cx,
        e,
        converter: Converter::new(&site.yearbook.conversion, &site.terms(), site.groups)?,
        ties: RefCell::default(),
        memberships: RefCell::default(),
        pictures: RefCell::default(),
    };
    // Typst sets punctuation by region; Traditional text with no region
    // of its own (s2t) is set as in Taiwan.
    let region = match (e, site.yearbook.conversion.region()) {
        (Edition::ZhHans, _) => Some("cn"),
        (Edition::ZhHant, Some(Region::HongKong)) => Some("hk"),
        (Edition::ZhHant, Some(Region::Taiwan) | None) => Some("tw"),
        (Edition::En, _) => None,
    };
    let subtitle = site
        .yearbook
        .subtitle
        .as_ref()
        .map(|s| s.show(e).text.to_owned());
    let parts = vec![b.cities(), b.councils(), b.events()];
    let collation = Collation::for_edition(e)?;
    let mut book = Book {
        lang: lang_code(e).to_owned(),
        region: region.map(str::to_owned),
        script: match e {
            Edition::ZhHans => Some("hans".to_owned()),
            Edition::ZhHant => Some("hant".to_owned()),
            Edition::En => None,
        },
        title: site.yearbook.title.show(e).text.to_owned(),
        years: years(cx, subtitle.as_deref()),
        subtitle,
        labels: b.labels(),
        preface: b.preface(preface)?,
        chronicle: b.chronicle(),
        timeline: b.timeline(),
        parts,
        statistics: b.statistics(),
        appendix: b.appendix(),
        index: index::group(e, &collation, b.index_entries(), &b.ui("print_index_other")),
        pictures: b.pictures.take(),
        page_digits: 1,
    };
    book.page_digits = digits(book.estimated_pages());
    Ok(book)
}

/// Decimal digits of `n`.
fn digits(n: usize) -> u8 {
    // At most 20 digits in a usize.
    n.checked_ilog10().map_or(1, |d| d as u8 + 1)
}

/// The years the events span, unless the subtitle already names years.
fn years(cx: &Cx<'_, '_>, subtitle: Option<&str>) -> Option<String> {
    let has_year = |s: &str| {
        let digits: Vec<bool> = s.chars().map(|c| c.is_ascii_digit()).collect();
        digits.windows(4).any(|w| w.iter().all(|&d| d))
    };
    if subtitle.is_some_and(has_year) {
        return None;
    }
    let events = &cx.views.graph.site.events;
    let dates = events.iter().map(|ev| ev.data.date.value.year);
    let (first, last) = (dates.clone().min()?, dates.max()?);
    let dash = if cx.e == Edition::En { "–" } else { "—" };
    Some(if first == last {
        first.to_string()
    } else {
        format!("{first}{dash}{last}")
    })
}

/// Other names of a council or city for the index, by language tag.
type Extra = Vec<(String, Option<String>)>;

impl Builder<'_, '_, '_> {
    /// Every name, alias, short name and native name of cities and councils.
    fn index_entries(&self) -> Vec<super::IndexEntry> {
        let graph = self.cx.views.graph;
        let mut out = Vec::new();
        let mut add = |id: AnyId, extra: Extra| {
            let main = self.cx.name(id);
            let anchor = self.cx.views.urls.path(Route::Entity(self.e, id));
            out.push(super::IndexEntry {
                term: main.text.to_owned(),
                lang: main.lang.and_then(typst_lang),
                anchor: anchor.clone(),
                see: None,
            });
            for (term, lang) in extra {
                if term != main.text {
                    out.push(super::IndexEntry {
                        term,
                        lang,
                        anchor: anchor.clone(),
                        see: Some(main.text.to_owned()),
                    });
                }
            }
        };
        for (i, c) in graph.site.cities.iter().enumerate() {
            let mut extra: Extra = c
                .data
                .aliases
                .iter()
                .map(|a| {
                    let shown = a.show(self.e);
                    (
                        shown.text.to_owned(),
                        shown.lang.and_then(|l| typst_lang(l.tag())),
                    )
                })
                .collect();
            let native: &BTreeMap<String, String> = &c.data.native;
            extra.extend(native.iter().map(|(l, n)| (n.clone(), typst_lang(l))));
            add(
                AnyId {
                    kind: Kind::City,
                    index: i,
                },
                extra,
            );
        }
        for (i, c) in graph.site.councils.iter().enumerate() {
            let short = c.data.short.as_ref().map(|s| self.cx.text(s));
            let extra = short
                .map(|s| (s.text.to_owned(), s.lang.and_then(typst_lang)))
                .into_iter()
                .collect();
            add(
                AnyId {
                    kind: Kind::Council,
                    index: i,
                },
                extra,
            );
        }
        out
    }
}
