//! Pages that list: the language chooser (and the 404 page built on it), an
//! edition's home, and the index of each kind.

use serde::Serialize;

use super::Route;
use super::chronicle::YearBlock;
use super::common::{Crumb, Cx, EventSummary, Group, LinkView, PageView, TextView};
use crate::graph::relations::CITY_PARENT;
use crate::model::{Council, Event, Id, Kind, PartialDate, Role};

#[derive(Debug, Serialize)]
pub struct EditionCard<'a> {
    pub lang: &'static str,
    pub label: String,
    pub title: &'a str,
    pub enter: String,
    pub href: String,
}

/// A line said in each edition's language.
#[derive(Debug, Serialize)]
pub struct Said<'a> {
    pub lang: &'static str,
    pub text: std::borrow::Cow<'a, str>,
}

#[derive(Debug, Serialize)]
pub struct ChooserView<'a> {
    pub editions: Vec<EditionCard<'a>>,
    /// The site's title in every edition: the chooser belongs to none.
    pub titles: Vec<Said<'a>>,
    /// "Page not found" in every edition, on the 404 page.
    pub not_found: Vec<Said<'a>>,
}

/// The chooser at the root, in the first edition's language. The 404 page
/// is the chooser with another title.
pub fn chooser<'a>(cx: &Cx<'_, 'a>, not_found: bool) -> PageView<'a, ChooserView<'a>> {
    let graph = cx.views.graph;
    let editions = graph
        .site
        .editions
        .iter()
        .map(|&e| EditionCard {
            lang: e.tag(),
            label: cx.ui_in(e, "language_name"),
            title: graph.site.yearbook.title.show(e).text,
            enter: cx.ui_in(e, "enter"),
            href: cx.href(Route::Home(e)),
        })
        .collect();
    type Line<'a> = (&'static str, std::borrow::Cow<'a, str>);
    let said = |line: &dyn Fn(crate::model::Edition) -> Line<'a>| {
        let mut lines: Vec<Said<'a>> = Vec::new();
        for &e in &graph.site.editions {
            let (lang, text) = line(e);
            if !lines.iter().any(|l| l.text == text) {
                lines.push(Said { lang, text });
            }
        }
        lines
    };
    let titles = said(&|e| {
        let t = graph.site.yearbook.title.show(e);
        (t.lang.unwrap_or(e).tag(), t.text.into())
    });
    let missing = if not_found {
        said(&|e| (e.tag(), cx.ui_in(e, "not_found_title").into()))
    } else {
        Vec::new()
    };
    let view = ChooserView {
        editions,
        titles,
        not_found: missing,
    };
    let mut page = cx.page("", vec![], view);
    if not_found {
        // A `<title>` cannot mark languages: it says it in the page's own
        // (the first edition's); the heading says it in every edition's.
        if let Some(first) = page.page.not_found.first() {
            page.title = first.text.to_string();
        }
        page.canonical = None;
    }
    page
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub label: String,
    pub count: usize,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    /// The latest year of the chronicle.
    pub latest: Option<YearBlock<'a>>,
    pub counts: Vec<Count>,
    pub all_events: String,
    /// The print edition, when the build makes it.
    pub pdf: Option<String>,
    pub chronicle: String,
}

pub fn home<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, HomeView<'a>> {
    let graph = cx.views.graph;
    let latest = super::chronicle::years(graph)
        .last()
        .map(|&y| super::chronicle::year_block(cx, y));
    let counts = Kind::ALL
        .iter()
        .map(|&k| {
            cx.read_all(k);
            Count {
                label: cx.ui(k.dir()),
                count: graph.len(k),
                href: cx.href(Route::Index(cx.e, k)),
            }
        })
        .collect();
    let view = HomeView {
        latest,
        counts,
        all_events: cx.href(Route::Index(cx.e, Kind::Event)),
        pdf: cx.views.pdf.then(|| cx.href(Route::Pdf(cx.e))),
        chronicle: cx.href(Route::Chronicle(cx.e, None)),
    };
    let mut page = cx.page("", vec![], view);
    page.crumbs.clear();
    page
}

