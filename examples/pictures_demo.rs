//! Writes sample pictures to look at: `cargo run --release --example
//! pictures_demo [OUT_DIR]` (default `target/pictures-demo`), run from the
//! repository root. OUT_DIR gets one `.svg` a picture and `index.html`, which
//! shows each inline (as pages will) with its table, styled by the default
//! theme's style.css.
//!
//! The timeline uses the sample yearbook's events (content/events); the ties
//! map uses the sample's ties with city coordinates written here by hand
//! (until content carries `location`), plus a made-up Pacific map that
//! crosses 180°; the dense timeline is synthetic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nianjian::model::{EventKind, PartialDate};
use nianjian::pictures::{
    Bar, BarChart, BaseMap, ColumnChart, MapCity, MapLabels, MapTie, Meta, Picture, TiesMap,
    Timeline, TimelineEvent, TimelineLabels, bar_chart, column_chart, ties_map, timeline,
};

#[derive(serde::Deserialize)]
struct LooseEvent {
    title: BTreeMap<String, String>,
    kind: EventKind,
    date: String,
}

fn meta(id: &str, title: &str, desc: &str) -> Meta {
    Meta {
        id: id.into(),
        title: title.into(),
        desc: desc.into(),
    }
}

fn sample_events() -> Vec<TimelineEvent> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new("content/events").sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(e) = serde_saphyr::from_str::<LooseEvent>(&text) else {
            continue;
        };
        let Some(date) = PartialDate::parse(&e.date) else {
            continue;
        };
        let title = e
            .title
            .get("zh-Hant")
            .or_else(|| e.title.values().next())
            .cloned()
            .unwrap_or_default();
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(TimelineEvent {
            date,
            date_label: e.date.clone(),
            kind: e.kind,
            title,
            href: format!("../events/{slug}/"),
        });
    }
    out
}

fn zh_labels() -> TimelineLabels {
    TimelineLabels {
        date: "日期".into(),
        kind: "類別".into(),
        event: "活動".into(),
        period: "期間".into(),
        count: "數目".into(),
        kinds: vec![
            (EventKind::Meeting, "會議".into()),
            (EventKind::Visit, "訪問".into()),
            (EventKind::Signing, "簽約".into()),
            (EventKind::Forum, "論壇".into()),
            (EventKind::Award, "頒獎".into()),
            (EventKind::Other, "其他".into()),
        ],
    }
}

/// Thousands of events over decades, spread by a fixed rule (no randomness).
fn dense_events() -> Vec<TimelineEvent> {
    let kinds = EventKind::ALL;
    (0..3000u32)
        .map(|i| {
            let year = 1990 + (i * 13 % 35) as i32;
            let month = (i * 5 % 12 + 1) as u8;
            let kind = kinds[((i * 7 + i / 11) % 6) as usize];
            TimelineEvent {
                date: PartialDate {
                    year,
                    month: Some(month),
                    day: Some((i % 28 + 1) as u8),
                },
                date_label: format!("{year}-{month:02}"),
                kind,
                title: format!("Event {i}"),
                href: format!("../events/e{i}/"),
            }
        })
        .collect()
}

fn city(name: &str, lat: f64, lon: f64, focus: bool) -> MapCity {
    MapCity {
        name: name.into(),
        href: Some(format!(
            "../cities/{}/",
            name.to_lowercase().replace(' ', "-")
        )),
        lat,
        lon,
        focus,
    }
}

fn sample_map(base: &BaseMap) -> TiesMap<'_> {
    let cities = vec![
        city("Liaoning", 41.8, 123.43, false),
        city("Gyeonggi", 37.27, 127.01, false),
        city("Ningxia", 38.47, 106.27, false),
        city("Gyeongsangbuk", 36.57, 128.73, false),
        city("Shanghai", 31.23, 121.47, false),
        city("Osaka", 34.69, 135.5, false),
        city("Hinggan League", 46.08, 122.05, false),
        city("Dornod", 48.07, 114.53, false),
        city("Daqing", 46.59, 125.1, false),
        city("Chungju", 36.99, 127.93, false),
        city("Licheng District", 36.68, 117.07, false),
        city("Gangnam District", 37.52, 127.05, false),
        city("Yuncheng", 35.03, 111.0, false),
        city("Uiwang", 37.34, 126.97, false),
        city("Kunming", 25.04, 102.71, false),
        city("Vientiane", 17.97, 102.63, false),
    ];
    let ties = (0..8)
        .map(|i| MapTie {
            a: 2 * i,
            b: 2 * i + 1,
            kind: "friendship".into(),
        })
        .collect();
    TiesMap {
        meta: meta(
            "all-ties",
            "Ties of the sample yearbook",
            "Eight ties between Chinese and partner local governments.",
        ),
        cities,
        ties,
        countries: vec![
            "CN".into(),
            "KR".into(),
            "JP".into(),
            "MN".into(),
            "LA".into(),
        ],
        labels: MapLabels {
            city: "City".into(),
            partner: "Partner".into(),
            tie: "Tie".into(),
        },
        base,
    }
}

