//! `data/`: the yearbook as open data — JSON in every language with its JSON
//! Schema (derived from the export model, so the two cannot drift), CSV
//! tables, and GeoJSON of the cities with a location and the ties between
//! them. docs/data.md describes the files.

use std::sync::OnceLock;

use serde::Serialize;

use super::{Artifact, Output, Rendered};
use crate::diag::Diagnostic;
use crate::model::Kind;
use crate::view::data::{self, Texts, Yearbook};
use crate::view::urls::{DataFile, Table};
use crate::view::{Deps, Route, Views};

/// The open-data output; the export model is made once per build.
#[derive(Default)]
pub struct Data {
    model: OnceLock<Yearbook>,
}

fn text(t: &Texts, lang: &str) -> String {
    t.get(lang).cloned().unwrap_or_default()
}

#[derive(Serialize)]
struct CityRow<'a> {
    slug: &'a str,
    name_zh_hans: String,
    name_zh_hant: String,
    name_en: String,
    country: &'a str,
    level: &'a str,
    parent: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    website: Option<&'a str>,
    wikidata: Option<&'a str>,
}

#[derive(Serialize)]
struct CouncilRow<'a> {
    slug: &'a str,
    name_zh_hans: String,
    name_zh_hant: String,
    name_en: String,
    parent: Option<&'a str>,
    founded: Option<&'a str>,
    seat: Option<&'a str>,
    members: usize,
    website: Option<&'a str>,
    wikidata: Option<&'a str>,
}

#[derive(Serialize)]
struct EventRow<'a> {
    slug: &'a str,
    title_zh_hans: String,
    title_zh_hant: String,
    title_en: String,
    kind: &'a str,
    date: &'a str,
    end: Option<&'a str>,
    city: Option<&'a str>,
}

#[derive(Serialize)]
struct ParticipantRow<'a> {
    event: &'a str,
    city: &'a str,
    /// `host` or `participant`.
    role: &'a str,
}

fn csv(y: &Yearbook, table: Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    match table {
        Table::Cities => {
            for c in &y.cities {
                w.serialize(CityRow {
                    slug: &c.slug,
                    name_zh_hans: text(&c.name, "zh-Hans"),
                    name_zh_hant: text(&c.name, "zh-Hant"),
                    name_en: text(&c.name, "en"),
                    country: &c.country,
                    level: &c.level,
                    parent: c.parent.as_deref(),
                    lat: c.location.as_ref().map(|l| l.lat),
                    lon: c.location.as_ref().map(|l| l.lon),
                    website: c.website.as_deref(),
                    wikidata: c.wikidata.as_deref(),
                })?;
            }
        }
        Table::Councils => {
            for c in &y.councils {
                let mut members: Vec<&str> = c.members.iter().map(|m| m.city.as_str()).collect();
                members.sort_unstable();
                members.dedup();
                w.serialize(CouncilRow {
                    slug: &c.slug,
                    name_zh_hans: text(&c.name, "zh-Hans"),
                    name_zh_hant: text(&c.name, "zh-Hant"),
                    name_en: text(&c.name, "en"),
                    parent: c.parent.as_deref(),
                    founded: c.founded.as_deref(),
                    seat: c.seat.as_deref(),
                    members: members.len(),
                    website: c.website.as_deref(),
                    wikidata: c.wikidata.as_deref(),
                })?;
            }
        }
        Table::Memberships => {
            for m in y.councils.iter().flat_map(|c| &c.members) {
                w.serialize(m)?;
            }
        }
        Table::Ties => {
            for t in &y.ties {
                w.serialize(t)?;
            }
        }
        Table::Events => {
            for e in &y.events {
                w.serialize(EventRow {
                    slug: &e.slug,
                    title_zh_hans: text(&e.title, "zh-Hans"),
                    title_zh_hant: text(&e.title, "zh-Hant"),
                    title_en: text(&e.title, "en"),
                    kind: &e.kind,
                    date: &e.date,
                    end: e.end.as_deref(),
                    city: e.city.as_deref(),
                })?;
            }
        }
        Table::Participants => {
            for e in &y.events {
                let hosts = e.hosts.iter().map(|c| (c, "host"));
                for (city, role) in hosts.chain(e.participants.iter().map(|c| (c, "participant"))) {
                    w.serialize(ParticipantRow {
                        event: &e.slug,
                        city,
                        role,
                    })?;
                }
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Cities with a location as points; ties between two located cities as lines.
fn geojson(y: &Yearbook) -> geojson::FeatureCollection {
    use geojson::{Feature, Geometry, JsonObject};
    let mut features = Vec::new();
    let place = |slug: &str| y.cities.iter().find(|c| c.slug == slug)?.location.clone();
    for c in &y.cities {
        let Some(l) = &c.location else { continue };
        let mut properties = JsonObject::new();
        properties.insert("slug".into(), c.slug.clone().into());
        properties.insert("country".into(), c.country.clone().into());
        properties.insert("level".into(), c.level.clone().into());
        for (lang, name) in &c.name {
            properties.insert(format!("name:{lang}"), name.clone().into());
        }
        features.push(Feature {
            geometry: Some(Geometry::new_point([l.lon, l.lat])),
            properties: Some(properties),
            ..Default::default()
        });
    }
    for t in &y.ties {
        let (Some(a), Some(b)) = (place(&t.a), place(&t.b)) else {
            continue;
        };
        let mut properties = JsonObject::new();
        properties.insert("a".into(), t.a.clone().into());
        properties.insert("b".into(), t.b.clone().into());
        properties.insert("kind".into(), t.kind.clone().into());
        if let Some(since) = &t.since {
            properties.insert("since".into(), since.clone().into());
        }
        features.push(Feature {
            geometry: Some(Geometry::new_line_string([[a.lon, a.lat], [b.lon, b.lat]])),
            properties: Some(properties),
            ..Default::default()
        });
    }
    geojson::FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

impl Data {
    fn bytes(&self, views: &Views<'_>, file: DataFile) -> Result<Vec<u8>, String> {
        let y = self.model.get_or_init(|| data::yearbook(views.graph));
        match file {
            DataFile::Json => serde_json::to_vec_pretty(y).map_err(|e| e.to_string()),
            DataFile::Schema => {
                let schema = schemars::schema_for!(Yearbook);
                serde_json::to_vec_pretty(&schema).map_err(|e| e.to_string())
            }
            DataFile::Csv(t) => csv(y, t).map_err(|e| e.to_string()),
            DataFile::GeoJson => Ok(geojson(y).to_string().into_bytes()),
        }
    }
}

impl Output for Data {
    fn routes(&self, _: &Views<'_>) -> Vec<Route> {
        [DataFile::Json, DataFile::Schema, DataFile::GeoJson]
            .into_iter()
            .chain(Table::ALL.map(DataFile::Csv))
            .map(Route::Data)
            .collect()
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let Route::Data(file) = route else {
            return Rendered::failed(Diagnostic::error(format!("{route:?} is not a data file")));
        };
        let path = views.urls.path(route);
        let artifact = self
            .bytes(views, file)
            .map(|bytes| Artifact {
                path: path.clone(),
                bytes,
            })
            .map_err(|e| Diagnostic::error(format!("cannot write {path}: {e}")));
        // Every entity is in the export.
        let deps = Deps {
            entities: Kind::ALL.iter().flat_map(|&k| views.graph.ids(k)).collect(),
            kinds: Kind::ALL.into_iter().collect(),
        };
        Rendered {
            more: Vec::new(),
            artifact,
            deps,
            diags: Default::default(),
        }
    }
}
