//! A council's page: its facts, committees, members by country, events.

use serde::Serialize;

use super::city::{MembershipView, membership};
use super::common::{BodyView, Cx, EventSummary, Group, LinkView, NameView, PageView, TextView};
use super::figures::FigureView;
use crate::graph::AnyId;
use crate::graph::relations::{COUNCIL_PARENT, EVENT_COUNCILS, MEMBERS, SEAT};
use crate::model::{City, Council, Event, Id, Kind, Role};
use crate::pictures::Bar;

#[derive(Debug, Serialize)]
pub struct MemberItem<'a> {
    pub city: LinkView<'a>,
    pub membership: MembershipView<'a>,
}

#[derive(Debug, Serialize)]
pub struct CommitteeView<'a> {
    pub council: LinkView<'a>,
    pub founded: Option<String>,
    pub focus: Option<TextView<'a>>,
    pub coordinators: Vec<LinkView<'a>>,
}

/// Which optional columns of the committees table any row fills.
#[derive(Debug, Default, Serialize)]
pub struct CommitteeColumns {
    pub coordinators: bool,
    pub founded: bool,
    pub focus: bool,
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
    pub committee_columns: CommitteeColumns,
    /// A committee's coordinators (committees list no other members), each
    /// with its country.
    pub coordinators: Vec<(LinkView<'a>, LinkView<'a>)>,
    /// What the member list counts: "88 listed", then by role.
    pub member_count: usize,
    pub member_total: Option<String>,
    pub member_roles: Vec<String>,
    pub member_groups: Vec<Group<'a, MemberItem<'a>>>,
    pub members_chart: Option<FigureView>,
    pub timeline: Option<FigureView>,
    pub events: Vec<EventSummary<'a>>,
    pub body: Option<BodyView>,
}

fn coordinators(cx: &Cx<'_, '_>, k: Id<Council>) -> Vec<Id<City>> {
    let graph = cx.views.graph;
    let data = &graph.council(k).data;
    graph
        .targets(MEMBERS, k)
        .filter(|&(_, item)| data.members[item].role == Role::Coordinator)
        .map(|(c, _)| c)
        .collect()
}

fn committee<'a>(cx: &Cx<'_, 'a>, k: Id<Council>) -> CommitteeView<'a> {
    let data = &cx.views.graph.council(k).data;
    CommitteeView {
        council: cx.link(k),
        founded: cx.opt_date(&data.founded),
        focus: data.focus.as_ref().map(|f| cx.text(f)),
        coordinators: cx.links(coordinators(cx, k)),
    }
}

/// Members counted by the role each shows (a chair counts as a member).
fn role_counts(cx: &Cx<'_, '_>, id: Id<Council>) -> Vec<String> {
    let graph = cx.views.graph;
    let data = &graph.council(id).data;
    let roles = [Role::Member, Role::Associate, Role::Special, Role::Observer];
    let mut counts = [0usize; 4];
    let mut cities: Vec<(Id<City>, Role)> = graph
        .targets(MEMBERS, id)
        .map(|(c, item)| (c, data.members[item].role))
        .collect();
    cities.sort_by_key(|&(c, _)| c);
    let mut at = 0;
    while at < cities.len() {
        let city = cities[at].0;
        let mine: Vec<Role> = cities[at..]
            .iter()
            .take_while(|x| x.0 == city)
            .map(|x| x.1)
            .collect();
        at += mine.len();
        // Chairs and coordinators are full members with an office.
        let class = if mine
            .iter()
            .any(|r| matches!(r, Role::Member | Role::Chair | Role::Coordinator))
        {
            0
        } else if mine.contains(&Role::Associate) {
            1
        } else if mine.contains(&Role::Special) {
            2
        } else {
            3
        };
        counts[class] += 1;
    }
    roles
        .iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .map(|(r, n)| cx.count(&format!("role_count_{}", crate::model::enum_name(r)), n))
        .collect()
}

fn members_chart<'a>(cx: &Cx<'_, 'a>, groups: &[Group<'a, MemberItem<'a>>]) -> Option<FigureView> {
    if groups.len() < 2 {
        return None;
    }
    let mut bars: Vec<Bar> = groups
        .iter()
        .map(|g| Bar {
            label: g.country.text.to_owned(),
            value: g.items.len() as u64,
            href: Some(g.country.href.clone()),
        })
        .collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.value));
    Some(cx.bars_figure(
        "members-by-country",
        cx.ui("members_by_country"),
        (cx.ui("country"), cx.ui("members")),
        bars,
    ))
}

pub fn view<'a>(cx: &Cx<'_, 'a>, id: Id<Council>) -> PageView<'a, CouncilView<'a>> {
    let graph = cx.views.graph;
    let c = &graph.council(id).data;
    let is_committee = graph.target(COUNCIL_PARENT, id).is_some();
    let mut cities: Vec<Id<City>> = graph.targets(MEMBERS, id).map(|(c, _)| c).collect();
    cities.sort_unstable();
    cities.dedup();
    let member_groups = if is_committee {
        Vec::new()
    } else {
        cx.by_country(cities.iter().copied(), |city| MemberItem {
            city: cx.link(city),
            membership: membership(cx, id, city),
        })
    };
    let mut committees: Vec<Id<Council>> = graph.committees(id).collect();
    committees.sort_by(|a, b| {
        cx.views
            .order
            .cmp(cx.e, Kind::Council, a.index(), b.index())
    });
    let committees: Vec<CommitteeView<'a>> =
        committees.into_iter().map(|k| committee(cx, k)).collect();
    let committee_columns = CommitteeColumns {
        coordinators: committees.iter().any(|k| !k.coordinators.is_empty()),
        founded: committees.iter().any(|k| k.founded.is_some()),
        focus: committees.iter().any(|k| k.focus.is_some()),
    };
    let mut events: Vec<Id<Event>> = graph.sources(EVENT_COUNCILS, id).map(|(e, _)| e).collect();
    events.sort_by(|a, b| cx.views.order.cmp(cx.e, Kind::Event, a.index(), b.index()));
    events.dedup();
    let any = AnyId::from(id);
    let heading = cx.heading(any);
    let name = cx.name(id).text;
    let member_count = if is_committee { 0 } else { cities.len() };
    let view = CouncilView {
        kind: "council",
        names: cx
            .other_names(&c.name)
            .into_iter()
            .filter(|n| n.text != heading.text)
            .collect(),
        heading,
        short: c.short.as_ref().map(|s| cx.text(s)),
        founded: cx.opt_date(&c.founded),
        seat: graph.target(SEAT, id).map(|s| cx.link(s)),
        focus: c.focus.as_ref().map(|f| cx.text(f)),
        website: c.website.as_ref().map(|w| w.value.as_str()),
        parent: graph.target(COUNCIL_PARENT, id).map(|p| cx.link(p)),
        committees,
        committee_columns,
        coordinators: if is_committee {
            coordinators(cx, id)
                .into_iter()
                .map(|c| (cx.link(c), cx.country_of(c)))
                .collect()
        } else {
            Vec::new()
        },
        member_count,
        member_total: (member_count > 0).then(|| cx.count("members_listed", member_count)),
        member_roles: if is_committee {
            Vec::new()
        } else {
            role_counts(cx, id)
        },
        members_chart: members_chart(cx, &member_groups),
        member_groups,
        timeline: cx.timeline_figure(
            "timeline",
            cx.ui("timeline_of").replace("{name}", name),
            &events,
        ),
        events: events.iter().map(|&e| cx.event_summary(e)).collect(),
        body: cx.body(any),
    };
    cx.entity_page(id, view)
}
