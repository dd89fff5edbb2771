//! A council's page: its facts, committees, members by country, events.

use serde::Serialize;

use super::common::{BodyView, Cx, EventSummary, Group, LinkView, NameView, PageView, TextView};
use crate::graph::AnyId;
use crate::graph::relations::{COUNCIL_PARENT, EVENT_COUNCILS, MEMBERS, SEAT};
use crate::model::{City, Council, Id, Kind, Role};

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub role: String,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MemberItem<'a> {
    pub city: LinkView<'a>,
    pub roles: Vec<RoleView>,
}

#[derive(Debug, Serialize)]
pub struct CommitteeView<'a> {
    pub council: LinkView<'a>,
    pub founded: Option<String>,
    pub focus: Option<TextView<'a>>,
    pub coordinators: Vec<LinkView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct CouncilView<'a> {
    pub kind: &'static str,
    pub heading: TextView<'a>,
    pub names: Vec<NameView<'a>>,
    pub short: Option<TextView<'a>>,
    pub founded: Option<String>,
    pub seat: Option<LinkView<'a>>,
    pub focus: Option<TextView<'a>>,
    pub website: Option<&'a str>,
    pub parent: Option<LinkView<'a>>,
    pub committees: Vec<CommitteeView<'a>>,
    pub member_count: usize,
    pub member_groups: Vec<Group<'a, MemberItem<'a>>>,
    pub events: Vec<EventSummary<'a>>,
    pub body: Option<BodyView>,
}

fn committee<'a>(cx: &Cx<'_, 'a>, k: Id<Council>) -> CommitteeView<'a> {
    let graph = cx.views.graph;
    let data = &graph.council(k).data;
    let coordinators: Vec<Id<City>> = graph
        .targets(MEMBERS, k)
        .filter(|&(_, item)| data.members[item].role == Role::Coordinator)
        .map(|(c, _)| c)
        .collect();
    CommitteeView {
        council: cx.link(k),
        founded: cx.opt_date(&data.founded),
        focus: data.focus.as_ref().map(|f| cx.text(f)),
        coordinators: cx.links(coordinators),
    }
}

pub fn view<'a>(cx: &Cx<'_, 'a>, id: Id<Council>) -> PageView<'a, CouncilView<'a>> {
    let graph = cx.views.graph;
    let c = &graph.council(id).data;
    let members: Vec<(Id<City>, usize)> = graph.targets(MEMBERS, id).collect();
    let member_groups = cx.by_country(members.iter().map(|&(city, _)| city), |city| {
        let roles = members
            .iter()
            .filter(|&&(other, _)| other == city)
            .map(|&(_, item)| {
                let m = &c.members[item];
                RoleView {
                    role: cx.label("role", &m.role),
                    since: cx.opt_date(&m.since),
                    until: cx.opt_date(&m.until),
                }
            })
            .collect();
        MemberItem {
            city: cx.link(city),
            roles,
        }
    });
    let mut committees: Vec<Id<Council>> = graph.committees(id).collect();
    committees.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::Council, a.index(), b.index())
    });
    let any = AnyId::from(id);
    let view = CouncilView {
        kind: "council",
        heading: cx.heading(any),
        names: cx.other_names(&c.name),
        short: c.short.as_ref().map(|s| cx.text(s)),
        founded: cx.opt_date(&c.founded),
        seat: graph.target(SEAT, id).map(|s| cx.link(s)),
        focus: c.focus.as_ref().map(|f| cx.text(f)),
        website: c.website.as_ref().map(|w| w.value.as_str()),
        parent: graph.target(COUNCIL_PARENT, id).map(|p| cx.link(p)),
        committees: committees.into_iter().map(|k| committee(cx, k)).collect(),
        member_count: graph.member_count(id),
        member_groups,
        events: graph
            .sources(EVENT_COUNCILS, id)
            .map(|(e, _)| e)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|e| cx.event_summary(e))
            .collect(),
        body: cx.body(any),
    };
    cx.entity_page(id, view)
}
