//! Stage 4, render: every page of every edition, through the theme's Tera
//! templates. Pages get plain view data (names already in the edition's
//! script, links already relative), so templates only lay things out.

pub mod collate;
pub mod markdown;
pub mod theme;

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde_json::{Map, Value, json};
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Edition, Kind, PartialDate, enum_name};
use crate::normalise::{Bodies, Shown, Text};
use crate::resolve::Graph;
use collate::Collation;
use markdown::LinkTarget;
use theme::Theme;

/// One rendered file, at a `/`-separated path inside the output folder.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: String,
    pub html: String,
}

/// What to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageId {
    /// `index.html`: the language chooser.
    Chooser,
    /// `404.html`.
    NotFound,
    /// `<edition>/index.html`.
    Home(Edition),
    /// `<edition>/<kind>/index.html`.
    Index(Edition, Kind),
    /// `<edition>/<kind>/<slug>/index.html`.
    Entity(Edition, Kind, usize),
}

pub struct Renderer<'a> {
    graph: &'a Graph,
    tera: Tera,
    strings: HashMap<Edition, BTreeMap<String, String>>,
    /// Per edition and kind, entity indices in reading order: by name for
    /// cities and councils, newest first for events.
    order: HashMap<(Edition, Kind), Vec<usize>>,
    /// The inverse of `order`: each entity's position, so a page sorts its
    /// lists by comparing numbers instead of collating names again.
    rank: HashMap<(Edition, Kind), Vec<usize>>,
    collations: HashMap<Edition, Collation>,
    /// Template name → the file to name in diagnostics.
    template_paths: HashMap<String, String>,
}

