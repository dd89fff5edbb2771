//! Pictures on pages: the typed inputs of `crate::pictures` made from the
//! graph in the edition's words and links, and the figure a template
//! prints (the SVG, its caption, and the table of what it draws).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Route;
use super::common::Cx;
use crate::graph::Tie;
use crate::model::{City, Event, EventKind, Id};
use crate::pictures::{
    Bar, BarChart, BaseMap, ColumnChart, MapCity, MapLabels, MapTie, Meta, Picture, TiesMap,
    Timeline, TimelineEvent, TimelineLabels, bar_chart, column_chart, ties_map, timeline,
};

/// A picture as a page prints it. `svg` and `table` are markup made by
/// `crate::pictures`, which escapes every text it is given.
#[derive(Debug, Serialize)]
pub struct FigureView {
    pub id: String,
    pub caption: String,
    pub svg: String,
    pub table: String,
}

fn figure(id: &str, caption: String, picture: Picture) -> FigureView {
    FigureView {
        id: id.to_owned(),
        table: picture.table.to_html(None),
        svg: picture.svg,
        caption,
    }
}

fn meta(id: &str, title: &str, desc: String) -> Meta {
    Meta {
        id: id.to_owned(),
        title: title.to_owned(),
        desc,
    }
}

impl<'v, 'a: 'v> Cx<'v, 'a> {
    /// Links from a picture to each year's page of the chronicle.
    pub fn year_hrefs(&self, years: impl IntoIterator<Item = i32>) -> Vec<(i32, String)> {
        years
            .into_iter()
            .map(|y| (y, self.href(Route::Chronicle(self.e, Some(y)))))
            .collect()
    }

    /// The timeline of `events`, or `None` when there are none.
    pub fn timeline_figure(
        &self,
        id: &str,
        caption: String,
        events: &[Id<Event>],
    ) -> Option<FigureView> {
        if events.is_empty() {
            return None;
        }
        let graph = self.views.graph;
        let list: Vec<TimelineEvent> = events
            .iter()
            .map(|&e| {
                let data = &graph.event(e).data;
                TimelineEvent {
                    date: data.date.value,
                    date_label: self.date(&data.date.value),
                    kind: data.kind,
                    title: self.name(e).text.to_owned(),
                    href: self.href(Route::Entity(self.e, e.into())),
                }
            })
            .collect();
        let mut years: Vec<i32> = list.iter().map(|e| e.date.year).collect();
        years.sort_unstable();
        years.dedup();
        let labels = TimelineLabels {
            date: self.ui("date"),
            kind: self.ui("event_kind"),
            event: self.ui("event"),
            period: self.ui("period"),
            count: self.ui("count"),
            kinds: EventKind::ALL
                .iter()
                .map(|k| (*k, self.label("kind", k)))
                .collect(),
        };
        let desc = self.count("events_count", list.len());
        let t = Timeline {
            meta: meta(id, &caption, desc),
            events: list,
            labels,
            year_hrefs: self.year_hrefs(years),
        };
        Some(figure(id, caption, timeline(&t)))
    }

    /// The map of `ties`, or `None` when no tie has both ends located.
    /// `focus` is the city whose page it is on.
    pub fn ties_figure(
        &self,
        id: &str,
        caption: String,
        ties: &[&Tie],
        focus: Option<Id<City>>,
    ) -> Option<FigureView> {
        let graph = self.views.graph;
        let mut index: BTreeMap<Id<City>, usize> = BTreeMap::new();
        let mut cities: Vec<MapCity> = Vec::new();
        let mut map_ties = Vec::new();
        for t in ties {
            let (Some(la), Some(lb)) = (
                graph.city(t.a).data.location.as_ref(),
                graph.city(t.b).data.location.as_ref(),
            ) else {
                continue;
            };
            let mut end = |c: Id<City>, lat: f64, lon: f64| {
                *index.entry(c).or_insert_with(|| {
                    cities.push(MapCity {
                        name: self.name(c).text.to_owned(),
                        href: Some(self.href(Route::Entity(self.e, c.into()))),
                        lat,
                        lon,
                        focus: Some(c) == focus,
                    });
                    cities.len() - 1
                })
            };
            let a = end(t.a, la.lat, la.lon);
            let b = end(t.b, lb.lat, lb.lon);
            let kind = match &t.since {
                Some(d) => format!("{} · {}", self.label("tie", &t.kind), self.date(d)),
                None => self.label("tie", &t.kind),
            };
            map_ties.push(MapTie { a, b, kind });
        }
        if map_ties.is_empty() {
            return None;
        }
        let countries = focus
            .map(|c| vec![graph.city(c).data.country.value.clone()])
            .unwrap_or_default();
        let desc = self.count("ties_count", map_ties.len());
        let m = TiesMap {
            meta: meta(id, &caption, desc),
            cities,
            ties: map_ties,
            countries,
            labels: MapLabels {
                city: self.ui("city"),
                partner: self.ui("partner"),
                tie: self.ui("tie_kind"),
            },
            base: BaseMap::embedded(),
        };
        Some(figure(id, caption, ties_map(&m)))
    }

    /// Horizontal bars, one a label, in the order given.
    pub fn bars_figure(
        &self,
        id: &str,
        caption: String,
        headers: (String, String),
        bars: Vec<Bar>,
    ) -> FigureView {
        let total: u64 = bars.iter().map(|b| b.value).sum();
        let c = BarChart {
            meta: meta(id, &caption, format!("{}: {total}", self.ui("total"))),
            bars,
            label_header: headers.0,
            value_header: headers.1,
        };
        figure(id, caption, bar_chart(&c))
    }

    /// A column a year, each linked to the year's chronicle when `linked`.
    pub fn years_figure(
        &self,
        id: &str,
        caption: String,
        value_header: String,
        counts: Vec<(i32, u64)>,
        linked: bool,
    ) -> FigureView {
        let total: u64 = counts.iter().map(|c| c.1).sum();
        let year_hrefs = if linked {
            self.year_hrefs(counts.iter().map(|c| c.0))
        } else {
            Vec::new()
        };
        let c = ColumnChart {
            meta: meta(id, &caption, format!("{}: {total}", self.ui("total"))),
            counts,
            year_hrefs,
            year_header: self.ui("year"),
            value_header,
        };
        figure(id, caption, column_chart(&c))
    }
}
