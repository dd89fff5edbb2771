//! A local government's page.

use serde::Serialize;

use super::common::{BodyView, Cx, EventSummary, LinkView, NameView, PageView, TextView};
use crate::graph::AnyId;
use crate::graph::relations::{CITY_PARENT, HOSTS, Link, MEMBERS, PARTICIPANTS, PLACE, SEAT};
use crate::model::{City, Event, Id, Kind, Location};

#[derive(Debug, Serialize)]
pub struct TieView<'a> {
    pub city: LinkView<'a>,
    pub country: TextView<'a>,
    pub kind: String,
    pub since: Option<String>,
    pub event: Option<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct MembershipView<'a> {
    pub council: LinkView<'a>,
    pub role: String,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CityView<'a> {
    pub kind: &'static str,
    pub heading: TextView<'a>,
    pub names: Vec<NameView<'a>>,
    pub native: Vec<NameView<'a>>,
    pub country: TextView<'a>,
    pub level: String,
    pub parent: Option<LinkView<'a>>,
    pub children: Vec<LinkView<'a>>,
    pub ties: Vec<TieView<'a>>,
    pub memberships: Vec<MembershipView<'a>>,
    pub seat_of: Vec<LinkView<'a>>,
    pub hosted: Vec<EventSummary<'a>>,
    pub events_held: Vec<EventSummary<'a>>,
    pub participated_in: Vec<EventSummary<'a>>,
    pub website: Option<&'a str>,
    pub location: Option<&'a Location>,
    pub aliases: &'a [String],
    pub body: Option<BodyView>,
}

pub fn view<'a>(cx: &Cx<'_, 'a>, id: Id<City>) -> PageView<'a, CityView<'a>> {
    let graph = cx.views.graph;
    let city = graph.city(id);
    let c = &city.data;
    let mut ties: Vec<_> = graph.ties(id).collect();
    ties.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::City, a.other(id).index(), b.other(id).index())
    });
    let ties = ties
        .into_iter()
        .map(|t| TieView {
            city: cx.link(t.other(id)),
            country: cx.country(t.other(id)),
            kind: cx.label("tie", &t.kind),
            since: cx.opt_date(&t.since),
            event: t.event.map(|e| cx.link(e)),
        })
        .collect();
    let memberships = graph
        .sources(MEMBERS, id)
        .map(|(council, item)| {
            let m = &graph.council(council).data.members[item];
            MembershipView {
                council: cx.link(council),
                role: cx.label("role", &m.role),
                since: cx.opt_date(&m.since),
                until: cx.opt_date(&m.until),
            }
        })
        .collect();
    // Newest first.
    let events = |link: Link<Event, City>| -> Vec<EventSummary<'a>> {
        let list: Vec<Id<Event>> = graph.sources(link, id).map(|(e, _)| e).collect();
        list.into_iter()
            .rev()
            .map(|e| cx.event_summary(e))
            .collect()
    };
    let any = AnyId::from(id);
    let heading = cx.heading(any);
    let view = CityView {
        kind: "city",
        heading,
        names: cx.other_names(&c.name),
        native: c
            .native
            .iter()
            .map(|(lang, text)| NameView { lang, text })
            .collect(),
        country: cx.country(id),
        level: cx.label("level", &c.level),
        parent: graph.target(CITY_PARENT, id).map(|p| cx.link(p)),
        children: cx.links(graph.sources(CITY_PARENT, id).map(|(c, _)| c)),
        ties,
        memberships,
        seat_of: cx.links(graph.sources(SEAT, id).map(|(c, _)| c)),
        hosted: events(HOSTS),
        events_held: events(PLACE),
        participated_in: events(PARTICIPANTS),
        website: c.website.as_ref().map(|w| w.value.as_str()),
        location: c.location.as_ref(),
        aliases: &c.aliases,
        body: cx.body(any),
    };
    cx.entity_page(id, view)
}