fn tera_diagnostic(e: &tera::Error, shown: &dyn Fn(&str) -> String) -> Diagnostic {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}"));
        source = s.source();
    }
    // Tera 2 points at `--> template.html:line:column`; we point at the file.
    let location = text.lines().find_map(|l| {
        let spot = l.trim_start().strip_prefix("--> ")?;
        let mut parts = spot.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        Some((parts.next()?.to_owned(), line, column))
    });
    let message = text
        .lines()
        .map(|l| l.trim().trim_start_matches("error:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or("unknown error")
        .to_owned();
    let d = Diagnostic::error(format!("template error: {message}"));
    match location {
        Some((name, line, column)) => d.in_file(shown(&name)).at(line, column),
        None => d,
    }
}

impl<'a> Renderer<'a> {
    pub fn new(graph: &'a Graph, theme: &Theme) -> Result<Renderer<'a>, Diagnostics> {
        let mut diags = Diagnostics::new();
        let site = &graph.site;
        let mut tera = Tera::new();
        let templates = theme.templates().map_err(|d| Diagnostics::from_iter([d]))?;
        let shown_paths: HashMap<String, String> = templates
            .iter()
            .map(|(name, _, f)| {
                (
                    name.clone(),
                    f.shown_path(&format!("templates/{name}"))
                        .display()
                        .to_string(),
                )
            })
            .collect();
        let shown = |name: &str| {
            shown_paths
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_owned())
        };
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        {
            diags.push(tera_diagnostic(&e, &shown));
            return Err(diags);
        }
        let mut strings = HashMap::new();
        let mut collations = HashMap::new();
        for &e in &site.editions {
            match theme.strings(e) {
                Ok(s) => {
                    strings.insert(e, s);
                }
                Err(d) => diags.push(d),
            }
            match Collation::for_edition(e) {
                Ok(c) => {
                    collations.insert(e, c);
                }
                Err(m) => diags.push(Diagnostic::error(m)),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let mut r = Renderer {
            graph,
            tera,
            strings,
            order: HashMap::new(),
            rank: HashMap::new(),
            collations,
            template_paths: shown_paths.clone(),
        };
        for &e in &site.editions {
            for kind in [Kind::City, Kind::Council] {
                let len = match kind {
                    Kind::City => site.cities.len(),
                    _ => site.councils.len(),
                };
                let mut idx: Vec<usize> = (0..len).collect();
                idx.sort_by(|&a, &b| r.collate_names(e, kind, a, b));
                r.order.insert((e, kind), idx);
            }
            // Events: newest first.
            let mut idx: Vec<usize> = (0..site.events.len()).collect();
            idx.sort_by(|&a, &b| {
                let (da, db) = (
                    &site.events[a].data.date.value,
                    &site.events[b].data.date.value,
                );
                db.cmp(da)
                    .then_with(|| r.collate_names(e, Kind::Event, a, b))
            });
            r.order.insert((e, Kind::Event), idx);
        }
        for (&key, order) in &r.order {
            let mut rank = vec![0; order.len()];
            for (position, &i) in order.iter().enumerate() {
                rank[i] = position;
            }
            r.rank.insert(key, rank);
        }
        Ok(r)
    }

    /// Reading order of two entities of a kind: their positions in `order`.
    fn cmp_names(&self, e: Edition, kind: Kind, a: usize, b: usize) -> Ordering {
        let rank = &self.rank[&(e, kind)];
        rank[a].cmp(&rank[b])
    }

    /// Names compared by the edition's collation: pinyin, strokes, alphabet.
    fn collate_names(&self, e: Edition, kind: Kind, a: usize, b: usize) -> Ordering {
        let (na, nb) = (self.name(e, kind, a).text, self.name(e, kind, b).text);
        match self.collations.get(&e) {
            Some(c) => c.compare(na, nb),
            None => na.cmp(nb),
        }
        .then(a.cmp(&b))
    }

    /// Every page of the site.
    pub fn all_pages(&self) -> Vec<PageId> {
        let site = &self.graph.site;
        let mut ids = vec![PageId::Chooser, PageId::NotFound];
        for &e in &site.editions {
            ids.push(PageId::Home(e));
            for kind in Kind::ALL {
                ids.push(PageId::Index(e, kind));
            }
            for i in 0..site.cities.len() {
                ids.push(PageId::Entity(e, Kind::City, i));
            }
            for i in 0..site.councils.len() {
                ids.push(PageId::Entity(e, Kind::Council, i));
            }
            for i in 0..site.events.len() {
                ids.push(PageId::Entity(e, Kind::Event, i));
            }
        }
        ids
    }

    /// Renders pages in parallel.
    pub fn render(&self, ids: &[PageId]) -> (Vec<Page>, Diagnostics) {
        let results: Vec<(Result<Page, Diagnostic>, Diagnostics)> =
            ids.par_iter().map(|&id| self.render_page(id)).collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut diags = Diagnostics::new();
        for (r, d) in results {
            diags.extend(d);
            match r {
                Ok(p) => pages.push(p),
                Err(d) => diags.push(d),
            }
        }
        (pages, diags)
    }

    /// Output path of a page, `/`-separated.
    pub fn path(&self, id: PageId) -> String {
        match id {
            PageId::Chooser => "index.html".to_owned(),
            PageId::NotFound => "404.html".to_owned(),
            PageId::Home(e) => format!("{}/index.html", e.dir()),
            PageId::Index(e, k) => format!("{}/{}/index.html", e.dir(), k.dir()),
            PageId::Entity(e, k, i) => {
                format!("{}/{}/{}/index.html", e.dir(), k.dir(), self.slug(k, i))
            }
        }
    }

    fn slug(&self, kind: Kind, i: usize) -> &str {
        self.graph.slug(kind, i)
    }

    fn render_page(&self, id: PageId) -> (Result<Page, Diagnostic>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let path = self.path(id);
        let (template, data) = match id {
            PageId::Chooser => ("chooser.html", self.chooser()),
            PageId::NotFound => ("404.html", self.not_found()),
            PageId::Home(e) => ("home.html", self.home(e)),
            PageId::Index(e, k) => (
                match k {
                    Kind::City => "cities.html",
                    Kind::Council => "councils.html",
                    Kind::Event => "events.html",
                },
                self.index(e, k),
            ),
            PageId::Entity(e, k, i) => (
                match k {
                    Kind::City => "city.html",
                    Kind::Council => "council.html",
                    Kind::Event => "event.html",
                },
                self.entity(e, k, i, &mut diags),
            ),
        };
        let result = Context::from_serialize(&data)
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map(|html| Page { path, html })
            .map_err(|e| {
                tera_diagnostic(&e, &|n| {
                    self.template_paths
                        .get(n)
                        .cloned()
                        .unwrap_or_else(|| n.to_owned())
                })
            });
        (result, diags)
    }

    // ---- small helpers -------------------------------------------------

    fn ui(&self, e: Edition, key: &str) -> String {
        self.strings
            .get(&e)
            .and_then(|s| s.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    fn label<T: serde::Serialize>(&self, e: Edition, prefix: &str, value: &T) -> String {
        self.ui(e, &format!("{prefix}_{}", enum_name(value)))
    }

    fn date(&self, e: Edition, d: &PartialDate) -> String {
        let key = match (d.month, d.day) {
            (Some(_), Some(_)) => "date_full",
            (Some(_), None) => "date_month",
            _ => "date_year",
        };
        let month = d.month.unwrap_or(1);
        self.ui(e, key)
            .replace("{y}", &d.year.to_string())
            .replace("{m}", &month.to_string())
            .replace("{d}", &d.day.unwrap_or(1).to_string())
            .replace("{month}", &self.ui(e, &format!("month_{month}")))
    }

    fn name(&self, e: Edition, kind: Kind, i: usize) -> Shown<'_> {
        let site = &self.graph.site;
        match kind {
            Kind::City => site.cities[i].data.name.show(e),
            Kind::Council => site.councils[i].data.name.show(e),
            Kind::Event => site.events[i].data.title.show(e),
        }
    }

    fn link(&self, e: Edition, depth: usize, kind: Kind, i: usize) -> Value {
        let shown = self.name(e, kind, i);
        json!({
            "text": shown.text,
            "lang": shown.lang.map(Edition::tag),
            "href": rel(depth, &self.path(PageId::Entity(e, kind, i))),
        })
    }

    fn links(&self, e: Edition, depth: usize, kind: Kind, list: &[usize]) -> Vec<Value> {
        let mut sorted = list.to_vec();
        sorted.sort_by(|&a, &b| self.cmp_names(e, kind, a, b));
        sorted.dedup();
        sorted
            .into_iter()
            .map(|i| self.link(e, depth, kind, i))
            .collect()
    }

    fn country(&self, e: Edition, city: usize) -> Value {
        let code = &self.graph.site.cities[city].data.country.value;
        match self.graph.site.countries.get(code) {
            Some(t) => shown(t.show(e)),
            None => json!({"text": code, "lang": null}),
        }
    }

    /// Cities grouped by country, countries and cities in reading order.
    /// `extra` adds fields to each city's entry.
    fn by_country(
        &self,
        e: Edition,
        depth: usize,
        cities: &[usize],
        extra: impl Fn(usize) -> Map<String, Value>,
    ) -> Vec<Value> {
        let site = &self.graph.site;
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &c in cities {
            groups
                .entry(site.cities[c].data.country.value.as_str())
                .or_default()
                .push(c);
        }
        let mut codes: Vec<&str> = groups.keys().copied().collect();
        let country_name = |code: &str| -> String {
            site.countries
                .get(code)
                .map(|t| t.show(e).text.to_owned())
                .unwrap_or_else(|| code.to_owned())
        };
        codes.sort_by(|a, b| match self.collations.get(&e) {
            Some(c) => c.compare(&country_name(a), &country_name(b)),
            None => a.cmp(b),
        });
        codes
            .into_iter()
            .map(|code| {
                let mut members = groups.remove(code).unwrap_or_default();
                members.sort_by(|&a, &b| self.cmp_names(e, Kind::City, a, b));
                let items: Vec<Value> = members
                    .iter()
                    .map(|&c| {
                        let mut m = extra(c);
                        m.insert("city".into(), self.link(e, depth, Kind::City, c));
                        Value::Object(m)
                    })
                    .collect();
                // Every group was created by pushing a city, so it has a first one.
                let country = members
                    .first()
                    .map(|&c| self.country(e, c))
                    .unwrap_or(Value::Null);
                json!({"country": country, "items": items})
            })
            .collect()
    }

    fn body(&self, e: Edition, depth: usize, bodies: &Bodies, diags: &mut Diagnostics) -> Value {
        let Some((body, fallback)) = bodies.show(e) else {
            return Value::Null;
        };
        let rendered = markdown::render(&body.markdown, |kind, slug| {
            self.graph.find(kind, slug).map(|i| {
                let shown = self.name(e, kind, i);
                LinkTarget {
                    href: rel(depth, &self.path(PageId::Entity(e, kind, i))),
                    name: shown.text.to_owned(),
                    lang: shown.lang.map(Edition::tag),
                }
            })
        });
        if fallback.is_none() {
            for text in rendered.literal_emphasis {
                let excerpt: String = text.chars().take(30).collect();
                diags.push(
                    Diagnostic::warning(format!("emphasis markers shown literally in `{excerpt}`"))
                        .in_file(&body.file)
                        .help("CommonMark does not pair `**` next to CJK punctuation: put the punctuation outside, as in `**重要**。`"),
                );
            }
        }
        json!({
            "html": rendered.html,
            "lang": fallback.map(Edition::tag),
            "origin": body.origin,
        })
    }

    /// The page heading: the body's front-matter title where the edition's
    /// own body sets one, else the name.
    fn heading(&self, e: Edition, kind: Kind, i: usize, bodies: &Bodies) -> Value {
        match bodies.show(e) {
            Some((b, None)) if b.title.is_some() => json!({"text": b.title, "lang": null}),
            _ => shown(self.name(e, kind, i)),
        }
    }

    /// Fields every page has: language, links to the other editions,
    /// navigation, UI strings. `inner` is the page's path inside an edition;
    /// `depth` how many folders below the output root it is (0: the chooser).
    fn common(
        &self,
        e: Edition,
        depth: usize,
        inner: &str,
        title: &str,
        crumbs: Vec<Value>,
    ) -> Map<String, Value> {
        let site = &self.graph.site;
        let alternates: Vec<Value> = site
            .editions
            .iter()
            .map(|&other| {
                json!({
                    "lang": other.tag(),
                    "label": self.ui(other, "language_name"),
                    "href": rel(depth, &format!("{}/{inner}", other.dir())),
                    "current": other == e,
                })
            })
            .collect();
        let home = rel(depth, &format!("{}/index.html", e.dir()));
        let nav: Vec<Value> = Kind::ALL
            .iter()
            .map(|k| {
                json!({
                    "label": self.ui(e, k.dir()),
                    "href": rel(depth, &format!("{}/{}/index.html", e.dir(), k.dir())),
                    "current": inner.starts_with(&format!("{}/", k.dir())),
                })
            })
            .collect();
        let site_title = site.yearbook.title.show(e);
        let mut m = Map::new();
        m.insert("lang".into(), json!(e.tag()));
        m.insert("edition".into(), json!(e.dir()));
        m.insert("root".into(), json!(rel(depth, "")));
        m.insert("css".into(), json!(rel(depth, "static/style.css")));
        m.insert("home".into(), json!(home));
        m.insert(
            "site".into(),
            json!({
                "title": shown(site_title),
                "subtitle": site.yearbook.subtitle.as_ref().map(|s| shown(s.show(e))),
            }),
        );
        let full_title = if title.is_empty() || title == site_title.text {
            site_title.text.to_owned()
        } else {
            format!("{title} · {}", site_title.text)
        };
        m.insert("title".into(), json!(full_title));
        m.insert("alternates".into(), json!(alternates));
        m.insert("nav".into(), json!(nav));
        let mut all_crumbs = vec![json!({"text": self.ui(e, "home"), "href": home})];
        all_crumbs.extend(crumbs);
        m.insert("crumbs".into(), json!(all_crumbs));
        m.insert("t".into(), json!(self.strings.get(&e)));
        m
    }

    /// Renders `template` as the page `<edition>/<inner>`, with the fields
    /// every page has plus `extra`: the hook for pages made outside this
    /// module (the search page).
    pub fn render_with_common(
        &self,
        e: Edition,
        inner: &str,
        template: &str,
        title: &str,
        extra: Map<String, Value>,
    ) -> Result<Page, Diagnostic> {
        let depth = inner.matches('/').count() + 1;
        let mut m = self.common(
            e,
            depth,
            inner,
            title,
            vec![json!({"text": title, "href": null})],
        );
        m.extend(extra);
        Context::from_serialize(&Value::Object(m))
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map(|html| Page {
                path: format!("{}/{inner}", e.dir()),
                html,
            })
            .map_err(|err| {
                tera_diagnostic(&err, &|n| {
                    self.template_paths
                        .get(n)
                        .cloned()
                        .unwrap_or_else(|| n.to_owned())
                })
            })
    }

    fn kind_crumb(&self, e: Edition, depth: usize, kind: Kind) -> Value {
        json!({"text": self.ui(e, kind.dir()), "href": rel(depth, &format!("{}/{}/index.html", e.dir(), kind.dir()))})
    }

    // ---- pages -----------------------------------------------------------

    fn chooser(&self) -> Value {
        let site = &self.graph.site;
        let first = site.editions.first().copied().unwrap_or(Edition::ZhHans);
        let editions: Vec<Value> = site
            .editions
            .iter()
            .map(|&e| {
                json!({
                    "lang": e.tag(),
                    "label": self.ui(e, "language_name"),
                    "title": site.yearbook.title.show(e).text,
                    "enter": self.ui(e, "enter"),
                    "href": format!("{}/index.html", e.dir()),
                })
            })
            .collect();
        // The chooser sits at the root, one level above the editions.
        let mut m = self.common(first, 0, "index.html", "", vec![]);
        m.insert("editions".into(), json!(editions));
        Value::Object(m)
    }

    fn not_found(&self) -> Value {
        let v = self.chooser();
        let mut m = match v {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        m.insert(
            "title".into(),
            json!(
                self.ui(
                    self.graph
                        .site
                        .editions
                        .first()
                        .copied()
                        .unwrap_or(Edition::ZhHans),
                    "not_found_title"
                )
            ),
        );
        Value::Object(m)
    }

    fn home(&self, e: Edition) -> Value {
        let site = &self.graph.site;
        let depth = 1;
        let mut m = self.common(e, depth, "index.html", "", vec![]);
        m.insert("crumbs".into(), json!([]));
        let latest: Vec<Value> = self.order[&(e, Kind::Event)]
            .iter()
            .take(10)
            .map(|&i| self.event_summary(e, depth, i))
            .collect();
        m.insert("latest".into(), json!(latest));
        let counts: Vec<Value> = Kind::ALL
            .iter()
            .map(|k| {
                let n = match k {
                    Kind::City => site.cities.len(),
                    Kind::Council => site.councils.len(),
                    Kind::Event => site.events.len(),
                };
                json!({"label": self.ui(e, k.dir()), "count": n, "href": format!("{}/index.html", k.dir())})
            })
            .collect();
        m.insert("counts".into(), json!(counts));
        Value::Object(m)
    }

    fn event_summary(&self, e: Edition, depth: usize, i: usize) -> Value {
        let ev = &self.graph.site.events[i].data;
        json!({
            "event": self.link(e, depth, Kind::Event, i),
            "date": self.date(e, &ev.date.value),
            "iso_date": ev.date.value.to_string(),
            "kind": self.label(e, "kind", &ev.kind),
            "place": self.graph.events[i].city.map(|c| self.link(e, depth, Kind::City, c)),
        })
    }

    fn index(&self, e: Edition, kind: Kind) -> Value {
        let site = &self.graph.site;
        let depth = 2;
        let title = self.ui(e, kind.dir());
        let mut m = self.common(
            e,
            depth,
            &format!("{}/index.html", kind.dir()),
            &title,
            vec![json!({"text": title, "href": null})],
        );
        m.insert("heading".into(), json!(title));
        match kind {
            Kind::City => {
                let all: Vec<usize> = (0..site.cities.len()).collect();
                let groups = self.by_country(e, depth, &all, |c| {
                    let mut x = Map::new();
                    x.insert(
                        "level".into(),
                        json!(self.label(e, "level", &site.cities[c].data.level)),
                    );
                    x.insert(
                        "parent".into(),
                        json!(self.graph.cities[c].parent.map(|p| self.link(
                            e,
                            depth,
                            Kind::City,
                            p
                        ))),
                    );
                    x
                });
                m.insert("groups".into(), json!(groups));
            }
            Kind::Council => {
                let mut items = Vec::new();
                let roots: Vec<usize> = self.order[&(e, Kind::Council)]
                    .iter()
                    .copied()
                    .filter(|&i| self.graph.councils[i].parent.is_none())
                    .collect();
                for r in roots {
                    self.council_tree(e, depth, r, 0, &mut items);
                }
                m.insert("items".into(), json!(items));
            }
            Kind::Event => {
                let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
                for &i in &self.order[&(e, Kind::Event)] {
                    let year = site.events[i].data.date.value.year;
                    if years.last().is_none_or(|(y, _)| *y != year) {
                        years.push((year, Vec::new()));
                    }
                    if let Some((_, list)) = years.last_mut() {
                        list.push(self.event_summary(e, depth, i));
                    }
                }
                let years: Vec<Value> = years
                    .into_iter()
                    .map(|(y, events)| json!({"year": self.date(e, &PartialDate { year: y, month: None, day: None }), "events": events}))
                    .collect();
                m.insert("years".into(), json!(years));
            }
        }
        Value::Object(m)
    }

    fn council_tree(&self, e: Edition, depth: usize, i: usize, level: usize, out: &mut Vec<Value>) {
        let c = &self.graph.site.councils[i].data;
        out.push(json!({
            "council": self.link(e, depth, Kind::Council, i),
            "short": c.short.as_ref().map(|s| shown(s.show(e))),
            "founded": c.founded.as_ref().map(|d| self.date(e, d)),
            "depth": level,
            "members": self.graph.councils[i].member_count(),
        }));
        let mut children = self.graph.councils[i].committees.clone();
        children.sort_by(|&a, &b| self.cmp_names(e, Kind::Council, a, b));
        // Parents are acyclic (resolve checked), so this recursion ends.
        for child in children {
            self.council_tree(e, depth, child, level + 1, out);
        }
    }

    fn entity(&self, e: Edition, kind: Kind, i: usize, diags: &mut Diagnostics) -> Value {
        let depth = 3;
        let inner = format!("{}/{}/index.html", kind.dir(), self.slug(kind, i));
        let name = self.name(e, kind, i);
        let mut m = self.common(
            e,
            depth,
            &inner,
            name.text,
            vec![
                self.kind_crumb(e, depth, kind),
                json!({"text": name.text, "lang": name.lang.map(Edition::tag), "href": null}),
            ],
        );
        let data = match kind {
            Kind::City => self.city(e, depth, i, diags),
            Kind::Council => self.council(e, depth, i, diags),
            Kind::Event => self.event(e, depth, i, diags),
        };
        m.insert("page".into(), data);
        Value::Object(m)
    }

    fn city(&self, e: Edition, depth: usize, i: usize, diags: &mut Diagnostics) -> Value {
        let entity = &self.graph.site.cities[i];
        let c = &entity.data;
        let links = &self.graph.cities[i];
        let date = |d: &Option<PartialDate>| d.as_ref().map(|d| self.date(e, d));
        let mut ties = links.ties.clone();
        ties.sort_by(|a, b| self.cmp_names(e, Kind::City, a.other, b.other));
        let ties: Vec<Value> = ties
            .iter()
            .map(|t| {
                json!({
                    "city": self.link(e, depth, Kind::City, t.other),
                    "country": self.country(e, t.other),
                    "kind": self.label(e, "tie", &t.kind),
                    "since": date(&t.since),
                    "event": t.event.map(|ev| self.link(e, depth, Kind::Event, ev)),
                })
            })
            .collect();
        let memberships: Vec<Value> = links
            .memberships
            .iter()
            .map(|mb| {
                json!({
                    "council": self.link(e, depth, Kind::Council, mb.council),
                    "role": self.label(e, "role", &mb.role),
                    "since": date(&mb.since),
                    "until": date(&mb.until),
                })
            })
            .collect();
        let events = |list: &[usize]| -> Vec<Value> {
            list.iter()
                .rev()
                .map(|&ev| self.event_summary(e, depth, ev))
                .collect()
        };
        let native: Vec<Value> = c
            .native
            .iter()
            .map(|(lang, text)| json!({"lang": lang, "text": text}))
            .collect();
        json!({
            "kind": "city",
            "heading": self.heading(e, Kind::City, i, &entity.bodies),
            "names": self.other_names(e, &c.name),
            "native": native,
            "country": self.country(e, i),
            "level": self.label(e, "level", &c.level),
            "parent": links.parent.map(|p| self.link(e, depth, Kind::City, p)),
            "children": self.links(e, depth, Kind::City, &links.children),
            "ties": ties,
            "memberships": memberships,
            "seat_of": self.links(e, depth, Kind::Council, &links.seat_of),
            "events_hosted": events(&links.events_hosted),
            "events_held": events(&links.events_held),
            "events_joined": events(&links.events_joined),
            "website": c.website,
            "location": c.location,
            "aliases": c.aliases,
            "body": self.body(e, depth, &entity.bodies, diags),
        })
    }

    /// The name in the editions other than this one, for the page header.
    fn other_names(&self, e: Edition, text: &Text) -> Vec<Value> {
        let mut seen = vec![text.show(e).text.to_owned()];
        let mut out = Vec::new();
        for other in Edition::ALL {
            if let Some(l) = text.get(other)
                && other != e
                && !seen.contains(&l.text)
            {
                seen.push(l.text.clone());
                out.push(json!({"text": l.text, "lang": other.tag()}));
            }
        }
        out
    }

    fn council(&self, e: Edition, depth: usize, i: usize, diags: &mut Diagnostics) -> Value {
        let entity = &self.graph.site.councils[i];
        let c = &entity.data;
        let links = &self.graph.councils[i];
        let date = |d: &Option<PartialDate>| d.as_ref().map(|d| self.date(e, d));
        let member_cities: Vec<usize> = links.members.iter().map(|mb| mb.city).collect();
        let groups = self.by_country(e, depth, &member_cities, |city| {
            let roles: Vec<Value> = links
                .members
                .iter()
                .filter(|mb| mb.city == city)
                .map(|mb| json!({"role": self.label(e, "role", &mb.role), "since": date(&mb.since), "until": date(&mb.until)}))
                .collect();
            let mut x = Map::new();
            x.insert("roles".into(), json!(roles));
            x
        });
        let mut committees = links.committees.clone();
        committees.sort_by(|&a, &b| self.cmp_names(e, Kind::Council, a, b));
        let committees: Vec<Value> = committees
            .iter()
            .map(|&k| {
                let cc = &self.graph.site.councils[k].data;
                let coordinators: Vec<usize> = self.graph.councils[k]
                    .members
                    .iter()
                    .filter(|mb| mb.role == crate::model::Role::Coordinator)
                    .map(|mb| mb.city)
                    .collect();
                json!({
                    "council": self.link(e, depth, Kind::Council, k),
                    "founded": date(&cc.founded),
                    "focus": cc.focus.as_ref().map(|f| shown(f.show(e))),
                    "coordinators": self.links(e, depth, Kind::City, &coordinators),
                })
            })
            .collect();
        json!({
            "kind": "council",
            "heading": self.heading(e, Kind::Council, i, &entity.bodies),
            "names": self.other_names(e, &c.name),
            "short": c.short.as_ref().map(|s| shown(s.show(e))),
            "founded": date(&c.founded),
            "seat": links.seat.map(|s| self.link(e, depth, Kind::City, s)),
            "focus": c.focus.as_ref().map(|f| shown(f.show(e))),
            "website": c.website,
            "parent": links.parent.map(|p| self.link(e, depth, Kind::Council, p)),
            "committees": committees,
            "member_count": links.member_count(),
            "member_groups": groups,
            "events": links.events.iter().rev().map(|&ev| self.event_summary(e, depth, ev)).collect::<Vec<_>>(),
            "body": self.body(e, depth, &entity.bodies, diags),
        })
    }

    fn event(&self, e: Edition, depth: usize, i: usize, diags: &mut Diagnostics) -> Value {
        let entity = &self.graph.site.events[i];
        let ev = &entity.data;
        let links = &self.graph.events[i];
        let sources: Vec<Value> = ev
            .sources
            .iter()
            .map(|s| {
                json!({
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "date": s.date.as_ref().map(|d| self.date(e, d)),
                })
            })
            .collect();
        let ties: Vec<Value> = links
            .ties_signed
            .iter()
            .map(|&(a, b, kind)| json!({"a": self.link(e, depth, Kind::City, a), "b": self.link(e, depth, Kind::City, b), "kind": self.label(e, "tie", &kind)}))
            .collect();
        let end = ev.end.as_ref().filter(|end| end.value != ev.date.value);
        json!({
            "kind": "event",
            "heading": self.heading(e, Kind::Event, i, &entity.bodies),
            "names": self.other_names(e, &ev.title),
            "event_kind": self.label(e, "kind", &ev.kind),
            "date": self.date(e, &ev.date.value),
            "iso_date": ev.date.value.to_string(),
            "end": end.map(|d| self.date(e, &d.value)),
            "place": links.city.map(|c| self.link(e, depth, Kind::City, c)),
            "venue": ev.venue.as_ref().map(|v| shown(v.show(e))),
            "councils": self.links(e, depth, Kind::Council, &links.councils),
            "hosts": self.links(e, depth, Kind::City, &links.hosts),
            "participant_groups": self.by_country(e, depth, &links.participants, |_| Map::new()),
            "ties_signed": ties,
            "sources": sources,
            "body": self.body(e, depth, &entity.bodies, diags),
        })
    }
}

fn shown(s: Shown<'_>) -> Value {
    json!({"text": s.text, "lang": s.lang.map(Edition::tag)})
}

/// A link from a page `depth` folders below the output root to `path`.
pub fn rel(depth: usize, path: &str) -> String {
    let mut s = "../".repeat(depth);
    s.push_str(path);
    s
}
