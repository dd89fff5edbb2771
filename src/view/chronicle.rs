//! The chronicle (大事记): every event by year and month, compactly (date,
//! kind, title, place), a page a year with links to the years before and
//! after, and an overview with the timeline of all events. The edition's
//! home shows the latest year.

use serde::Serialize;

use super::Route;
use super::common::{Crumb, Cx, LinkView, PageView};
use super::figures::FigureView;
use crate::graph::Graph;
use crate::graph::relations::PLACE;
use crate::model::{Event, Id, Kind, PartialDate};

/// Every year that has an event, oldest first.
pub fn years(graph: &Graph) -> Vec<i32> {
    let mut years: Vec<i32> = graph
        .site
        .events
        .iter()
        .map(|e| e.data.date.value.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    /// The date within the year (9月24日至26日), as the list shows it.
    pub when: String,
    pub iso_date: String,
    pub kind: String,
    pub event: LinkView<'a>,
    pub place: Option<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Month<'a> {
    /// "9月", "September"; the words for "date not given" for events dated
    /// by their year alone.
    pub label: String,
    pub id: String,
    pub entries: Vec<Entry<'a>>,
}

/// One year of the chronicle, as its page and the home show it.
#[derive(Debug, Serialize)]
pub struct YearBlock<'a> {
    pub year: i32,
    pub label: String,
    pub href: String,
    pub count: String,
    pub months: Vec<Month<'a>>,
}

#[derive(Debug, Serialize)]
pub struct YearLink {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct YearPage<'a> {
    pub heading: String,
    pub block: YearBlock<'a>,
    pub prev: Option<YearLink>,
    pub next: Option<YearLink>,
    pub chronicle: String,
}

#[derive(Debug, Serialize)]
pub struct YearItem {
    pub label: String,
    pub href: String,
    pub count: String,
}

#[derive(Debug, Serialize)]
pub struct ChronicleView {
    pub heading: String,
    pub timeline: Option<FigureView>,
    pub years: Vec<YearItem>,
}

fn year_label(cx: &Cx<'_, '_>, year: i32) -> String {
    cx.date(&PartialDate {
        year,
        month: None,
        day: None,
    })
}

/// A year's events, in the order they happened (events of one date by slug).
fn events_of(cx: &Cx<'_, '_>, year: i32) -> Vec<Id<Event>> {
    // Which events a year has depends on every event's date.
    cx.read_all(Kind::Event);
    let mut list: Vec<usize> = cx
        .views
        .order
        .list(cx.e, Kind::Event)
        .iter()
        .copied()
        .filter(|&i| cx.views.graph.site.events[i].data.date.value.year == year)
        .collect();
    // Reading order is newest first, ties by slug: reversing the dates alone
    // keeps one date's events by slug.
    let graph = cx.views.graph;
    list.sort_by(|&a, &b| {
        let (ea, eb) = (&graph.site.events[a], &graph.site.events[b]);
        ea.data
            .date
            .value
            .cmp(&eb.data.date.value)
            .then_with(|| ea.slug.cmp(&eb.slug))
    });
    list.into_iter().map(Id::new).collect()
}

/// One year, by month.
pub fn year_block<'a>(cx: &Cx<'_, 'a>, year: i32) -> YearBlock<'a> {
    let graph = cx.views.graph;
    let events = events_of(cx, year);
    let mut months: Vec<Month<'a>> = Vec::new();
    for &id in &events {
        let ev = &graph.event(id).data;
        let d = ev.date.value;
        let (label, anchor) = match d.month {
            Some(m) => (cx.ui(&format!("month_{m}")), format!("m{m}")),
            None => (cx.ui("date_in_year"), "m0".to_owned()),
        };
        if months.last().is_none_or(|m| m.id != anchor) {
            months.push(Month {
                label,
                id: anchor,
                entries: Vec::new(),
            });
        }
        let entry = Entry {
            when: cx.when_in_year(&d, ev.end.as_ref().map(|e| &e.value)),
            iso_date: d.to_string(),
            kind: cx.label("kind", &ev.kind),
            event: cx.link(id),
            place: graph.target(PLACE, id).map(|c| cx.link(c)),
        };
        if let Some(m) = months.last_mut() {
            m.entries.push(entry);
        }
    }
    YearBlock {
        year,
        label: year_label(cx, year),
        href: cx.href(Route::Chronicle(cx.e, Some(year))),
        count: cx.count("events_count", events.len()),
        months,
    }
}

fn chronicle_crumb(cx: &Cx<'_, '_>, linked: bool) -> Crumb {
    let href = linked.then(|| cx.href(Route::Chronicle(cx.e, None)));
    Crumb::new(cx.ui("chronicle"), None, href)
}

/// The page of one year.
pub fn year<'a>(cx: &Cx<'_, 'a>, year: i32) -> PageView<'a, YearPage<'a>> {
    let all = years(cx.views.graph);
    let at = all.iter().position(|&y| y == year);
    let link = |y: i32| YearLink {
        label: year_label(cx, y),
        href: cx.href(Route::Chronicle(cx.e, Some(y))),
    };
    let prev = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| all.get(i))
        .map(|&y| link(y));
    let next = at.and_then(|i| all.get(i + 1)).map(|&y| link(y));
    let block = year_block(cx, year);
    let heading = format!("{} · {}", cx.ui("chronicle"), block.label);
    let crumbs = vec![
        chronicle_crumb(cx, true),
        Crumb::new(block.label.clone(), None, None),
    ];
    let view = YearPage {
        heading: heading.clone(),
        block,
        prev,
        next,
        chronicle: cx.href(Route::Chronicle(cx.e, None)),
    };
    cx.page(&heading, crumbs, view)
}

/// The overview: the timeline of every event, and the years.
pub fn index<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, ChronicleView> {
    cx.read_all(Kind::Event);
    let graph = cx.views.graph;
    let all = years(graph);
    let events: Vec<Id<Event>> = (0..graph.len(Kind::Event)).map(Id::new).collect();
    let heading = cx.ui("chronicle");
    let years = all
        .iter()
        .rev()
        .map(|&y| YearItem {
            label: year_label(cx, y),
            href: cx.href(Route::Chronicle(cx.e, Some(y))),
            count: cx.count(
                "events_count",
                events
                    .iter()
                    .filter(|&&e| graph.event(e).data.date.value.year == y)
                    .count(),
            ),
        })
        .collect();
    let view = ChronicleView {
        timeline: cx.timeline_figure("timeline", cx.ui("timeline_all"), &events),
        years,
        heading: heading.clone(),
    };
    cx.page(&heading, vec![chronicle_crumb(cx, false)], view)
}
