//! Linked data for an entity's page (schema.org as JSON-LD): the page, its
//! breadcrumb, its translations in the other editions, and the entity itself
//! — an `Event`, a `GovernmentOrganization`, or a `City`/`AdministrativeArea`
//! — with links to the entities it relates to. `@id`s are absolute with a
//! `base_url`, relative (to the page) otherwise.

use serde_json::{Value, json};

use super::Route;
use super::common::Cx;
use crate::graph::AnyId;
use crate::graph::relations::{
    CITY_PARENT, COUNCIL_PARENT, EVENT_COUNCILS, HOSTS, MEMBERS, PARTICIPANTS, PLACE, SEAT,
};
use crate::model::{City, Council, Edition, Event, Id, Kind, Level};

/// The `@id` of an entity: its page in this edition, with a fragment.
fn node_id(cx: &Cx<'_, '_>, id: AnyId) -> String {
    let fragment = match id.kind {
        Kind::City => "place",
        Kind::Council => "organization",
        Kind::Event => "event",
    };
    let page = cx.views.urls.head_href(cx.route, Route::Entity(cx.e, id));
    format!("{page}#{fragment}")
}

/// A reference to another entity: its type, id and name.
fn reference(cx: &Cx<'_, '_>, id: AnyId) -> Value {
    let kind = match id.kind {
        Kind::City => "AdministrativeArea",
        Kind::Council => "GovernmentOrganization",
        Kind::Event => "Event",
    };
    json!({"@type": kind, "@id": node_id(cx, id), "name": cx.name(id).text})
}

fn same_as(website: Option<&str>, wikidata: Option<&str>) -> Vec<String> {
    website
        .map(str::to_owned)
        .into_iter()
        .chain(wikidata.map(|q| format!("https://www.wikidata.org/wiki/{q}")))
        .collect()
}

fn city(cx: &Cx<'_, '_>, id: Id<City>) -> Value {
    let graph = cx.views.graph;
    let c = &graph.city(id).data;
    let kind = match c.level {
        Level::City => "City",
        _ => "AdministrativeArea",
    };
    let mut node = json!({
        "@type": kind,
        "address": {"@type": "PostalAddress", "addressCountry": c.country.value},
        "sameAs": same_as(c.website.as_ref().map(|w| w.value.as_str()), c.wikidata.as_ref().map(|w| w.value.as_str())),
    });
    if let Some(parent) = graph.target(CITY_PARENT, id) {
        node["containedInPlace"] = reference(cx, parent.into());
    }
    if let Some(l) = &c.location {
        node["geo"] = json!({"@type": "GeoCoordinates", "latitude": l.lat, "longitude": l.lon});
    }
    node
}

fn council(cx: &Cx<'_, '_>, id: Id<Council>) -> Value {
    let graph = cx.views.graph;
    let c = &graph.council(id).data;
    let mut members: Vec<AnyId> = Vec::new();
    for (m, _) in graph.targets(MEMBERS, id) {
        // A government with two roles is one member.
        if !members.contains(&m.into()) {
            members.push(m.into());
        }
    }
    let mut node = json!({
        "@type": "GovernmentOrganization",
        "member": members.into_iter().map(|m| reference(cx, m)).collect::<Vec<_>>(),
        "subOrganization": graph.committees(id).map(|k| reference(cx, k.into())).collect::<Vec<_>>(),
        "sameAs": same_as(c.website.as_ref().map(|w| w.value.as_str()), c.wikidata.as_ref().map(|w| w.value.as_str())),
    });
    if let Some(short) = &c.short {
        node["alternateName"] = json!(short.show(cx.e).text);
    }
    if let Some(parent) = graph.target(COUNCIL_PARENT, id) {
        node["parentOrganization"] = reference(cx, parent.into());
    }
    if let Some(f) = &c.founded {
        node["foundingDate"] = json!(f.to_string());
    }
    if let Some(seat) = graph.target(SEAT, id) {
        node["location"] = reference(cx, seat.into());
    }
    node
}

fn event(cx: &Cx<'_, '_>, id: Id<Event>) -> Value {
    let graph = cx.views.graph;
    let e = &graph.event(id).data;
    let organizers: Vec<Value> = graph
        .targets(EVENT_COUNCILS, id)
        .map(|(c, _)| reference(cx, c.into()))
        .chain(graph.targets(HOSTS, id).map(|(c, _)| organisation(cx, c)))
        .collect();
    let mut node = json!({
        "@type": "Event",
        "startDate": e.date.value.to_string(),
        "endDate": e.end.as_ref().map_or(e.date.value, |d| d.value).to_string(),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": organizers,
        "attendee": graph.targets(PARTICIPANTS, id).map(|(c, _)| organisation(cx, c)).collect::<Vec<_>>(),
        "sameAs": same_as(None, e.wikidata.as_ref().map(|w| w.value.as_str())),
    });
    if let Some(city) = graph.target(PLACE, id) {
        node["location"] = reference(cx, city.into());
    }
    node
}

/// A local government as a party to an event (an attendee or organiser is
/// an organisation, not a place): the government of the place.
fn organisation(cx: &Cx<'_, '_>, city: Id<City>) -> Value {
    let id = AnyId::from(city);
    json!({
        "@type": "GovernmentOrganization",
        "name": cx.name(id).text,
        "url": cx.views.urls.head_href(cx.route, Route::Entity(cx.e, id)),
        "areaServed": {"@id": node_id(cx, id)},
    })
}

/// The JSON-LD of an entity's page, ready to go inside a `<script>`.
pub fn entity(cx: &Cx<'_, '_>, id: AnyId) -> String {
    let urls = &cx.views.urls;
    let page = urls.head_href(cx.route, cx.route);
    let mut thing = match id.kind {
        Kind::City => city(cx, Id::new(id.index)),
        Kind::Council => council(cx, Id::new(id.index)),
        Kind::Event => event(cx, Id::new(id.index)),
    };
    thing["@id"] = json!(node_id(cx, id));
    thing["name"] = json!(cx.name(id).text);
    thing["url"] = json!(page);
    let crumbs = [
        (cx.ui("home"), Route::Home(cx.e)),
        (cx.ui(id.kind.dir()), Route::Index(cx.e, id.kind)),
        (cx.name(id).text.to_owned(), cx.route),
    ];
    let translations: Vec<Value> = cx
        .views
        .graph
        .site
        .editions
        .iter()
        .filter(|&&e| e != cx.e)
        .map(|&e: &Edition| json!({"@type": "WebPage", "@id": urls.head_href(cx.route, cx.route.in_edition(e)), "inLanguage": e.tag()}))
        .collect();
    let doc = json!({
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "WebPage",
                "@id": page,
                "name": cx.name(id).text,
                "inLanguage": cx.e.tag(),
                "mainEntity": {"@id": node_id(cx, id)},
                "workTranslation": translations,
                "breadcrumb": {
                    "@type": "BreadcrumbList",
                    "itemListElement": crumbs.iter().enumerate().map(|(i, (name, route))| json!({
                        "@type": "ListItem",
                        "position": i + 1,
                        "name": name,
                        "item": urls.head_href(cx.route, *route),
                    })).collect::<Vec<_>>(),
                },
            },
            thing,
        ],
    });
    // Inside <script>, `</` would end the element: JSON allows `<\/`.
    doc.to_string().replace("</", "<\\/")
}
