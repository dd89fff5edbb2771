//! The yearbook as open data: one typed model of everything, in every
//! language, that the JSON export serialises and its JSON Schema is derived
//! from (docs/data.md describes it to users). Entities refer to each other
//! by slug, as content files do.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::graph::Graph;
use crate::graph::relations::{
    CITY_PARENT, COUNCIL_PARENT, EVENT_COUNCILS, HOSTS, MEMBERS, PARTICIPANTS, PLACE, SEAT,
};
use crate::model::{Edition, Id, PartialDate, Text, enum_name};

/// A text in each edition's language that has it: `{"zh-Hans": …, "en": …}`.
/// Texts an edition only shows in another language are left out.
pub type Texts = BTreeMap<String, String>;

fn texts(t: &Text) -> Texts {
    Edition::ALL
        .iter()
        .filter_map(|&e| t.get(e).map(|l| (e.tag().to_owned(), l.text.clone())))
        .collect()
}

fn date(d: &PartialDate) -> String {
    d.to_string()
}

/// The whole yearbook.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Yearbook {
    /// The export format's version; it changes when a field is renamed or removed.
    pub format: u32,
    pub title: Texts,
    pub subtitle: Option<Texts>,
    /// The editions, in menu order: `zh-Hans`, `zh-Hant`, `en`.
    pub editions: Vec<String>,
    /// Country names by ISO 3166-1 alpha-2 code.
    pub countries: BTreeMap<String, Texts>,
    pub cities: Vec<City>,
    pub councils: Vec<Council>,
    pub events: Vec<Event>,
    /// Ties between two cities, each once, merged from both cities' files.
    pub ties: Vec<Tie>,
}

