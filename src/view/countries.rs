//! Countries: an index with the map of every tie, and a page per country
//! with its local governments, their ties grouped by partner country, the
//! councils they belong to, and their events.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Route;
use super::common::{Crumb, Cx, EventSummary, LinkView, NameView, PageView, TextView};
use super::figures::FigureView;
use super::urls::CountryCode;
use crate::graph::relations::{CITY_PARENT, HOSTS, MEMBERS, PARTICIPANTS, PLACE};
use crate::graph::{Graph, Tie};
use crate::model::{City, Council, Event, Id, Kind};

/// Every country a local government is in, by code.
pub fn codes(graph: &Graph) -> Vec<CountryCode> {
    let set: BTreeSet<CountryCode> = graph
        .site
        .cities
        .iter()
        .filter_map(|c| CountryCode::new(&c.data.country.value))
        .collect();
    set.into_iter().collect()
}

fn code_of(graph: &Graph, city: Id<City>) -> Option<CountryCode> {
    CountryCode::new(&graph.city(city).data.country.value)
}

impl<'v, 'a: 'v> Cx<'v, 'a> {
    /// A country by its code, linked to its page.
    pub fn country_link(&self, code: CountryCode) -> LinkView<'a> {
        let graph = self.views.graph;
        // Every city's country is in countries.yaml (resolve checks it).
        let name = match graph.site.countries.get(code.as_str()) {
            Some(t) => self.text(t),
            None => TextView {
                text: "",
                lang: None,
            },
        };
        LinkView {
            text: name.text,
            lang: name.lang,
            href: self.href(Route::Countries(self.e, Some(code))),
        }
    }

    /// A city's country, linked.
    pub fn country_of(&self, city: Id<City>) -> LinkView<'a> {
        self.read(city);
        let graph = self.views.graph;
        match code_of(graph, city) {
            Some(code) => self.country_link(code),
            None => {
                let t = self.country(city);
                LinkView {
                    text: t.text,
                    lang: t.lang,
                    href: self.href(Route::Countries(self.e, None)),
                }
            }
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CountryRow<'a> {
    pub country: LinkView<'a>,
    pub cities: usize,
    pub ties: usize,
}

#[derive(Debug, Serialize)]
pub struct CountriesView<'a> {
    pub heading: String,
    pub map: Option<FigureView>,
    pub countries: Vec<CountryRow<'a>>,
}

/// Countries sorted by their names in the edition's collation.
fn sorted_codes(cx: &Cx<'_, '_>) -> Vec<CountryCode> {
    let mut all = codes(cx.views.graph);
    all.sort_by(|a, b| {
        let (na, nb) = (cx.country_link(*a), cx.country_link(*b));
        cx.views
            .order
            .collate(cx.e, na.text, nb.text)
            .then(a.cmp(b))
    });
    all
}

pub fn index<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, CountriesView<'a>> {
    cx.read_all(Kind::City);
    let graph = cx.views.graph;
    let countries = sorted_codes(cx)
        .into_iter()
        .map(|code| {
            let mine = |c: Id<City>| code_of(graph, c) == Some(code);
            CountryRow {
                country: cx.country_link(code),
                cities: (0..graph.len(Kind::City))
                    .map(Id::new)
                    .filter(|&c| mine(c))
                    .count(),
                ties: graph
                    .all_ties()
                    .iter()
                    .filter(|t| mine(t.a) || mine(t.b))
                    .count(),
            }
        })
        .collect();
    let ties: Vec<&Tie> = graph.all_ties().iter().collect();
    let heading = cx.ui("countries");
    let view = CountriesView {
        map: cx.ties_figure("ties-map", cx.ui("map_all_ties"), &ties, None),
        countries,
        heading: heading.clone(),
    };
    cx.page(
        &heading,
        vec![Crumb::new(heading.clone(), None, None)],
        view,
    )
}

#[derive(Debug, Serialize)]
pub struct CountryCity<'a> {
    pub city: LinkView<'a>,
    pub level: String,
    pub parent: Option<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct TieRow<'a> {
    pub ours: LinkView<'a>,
    pub theirs: LinkView<'a>,
    pub kind: String,
    pub since: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PartnerGroup<'a> {
    pub country: LinkView<'a>,
    pub count: String,
    pub ties: Vec<TieRow<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CouncilRow<'a> {
    pub council: LinkView<'a>,
    pub cities: Vec<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CountryView<'a> {
    pub heading: TextView<'a>,
    pub names: Vec<NameView<'a>>,
    pub cities: Vec<CountryCity<'a>>,
    pub cities_count: String,
    pub partners: Vec<PartnerGroup<'a>>,
    pub ties_count: String,
    pub map: Option<FigureView>,
    pub councils: Vec<CouncilRow<'a>>,
    pub events: Vec<EventSummary<'a>>,
}

/// A tie from the country's side: its city, the partner, the tie.
type Pair<'t> = (Id<City>, Id<City>, &'t Tie);