/// The fields of every index page around its list.
fn index_page<'a, L>(cx: &Cx<'_, 'a>, kind: Kind, list: L) -> PageView<'a, IndexView<L>> {
    cx.read_all(kind);
    let heading = cx.ui(kind.dir());
    let crumbs = vec![Crumb::new(heading.clone(), None, None)];
    cx.page(&heading.clone(), crumbs, IndexView { heading, list })
}

#[derive(Debug, Serialize)]
pub struct IndexView<L> {
    pub heading: String,
    pub list: L,
}

#[derive(Debug, Serialize)]
pub struct CityItem<'a> {
    pub city: LinkView<'a>,
    pub level: String,
    pub parent: Option<LinkView<'a>>,
}

pub type CitiesView<'a> = IndexView<Vec<Group<'a, CityItem<'a>>>>;

pub fn cities<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, CitiesView<'a>> {
    let graph = cx.views.graph;
    let groups = cx.by_country(graph.ids(Kind::City).map(|id| Id::new(id.index)), |c| {
        CityItem {
            city: cx.link(c),
            level: cx.level(c),
            parent: graph.target(CITY_PARENT, c).map(|p| cx.link(p)),
        }
    });
    index_page(cx, Kind::City, groups)
}

#[derive(Debug, Serialize)]
pub struct CouncilItem<'a> {
    pub council: LinkView<'a>,
    pub short: Option<TextView<'a>>,
    /// "1996年成立", "founded 1996".
    pub founded: Option<String>,
    pub depth: usize,
    pub members: usize,
    /// What is counted: "88 members"; a committee's "1 coordinator".
    pub count: Option<String>,
}

pub type CouncilsView<'a> = IndexView<Vec<CouncilItem<'a>>>;

/// Councils as a tree: each council followed by its committees.
pub fn councils<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, CouncilsView<'a>> {
    let graph = cx.views.graph;
    let mut items = Vec::new();
    let roots = cx
        .views
        .order
        .list(cx.e, Kind::Council)
        .iter()
        .map(|&i| Id::<Council>::new(i))
        .filter(|&c| {
            graph
                .target(crate::graph::relations::COUNCIL_PARENT, c)
                .is_none()
        });
    for root in roots {
        council_tree(cx, root, 0, &mut items);
    }
    index_page(cx, Kind::Council, items)
}

fn council_tree<'a>(cx: &Cx<'_, 'a>, c: Id<Council>, depth: usize, out: &mut Vec<CouncilItem<'a>>) {
    let graph = cx.views.graph;
    let data = &graph.council(c).data;
    let members = graph.member_count(c);
    // Committees list their coordinators, not members: say which is counted.
    let coordinators = data.members.iter().all(|m| m.role == Role::Coordinator);
    let count = match members {
        0 => None,
        n if coordinators => Some(cx.count("coordinators_count", n)),
        n => Some(cx.count("members_count", n)),
    };
    out.push(CouncilItem {
        council: cx.link(c),
        short: data.short.as_ref().map(|s| cx.text(s)),
        founded: cx.founded(&data.founded),
        depth,
        members,
        count,
    });
    let mut children: Vec<Id<Council>> = graph.committees(c).collect();
    children.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::Council, a.index(), b.index())
    });
    // Parents are acyclic (resolve checked), so this recursion ends.
    for child in children {
        council_tree(cx, child, depth + 1, out);
    }
}

#[derive(Debug, Serialize)]
pub struct YearView<'a> {
    pub year: String,
    pub events: Vec<EventSummary<'a>>,
}

pub type EventsView<'a> = IndexView<Vec<YearView<'a>>>;

/// Events by year, newest first.
pub fn events<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, EventsView<'a>> {
    let graph = cx.views.graph;
    let mut years: Vec<(i32, Vec<EventSummary<'a>>)> = Vec::new();
    for &i in cx.views.order.list(cx.e, Kind::Event) {
        let id = Id::<Event>::new(i);
        let year = graph.event(id).data.date.value.year;
        if years.last().is_none_or(|(y, _)| *y != year) {
            years.push((year, Vec::new()));
        }
        if let Some((_, list)) = years.last_mut() {
            list.push(cx.event_summary(id));
        }
    }
    let years = years
        .into_iter()
        .map(|(year, events)| YearView {
            year: cx.date(&PartialDate {
                year,
                month: None,
                day: None,
            }),
            events,
        })
        .collect();
    index_page(cx, Kind::Event, years)
}
