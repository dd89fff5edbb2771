//! The yearbook's own forms on the sample yearbook (content/), in all three
//! editions: the chronicle, the index of names, the countries pages and
//! statistics, the pictures on pages, and the theme-quality findings of
//! issue 13. Pages are parsed (HTML with `scraper`, pictures with
//! `roxmltree`) and checked against what the content says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use roxmltree::{Document, Node};
use scraper::{ElementRef, Html, Selector};

const EDITIONS: [&str; 3] = ["zh-hans", "zh-hant", "en"];

/// The sample yearbook, built once for every test of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = Command::new(env!("CARGO_BIN_EXE_nianjian"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(dir.path().join("out"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run nianjian");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
    .join("out")
    .leak()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(site().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn page(rel: &str) -> Html {
    Html::parse_document(&read(rel))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_owned()
}

fn all<'a>(doc: &'a Html, s: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(s)).collect()
}

fn one<'a>(doc: &'a Html, s: &str) -> ElementRef<'a> {
    doc.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("no {s}"))
}

/// Where a relative link on page `from` leads, as a path below the site.
fn target(from: &str, href: &str) -> PathBuf {
    let mut p = PathBuf::from(from);
    p.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                p.pop();
            }
            "." | "" => {}
            x => p.push(x),
        }
    }
    p
}

/// Follows a link and checks the page is there.
fn follow(from: &str, href: &str) -> PathBuf {
    let t = target(from, href);
    assert!(site().join(&t).is_file(), "{from}: {href} leads nowhere");
    t
}

// ------------------------------------------------------------ chronicle

#[test]
fn chronicle_lists_each_event_on_its_date_with_a_link_and_pages_each_year() {
    let when = [
        ("zh-hans", "9月24日至26日"),
        ("zh-hant", "9月24日至26日"),
        ("en", "24–26 September"),
    ];
    let mut orders = Vec::new();
    for (e, expected) in when {
        let rel = format!("{e}/chronicle/2024/index.html");
        let doc = page(&rel);
        let entries = all(&doc, "ol.chronicle li");
        assert_eq!(entries.len(), 17, "{rel}");
        let entry = entries
            .iter()
            .find(|li| {
                one_in(li, "a")
                    .attr("href")
                    .is_some_and(|h| h.ends_with("/events/near-14-senior-officials/index.html"))
            })
            .unwrap_or_else(|| panic!("{rel}: no entry for near-14-senior-officials"));
        let time = one_in(entry, "time");
        assert_eq!(text(time), expected, "{rel}");
        assert_eq!(time.attr("datetime"), Some("2024-09-24"));
        let month = entry
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| a.value().name() == "section")
            .expect("in a month");
        assert_eq!(month.attr("id"), Some("m9"));
        follow(&rel, one_in(entry, "a").attr("href").expect("href"));
        // The place, linked.
        let place = one_in(entry, ".place a").attr("href").expect("place");
        assert!(place.ends_with("/cities/shenyang/index.html"), "{place}");
        // Years before and after.
        let prev = one(&doc, "a[rel=prev]").attr("href").expect("prev");
        let next = one(&doc, "a[rel=next]").attr("href").expect("next");
        assert_eq!(
            follow(&rel, prev),
            PathBuf::from(format!("{e}/chronicle/2022/index.html"))
        );
        assert_eq!(
            follow(&rel, next),
            PathBuf::from(format!("{e}/chronicle/2025/index.html"))
        );
        // One date's events in one order in every edition: by date, then slug.
        orders.push(
            entries
                .iter()
                .map(|li| {
                    let href = one_in(li, "a").attr("href").expect("href");
                    href.split('/').nth_back(1).expect("slug").to_owned()
                })
                .collect::<Vec<_>>(),
        );
        // The home shows the latest year.
        let home = page(&format!("{e}/index.html"));
        let latest = one(&home, "section.latest h2 a")
            .attr("href")
            .expect("href");
        assert_eq!(
            follow(&format!("{e}/index.html"), latest),
            PathBuf::from(format!("{e}/chronicle/2025/index.html"))
        );
        assert!(all(&home, "section.latest ol.chronicle a").iter().any(|a| {
            a.attr("href")
                .is_some_and(|h| h.contains("korea-china-governors-meeting-3"))
        }));
    }
    assert!(orders.windows(2).all(|w| w[0] == w[1]), "{orders:?}");
    assert_eq!(
        orders[2][13..],
        [
            "2024-china-international-friendship-cities-conference",
            "2024-china-laos-railway-alliance-founded",
            "2024-friendship-city-awards",
            "2024-kunming-friendship-city-signings"
        ]
    );
}

