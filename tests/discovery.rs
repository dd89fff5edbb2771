//! What readers and machines find: sitemap, robots.txt, Atom feeds, iCalendar,
//! JSON-LD, the data folder and the 404 page, each read with a parser other
//! than the one that wrote it, on the sample yearbook.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::{TestSite, copy_tree, files_with_ext};

const BASE: &str = "https://example.org/yb/";

/// The sample yearbook built once with a `base_url`, into a temp folder.
fn sample() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, common::Built)> = OnceLock::new();
    let (_, built) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&common::repo().join("content"), &dir.path().join("content"));
        let yearbook = dir.path().join("content/yearbook.yaml");
        let text = std::fs::read_to_string(&yearbook).expect("yearbook.yaml");
        std::fs::write(&yearbook, format!("{text}base_url: {BASE}\n")).expect("write");
        let built = common::build_into_temp(dir.path());
        (dir, built)
    });
    &built.output
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(sample().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

#[test]
fn the_sitemap_lists_every_page_with_its_alternates() {
    let xml = read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is XML");
    let urls: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .filter_map(|u| u.children().find(|c| c.has_tag_name((SITEMAP, "loc"))))
        .filter_map(|l| l.text())
        .collect();
    assert_eq!(locs.len(), urls.len(), "a <url> without <loc>");
    // Every edition page is listed, absolute, once; the 404 page is not.
    let pages: Vec<String> = files_with_ext(sample(), "html")
        .iter()
        .map(|p| {
            p.strip_prefix(sample())
                .expect("below")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| p != "404.html" && p != "index.html")
        .collect();
    for page in &pages {
        let url = format!("{BASE}{page}");
        assert_eq!(
            locs.iter().filter(|l| **l == url).count(),
            1,
            "{url} in the sitemap"
        );
    }
    assert!(locs.iter().all(|l| l.starts_with(BASE)));
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));

    // A council page names its three editions and x-default.
    let near = urls
        .iter()
        .find(|u| {
            u.children()
                .any(|c| c.text() == Some(&format!("{BASE}zh-hant/councils/near/index.html")))
        })
        .expect("NEAR in zh-hant");
    let alternates: Vec<(&str, &str)> = near
        .children()
        .filter(|c| c.has_tag_name((XHTML, "link")))
        .map(|c| {
            assert_eq!(c.attribute("rel"), Some("alternate"));
            (
                c.attribute("hreflang").expect("hreflang"),
                c.attribute("href").expect("href"),
            )
        })
        .collect();
    for (lang, dir) in [("zh-Hans", "zh-hans"), ("zh-Hant", "zh-hant"), ("en", "en")] {
        let href = format!("{BASE}{dir}/councils/near/index.html");
        assert!(
            alternates.contains(&(lang, href.as_str())),
            "{alternates:?}"
        );
    }
    assert!(
        alternates.iter().any(|(l, _)| *l == "x-default"),
        "{alternates:?}"
    );

    let robots = read("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_the_build_says_so() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(!site.path("output/sitemap.xml").exists());
    assert!(out.contains("base_url"), "{out}");
    let robots = site.read("output/robots.txt");
    assert!(!robots.contains("Sitemap"), "{robots}");
}

fn feed(rel: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(read(rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn each_edition_has_an_atom_feed_of_events_newest_first() {
    let events = files_with_ext(&sample().join("en/events"), "html").len() - 1; // not the list
    for (dir, title) in [
        ("zh-hans", "第3届韩中知事省长会议"),
        ("zh-hant", "第3屆韓中知事省長會議"),
        ("en", "3rd Korea–China Governors' Meeting"),
    ] {
        let feed = feed(&format!("{dir}/feed.xml"));
        assert_eq!(feed.entries.len(), events, "{dir}: one entry per event");
        let first = &feed.entries[0];
        assert_eq!(
            first.title.as_ref().map(|t| t.content.as_str()),
            Some(title),
            "{dir}: newest event first"
        );
        assert_eq!(
            first.links[0].href,
            format!("{BASE}{dir}/events/korea-china-governors-meeting-3/index.html")
        );
        let published: Vec<_> = feed.entries.iter().map(|e| e.published).collect();
        assert!(
            published.windows(2).all(|w| w[0] >= w[1]),
            "{dir}: entries by date, newest first: {published:?}"
        );
        // Every page names the feed in its head.
        let page = read(&format!("{dir}/cities/index.html"));
        assert!(
            page.contains("type=\"application/atom+xml\""),
            "{dir}: feed link"
        );
    }
}

#[test]
fn a_council_feed_has_only_the_council_s_events() {
    let feed = feed("en/councils/near/feed.xml");
    assert!(!feed.entries.is_empty());
    for entry in &feed.entries {
        let href = &entry.links[0].href;
        let rel = href.strip_prefix(BASE).expect("absolute with base_url");
        let event = read(rel);
        assert!(
            event.contains("councils/near/index.html"),
            "{rel} is not a NEAR event"
        );
    }
    let page = read("en/councils/near/index.html");
    assert!(
        page.contains("type=\"application/atom+xml\" title=\"Association of North East Asia Regional Governments\" href=\"../../../en/councils/near/feed.xml\""),
        "council page links its feed"
    );
}

#[test]
fn the_calendar_has_each_event_with_its_dates() {
    let ics = read("zh-hant/events.ics");
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let events = files_with_ext(&sample().join("zh-hant/events"), "html").len() - 1;
    assert_eq!(calendar.events.len(), events);
    let governors = calendar
        .events
        .iter()
        .find(|e| prop(e, "UID").starts_with("korea-china-governors-meeting-3."))
        .expect("governors' meeting");
    assert_eq!(prop(governors, "DTSTART"), "20251028");
    // DTEND of an all-day event is the day after.
    assert_eq!(prop(governors, "DTEND"), "20251029");
    assert_eq!(prop(governors, "SUMMARY"), "第3屆韓中知事省長會議");
    assert_eq!(
        prop(governors, "URL"),
        format!("{BASE}zh-hant/events/korea-china-governors-meeting-3/index.html")
    );
    // UIDs are unique and stable.
    let mut uids: Vec<_> = calendar.events.iter().map(|e| prop(e, "UID")).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events);
}

/// The JSON-LD graph of a page.
fn jsonld(rel: &str) -> serde_json::Value {
    let page = read(rel);
    let start = page
        .find("<script type=\"application/ld+json\">")
        .unwrap_or_else(|| panic!("{rel} has no JSON-LD"))
        + "<script type=\"application/ld+json\">".len();
    let end = page[start..].find("</script>").expect("closed") + start;
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn node<'v>(graph: &'v serde_json::Value, ty: &str) -> &'v serde_json::Value {
    graph["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .find(|n| {
            n["@type"] == ty
                || n["@type"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|t| t == ty))
        })
        .unwrap_or_else(|| panic!("no {ty} in {graph}"))
}