/// Its ties grouped by the partner's country, countries and partners in
/// reading order.
fn partners<'a>(cx: &Cx<'_, 'a>, code: CountryCode, ties: &[&Tie]) -> Vec<PartnerGroup<'a>> {
    let graph = cx.views.graph;
    let mut by: BTreeMap<CountryCode, Vec<Pair<'_>>> = BTreeMap::new();
    for &t in ties {
        // Both ends at home: the tie is listed once, under the country itself.
        let (ours, theirs) = if code_of(graph, t.a) == Some(code) {
            (t.a, t.b)
        } else {
            (t.b, t.a)
        };
        if let Some(partner) = code_of(graph, theirs) {
            by.entry(partner).or_default().push((ours, theirs, t));
        }
    }
    let mut groups: Vec<(CountryCode, Vec<Pair<'_>>)> = by.into_iter().collect();
    groups.sort_by(|a, b| {
        let (na, nb) = (cx.country_link(a.0), cx.country_link(b.0));
        cx.views.order.collate(cx.e, na.text, nb.text)
    });
    groups
        .into_iter()
        .map(|(partner, mut list)| {
            let order = &cx.views.order;
            list.sort_by(|x, y| {
                order
                    .cmp(cx.e, Kind::City, x.0.index(), y.0.index())
                    .then_with(|| order.cmp(cx.e, Kind::City, x.1.index(), y.1.index()))
            });
            PartnerGroup {
                country: cx.country_link(partner),
                count: cx.count("ties_count", list.len()),
                ties: list
                    .into_iter()
                    .map(|(ours, theirs, t)| TieRow {
                        ours: cx.link(ours),
                        theirs: cx.link(theirs),
                        kind: cx.label("tie", &t.kind),
                        since: cx.opt_date(&t.since),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The councils its governments belong to, each with those members.
fn councils<'a>(cx: &Cx<'_, 'a>, mine: &dyn Fn(Id<City>) -> bool) -> Vec<CouncilRow<'a>> {
    cx.views
        .order
        .list(cx.e, Kind::Council)
        .iter()
        .map(|&i| Id::<Council>::new(i))
        .filter_map(|k| {
            let members: Vec<Id<City>> = cx
                .views
                .graph
                .targets(MEMBERS, k)
                .map(|(c, _)| c)
                .filter(|&c| mine(c))
                .collect();
            (!members.is_empty()).then(|| CouncilRow {
                council: cx.link(k),
                cities: cx.links(members),
            })
        })
        .collect()
}

/// Its events: held in, hosted by or with one of its governments; newest first.
fn events<'a>(cx: &Cx<'_, 'a>, mine: &dyn Fn(Id<City>) -> bool) -> Vec<EventSummary<'a>> {
    let graph = cx.views.graph;
    cx.views
        .order
        .list(cx.e, Kind::Event)
        .iter()
        .map(|&i| Id::<Event>::new(i))
        .filter(|&e| {
            [PLACE, HOSTS, PARTICIPANTS]
                .iter()
                .any(|&link| graph.targets(link, e).any(|(c, _)| mine(c)))
        })
        .map(|e| cx.event_summary(e))
        .collect()
}

pub fn view<'a>(cx: &Cx<'_, 'a>, code: CountryCode) -> PageView<'a, CountryView<'a>> {
    // A country's page chooses from every city, council and event.
    for k in Kind::ALL {
        cx.read_all(k);
    }
    let graph = cx.views.graph;
    let mine = |c: Id<City>| code_of(graph, c) == Some(code);
    let mut cities: Vec<Id<City>> = (0..graph.len(Kind::City))
        .map(Id::new)
        .filter(|&c| mine(c))
        .collect();
    cities.sort_by(|a, b| cx.views.order.cmp(cx.e, Kind::City, a.index(), b.index()));
    let ties: Vec<&Tie> = graph
        .all_ties()
        .iter()
        .filter(|t| mine(t.a) || mine(t.b))
        .collect();
    let name = cx.country_link(code);
    let heading = TextView {
        text: name.text,
        lang: name.lang,
    };
    let names = graph
        .site
        .countries
        .get(code.as_str())
        .map(|t| cx.other_names(t))
        .unwrap_or_default();
    let view = CountryView {
        heading,
        names,
        cities_count: cx.count("cities_count", cities.len()),
        cities: cities
            .iter()
            .map(|&c| CountryCity {
                city: cx.link(c),
                level: cx.level(c),
                parent: graph
                    .target(CITY_PARENT, c)
                    .filter(|&p| mine(p))
                    .map(|p| cx.link(p)),
            })
            .collect(),
        partners: partners(cx, code, &ties),
        ties_count: cx.count("ties_count", ties.len()),
        map: cx.ties_figure("ties-map", cx.ui("map_country_ties"), &ties, None),
        councils: councils(cx, &mine),
        events: events(cx, &mine),
    };
    let crumbs = vec![
        Crumb::new(
            cx.ui("countries"),
            None,
            Some(cx.href(Route::Countries(cx.e, None))),
        ),
        Crumb::new(name.text.to_owned(), name.lang, None),
    ];
    cx.page(name.text, crumbs, view)
}