fn one_in<'a>(e: &ElementRef<'a>, s: &str) -> ElementRef<'a> {
    e.select(&sel(s))
        .next()
        .unwrap_or_else(|| panic!("no {s} in {}", e.html()))
}

// -------------------------------------------------------- index of names

/// Each group of the index: (heading, id, names in order with their links).
type Groups = Vec<(String, String, Vec<(String, String)>)>;

fn names_index(e: &str) -> Groups {
    let doc = page(&format!("{e}/names/index.html"));
    all(&doc, "section.names-group")
        .into_iter()
        .map(|g| {
            let entries = g
                .select(&sel("li > a"))
                .map(|a| (text(a), a.attr("href").expect("href").to_owned()))
                .collect();
            (
                text(one_in(&g, "h2")),
                g.attr("id").expect("id").to_owned(),
                entries,
            )
        })
        .collect()
}

fn group_of<'g>(groups: &'g Groups, name: &str) -> (&'g str, usize) {
    groups
        .iter()
        .find_map(|(h, _, entries)| {
            entries
                .iter()
                .position(|(n, _)| n == name)
                .map(|i| (h.as_str(), i))
        })
        .unwrap_or_else(|| panic!("{name} not in the index"))
}

#[test]
fn index_of_names_groups_by_pinyin_strokes_and_letters_in_reading_order() {
    // (edition, name, its group, a name after it in the same group, its page)
    let cases = [
        ("zh-hans", "北京市", "B", "布里亚特共和国", "cities/beijing"),
        ("zh-hans", "辽宁省", "L", "临沧市", "cities/liaoning"),
        (
            "zh-hant",
            "北京市",
            "5畫",
            "布里亞特共和國",
            "cities/beijing",
        ),
        ("zh-hant", "上海市", "3畫", "山西省", "cities/shanghai"),
        ("en", "Beijing", "B", "Busan", "cities/beijing"),
        ("en", "Liaoning Province", "L", "Lincang", "cities/liaoning"),
    ];
    let mut by_edition = BTreeMap::new();
    for (e, name, group, later, page) in cases {
        let groups = by_edition.entry(e).or_insert_with(|| names_index(e));
        let (h, i) = group_of(groups, name);
        assert_eq!(h, group, "{e}: {name}");
        let (h2, j) = group_of(groups, later);
        assert_eq!((h2, i < j), (group, true), "{e}: {name} before {later}");
        let entries = &groups.iter().find(|g| g.0 == group).expect("group").2;
        let rel = format!("{e}/names/index.html");
        assert_eq!(
            follow(&rel, &entries[i].1),
            PathBuf::from(format!("{e}/{page}/index.html"))
        );
    }
    // Traditional Chinese: stroke groups in increasing number of strokes.
    let strokes: Vec<u32> = by_edition["zh-hant"]
        .iter()
        .filter_map(|g| g.1.strip_prefix('s').and_then(|n| n.parse().ok()))
        .collect();
    assert!(
        strokes.len() > 10 && strokes.windows(2).all(|w| w[0] < w[1]),
        "{strokes:?}"
    );
    // Native names are listed too, pointing to the name the page goes by.
    let doc = page("zh-hans/names/index.html");
    let native = all(&doc, "ul.names-list li")
        .into_iter()
        .find(|li| text(one_in(li, "a")) == "서울특별시")
        .expect("Seoul's Korean name");
    assert_eq!(one_in(&native, "a").attr("lang"), Some("ko"));
    assert!(text(one_in(&native, ".see")).contains("首尔特别市"));
}

