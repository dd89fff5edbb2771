//! Feeds of events: an Atom feed per edition and per council, and an
//! iCalendar file per edition, written with `atom_syndication` and
//! `icalendar`. Entries are newest first; every date is the event's own, so
//! the same content always gives the same bytes.

use atom_syndication::{EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, Text};
use chrono::{NaiveDate, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike};

use super::{Artifact, Output, Rendered};
use crate::diag::Diagnostic;
use crate::graph::AnyId;
use crate::graph::relations::{EVENT_COUNCILS, PLACE};
use crate::model::{Event, Id, Kind, PartialDate};
use crate::view::{Cx, Route, Views};

pub struct Feeds;

/// Midnight UTC of a date, as feeds and calendars want it.
fn midnight(d: &PartialDate) -> Option<chrono::DateTime<Utc>> {
    let date = NaiveDate::from_ymd_opt(d.year, u32::from(d.month?), u32::from(d.day?))?;
    Some(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0)?))
}

/// An id that is the page's URL when the site has a `base_url`, else a URN
/// made of its path (feed readers need an absolute IRI).
fn id(views: &Views<'_>, route: Route) -> String {
    views
        .urls
        .absolute(route)
        .unwrap_or_else(|| format!("urn:nianjian:{}", views.urls.path(route)))
}

/// The events a feed lists, newest first.
fn events(cx: &Cx<'_, '_>, of: Option<AnyId>) -> Vec<Id<Event>> {
    let graph = cx.views.graph;
    match of {
        None => {
            cx.read_all(Kind::Event);
            let order = cx.views.order.list(cx.e, Kind::Event);
            order.iter().map(|&i| Id::new(i)).collect()
        }
        Some(council) => {
            cx.read(council);
            let mut list: Vec<Id<Event>> = graph
                .sources(EVENT_COUNCILS, Id::new(council.index))
                .map(|(e, _)| e)
                .collect();
            list.sort_by(|a, b| cx.views.order.cmp(cx.e, Kind::Event, a.index(), b.index()));
            list
        }
    }
}

fn atom(cx: &Cx<'_, '_>, of: Option<AnyId>) -> String {
    let views = cx.views;
    let graph = views.graph;
    let site_title = graph.site.yearbook.title.show(cx.e).text;
    let title = match of {
        Some(council) => format!("{} · {site_title}", cx.name(council).text),
        None => site_title.to_owned(),
    };
    let page = of.map_or(Route::Home(cx.e), |c| Route::Entity(cx.e, c));
    let list = events(cx, of);
    let date = |e: Id<Event>| -> FixedDateTime {
        midnight(&graph.event(e).data.date.value)
            .unwrap_or_default()
            .fixed_offset()
    };
    let entries = list.iter().map(|&e| {
        let summary = cx.event_summary(e);
        let mut line = format!("{} · {}", summary.date, summary.kind);
        if let Some(place) = &summary.place {
            line.push_str(&format!(" · {}", place.text));
        }
        let route = Route::Entity(cx.e, e.into());
        EntryBuilder::default()
            .id(id(views, route))
            .title(Text::plain(summary.event.text))
            .updated(date(e))
            .published(Some(date(e)))
            .summary(Some(Text::plain(line)))
            .links(vec![
                LinkBuilder::default()
                    .href(views.urls.head_href(cx.route, route))
                    .build(),
            ])
            .build()
    });
    let feed = FeedBuilder::default()
        .id(id(views, cx.route))
        .title(Text::plain(title))
        .lang(Some(cx.e.tag().to_owned()))
        .updated(list.first().map(|&e| date(e)).unwrap_or_default())
        .links(vec![
            LinkBuilder::default()
                .href(views.urls.head_href(cx.route, page))
                .rel("alternate")
                .build(),
            LinkBuilder::default()
                .href(views.urls.head_href(cx.route, cx.route))
                .rel("self")
                .build(),
        ])
        .generator(Some(atom_syndication::Generator {
            value: "nianjian".to_owned(),
            ..Default::default()
        }))
        .entries(entries.collect::<Vec<_>>())
        .build();
    feed.to_string()
}

fn calendar(cx: &Cx<'_, '_>) -> String {
    let views = cx.views;
    let graph = views.graph;
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//nianjian//yearbook//EN",
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(graph.site.yearbook.title.show(cx.e).text);
    for e in events(cx, None) {
        let data = &graph.event(e).data;
        let summary = cx.event_summary(e);
        let (Some(start), Some(end)) = (
            midnight(&data.date.value),
            midnight(&data.end.as_ref().map_or(data.date.value, |d| d.value)),
        ) else {
            continue; // event dates are full (resolve checked)
        };
        let route = Route::Entity(cx.e, e.into());
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}.{}@nianjian", graph.event(e).slug, cx.e.dir()))
            .timestamp(start)
            .summary(summary.event.text)
            .starts(start.date_naive())
            // DTEND of an all-day event is the day after it ends.
            .ends(end.date_naive() + chrono::Days::new(1))
            .description(&format!("{} · {}", summary.date, summary.kind));
        // An iCalendar URL is absolute: only with a `base_url`.
        if let Some(url) = views.urls.absolute(route) {
            event.url(&url);
        }
        if let Some(city) = graph.target(PLACE, e) {
            event.location(cx.name(city).text);
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}

impl Output for Feeds {
    fn routes(&self, views: &Views<'_>) -> Vec<Route> {
        let graph = views.graph;
        let mut routes = Vec::new();
        for &e in &graph.site.editions {
            routes.push(Route::Feed(e, None));
            routes.push(Route::Calendar(e));
            routes.extend(
                graph
                    .ids(Kind::Council)
                    .filter(|&c| {
                        graph
                            .sources(EVENT_COUNCILS, Id::new(c.index))
                            .next()
                            .is_some()
                    })
                    .map(|c| Route::Feed(e, Some(c))),
            );
        }
        routes
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let cx = views.cx(route);
        let text = match route {
            Route::Feed(_, of) => atom(&cx, of),
            Route::Calendar(_) => calendar(&cx),
            _ => return Rendered::failed(Diagnostic::error(format!("{route:?} is not a feed"))),
        };
        let (deps, diags) = cx.finish();
        Rendered {
            more: Vec::new(),
            artifact: Ok(Artifact {
                path: views.urls.path(route),
                bytes: text.into_bytes(),
            }),
            deps,
            diags,
        }
    }
}
