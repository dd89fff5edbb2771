//! An event's page.

use serde::Serialize;

use super::common::{BodyView, Cx, Group, LinkView, NameView, PageView, TextView};
use crate::graph::AnyId;
use crate::graph::relations::{EVENT_COUNCILS, HOSTS, PARTICIPANTS, PLACE};
use crate::model::{Event, Id};

#[derive(Debug, Serialize)]
pub struct SourceView<'a> {
    pub title: TextView<'a>,
    pub publisher: Option<TextView<'a>>,
    pub url: Option<&'a str>,
    pub date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SignedTie<'a> {
    pub a: LinkView<'a>,
    pub b: LinkView<'a>,
    pub kind: String,
}

#[derive(Debug, Serialize)]
pub struct ParticipantItem<'a> {
    pub city: LinkView<'a>,
}

#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub kind: &'static str,
    pub heading: TextView<'a>,
    pub names: Vec<NameView<'a>>,
    pub event_kind: String,
    pub date: String,
    pub iso_date: String,
    pub end: Option<String>,
    /// The date, or the span from the date to the end (9月24日至26日).
    pub when: String,
    pub place: Option<LinkView<'a>>,
    pub venue: Option<TextView<'a>>,
    pub councils: Vec<LinkView<'a>>,
    pub hosts: Vec<LinkView<'a>>,
    pub participants: Vec<Group<'a, ParticipantItem<'a>>>,
    pub ties_signed: Vec<SignedTie<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub body: Option<BodyView>,
}

pub fn view<'a>(cx: &Cx<'_, 'a>, id: Id<Event>) -> PageView<'a, EventView<'a>> {
    let graph = cx.views.graph;
    let ev = &graph.event(id).data;
    let sources = ev
        .sources
        .iter()
        .map(|s| SourceView {
            title: cx.text(&s.title),
            publisher: s.publisher.as_ref().map(|p| cx.text(p)),
            url: s.url.as_ref().map(|u| u.value.as_str()),
            date: cx.opt_date(&s.date),
        })
        .collect();
    let ties_signed = graph
        .ties_signed(id)
        .map(|t| SignedTie {
            a: cx.link(t.a),
            b: cx.link(t.b),
            kind: cx.label("tie", &t.kind),
        })
        .collect();
    let end = ev.end.as_ref().filter(|end| end.value != ev.date.value);
    let participants = graph.targets(PARTICIPANTS, id).map(|(c, _)| c);
    let any = AnyId::from(id);
    let view = EventView {
        kind: "event",
        heading: cx.heading(any),
        names: cx.other_names(&ev.title),
        event_kind: cx.label("kind", &ev.kind),
        date: cx.date(&ev.date.value),
        iso_date: ev.date.value.to_string(),
        end: end.map(|d| cx.date(&d.value)),
        when: cx
            .range(Some(&ev.date.value), end.map(|d| &d.value))
            .unwrap_or_default(),
        place: graph.target(PLACE, id).map(|c| cx.link(c)),
        venue: ev.venue.as_ref().map(|v| cx.text(v)),
        councils: cx.links(graph.targets(EVENT_COUNCILS, id).map(|(c, _)| c)),
        hosts: cx.links(graph.targets(HOSTS, id).map(|(c, _)| c)),
        participants: cx.by_country(participants, |c| ParticipantItem { city: cx.link(c) }),
        ties_signed,
        sources,
        body: cx.body(any),
    };
    cx.entity_page(id, view)
}