// ------------------------------------------------------------- pictures

/// The SVG of the figure `id` on a page, parsed.
fn figure_svg(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<figure class=\"nj-figure\" id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no figure {id}"));
    let svg = start + html[start..].find("<svg").expect("svg");
    let end = svg + html[svg..].find("</svg>").expect("end") + "</svg>".len();
    html[svg..end].to_owned()
}

/// The table printed beside the figure `id`: its rows of cell texts.
fn figure_table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<figure class=\"nj-figure\" id=\"{id}\">"))
        .expect("figure");
    let t = start
        + html[start..]
            .find("<table class=\"nj-data\">")
            .expect("table");
    let end = t + html[t..].find("</table>").expect("end") + "</table>".len();
    let doc = Document::parse(&html[t..end]).expect("the table is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("tr") && n.ancestors().any(|a| a.has_tag_name("tbody")))
        .map(|tr| {
            tr.children()
                .filter(|c| c.has_tag_name("td"))
                .map(|td| {
                    td.descendants()
                        .filter(|n| n.is_text())
                        .filter_map(|n| n.text())
                        .collect()
                })
                .collect()
        })
        .collect()
}

fn class_is(n: &Node, class: &str) -> bool {
    n.attribute("class")
        .is_some_and(|c| c.split(' ').any(|x| x == class))
}

fn num(n: &Node, attr: &str) -> f64 {
    n.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attr} on {n:?}"))
}

fn path_points(d: &str) -> Vec<(f64, f64)> {
    let nums: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("{s} in {d}")))
        .collect();
    nums.chunks(2).map(|p| (p[0], p[1])).collect()
}

/// Each tie line of a map as the pair of pages its two ends link to.
fn tie_ends(svg: &str) -> Vec<(String, String)> {
    let doc = Document::parse(svg).expect("SVG is XML");
    let dots: Vec<((f64, f64), String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .map(|c| {
            let href = c
                .parent()
                .and_then(|a| a.attribute("href"))
                .expect("linked dot");
            let slug = href.split('/').nth_back(1).expect("slug").to_owned();
            ((num(&c, "cx"), num(&c, "cy")), slug)
        })
        .collect();
    let at = |p: (f64, f64)| {
        dots.iter()
            .find(|(q, _)| (p.0 - q.0).abs() < 0.051 && (p.1 - q.1).abs() < 0.051)
            .map(|d| d.1.clone())
            .unwrap_or_else(|| panic!("no city at {p:?}"))
    };
    let mut ends: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && class_is(n, "tie"))
        .map(|p| {
            let pts = path_points(p.attribute("d").expect("d"));
            let (a, b) = (at(pts[0]), at(pts[pts.len() - 1]));
            if a < b { (a, b) } else { (b, a) }
        })
        .collect();
    ends.sort();
    ends
}

#[test]
fn a_city_map_draws_each_tie_between_its_two_cities_and_the_countries_map_all() {
    for e in EDITIONS {
        let html = read(&format!("{e}/cities/liaoning/index.html"));
        let ends = tie_ends(&figure_svg(&html, "ties-map"));
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        assert_eq!(
            ends,
            [pair("gyeonggi", "liaoning"), pair("liaoning", "toyama")],
            "{e}"
        );
        // The table beside the map lists the same ties.
        assert_eq!(figure_table(&html, "ties-map").len(), 2);
        // Names in the edition's script.
        let svg = figure_svg(&html, "ties-map");
        let toyama = ["富山县", "富山縣", "Toyama Prefecture"];
        assert!(
            toyama
                .iter()
                .any(|t| svg.contains(&format!("<title>{t}</title>"))),
            "{e}"
        );
        let all_ties = tie_ends(&figure_svg(
            &read(&format!("{e}/countries/index.html")),
            "ties-map",
        ));
        assert!(all_ties.contains(&pair("liaoning", "toyama")));
        assert!(all_ties.len() > 20, "{}", all_ties.len());
    }
}