#[test]
fn entity_pages_carry_json_ld_with_links() {
    let event = jsonld("en/events/korea-china-governors-meeting-3/index.html");
    let e = node(&event, "Event");
    assert_eq!(e["startDate"], "2025-10-28");
    assert_eq!(
        e["location"]["@id"],
        format!("{BASE}en/cities/seoul/index.html#place")
    );
    assert!(e["organizer"].as_array().is_some_and(|o| !o.is_empty()));
    let page = node(&event, "WebPage");
    assert_eq!(page["inLanguage"], "en");
    let translations = page["workTranslation"].as_array().expect("translations");
    assert_eq!(translations.len(), 2);
    let crumbs = page["breadcrumb"]["itemListElement"]
        .as_array()
        .expect("crumbs");
    assert_eq!(crumbs.first().expect("home")["name"], "Home");

    let council = jsonld("zh-hant/councils/near/index.html");
    let org = node(&council, "GovernmentOrganization");
    assert_eq!(org["name"], "東北亞地區地方政府聯合會");
    let members = org["member"].as_array().expect("members");
    assert!(members.len() > 50, "{} members", members.len());
    assert!(
        org["subOrganization"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
    assert_eq!(org["foundingDate"], "1996");

    let city = jsonld("zh-hans/cities/licheng-jinan/index.html");
    let place = node(&city, "AdministrativeArea");
    assert_eq!(place["name"], "历城区");
    assert_eq!(
        place["containedInPlace"]["@id"],
        format!("{BASE}zh-hans/cities/jinan/index.html#place")
    );
}

#[test]
fn the_data_folder_is_valid_json_csv_and_geojson() {
    let json: serde_json::Value = serde_json::from_str(&read("data/yearbook.json")).expect("JSON");
    let schema: serde_json::Value =
        serde_json::from_str(&read("data/yearbook.schema.json")).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["title"]["zh-Hant"], "東北亞地方交流年鑑");

    let ties_csv = read("data/ties.csv");
    let mut ties = csv::Reader::from_reader(ties_csv.as_bytes());
    let header = ties.headers().expect("header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        ["a", "b", "kind", "since", "event"]
    );
    let rows: Vec<csv::StringRecord> = ties.records().map(|r| r.expect("row")).collect();
    assert!(
        rows.iter()
            .any(|r| &r[0] == "chillan" && &r[1] == "zhongshan")
    );
    let tie_count = rows.len();

    // Read as plain JSON: the writer is the geojson crate.
    let geo: serde_json::Value =
        serde_json::from_str(&read("data/yearbook.geojson")).expect("JSON");
    assert_eq!(geo["type"], "FeatureCollection");
    let mut points = 0;
    let mut lines = 0;
    for f in geo["features"].as_array().expect("features") {
        assert_eq!(f["type"], "Feature");
        let coords = &f["geometry"]["coordinates"];
        let lon_lat = |c: &serde_json::Value| {
            let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
            assert!(
                (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
                "{c}"
            );
        };
        match f["geometry"]["type"].as_str() {
            Some("Point") => {
                lon_lat(coords);
                points += 1;
            }
            Some("LineString") => {
                let ends = coords.as_array().expect("line");
                assert_eq!(ends.len(), 2);
                ends.iter().for_each(lon_lat);
                lines += 1;
            }
            other => panic!("unexpected geometry {other:?}"),
        }
    }
    assert!(points > 100, "{points} cities with a location");
    assert!(
        lines > 0 && lines <= tie_count,
        "{lines} tie lines of {tie_count}"
    );
}

#[test]
fn the_404_page_uses_absolute_links_with_a_base_url() {
    let page = read("404.html");
    assert!(
        page.contains(&format!("href=\"{BASE}zh-hans/index.html\"")),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"{BASE}static/style.css\"")));
    for heading in ["找不到该页面", "找不到該頁面", "Page not found"] {
        assert!(page.contains(heading), "{heading}");
    }
    // Every link is absolute, so the page works wherever a host serves it.
    for link in common::links(&page) {
        assert!(
            link.starts_with(BASE) || link.starts_with('#'),
            "relative link {link} in 404.html"
        );
    }
}
