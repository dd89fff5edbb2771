//! The data mapping: search documents and phrase groups from today's
//! resolved site, and the search pages and index files of a build. This is
//! the only part of `search` that knows the site's types; it is meant to be
//! replaced by one reading the typed views.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Map, json};

use super::fold::{Fold, PhraseGroup, char_map};
use super::text::plain;
use super::{Options, SearchDoc, SearchIndex, SearchText, build};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Edition, HansConfig, HantConfig, Kind, Source};
use crate::normalise::convert::{hans_backend, hant_backend};
use crate::normalise::{Bodies, Shown, Text};
use crate::render::theme::Theme;
use crate::render::{Page, Renderer};
use crate::resolve::Graph;

/// The kind labels results show, in an edition's language.
pub struct Labels {
    pub city: String,
    pub council: String,
    pub event: String,
}

impl Labels {
    /// From the theme's UI strings (`search_kind_*`).
    pub fn from_strings(strings: &BTreeMap<String, String>) -> Labels {
        let get = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_owned());
        Labels {
            city: get("search_kind_city"),
            council: get("search_kind_council"),
            event: get("search_kind_event"),
        }
    }

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
    let site = &graph.site;
    let mut out = Vec::with_capacity(site.cities.len() + site.councils.len() + site.events.len());
    for kind in Kind::ALL {
        for i in 0..graph.len(kind) {
            out.push(doc(graph, e, labels, kind, i));
        }
    }
    out
}

fn name_of(graph: &Graph, kind: Kind, i: usize) -> &Text {
    let site = &graph.site;
    match kind {
        Kind::City => &site.cities[i].data.name,
        Kind::Council => &site.councils[i].data.name,
        Kind::Event => &site.events[i].data.title,
    }
}

fn doc(graph: &Graph, e: Edition, labels: &Labels, kind: Kind, i: usize) -> SearchDoc {
    let site = &graph.site;
    let name = name_of(graph, kind, i);
    let mut d = SearchDoc {
        url: format!("{}/{}/index.html", kind.dir(), graph.slug(kind, i)),
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
            d.aliases.extend(c.aliases.iter().map(SearchText::new));
            d.native = c
                .native
                .iter()
                .map(|(lang, text)| SearchText::in_lang(text.as_str(), Some(lang)))
                .collect();
            d.facts.push(country(i));
            d.facts
                .extend(graph.cities[i].ties.iter().map(|t| country(t.other)));
            &site.cities[i].bodies
        }
        Kind::Council => {
            let c = &site.councils[i].data;
            d.aliases.extend(c.short.iter().map(|s| shown(s.show(e))));
            d.facts.extend(c.focus.iter().map(|f| shown(f.show(e))));
            d.facts
                .extend(graph.councils[i].members.iter().map(|m| country(m.city)));
            &site.councils[i].bodies
        }
        Kind::Event => {
            let ev = &site.events[i].data;
            d.facts.extend(ev.venue.iter().map(|v| shown(v.show(e))));
            d.facts
                .extend(graph.events[i].participants.iter().map(|&c| country(c)));
            d.sources = ev.sources.iter().map(source).collect();
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

fn source(s: &Source) -> SearchText {
    let mut text = s.title.clone();
    if let Some(p) = &s.publisher {
        text.push_str(" · ");
        text.push_str(p);
    }
    SearchText::new(text)
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

/// Phrase groups the site itself defines: each glossary entry and each
/// country's names in every edition are one name. The script-fidelity work
/// will add the built-in country and name groups.
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
    glossary.chain(countries).collect()
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

/// The search page and index files of every edition, as pages to write.
pub fn pages(graph: &Graph, theme: &Theme, renderer: &Renderer) -> Result<Vec<Page>, Diagnostics> {
    let editions = &graph.site.editions;
    let mut labels = Vec::new();
    for &e in editions {
        let strings = theme.strings(e).map_err(|d| Diagnostics::from_iter([d]))?;
        labels.push((e, Labels::from_strings(&strings), strings));
    }
    let docs: Vec<Vec<SearchDoc>> = labels
        .par_iter()
        .map(|(e, l, _)| docs(graph, *e, l))
        .collect();
    let fold = site_fold(&docs, &groups(graph))
        .map_err(|m| Diagnostics::from_iter([Diagnostic::error(m)]))?;
    let indexes: Vec<SearchIndex> = docs
        .par_iter()
        .map(|d| build(d, &fold, &Options::default()))
        .collect();
    let mut pages = Vec::new();
    for ((e, _, strings), index) in labels.iter().zip(indexes) {
        let title = strings.get("search_title").map_or("search", String::as_str);
        let mut extra = Map::new();
        // Embedded in a JSON data block, which must not contain `</`.
        let meta = index.meta.replace('<', "\\u003c");
        extra.insert(
            "search".into(),
            json!({"version": index.version, "meta": meta}),
        );
        let page = renderer
            .render_with_common(*e, "search/index.html", "search.html", title, extra)
            .map_err(|d| Diagnostics::from_iter([d]))?;
        pages.push(page);
        pages.extend(index.files.into_iter().map(|f| Page {
            path: format!("{}/search/{}", e.dir(), f.path),
            html: f.contents,
        }));
    }
    Ok(pages)
}