/// A local government: province, city, district, county.
#[derive(Debug, Serialize, JsonSchema)]
pub struct City {
    pub slug: String,
    pub name: Texts,
    /// The place's own name, by BCP 47 tag.
    pub native: BTreeMap<String, String>,
    pub country: String,
    /// `province`, `city`, `district`, `county` or `other`.
    pub level: String,
    /// Slug of the government it belongs to.
    pub parent: Option<String>,
    pub location: Option<Location>,
    pub website: Option<String>,
    pub aliases: Vec<Texts>,
    pub wikidata: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

/// A council, association or committee.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Council {
    pub slug: String,
    pub name: Texts,
    pub short: Option<Texts>,
    /// Slug of the council it is a committee of.
    pub parent: Option<String>,
    /// A year or a date (`1996`, `1996-09-10`).
    pub founded: Option<String>,
    /// Slug of the city of its secretariat.
    pub seat: Option<String>,
    pub focus: Option<Texts>,
    pub website: Option<String>,
    pub members: Vec<Membership>,
    pub wikidata: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Membership {
    pub council: String,
    pub city: String,
    /// `member`, `associate`, `observer`, `special`, `chair` or `coordinator`.
    pub role: String,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// A meeting, visit, signing, forum or award.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Event {
    pub slug: String,
    pub title: Texts,
    /// `meeting`, `visit`, `signing`, `forum`, `award` or `other`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub end: Option<String>,
    /// Slug of the city where it took place.
    pub city: Option<String>,
    pub venue: Option<Texts>,
    pub councils: Vec<String>,
    pub hosts: Vec<String>,
    pub participants: Vec<String>,
    pub sources: Vec<Source>,
    pub wikidata: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Source {
    pub title: Texts,
    pub publisher: Option<Texts>,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Tie {
    /// Slugs of the two cities, in file order.
    pub a: String,
    pub b: String,
    /// `sister`, `friendship` or `partner`.
    pub kind: String,
    pub since: Option<String>,
    /// Slug of the event where it was signed.
    pub event: Option<String>,
}

/// The export model of a graph.
// Long: one literal of the whole exported yearbook, a field per line, in
// the order of its documented schema.
pub fn yearbook(graph: &Graph) -> Yearbook {
    let site = &graph.site;
    let slug = |kind, index| graph.slug(crate::graph::AnyId { kind, index }).to_owned();
    use crate::model::Kind;
    let cities = (0..site.cities.len())
        .map(|i| {
            let id = Id::new(i);
            let c = &graph.city(id);
            City {
                slug: c.slug.clone(),
                name: texts(&c.data.name),
                native: c.data.native.clone(),
                country: c.data.country.value.clone(),
                level: enum_name(&c.data.level),
                parent: graph
                    .target(CITY_PARENT, id)
                    .map(|p| graph.city(p).slug.clone()),
                location: c.data.location.as_ref().map(|l| Location {
                    lat: l.lat,
                    lon: l.lon,
                }),
                website: c.data.website.as_ref().map(|w| w.value.clone()),
                aliases: c.data.aliases.iter().map(texts).collect(),
                wikidata: c.data.wikidata.as_ref().map(|w| w.value.clone()),
            }
        })
        .collect();
    let councils = (0..site.councils.len())
        .map(|i| {
            let id = Id::new(i);
            let c = graph.council(id);
            let members = graph
                .targets(MEMBERS, id)
                .map(|(city, item)| {
                    let m = &c.data.members[item];
                    Membership {
                        council: c.slug.clone(),
                        city: graph.city(city).slug.clone(),
                        role: enum_name(&m.role),
                        since: m.since.as_ref().map(date),
                        until: m.until.as_ref().map(date),
                    }
                })
                .collect();
            Council {
                slug: c.slug.clone(),
                name: texts(&c.data.name),
                short: c.data.short.as_ref().map(texts),
                parent: graph
                    .target(COUNCIL_PARENT, id)
                    .map(|p| graph.council(p).slug.clone()),
                founded: c.data.founded.as_ref().map(date),
                seat: graph.target(SEAT, id).map(|s| graph.city(s).slug.clone()),
                focus: c.data.focus.as_ref().map(texts),
                website: c.data.website.as_ref().map(|w| w.value.clone()),
                members,
                wikidata: c.data.wikidata.as_ref().map(|w| w.value.clone()),
            }
        })
        .collect();
    let events = (0..site.events.len())
        .map(|i| {
            let id = Id::new(i);
            let e = graph.event(id);
            let cities = |link| -> Vec<String> {
                graph
                    .targets(link, id)
                    .map(|(c, _)| graph.city(c).slug.clone())
                    .collect()
            };
            Event {
                slug: e.slug.clone(),
                title: texts(&e.data.title),
                kind: enum_name(&e.data.kind),
                date: date(&e.data.date.value),
                end: e.data.end.as_ref().map(|d| date(&d.value)),
                city: graph.target(PLACE, id).map(|c| graph.city(c).slug.clone()),
                venue: e.data.venue.as_ref().map(texts),
                councils: graph
                    .targets(EVENT_COUNCILS, id)
                    .map(|(c, _)| graph.council(c).slug.clone())
                    .collect(),
                hosts: cities(HOSTS),
                participants: cities(PARTICIPANTS),
                sources: e
                    .data
                    .sources
                    .iter()
                    .map(|s| Source {
                        title: texts(&s.title),
                        publisher: s.publisher.as_ref().map(texts),
                        url: s.url.as_ref().map(|u| u.value.clone()),
                        date: s.date.as_ref().map(date),
                    })
                    .collect(),
                wikidata: e.data.wikidata.as_ref().map(|w| w.value.clone()),
            }
        })
        .collect();
    let ties = graph
        .all_ties()
        .iter()
        .map(|t| Tie {
            a: slug(Kind::City, t.a.index()),
            b: slug(Kind::City, t.b.index()),
            kind: enum_name(&t.kind),
            since: t.since.as_ref().map(date),
            event: t.event.map(|e| slug(Kind::Event, e.index())),
        })
        .collect();
    Yearbook {
        format: 2,
        title: texts(&site.yearbook.title),
        subtitle: site.yearbook.subtitle.as_ref().map(texts),
        editions: site.editions.iter().map(|e| e.tag().to_owned()).collect(),
        countries: site
            .countries
            .iter()
            .map(|(k, v)| (k.clone(), texts(v)))
            .collect(),
        cities,
        councils,
        events,
        ties,
    }
}