/// The numbers a chart draws, in order.
fn drawn_values(svg: &str) -> Vec<String> {
    let doc = Document::parse(svg).expect("SVG is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && class_is(n, "value"))
        .map(|t| t.text().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn every_chart_draws_the_numbers_of_its_table() {
    for e in EDITIONS {
        let rel = format!("{e}/statistics/index.html");
        let html = read(&rel);
        let ids = [
            "ties-by-pair",
            "ties-by-year",
            "members-by-council",
            "members-by-country",
            "events-by-year",
            "events-by-kind",
        ];
        for id in ids {
            let drawn = drawn_values(&figure_svg(&html, id));
            let table: Vec<String> = figure_table(&html, id)
                .into_iter()
                .map(|r| r.last().expect("a number column").clone())
                .collect();
            assert!(!drawn.is_empty(), "{rel} {id}");
            assert_eq!(drawn, table, "{rel} {id}");
        }
        // Events by year are the chronicle's: each year page lists as many.
        for row in figure_table(&html, "events-by-year") {
            let listed = match std::fs::read_to_string(
                site().join(format!("{e}/chronicle/{}/index.html", row[0])),
            ) {
                Ok(p) => Html::parse_document(&p)
                    .select(&sel("ol.chronicle li"))
                    .count(),
                Err(_) => 0,
            };
            assert_eq!(listed.to_string(), row[1], "{e} {}", row[0]);
        }
        // A council's chart counts its members by country, as its lists do.
        let near = format!("{e}/councils/near/index.html");
        let html = read(&near);
        let doc = Html::parse_document(&html);
        let listed: Vec<String> = all(&doc, "article.council h3 small")
            .into_iter()
            .map(text)
            .collect();
        let mut drawn = drawn_values(&figure_svg(&html, "members-by-country"));
        let mut listed_sorted = listed.clone();
        drawn.sort();
        listed_sorted.sort();
        assert_eq!(drawn, listed_sorted, "{near}");
        let total: usize = listed
            .iter()
            .map(|n| n.parse::<usize>().expect("count"))
            .sum();
        assert_eq!(total, 88);
    }
}

#[test]
fn entity_pages_with_events_show_their_timeline_with_linked_marks() {
    for e in EDITIONS {
        for rel in [
            format!("{e}/cities/liaoning/index.html"),
            format!("{e}/councils/near/index.html"),
            format!("{e}/chronicle/index.html"),
        ] {
            let html = read(&rel);
            let svg = figure_svg(&html, "timeline");
            let doc = Document::parse(&svg).expect("SVG");
            let links: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .filter_map(|a| a.attribute("href"))
                .filter(|h| h.contains("/events/"))
                .collect();
            assert!(!links.is_empty(), "{rel}");
            for h in links {
                follow(&rel, h);
            }
        }
    }
}

// --------------------------------------------------- countries and pages

#[test]
fn a_country_page_groups_ties_by_partner_country_and_lists_its_governments() {
    let heads = [("zh-hans", "中国"), ("zh-hant", "中國"), ("en", "China")];
    for (e, china) in heads {
        let rel = format!("{e}/countries/jp/index.html");
        let doc = page(&rel);
        let partners: Vec<String> = all(&doc, "section h3 > a").into_iter().map(text).collect();
        assert!(partners.contains(&china.to_owned()), "{rel}: {partners:?}");
        let toyama = all(&doc, "ul.ties li")
            .into_iter()
            .find(|li| li.html().contains("cities/toyama/"))
            .expect("Toyama's tie");
        assert!(toyama.html().contains("cities/liaoning/"));
        assert!(all(&doc, "ul.cards a").iter().any(|a| {
            a.attr("href")
                .is_some_and(|h| h.ends_with("cities/kyoto/index.html"))
        }));
        // A city's country is a link to its page.
        let city = page(&format!("{e}/cities/kyoto/index.html"));
        let country = one(&city, "dl.facts dd a").attr("href").expect("href");
        assert_eq!(
            follow(&format!("{e}/cities/kyoto/index.html"), country),
            PathBuf::from(format!("{e}/countries/jp/index.html"))
        );
    }
}

#[test]
fn theme_findings_of_the_sample_are_fixed() {
    // Plural forms: one coordinator, never "1 members".
    let councils = read("en/councils/index.html");
    assert!(!councils.contains(">1 members<"));
    assert!(councils.contains(">1 coordinator<") && councils.contains(">88 members<"));
    // Chinese phrasing: founded after the year; ranges with 至; full-width brackets.
    let zh = read("zh-hans/councils/index.html");
    assert!(zh.contains("1996年成立") && !zh.contains("成立 1996"));
    assert!(
        zh.contains("（<span") || zh.contains("（NEAR）"),
        "full-width brackets"
    );
    let ev = page("zh-hant/events/near-14-senior-officials/index.html");
    assert_eq!(text(one(&ev, "dl.facts time")), "2024年9月24日至26日");
    let ev = page("en/events/near-14-senior-officials/index.html");
    assert_eq!(text(one(&ev, "dl.facts time")), "24–26 September 2024");
    // Levels that fit.
    for (e, beijing) in [
        ("en", "municipality (province-level)"),
        ("zh-hans", "直辖市（省级）"),
        ("zh-hant", "直轄市（省級）"),
    ] {
        let doc = page(&format!("{e}/cities/beijing/index.html"));
        let dds: Vec<String> = all(&doc, "dl.facts dd").into_iter().map(text).collect();
        assert!(dds.contains(&beijing.to_owned()), "{e}: {dds:?}");
    }
    // One row per council, with the role that says most.
    let liaoning = page("en/cities/liaoning/index.html");
    let rows: Vec<String> = all(&liaoning, "section li")
        .into_iter()
        .filter(|li| li.html().contains("councils/near/"))
        .map(text)
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Chair"), "{rows:?}");
    let zh = page("zh-hans/cities/liaoning/index.html");
    let near: Vec<String> = all(&zh, "section li")
        .into_iter()
        .filter(|li| li.html().contains("councils/near/"))
        .map(text)
        .collect();
    assert_eq!(
        near,
        ["东北亚地区地方政府联合会 主席 2023年至2025年（2021年起为会员）"]
    );
    // What a council's fact box counts, said.
    let facts = page("zh-hans/councils/near/index.html");
    let dds: Vec<String> = all(&facts, "dl.facts dd").into_iter().map(text).collect();
    assert!(
        dds.contains(&"名录88个（会员82个、准会员2个、特别会员1个、观察员3个）".to_owned()),
        "{dds:?}"
    );
    // An event is listed once on a city's page.
    let events: Vec<&str> = all(&liaoning, "ul.events a")
        .into_iter()
        .filter_map(|a| a.attr("href"))
        .filter(|h| h.contains("/events/"))
        .collect();
    let mut unique = events.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(events.len(), unique.len(), "{events:?}");
    // Osaka's other names do not repeat its heading.
    let osaka = page("zh-hans/cities/osaka/index.html");
    let heading = text(one(&osaka, "h1"));
    let names: Vec<String> = all(&osaka, "p.names span").into_iter().map(text).collect();
    assert!(!names.contains(&heading), "{heading}: {names:?}");
    // The breadcrumb has the parent.
    let shenyang = page("en/cities/shenyang/index.html");
    let crumbs: Vec<String> = all(&shenyang, "nav.crumbs li")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        crumbs,
        ["Home", "Local governments", "Liaoning Province", "Shenyang"]
    );
    // No empty columns: Osaka's one tie has no year or event.
    let osaka = page("en/cities/osaka/index.html");
    assert_eq!(all(&osaka, "section table:not(.nj-data) th").len(), 3);
    // The chooser is no edition's page: a heading in three languages, no current edition.
    let chooser = page("index.html");
    let langs: Vec<&str> = all(&chooser, "h1 span")
        .into_iter()
        .filter_map(|s| s.attr("lang"))
        .collect();
    assert_eq!(langs, ["zh-Hans", "zh-Hant", "en"]);
    assert!(all(&chooser, "[aria-current]").is_empty());
}
