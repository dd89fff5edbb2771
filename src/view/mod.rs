//! The view floor (docs/design.md): per edition, typed and serialisable views
//! of every page. The only place that turns ids into URLs and texts into the
//! edition's script; and while a view is built, every entity it reads is
//! recorded (`Deps`), so incremental rebuilds know what a page shows without
//! a second copy of that knowledge.

mod chronicle;
pub mod city;
mod common;
pub mod council;
mod countries;
pub mod data;
pub mod event;
mod figures;
mod jsonld;
mod lists;
mod names;
pub mod order;
pub mod search;
mod statistics;
pub mod urls;
mod words;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::graph::{AnyId, Graph};
use crate::model::{Edition, Kind};
use crate::text::plural::Plurals;
pub use chronicle::{ChronicleView, YearPage};
pub use city::CityView;
pub use common::*;
pub use council::CouncilView;
pub use countries::{CountriesView, CountryView};
pub use event::EventView;
pub use figures::FigureView;
pub use lists::{CitiesView, CouncilsView, EventsView, HomeView};
pub use names::NamesView;
use order::Order;
pub use statistics::StatisticsView;
pub use urls::{CountryCode, Route, Section, Urls};

/// What a page read while its view was built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deps {
    /// Entities whose data the page shows.
    pub entities: BTreeSet<AnyId>,
    /// Kinds whose whole list the page shows (an index, counts): adding or
    /// removing an entity of the kind changes the page.
    pub kinds: BTreeSet<Kind>,
}

/// UI strings of each edition, from the theme.
pub type Strings = HashMap<Edition, BTreeMap<String, String>>;

/// Everything views are built from, made once per build.
pub struct Views<'a> {
    pub graph: &'a Graph,
    pub urls: Urls<'a>,
    pub order: Order,
    strings: &'a Strings,
    /// Whether the build makes the print edition (each home links its PDF).
    pub pdf: bool,
    /// Plural rules of each edition's language.
    plurals: HashMap<Edition, Plurals>,
    /// Whether search indexes are made. `check` makes none: they are the
    /// costliest output (a third of its time on 10,000 entries, half its
    /// memory) and no content can make them fail.
    pub index_search: bool,
    /// Each edition's search index, made when first asked for.
    search: std::sync::OnceLock<Result<Vec<(Edition, search::MadeIndex)>, String>>,
}

