//! A local government's page.

use serde::Serialize;

use super::common::{BodyView, Cx, EventSummary, LinkView, NameView, PageView, TextView};
use super::figures::FigureView;
use crate::graph::relations::{CITY_PARENT, HOSTS, Link, MEMBERS, PARTICIPANTS, PLACE, SEAT};
use crate::graph::{AnyId, Tie};
use crate::model::{City, Council, Event, Id, Kind, Location, Role};

#[derive(Debug, Serialize)]
pub struct TieView<'a> {
    pub city: LinkView<'a>,
    pub country: LinkView<'a>,
    pub kind: String,
    pub since: Option<String>,
    pub event: Option<LinkView<'a>>,
}

/// Which optional columns of the ties table any row fills.
#[derive(Debug, Default, Serialize)]
pub struct TieColumns {
    pub since: bool,
    pub event: bool,
}

/// One council a government belongs to, once whatever roles it holds.
#[derive(Debug, Serialize)]
pub struct MembershipView<'a> {
    pub council: LinkView<'a>,
    /// The role that says most (chair over member).
    pub role: String,
    /// When it held that role.
    pub period: Option<String>,
    /// Since when it has been a member, when the role shown is another.
    pub member_since: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CityView<'a> {
    pub kind: &'static str,
    pub heading: TextView<'a>,
    pub names: Vec<NameView<'a>>,
    pub country: LinkView<'a>,
    pub level: String,
    pub parent: Option<LinkView<'a>>,
    pub children: Vec<LinkView<'a>>,
    pub ties: Vec<TieView<'a>>,
    pub tie_columns: TieColumns,
    pub map: Option<FigureView>,
    pub memberships: Vec<MembershipView<'a>>,
    pub seat_of: Vec<LinkView<'a>>,
    pub timeline: Option<FigureView>,
    pub hosted: Vec<EventSummary<'a>>,
    pub events_held: Vec<EventSummary<'a>>,
    pub participated_in: Vec<EventSummary<'a>>,
    pub website: Option<&'a str>,
    pub location: Option<&'a Location>,
    pub aliases: Vec<TextView<'a>>,
    pub body: Option<BodyView>,
}

/// How much a role says, for choosing the one to show of several.
fn weight(role: Role) -> u8 {
    match role {
        Role::Member => 0,
        Role::Observer => 1,
        Role::Associate => 2,
        Role::Special => 3,
        Role::Coordinator => 4,
        Role::Chair => 5,
    }
}

/// A government's place in a council, from every membership item naming it
/// (a chair is listed as chair and as member: one row, "Chair").
pub fn membership<'a>(cx: &Cx<'_, 'a>, council: Id<Council>, city: Id<City>) -> MembershipView<'a> {
    let graph = cx.views.graph;
    let items: Vec<&crate::model::Membership> = graph
        .targets(MEMBERS, council)
        .filter(|&(c, _)| c == city)
        .map(|(_, item)| &graph.council(council).data.members[item])
        .collect();
    let main = items.iter().copied().max_by_key(|m| weight(m.role));
    let member = items.iter().find(|m| m.role == Role::Member);
    let shown = main.map_or(Role::Member, |m| m.role);
    MembershipView {
        council: cx.link(council),
        role: cx.label("role", &shown),
        period: main.and_then(|m| cx.range(m.since.as_ref(), m.until.as_ref())),
        member_since: member
            .filter(|_| shown != Role::Member)
            .and_then(|m| cx.range(m.since.as_ref(), m.until.as_ref())),
    }
}

/// Other names to show under the heading: in the other editions and in the
/// place's own languages, each once and none repeating the heading.
fn other_names<'a>(cx: &Cx<'_, 'a>, c: &'a City, heading: &str) -> Vec<NameView<'a>> {
    let mut names = cx.other_names(&c.name);
    for (lang, text) in &c.native {
        if text != heading && !names.iter().any(|n| n.text == text) {
            names.push(NameView { lang, text });
        }
    }
    names.retain(|n| n.text != heading);
    names
}

fn ties<'a>(cx: &Cx<'_, 'a>, id: Id<City>, list: &[&Tie]) -> (Vec<TieView<'a>>, TieColumns) {
    let rows: Vec<TieView<'a>> = list
        .iter()
        .map(|t| TieView {
            city: cx.link(t.other(id)),
            country: cx.country_of(t.other(id)),
            kind: cx.label("tie", &t.kind),
            since: cx.opt_date(&t.since),
            event: t.event.map(|e| cx.link(e)),
        })
        .collect();
    let columns = TieColumns {
        since: rows.iter().any(|r| r.since.is_some()),
        event: rows.iter().any(|r| r.event.is_some()),
    };
    (rows, columns)
}

pub fn view<'a>(cx: &Cx<'_, 'a>, id: Id<City>) -> PageView<'a, CityView<'a>> {
    let graph = cx.views.graph;
    let city = graph.city(id);
    let c = &city.data;
    let mut tie_list: Vec<&Tie> = graph.ties(id).collect();
    tie_list.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::City, a.other(id).index(), b.other(id).index())
    });
    let (ties, tie_columns) = ties(cx, id, &tie_list);
    let mut councils: Vec<Id<Council>> = graph.sources(MEMBERS, id).map(|(k, _)| k).collect();
    councils.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::Council, a.index(), b.index())
    });
    councils.dedup();
    let memberships = councils
        .into_iter()
        .map(|k| membership(cx, k, id))
        .collect();
    // Each event once, under the first of: hosted, held here, taken part in.
    let mut seen: Vec<Id<Event>> = Vec::new();
    let mut events = |link: Link<Event, City>| -> Vec<Id<Event>> {
        let mut list: Vec<Id<Event>> = graph.sources(link, id).map(|(e, _)| e).collect();
        list.sort_by(|a, b| cx.views.order.cmp(cx.e, Kind::Event, a.index(), b.index()));
        list.dedup();
        list.retain(|e| !seen.contains(e));
        seen.extend(&list);
        list
    };
    let (hosted, held, joined) = (events(HOSTS), events(PLACE), events(PARTICIPANTS));
    let summaries = |list: &[Id<Event>]| list.iter().map(|&e| cx.event_summary(e)).collect();
    let any = AnyId::from(id);
    let heading = cx.heading(any);
    let name = cx.name(id).text;
    let view = CityView {
        kind: "city",
        names: other_names(cx, c, heading.text),
        heading,
        country: cx.country_of(id),
        level: cx.level(id),
        parent: graph.target(CITY_PARENT, id).map(|p| cx.link(p)),
        children: cx.links(graph.sources(CITY_PARENT, id).map(|(c, _)| c)),
        map: cx.ties_figure(
            "ties-map",
            cx.ui("map_city_ties").replace("{name}", name),
            &tie_list,
            Some(id),
        ),
        ties,
        tie_columns,
        memberships,
        seat_of: cx.links(graph.sources(SEAT, id).map(|(c, _)| c)),
        timeline: cx.timeline_figure(
            "timeline",
            cx.ui("timeline_of").replace("{name}", name),
            &seen,
        ),
        hosted: summaries(&hosted),
        events_held: summaries(&held),
        participated_in: summaries(&joined),
        website: c.website.as_ref().map(|w| w.value.as_str()),
        location: c.location.as_ref(),
        aliases: c.aliases.iter().map(|a| cx.text(a)).collect(),
        body: cx.body(any),
    };
    cx.entity_page(id, view)
}
