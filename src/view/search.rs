//! What the search index holds: one document per entity page of an edition,
//! as the page shows it, and the phrase groups that make name variants one
//! name; and the search page's view. The index itself is made by
//! `output::search` from these.

use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::Views;
use super::common::{Crumb, Cx, PageView};
use crate::graph::relations::{MEMBERS, PARTICIPANTS};
use crate::graph::{AnyId, Graph};
use crate::model::{Bodies, Edition, Groups, HansConfig, HantConfig, Id, Kind, Shown, Text};
use crate::output::search::fold::{Fold, PhraseGroup, char_map};
use crate::output::search::text::plain;
use crate::output::search::{IndexFile, Options, SearchDoc, SearchIndex, SearchText, build};
use crate::text::convert::{hans_backend, hant_backend};

/// The kind labels results show, in an edition's language.
pub struct Labels {
    pub city: String,
    pub council: String,
    pub event: String,
}

impl Labels {
    fn of(&self, kind: Kind) -> &str {
        match kind {
            Kind::City => &self.city,
            Kind::Council => &self.council,
            Kind::Event => &self.event,
        }
    }
}

fn shown(s: Shown<'_>) -> SearchText {
    SearchText::in_lang(s.text, s.lang.map(Edition::tag))
}

/// Every entity of the site as one edition shows it.
pub fn docs(graph: &Graph, e: Edition, labels: &Labels) -> Vec<SearchDoc> {
    Kind::ALL
        .iter()
        .flat_map(|&kind| graph.ids(kind))
        .map(|id| doc(graph, e, labels, id.kind, id.index))
        .collect()
}

fn name_of(graph: &Graph, kind: Kind, index: usize) -> &Text {
    graph.name(AnyId { kind, index })
}

fn doc(graph: &Graph, e: Edition, labels: &Labels, kind: Kind, i: usize) -> SearchDoc {
    let site = &graph.site;
    let name = name_of(graph, kind, i);
    let mut d = SearchDoc {
        url: format!(
            "{}/{}/index.html",
            kind.dir(),
            graph.slug(AnyId { kind, index: i })
        ),
        kind: labels.of(kind).to_owned(),
        name: shown(name.show(e)),
        aliases: other_names(name, e),
        ..SearchDoc::default()
    };
    let country = |city: usize| {
        let code = &site.cities[city].data.country.value;
        site.countries
            .get(code)
            .map(|t| shown(t.show(e)))
            .unwrap_or_else(|| SearchText::new(code.as_str()))
    };
    let bodies = match kind {
        Kind::City => {
            let c = &site.cities[i].data;
            d.aliases.extend(c.aliases.iter().map(|a| shown(a.show(e))));
            d.native = c
                .native
                .iter()
                .map(|(lang, text)| SearchText::in_lang(text.as_str(), Some(lang)))
                .collect();
            d.facts.push(country(i));
            let me = Id::new(i);
            d.facts
                .extend(graph.ties(me).map(|t| country(t.other(me).index())));
            &site.cities[i].bodies
        }
        Kind::Council => {
            let c = &site.councils[i].data;
            d.aliases.extend(c.short.iter().map(|s| shown(s.show(e))));
            d.facts.extend(c.focus.iter().map(|f| shown(f.show(e))));
            d.facts.extend(
                graph
                    .targets(MEMBERS, Id::new(i))
                    .map(|(c, _)| country(c.index())),
            );
            &site.councils[i].bodies
        }
        Kind::Event => {
            let ev = &site.events[i].data;
            d.facts.extend(ev.venue.iter().map(|v| shown(v.show(e))));
            d.facts.extend(
                graph
                    .targets(PARTICIPANTS, Id::new(i))
                    .map(|(c, _)| country(c.index())),
            );
            d.sources = ev
                .sources
                .iter()
                .flat_map(|s| std::iter::once(&s.title).chain(&s.publisher))
                .map(|t| shown(t.show(e)))
                .collect();
            &site.events[i].bodies
        }
    };
    dedup(&mut d.aliases);
    dedup(&mut d.facts);
    add_body(graph, e, bodies, &mut d);
    d
}

/// Keeps the first of equal texts.
fn dedup(list: &mut Vec<SearchText>) {
    let mut seen = Vec::new();
    list.retain(|t| {
        let new = !seen.contains(&t.text);
        if new {
            seen.push(t.text.clone());
        }
        new
    });
}

/// The name in the other editions, as the page header shows them.
fn other_names(name: &Text, e: Edition) -> Vec<SearchText> {
    let own = name.show(e).text;
    Edition::ALL
        .into_iter()
        .filter(|&other| other != e)
        .filter_map(|other| name.get(other).map(|l| (other, l)))
        .filter(|(_, l)| l.text != own)
        .map(|(other, l)| SearchText::in_lang(l.text.as_str(), Some(other.tag())))
        .collect()
}

