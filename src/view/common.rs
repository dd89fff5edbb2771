//! What every page has (language, links to the other editions, navigation,
//! UI strings), the small views pages share (a text, a link, an event
//! summary, cities grouped by country, a body), and `Cx`, the per-page
//! context that makes them and records what they read.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

use super::urls::Section;
use super::{Deps, Route, Views};
use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::AnyId;
use crate::graph::relations::{CITY_PARENT, COUNCIL_PARENT, EVENT_COUNCILS, PLACE};
use crate::model::{City, Edition, Event, Id, Kind, PartialDate, Shown, Text, enum_name};
use crate::text::markdown::{self, LinkTarget};

/// A text as the page shows it; `lang` is set when it is not in the page's language.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct TextView<'a> {
    pub text: &'a str,
    pub lang: Option<&'static str>,
}

impl<'a> From<Shown<'a>> for TextView<'a> {
    fn from(s: Shown<'a>) -> Self {
        TextView {
            text: s.text,
            lang: s.lang.map(Edition::tag),
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LinkView<'a> {
    pub text: &'a str,
    pub lang: Option<&'static str>,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub lang: &'static str,
    pub label: String,
    /// For the language menu: relative.
    pub href: String,
    /// For `<link rel="alternate">`: absolute when the site has a `base_url`.
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Crumb {
    pub text: String,
    pub lang: Option<&'static str>,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: TextView<'a>,
    pub subtitle: Option<TextView<'a>>,
}

/// What a page says about itself in its head, for search engines, link
/// previews and feed readers.
#[derive(Debug, Serialize)]
pub struct Meta {
    pub description: String,
    /// Open Graph type: `website`, or `article` for an entity's page.
    pub og_type: &'static str,
    /// Open Graph locale: `zh_CN`, `zh_TW`, `zh_HK`, `en`.
    pub locale: &'static str,
    /// Atom feeds to announce: the edition's, and a council's own.
    pub feeds: Vec<HeadLink>,
    pub calendar: String,
    /// schema.org JSON-LD of an entity's page, escaped for a `<script>`.
    pub jsonld: Option<String>,
    /// The 404 page without a `base_url`: it is served at any depth, so a
    /// script sets `<base>` to the site's root, found in the address.
    pub find_root: bool,
}

#[derive(Debug, Serialize)]
pub struct HeadLink {
    pub href: String,
    pub title: String,
}

/// A whole page: the fields every template has, and `page`, its own view.
#[derive(Debug, Serialize)]
pub struct PageView<'a, P> {
    pub lang: &'static str,
    pub edition: &'static str,
    pub root: String,
    pub css: String,
    pub home: String,
    pub site: SiteView<'a>,
    pub title: String,
    /// The page's absolute URL, when the site has a `base_url`.
    pub canonical: Option<String>,
    pub alternates: Vec<Alternate>,
    pub nav: Vec<NavItem>,
    pub crumbs: Vec<Crumb>,
    pub t: Option<&'a BTreeMap<String, String>>,
    pub meta: Meta,
    pub page: P,
}

/// Cities of one country, in a list grouped by country.
#[derive(Debug, Serialize)]
pub struct Group<'a, T> {
    pub country: LinkView<'a>,
    pub items: Vec<T>,
}

#[derive(Debug, Serialize)]
pub struct EventSummary<'a> {
    pub event: LinkView<'a>,
    pub date: String,
    pub iso_date: String,
    pub kind: String,
    pub place: Option<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct BodyView {
    pub html: String,
    /// The language it is really in, when the edition shows a fallback.
    pub lang: Option<&'static str>,
    pub origin: crate::model::Origin,
}

#[derive(Debug, Serialize)]
pub struct NameView<'a> {
    pub lang: &'a str,
    pub text: &'a str,
}

/// The context one page's view is built in.
pub struct Cx<'v, 'a> {
    pub views: &'v Views<'a>,
    pub e: Edition,
    pub route: Route,
    pub deps: RefCell<Deps>,
    pub diags: RefCell<Diagnostics>,
}

