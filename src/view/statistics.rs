//! Statistics: ties by pair of countries and by year, members by council
//! and by country, events by year and by kind; each a chart with the table
//! of the very numbers it draws (both come from one `Picture`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Route;
use super::common::{Crumb, Cx, PageView};
use super::figures::FigureView;
use super::urls::CountryCode;
use crate::graph::relations::{COUNCIL_PARENT, MEMBERS};
use crate::model::{City, Council, EventKind, Id, Kind};
use crate::pictures::Bar;

#[derive(Debug, Serialize)]
pub struct Section {
    pub heading: String,
    pub figure: FigureView,
    /// What the numbers leave out, when something is ("3 ties have no year").
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StatisticsView {
    pub heading: String,
    pub sections: Vec<Section>,
}

impl Section {
    /// A section of bars, sorted, under the UI string `heading`; the table's
    /// two columns are the UI strings `columns`.
    fn bars(
        cx: &Cx<'_, '_>,
        id: &str,
        heading: &str,
        columns: (&str, &str),
        bars: Vec<Bar>,
        note: Option<String>,
    ) -> Section {
        let heading = cx.ui(heading);
        let columns = (cx.ui(columns.0), cx.ui(columns.1));
        Section {
            figure: cx.bars_figure(id, heading.clone(), columns, sorted(cx, bars)),
            heading,
            note,
        }
    }

    /// A section of counts by year (linked to the chronicle's year pages
    /// when `linked`).
    fn years(
        cx: &Cx<'_, '_>,
        id: &str,
        heading: &str,
        column: &str,
        years: BTreeMap<i32, u64>,
        linked: bool,
        note: Option<String>,
    ) -> Section {
        let heading = cx.ui(heading);
        let counts = years.into_iter().collect();
        Section {
            figure: cx.years_figure(id, heading.clone(), cx.ui(column), counts, linked),
            heading,
            note,
        }
    }
}

/// Bars sorted by value, largest first, then by label in the edition's order.
fn sorted(cx: &Cx<'_, '_>, mut bars: Vec<Bar>) -> Vec<Bar> {
    bars.sort_by(|a, b| {
        b.value
            .cmp(&a.value)
            .then_with(|| cx.views.order.collate(cx.e, &a.label, &b.label))
    });
    bars
}

fn code(cx: &Cx<'_, '_>, c: Id<City>) -> Option<CountryCode> {
    CountryCode::new(&cx.views.graph.city(c).data.country.value)
}

fn ties_by_pair(cx: &Cx<'_, '_>) -> Section {
    let graph = cx.views.graph;
    let mut pairs: BTreeMap<(CountryCode, CountryCode), u64> = BTreeMap::new();
    for t in graph.all_ties() {
        if let (Some(a), Some(b)) = (code(cx, t.a), code(cx, t.b)) {
            // One pair whichever end is which, in the edition's order of names.
            let (na, nb) = (cx.country_link(a), cx.country_link(b));
            let key = if cx.views.order.collate(cx.e, na.text, nb.text).is_le() {
                (a, b)
            } else {
                (b, a)
            };
            *pairs.entry(key).or_default() += 1;
        }
    }
    let bars = pairs
        .into_iter()
        .map(|((a, b), value)| Bar {
            label: cx
                .ui("pair")
                .replace("{a}", cx.country_link(a).text)
                .replace("{b}", cx.country_link(b).text),
            value,
            href: None,
        })
        .collect();
    Section::bars(
        cx,
        "ties-by-pair",
        "stats_ties_by_pair",
        ("countries_pair", "ties"),
        bars,
        None,
    )
}

fn ties_by_year(cx: &Cx<'_, '_>) -> Section {
    let graph = cx.views.graph;
    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    let mut undated = 0;
    for t in graph.all_ties() {
        match t.since {
            Some(d) => *years.entry(d.year).or_default() += 1,
            None => undated += 1,
        }
    }
    Section::years(
        cx,
        "ties-by-year",
        "stats_ties_by_year",
        "ties",
        years,
        false,
        (undated > 0).then(|| cx.count("ties_undated", undated)),
    )
}

fn members_by_council(cx: &Cx<'_, '_>) -> Section {
    let graph = cx.views.graph;
    let bars = (0..graph.len(Kind::Council))
        .map(Id::<Council>::new)
        .filter(|&k| graph.target(COUNCIL_PARENT, k).is_none())
        .filter(|&k| graph.member_count(k) > 0)
        .map(|k| Bar {
            label: cx.name(k).text.to_owned(),
            value: graph.member_count(k) as u64,
            href: Some(cx.href(Route::Entity(cx.e, k.into()))),
        })
        .collect();
    Section::bars(
        cx,
        "members-by-council",
        "stats_members_by_council",
        ("council", "members"),
        bars,
        Some(cx.ui("stats_members_note")),
    )
}

fn members_by_country(cx: &Cx<'_, '_>) -> Section {
    let graph = cx.views.graph;
    let mut members: Vec<Id<City>> = (0..graph.len(Kind::Council))
        .map(Id::<Council>::new)
        .filter(|&k| graph.target(COUNCIL_PARENT, k).is_none())
        .flat_map(|k| graph.targets(MEMBERS, k).map(|(c, _)| c))
        .collect();
    members.sort_unstable();
    members.dedup();
    let mut by: BTreeMap<CountryCode, u64> = BTreeMap::new();
    for c in members {
        if let Some(code) = code(cx, c) {
            *by.entry(code).or_default() += 1;
        }
    }
    let bars = by
        .into_iter()
        .map(|(code, value)| {
            let l = cx.country_link(code);
            Bar {
                label: l.text.to_owned(),
                value,
                href: Some(l.href),
            }
        })
        .collect();
    Section::bars(
        cx,
        "members-by-country",
        "stats_members_by_country",
        ("country", "member_governments"),
        bars,
        None,
    )
}

fn events_by_year(cx: &Cx<'_, '_>) -> Section {
    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    for e in &cx.views.graph.site.events {
        *years.entry(e.data.date.value.year).or_default() += 1;
    }
    Section::years(
        cx,
        "events-by-year",
        "stats_events_by_year",
        "events",
        years,
        true,
        None,
    )
}

fn events_by_kind(cx: &Cx<'_, '_>) -> Section {
    let events = &cx.views.graph.site.events;
    let bars = EventKind::ALL
        .iter()
        .map(|k| Bar {
            label: cx.label("kind", k),
            value: events.iter().filter(|e| e.data.kind == *k).count() as u64,
            href: None,
        })
        .filter(|b| b.value > 0)
        .collect();
    Section::bars(
        cx,
        "events-by-kind",
        "stats_events_by_kind",
        ("event_kind", "events"),
        bars,
        None,
    )
}

pub fn view<'a>(cx: &Cx<'_, 'a>) -> PageView<'a, StatisticsView> {
    for k in Kind::ALL {
        cx.read_all(k);
    }
    let sections = vec![
        ties_by_pair(cx),
        ties_by_year(cx),
        members_by_council(cx),
        members_by_country(cx),
        events_by_year(cx),
        events_by_kind(cx),
    ];
    let heading = cx.ui("statistics");
    let view = StatisticsView {
        heading: heading.clone(),
        sections,
    };
    cx.page(
        &heading,
        vec![Crumb::new(heading.clone(), None, None)],
        view,
    )
}