/// A page's view, whichever kind of page it is.
#[derive(Serialize)]
#[serde(untagged)]
pub enum AnyPage<'a> {
    Chooser(PageView<'a, lists::ChooserView<'a>>),
    Home(PageView<'a, lists::HomeView<'a>>),
    Cities(PageView<'a, lists::CitiesView<'a>>),
    Councils(PageView<'a, lists::CouncilsView<'a>>),
    Events(PageView<'a, lists::EventsView<'a>>),
    City(PageView<'a, city::CityView<'a>>),
    Council(PageView<'a, council::CouncilView<'a>>),
    Event(PageView<'a, event::EventView<'a>>),
    Chronicle(PageView<'a, chronicle::ChronicleView>),
    Year(PageView<'a, chronicle::YearPage<'a>>),
    Names(PageView<'a, names::NamesView<'a>>),
    Countries(PageView<'a, countries::CountriesView<'a>>),
    Country(PageView<'a, countries::CountryView<'a>>),
    Statistics(PageView<'a, statistics::StatisticsView>),
    Search(PageView<'a, search::SearchView>),
}

/// A view with what building it read and found.
pub struct Built<'a> {
    pub page: AnyPage<'a>,
    pub deps: Deps,
    /// Warnings found while rendering bodies.
    pub diags: Diagnostics,
}

impl<'a> Views<'a> {
    pub fn new(graph: &'a Graph, strings: &'a Strings) -> Result<Views<'a>, Diagnostic> {
        let mut plurals = HashMap::new();
        for &e in &graph.site.editions {
            plurals.insert(e, Plurals::for_edition(e).map_err(Diagnostic::error)?);
        }
        Ok(Views {
            graph,
            urls: Urls::new(graph),
            order: Order::new(graph)?,
            strings,
            pdf: false,
            index_search: true,
            plurals,
            search: Default::default(),
        })
    }

    /// The search index of an edition.
    pub fn search_index(&self, e: Edition) -> Result<&search::MadeIndex, String> {
        if !self.index_search {
            return Err("search indexes are not made by `check`".to_owned());
        }
        let all = self.search.get_or_init(|| search::indexes(self));
        let all = all.as_ref().map_err(Clone::clone)?;
        all.iter()
            .find(|(x, _)| *x == e)
            .map(|(_, index)| index)
            .ok_or_else(|| format!("no search index for {e}"))
    }

    /// Every page of the site, in a stable order.
    pub fn routes(&self) -> Vec<Route> {
        let mut routes = vec![Route::Chooser, Route::NotFound];
        for &e in &self.graph.site.editions {
            routes.push(Route::Home(e));
            routes.push(Route::Search(e));
            routes.extend(Kind::ALL.map(|k| Route::Index(e, k)));
            for kind in Kind::ALL {
                routes.extend(self.graph.ids(kind).map(|id| Route::Entity(e, id)));
            }
            routes.push(Route::Chronicle(e, None));
            routes.extend(
                chronicle::years(self.graph)
                    .into_iter()
                    .map(|y| Route::Chronicle(e, Some(y))),
            );
            routes.push(Route::Names(e));
            routes.push(Route::Countries(e, None));
            routes.extend(
                countries::codes(self.graph)
                    .into_iter()
                    .map(|c| Route::Countries(e, Some(c))),
            );
            routes.push(Route::Statistics(e));
        }
        routes
    }

    /// The first edition: the chooser and the 404 page speak its language.
    fn first_edition(&self) -> Edition {
        self.graph
            .site
            .editions
            .first()
            .copied()
            .unwrap_or(Edition::ZhHans)
    }

    /// The context to build the view of `route` in (outputs other than HTML
    /// use it for names, links and dates, and to record what they read).
    pub fn cx(&self, route: Route) -> Cx<'_, 'a> {
        Cx {
            views: self,
            e: route.edition().unwrap_or_else(|| self.first_edition()),
            route,
            deps: RefCell::default(),
            diags: RefCell::default(),
        }
    }

    /// Builds the view of one HTML page; `None` for routes that are not pages
    /// (feeds, data files), which their own outputs make.
    pub fn build(&self, route: Route) -> Option<Built<'_>> {
        let cx = self.cx(route);
        let page = match route {
            Route::Chooser => AnyPage::Chooser(lists::chooser(&cx, false)),
            Route::NotFound => AnyPage::Chooser(lists::chooser(&cx, true)),
            Route::Home(_) => AnyPage::Home(lists::home(&cx)),
            Route::Index(_, Kind::City) => AnyPage::Cities(lists::cities(&cx)),
            Route::Index(_, Kind::Council) => AnyPage::Councils(lists::councils(&cx)),
            Route::Index(_, Kind::Event) => AnyPage::Events(lists::events(&cx)),
            Route::Search(_) => AnyPage::Search(search::page(&cx)),
            Route::Entity(_, id) => match id.kind {
                Kind::City => AnyPage::City(city::view(&cx, crate::model::Id::new(id.index))),
                Kind::Council => {
                    AnyPage::Council(council::view(&cx, crate::model::Id::new(id.index)))
                }
                Kind::Event => AnyPage::Event(event::view(&cx, crate::model::Id::new(id.index))),
            },
            Route::Chronicle(_, None) => AnyPage::Chronicle(chronicle::index(&cx)),
            Route::Chronicle(_, Some(y)) => AnyPage::Year(chronicle::year(&cx, y)),
            Route::Names(_) => AnyPage::Names(names::view(&cx)),
            Route::Countries(_, None) => AnyPage::Countries(countries::index(&cx)),
            Route::Countries(_, Some(c)) => AnyPage::Country(countries::view(&cx, c)),
            Route::Statistics(_) => AnyPage::Statistics(statistics::view(&cx)),
            _ => return None,
        };
        Some(Built {
            page,
            deps: cx.deps.into_inner(),
            diags: cx.diags.into_inner(),
        })
    }
}

/// The template that lays out a page's view.
pub fn template(route: Route) -> Option<&'static str> {
    Some(match route {
        Route::Chooser => "chooser.html",
        Route::NotFound => "404.html",
        Route::Home(_) => "home.html",
        Route::Index(_, Kind::City) => "cities.html",
        Route::Index(_, Kind::Council) => "councils.html",
        Route::Index(_, Kind::Event) => "events.html",
        Route::Search(_) => "search.html",
        Route::Entity(_, id) => match id.kind {
            Kind::City => "city.html",
            Kind::Council => "council.html",
            Kind::Event => "event.html",
        },
        Route::Chronicle(_, None) => "chronicle.html",
        Route::Chronicle(_, Some(_)) => "year.html",
        Route::Names(_) => "names.html",
        Route::Countries(_, None) => "countries.html",
        Route::Countries(_, Some(_)) => "country.html",
        Route::Statistics(_) => "statistics.html",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