fn add_body(graph: &Graph, e: Edition, bodies: &Bodies, d: &mut SearchDoc) {
    let Some((body, fallback)) = bodies.show(e) else {
        return;
    };
    let lang = fallback.map(Edition::tag);
    let p = plain(&body.markdown, |kind, slug| {
        graph
            .find(kind, slug)
            .map(|j| name_of(graph, kind, j).show(e).text.to_owned())
    });
    d.titles.extend(
        body.title
            .iter()
            .chain(&p.headings)
            .map(|t| SearchText::in_lang(t.as_str(), lang)),
    );
    if !p.text.is_empty() {
        d.body = Some(SearchText::in_lang(p.text, lang));
    }
}

/// Phrase groups: each glossary entry, each country's names in every
/// edition, and the country names of the built-in conversion groups (so
/// 南韓 finds 韩国) are one name.
pub fn groups(graph: &Graph) -> Vec<PhraseGroup> {
    let site = &graph.site;
    let glossary = site.glossary.iter().map(|g| PhraseGroup {
        canonical: g.hans.clone(),
        variants: std::iter::once(g.hant.clone())
            .chain(g.en.clone())
            .collect(),
    });
    let countries = site.countries.values().filter_map(|t| {
        let canonical = t.get(Edition::ZhHans)?.text.clone();
        let variants = [Edition::ZhHant, Edition::En]
            .into_iter()
            .filter_map(|e| t.get(e).map(|l| l.text.clone()))
            .collect();
        Some(PhraseGroup {
            canonical,
            variants,
        })
    });
    let conversion_groups = crate::text::groups::terms(
        Groups {
            vocabulary: false,
            ..site.groups
        },
        site.yearbook.conversion.region(),
    )
    .into_iter()
    .map(|t| PhraseGroup {
        canonical: t.mainland.to_owned(),
        variants: std::iter::once(t.regional)
            .chain(t.other)
            .map(str::to_owned)
            .collect(),
    });
    glossary.chain(countries).chain(conversion_groups).collect()
}

/// The fold for a site: the converter's Traditional → Simplified map of the
/// characters the documents contain, and the groups.
pub fn site_fold(docs: &[Vec<SearchDoc>], groups: &[PhraseGroup]) -> Result<Fold, String> {
    let to_hans = hans_backend(HansConfig::T2s)?;
    let to_hant = hant_backend(HantConfig::S2t)?;
    let chars = docs
        .iter()
        .flatten()
        .flat_map(|d| d.fields().map(|(_, t)| t.text.as_str()).collect::<Vec<_>>())
        .chain(groups.iter().flat_map(|g| {
            std::iter::once(g.canonical.as_str()).chain(g.variants.iter().map(String::as_str))
        }))
        .flat_map(str::chars);
    Ok(Fold::new(char_map(chars, &*to_hans, &*to_hant), groups))
}

/// An edition's search index as a build holds it: what its search page
/// shows, and its files until the index route takes them.
pub struct MadeIndex {
    pub version: String,
    pub meta: String,
    files: Mutex<Option<Vec<IndexFile>>>,
}

impl MadeIndex {
    /// The files, moved out: they are the largest thing a build holds, so
    /// they are written once and not copied (`None` when already taken).
    pub fn take_files(&self) -> Option<Vec<IndexFile>> {
        self.files.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

impl From<SearchIndex> for MadeIndex {
    fn from(index: SearchIndex) -> MadeIndex {
        MadeIndex {
            version: index.version,
            meta: index.meta,
            files: Mutex::new(Some(index.files)),
        }
    }
}

/// The search index of every edition, made once per build. The editions'
/// indexes are made one after the other, each edition's documents dropped
/// once its index is made: an index's word lists are most of a build's
/// peak memory, and the other core has pages to render meanwhile.
pub fn indexes(views: &Views<'_>) -> Result<Vec<(Edition, MadeIndex)>, String> {
    let graph = views.graph;
    let editions = &graph.site.editions;
    let labels: Vec<(Edition, Labels)> = editions
        .iter()
        .map(|&e| {
            let cx = views.cx(super::Route::Search(e));
            let get = |k: &str| cx.ui(k);
            (
                e,
                Labels {
                    city: get("search_kind_city"),
                    council: get("search_kind_council"),
                    event: get("search_kind_event"),
                },
            )
        })
        .collect();
    let docs: Vec<Vec<SearchDoc>> = labels.par_iter().map(|(e, l)| docs(graph, *e, l)).collect();
    let fold = site_fold(&docs, &groups(graph))?;
    Ok(labels
        .iter()
        .zip(docs)
        .map(|((e, _), d)| (*e, build(&d, &fold, &Options::default()).into()))
        .collect())
}

/// The search page: the index's metadata is embedded in it.
#[derive(Debug, Serialize)]
pub struct SearchView {
    pub version: String,
    /// JSON, escaped for a `<script type="application/json">` block.
    pub meta: String,
}

pub fn page<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, SearchView> {
    let title = cx.ui("search_title");
    // The page searches every entity: any change changes it.
    for kind in Kind::ALL {
        cx.read_all(kind);
    }
    let (version, meta) = match cx.views.search_index(cx.e) {
        Ok(index) => (index.version.clone(), index.meta.replace('<', "\\u003c")),
        Err(_) => (String::new(), "{}".to_owned()),
    };
    cx.page(
        &title.clone(),
        vec![Crumb::new(title, None, None)],
        SearchView { version, meta },
    )
}