fn pacific_map(base: &BaseMap) -> TiesMap<'_> {
    let cities = vec![
        city("Kamchatka <Krai> & \"Co\"", 53.02, 158.65, true),
        city("Anchorage", 61.22, -149.9, false),
        city("Magadan", 59.57, 150.8, false),
        city("Anadyr", 64.73, 177.51, false),
        city("Sapporo", 43.06, 141.35, false),
    ];
    let ties = (1..5)
        .map(|b| MapTie {
            a: 0,
            b,
            kind: "sister <demo>".into(),
        })
        .collect();
    TiesMap {
        meta: meta(
            "pacific",
            "Ties across 180° (made up)",
            "One city's ties, fitted to it and its partners.",
        ),
        cities,
        ties,
        countries: vec!["RU".into()],
        labels: MapLabels {
            city: "City".into(),
            partner: "Partner".into(),
            tie: "Tie".into(),
        },
        base,
    }
}

fn pictures() -> Vec<(&'static str, Picture)> {
    let base = BaseMap::embedded();
    let mut out = vec![
        (
            "timeline-sample",
            timeline(&Timeline {
                meta: meta("tl", "大事記時間軸", "樣本年鑑的活動，按年份與類別。"),
                events: sample_events(),
                labels: zh_labels(),
                year_hrefs: vec![],
            }),
        ),
        (
            "timeline-dense",
            timeline(&Timeline {
                meta: meta(
                    "tl-dense",
                    "3000 events, 1990–2024",
                    "Counts by kind and span of years.",
                ),
                events: dense_events(),
                labels: zh_labels(),
                year_hrefs: (1990..2025)
                    .map(|y| (y, format!("../chronicle/{y}/")))
                    .collect(),
            }),
        ),
        ("map-all", ties_map(&sample_map(base))),
        ("map-pacific", ties_map(&pacific_map(base))),
    ];
    let members = [
        ("中國", 29),
        ("韓國", 17),
        ("蒙古", 22),
        ("俄羅斯", 17),
        ("日本", 10),
        ("朝鮮", 2),
        ("吉爾吉斯", 1),
    ];
    out.push((
        "bars-members",
        bar_chart(&BarChart {
            meta: meta(
                "members",
                "東北亞地區地方政府聯合會成員（按國家）",
                "各國成員數目。",
            ),
            bars: members
                .iter()
                .map(|(l, v)| Bar {
                    label: (*l).into(),
                    value: *v,
                    href: None,
                })
                .collect(),
            label_header: "國家".into(),
            value_header: "成員".into(),
        }),
    ));
    out.push((
        "columns-years",
        column_chart(&ColumnChart {
            meta: meta("years", "Ties by year", "Ties formed each year."),
            counts: vec![
                (1993, 2),
                (1995, 1),
                (2000, 4),
                (2007, 3),
                (2015, 6),
                (2024, 8),
            ],
            year_hrefs: vec![],
            year_header: "Year".into(),
            value_header: "Ties".into(),
        }),
    ));
    out
}

fn write(dir: &Path, name: &str, text: &str) {
    if let Err(e) = std::fs::write(dir.join(name), text) {
        eprintln!("cannot write {name}: {e}");
        std::process::exit(1);
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/pictures-demo"));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    let css = std::fs::read_to_string("themes/default/static/style.css").unwrap_or_default();
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"zh-Hant\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>pictures</title><style>{css}</style></head><body><main>"
    );
    for (name, picture) in pictures() {
        write(&dir, &format!("{name}.svg"), &picture.svg);
        println!(
            "{name}.svg: {} bytes, {} table rows",
            picture.svg.len(),
            picture.table.rows.len()
        );
        html += &format!(
            "<h2>{name}</h2><figure class=\"nj-figure\">{}</figure>",
            picture.svg
        );
        let rows = picture.table.rows.len();
        if rows > 40 {
            html += &format!("<p>({rows} table rows)</p>");
        } else {
            html += &picture.table.to_html(None);
        }
    }
    write(&dir, "index.html", &(html + "</main></body></html>"));
    println!("{}", dir.join("index.html").display());
}
