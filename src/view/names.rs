//! The index of names (索引): every name an entity goes by in the edition —
//! its name, its aliases and short name, its names in its own languages —
//! each linking to its page, grouped the way the edition's readers look a
//! name up: by pinyin initial (zh-Hans), by number of strokes (zh-Hant), by
//! letter (en).

use std::cmp::Ordering;

use serde::Serialize;

use super::Route;
use super::common::{Crumb, Cx, PageView, TextView};
use crate::graph::AnyId;
use crate::model::{Edition, Kind};
use crate::text::names::{Heading, initial, strokes};

#[derive(Debug, Serialize)]
pub struct NameEntry<'a> {
    pub text: String,
    pub lang: Option<&'a str>,
    pub href: String,
    /// What the entity is: "地方政府", "Council" …
    pub kind: String,
    /// For another name than the page's own (an alias, a native name):
    /// the name the page goes by.
    pub see: Option<TextView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct NameGroup<'a> {
    pub heading: String,
    pub id: String,
    pub entries: Vec<NameEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct NamesView<'a> {
    pub heading: String,
    /// What the groups are ("按拼音首字母", "by number of strokes", …).
    pub order: String,
    pub groups: Vec<NameGroup<'a>>,
}

/// A name to list, before grouping.
struct Name<'a> {
    text: String,
    lang: Option<&'a str>,
    id: AnyId,
    /// The page's own name (the entity's name in the edition).
    own: bool,
}

/// Every name each entity goes by, its own first.
fn names<'a>(cx: &Cx<'_, 'a>) -> Vec<Name<'a>> {
    let graph = cx.views.graph;
    let mut out = Vec::new();
    for kind in Kind::ALL {
        cx.read_all(kind);
        for id in graph.ids(kind) {
            let shown = cx.name(id);
            // This entity's names so far are `out[first..]`.
            let first = out.len();
            let mut add = |text: &str, lang: Option<&'a str>, own: bool| {
                let text = text.trim();
                let dup = out[first..].iter().any(|n: &Name<'_>| n.text == text);
                if !text.is_empty() && !dup {
                    out.push(Name {
                        text: text.to_owned(),
                        lang,
                        id,
                        own,
                    });
                }
            };
            add(shown.text, shown.lang, true);
            match kind {
                Kind::City => {
                    let c = &graph.city(crate::model::Id::new(id.index)).data;
                    for alias in &c.aliases {
                        let a = cx.text(alias);
                        add(a.text, a.lang, false);
                    }
                    for (lang, text) in &c.native {
                        add(text, Some(lang.as_str()), false);
                    }
                }
                Kind::Council => {
                    let c = &graph.council(crate::model::Id::new(id.index)).data;
                    if let Some(short) = &c.short {
                        let s = cx.text(short);
                        add(s.text, s.lang, false);
                    }
                }
                Kind::Event => {}
            }
        }
    }
    out
}

/// The group a name is listed under in the edition.
fn heading(cx: &Cx<'_, '_>, text: &str) -> Heading {
    match cx.e {
        Edition::ZhHant => match cx.views.order.collation(cx.e).map(|c| strokes(c, text)) {
            Some(Heading::Strokes(n)) => Heading::Strokes(n),
            _ => initial(text),
        },
        Edition::ZhHans | Edition::En => initial(text),
    }
}

fn heading_label(cx: &Cx<'_, '_>, h: Heading) -> (String, String) {
    match h {
        Heading::Strokes(n) => (cx.count("strokes_count", n as usize), format!("s{n}")),
        Heading::Letter(l) => (l.to_string(), format!("l-{l}")),
        Heading::Other => (cx.ui("names_other"), "other".to_owned()),
    }
}

pub fn view<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, NamesView<'a>> {
    let graph = cx.views.graph;
    let mut list: Vec<(Heading, Vec<u8>, Name<'a>)> = names(cx)
        .into_iter()
        .map(|n| (heading(cx, &n.text), cx.views.order.key(cx.e, &n.text), n))
        .collect();
    list.sort_by(|(ha, ka, a), (hb, kb, b)| {
        ha.cmp(hb)
            .then_with(|| ka.cmp(kb))
            .then_with(|| a.text.cmp(&b.text))
            .then_with(|| b.own.cmp(&a.own))
            .then_with(|| graph.slug(a.id).cmp(graph.slug(b.id)))
            .then(Ordering::Equal)
    });
    let mut groups: Vec<NameGroup<'a>> = Vec::new();
    let mut last = None;
    for (h, _, n) in list {
        if last != Some(h) {
            let (label, id) = heading_label(cx, h);
            groups.push(NameGroup {
                heading: label,
                id,
                entries: Vec::new(),
            });
            last = Some(h);
        }
        let entry = NameEntry {
            href: cx.href(Route::Entity(cx.e, n.id)),
            kind: cx.ui(&format!("kind_of_{}", n.id.kind.dir())),
            see: (!n.own).then(|| cx.name(n.id)),
            text: n.text,
            lang: n.lang,
        };
        if let Some(g) = groups.last_mut() {
            g.entries.push(entry);
        }
    }
    let heading = cx.ui("names");
    let view = NamesView {
        heading: heading.clone(),
        order: cx.ui("names_order"),
        groups,
    };
    cx.page(
        &heading,
        vec![Crumb::new(heading.clone(), None, None)],
        view,
    )
}