impl<'v, 'a: 'v> Cx<'v, 'a> {
    pub fn ui(&self, key: &str) -> String {
        self.ui_in(self.e, key)
    }

    pub fn ui_in(&self, e: Edition, key: &str) -> String {
        self.views
            .strings
            .get(&e)
            .and_then(|s| s.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// The UI label of an enum value: `level_district`.
    pub fn label<T: Serialize>(&self, prefix: &str, value: &T) -> String {
        self.ui(&format!("{prefix}_{}", enum_name(value)))
    }

    pub fn date(&self, d: &PartialDate) -> String {
        let key = match (d.month, d.day) {
            (Some(_), Some(_)) => "date_full",
            (Some(_), None) => "date_month",
            _ => "date_year",
        };
        let month = d.month.unwrap_or(1);
        self.ui(key)
            .replace("{y}", &d.year.to_string())
            .replace("{m}", &month.to_string())
            .replace("{d}", &d.day.unwrap_or(1).to_string())
            .replace("{month}", &self.ui(&format!("month_{month}")))
    }

    pub fn opt_date(&self, d: &Option<PartialDate>) -> Option<String> {
        d.as_ref().map(|d| self.date(d))
    }

    /// Records that the page shows `id`.
    pub fn read(&self, id: impl Into<AnyId>) -> AnyId {
        let id = id.into();
        self.deps.borrow_mut().entities.insert(id);
        id
    }

    /// Records that the page shows (or chooses from) the whole list of a
    /// kind: every entity of it, and the list itself, which changes when one
    /// is added or removed.
    pub fn read_all(&self, kind: Kind) {
        let mut deps = self.deps.borrow_mut();
        deps.kinds.insert(kind);
        deps.entities.extend(self.views.graph.ids(kind));
    }

    /// What the context recorded, and found, so far.
    pub fn finish(self) -> (Deps, Diagnostics) {
        (self.deps.into_inner(), self.diags.into_inner())
    }

    pub fn text(&self, t: &'a Text) -> TextView<'a> {
        t.show(self.e).into()
    }

    pub fn name(&self, id: impl Into<AnyId>) -> TextView<'a> {
        let id = self.read(id);
        self.views.graph.name(id).show(self.e).into()
    }

    pub fn href(&self, to: Route) -> String {
        self.views.urls.href(self.route, to)
    }

    pub fn link(&self, id: impl Into<AnyId>) -> LinkView<'a> {
        let id = id.into();
        let name = self.name(id);
        LinkView {
            text: name.text,
            lang: name.lang,
            href: self.href(Route::Entity(self.e, id)),
        }
    }

    /// Links to entities of one kind, in reading order, each once.
    pub fn links<K: crate::model::Kinded>(
        &self,
        list: impl IntoIterator<Item = Id<K>>,
    ) -> Vec<LinkView<'a>> {
        let mut sorted: Vec<usize> = list.into_iter().map(Id::index).collect();
        sorted.sort_by(|&a, &b| self.views.order.cmp(self.e, K::KIND, a, b));
        sorted.dedup();
        sorted
            .into_iter()
            .map(|index| {
                self.link(AnyId {
                    kind: K::KIND,
                    index,
                })
            })
            .collect()
    }

    pub fn country(&self, city: Id<City>) -> TextView<'a> {
        self.read(city);
        let code = &self.views.graph.city(city).data.country.value;
        match self.views.graph.site.countries.get(code) {
            Some(t) => self.text(t),
            None => TextView {
                text: code,
                lang: None,
            },
        }
    }

    /// Cities grouped by country, countries and cities in reading order;
    /// `item` makes each city's entry.
    pub fn by_country<T>(
        &self,
        cities: impl IntoIterator<Item = Id<City>>,
        item: impl Fn(Id<City>) -> T,
    ) -> Vec<Group<'a, T>> {
        let graph = self.views.graph;
        let mut groups: BTreeMap<&str, Vec<Id<City>>> = BTreeMap::new();
        for c in cities {
            groups
                .entry(graph.city(c).data.country.value.as_str())
                .or_default()
                .push(c);
        }
        let mut codes: Vec<&str> = groups.keys().copied().collect();
        let country_name = |code: &'a str| -> &'a str {
            graph
                .site
                .countries
                .get(code)
                .map_or(code, |t| t.show(self.e).text)
        };
        codes.sort_by(|a, b| {
            self.views
                .order
                .collate(self.e, country_name(a), country_name(b))
        });
        codes
            .into_iter()
            .filter_map(|code| {
                let mut members = groups.remove(code)?;
                members.sort_by(|a, b| {
                    self.views
                        .order
                        .cmp(self.e, Kind::City, a.index(), b.index())
                });
                let country = self.country_of(*members.first()?);
                Some(Group {
                    country,
                    items: members.into_iter().map(&item).collect(),
                })
            })
            .collect()
    }

    pub fn event_summary(&self, id: Id<Event>) -> EventSummary<'a> {
        let ev = &self.views.graph.event(id).data;
        EventSummary {
            event: self.link(id),
            date: self.date(&ev.date.value),
            iso_date: ev.date.value.to_string(),
            kind: self.label("kind", &ev.kind),
            place: self.views.graph.target(PLACE, id).map(|c| self.link(c)),
        }
    }

    /// The body the edition shows, rendered, with its entity links resolved.
    pub fn body(&self, id: AnyId) -> Option<BodyView> {
        let (body, fallback) = self.views.graph.bodies(id).show(self.e)?;
        let raw_html = self.views.graph.site.yearbook.markdown.raw_html;
        let lang = match fallback.unwrap_or(self.e) {
            Edition::En => markdown::BodyLang::Other,
            Edition::ZhHans | Edition::ZhHant => markdown::BodyLang::Chinese,
        };
        let rendered = markdown::render(&body.markdown, raw_html, lang, |kind, slug| {
            let index = self.views.graph.find(kind, slug)?;
            let target = AnyId { kind, index };
            let name = self.name(target);
            Some(LinkTarget {
                href: self.href(Route::Entity(self.e, target)),
                name: name.text.to_owned(),
                lang: name.lang,
            })
        });
        if fallback.is_none() {
            for text in rendered.literal_emphasis {
                let excerpt: String = text.chars().take(30).collect();
                self.diags.borrow_mut().push(
                    Diagnostic::warning(format!("emphasis markers shown literally in `{excerpt}`"))
                        .in_file(&body.file)
                        .help("CommonMark does not pair `**` next to CJK punctuation: put the punctuation outside, as in `**重要**。`"),
                );
            }
        }
        Some(BodyView {
            html: rendered.html,
            lang: fallback.map(Edition::tag),
            origin: body.origin,
        })
    }

    /// The page heading: the body's front-matter title where the edition's
    /// own body sets one, else the name.
    pub fn heading(&self, id: AnyId) -> TextView<'a> {
        match self.views.graph.bodies(id).show(self.e) {
            Some((b, None)) if b.title.is_some() => {
                self.read(id);
                TextView {
                    text: b.title.as_deref().unwrap_or_default(),
                    lang: None,
                }
            }
            _ => self.name(id),
        }
    }

    /// The name in the editions other than this one, for the page header.
    pub fn other_names(&self, text: &'a Text) -> Vec<NameView<'a>> {
        let mut seen = vec![text.show(self.e).text];
        let mut out = Vec::new();
        for other in Edition::ALL {
            if let Some(l) = text.get(other)
                && other != self.e
                && !seen.contains(&l.text.as_str())
            {
                seen.push(&l.text);
                out.push(NameView {
                    text: &l.text,
                    lang: other.tag(),
                });
            }
        }
        out
    }

    /// An entity's page: its name as title, crumbs through its kind's index,
    /// a description from its body, its linked data, and its own feed.
    pub fn entity_page<P>(&self, id: impl Into<AnyId>, view: P) -> PageView<'a, P> {
        let id = id.into();
        let name = self.name(id);
        let mut crumbs = vec![Crumb::new(
            self.ui(id.kind.dir()),
            None,
            Some(self.href(Route::Index(self.e, id.kind))),
        )];
        for parent in self.ancestors(id) {
            let l = self.link(parent);
            crumbs.push(Crumb::new(l.text.to_owned(), l.lang, Some(l.href)));
        }
        crumbs.push(Crumb::new(name.text.to_owned(), name.lang, None));
        let mut page = self.page(name.text, crumbs, view);
        let body = self.views.graph.bodies(id).show(self.e);
        page.meta.description = match body.map(|(b, _)| markdown::plain_text(&b.markdown, 150)) {
            Some(text) if !text.is_empty() => text,
            _ => format!("{} · {}", name.text, self.ui(id.kind.dir())),
        };
        page.meta.og_type = "article";
        page.meta.jsonld = Some(super::jsonld::entity(self, id));
        let has_feed = id.kind == Kind::Council
            && self
                .views
                .graph
                .sources(EVENT_COUNCILS, Id::<crate::model::Council>::new(id.index))
                .next()
                .is_some();
        if has_feed {
            page.meta.feeds.push(HeadLink {
                href: self.href(Route::Feed(self.e, Some(id))),
                title: name.text.to_owned(),
            });
        }
        page
    }

    /// The parents of a city or council, outermost first (parents do not
    /// loop: resolve checks it).
    pub fn ancestors(&self, id: AnyId) -> Vec<AnyId> {
        let graph = self.views.graph;
        let parent = |id: AnyId| -> Option<AnyId> {
            match id.kind {
                Kind::City => graph
                    .target(CITY_PARENT, Id::new(id.index))
                    .map(AnyId::from),
                Kind::Council => graph
                    .target(COUNCIL_PARENT, Id::new(id.index))
                    .map(AnyId::from),
                Kind::Event => None,
            }
        };
        let mut chain = Vec::new();
        let mut at = id;
        while let Some(p) = parent(at) {
            if chain.contains(&p) || p == id {
                break;
            }
            chain.push(p);
            at = p;
        }
        chain.reverse();
        chain
    }

    /// The Open Graph locale of the edition: Traditional Chinese is
    /// Taiwan's or Hong Kong's as the site converts it.
    fn locale(&self) -> &'static str {
        match self.e {
            Edition::ZhHans => "zh_CN",
            Edition::En => "en",
            Edition::ZhHant => match self.views.graph.site.yearbook.conversion.hant {
                crate::model::HantConfig::S2hk => "zh_HK",
                _ => "zh_TW",
            },
        }
    }

    /// The fields every page has around its own view. `title` is the page's
    /// name ("" for the site's title alone); `crumbs` follow the home crumb.
    pub fn page<P>(&self, title: &str, crumbs: Vec<Crumb>, page: P) -> PageView<'a, P> {
        let views = self.views;
        let site = &views.graph.site;
        let urls = &views.urls;
        let alternates = site
            .editions
            .iter()
            .map(|&other| Alternate {
                lang: other.tag(),
                label: self.ui_in(other, "language_name"),
                href: self.href(self.route.in_edition(other)),
                url: urls.head_href(self.route, self.route.in_edition(other)),
                current: other == self.e,
            })
            .collect();
        let nav = Section::ALL
            .iter()
            .map(|&section| NavItem {
                label: self.ui(section.key()),
                href: self.href(section.route(self.e)),
                current: self.route.section() == Some(section),
            })
            .collect();
        let home = self.href(Route::Home(self.e));
        let site_title = site.yearbook.title.show(self.e);
        let full_title = if title.is_empty() || title == site_title.text {
            site_title.text.to_owned()
        } else {
            format!("{title} · {}", site_title.text)
        };
        let mut all_crumbs = vec![Crumb::new(self.ui("home"), None, Some(home.clone()))];
        all_crumbs.extend(crumbs);
        PageView {
            lang: self.e.tag(),
            edition: self.e.dir(),
            root: urls.file_href(self.route, ""),
            css: urls.file_href(self.route, "static/style.css"),
            home,
            site: SiteView {
                title: site_title.into(),
                subtitle: site.yearbook.subtitle.as_ref().map(|s| self.text(s)),
            },
            title: full_title,
            canonical: urls.absolute(self.route),
            alternates,
            nav,
            crumbs: all_crumbs,
            t: views.strings.get(&self.e),
            meta: Meta {
                description: site
                    .yearbook
                    .subtitle
                    .as_ref()
                    .map_or(site_title.text.to_owned(), |s| {
                        format!("{} · {}", site_title.text, s.show(self.e).text)
                    }),
                og_type: "website",
                locale: self.locale(),
                feeds: vec![HeadLink {
                    href: self.href(Route::Feed(self.e, None)),
                    title: site_title.text.to_owned(),
                }],
                calendar: self.href(Route::Calendar(self.e)),
                jsonld: None,
                find_root: self.route == Route::NotFound && !urls.has_base(),
            },
            page,
        }
    }
}

impl Crumb {
    pub fn new(text: String, lang: Option<&'static str>, href: Option<String>) -> Crumb {
        Crumb { text, lang, href }
    }
}
