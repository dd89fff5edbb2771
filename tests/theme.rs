//! The default theme's stylesheet and favicon: what a reader's browser
//! gets (screenshots check how it looks; these check it is there).

mod common;

use std::path::Path;

use common::{TestSite, files_with_ext};
use nianjian::model::{EventKind, PartialDate};
use nianjian::pictures::{
    Bar, BarChart, BaseMap, MapCity, MapLabels, MapTie, Meta, TiesMap, Timeline, TimelineEvent,
    TimelineLabels, bar_chart, ties_map, timeline,
};

const CSS: &str = include_str!("../themes/default/static/style.css");

/// The first family of the `font-family` in the rule for `selector`, with a
/// leading `var(--x)` replaced by the first family of `--x`.
fn first_font(selector: &str) -> String {
    let rule = CSS
        .split('\n')
        .find(|l| l.starts_with(&format!("{selector} {{")))
        .unwrap_or_else(|| panic!("{selector}"));
    let value = rule.split("font-family:").nth(1).expect("font-family");
    let first = value.split(',').next().expect("a family").trim().to_owned();
    match first.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(var) => {
            let def = CSS.split(&format!("{var}:")).nth(1).expect("defined");
            def.split([',', ';'])
                .next()
                .expect("family")
                .trim()
                .to_owned()
        }
        None => first,
    }
}

#[test]
fn chinese_text_takes_cjk_fonts_first() {
    assert_eq!(first_font(":lang(zh-Hans)"), "\"Noto Sans CJK SC\"");
    assert_eq!(first_font(":lang(zh-Hant)"), "\"Noto Sans CJK TC\"");
    assert_eq!(first_font(":lang(en)"), "system-ui");
}

#[test]
fn dark_mode_and_print_swap_the_palette() {
    let dark = CSS
        .split("@media (prefers-color-scheme: dark)")
        .nth(1)
        .expect("dark mode");
    let dark = &dark[..dark.find("\n}\n").expect("end")];
    for var in [
        "--ink:",
        "--paper:",
        "--surface:",
        "--accent:",
        "--sea:",
        "--land:",
    ] {
        assert!(dark.contains(var), "{var} in dark mode");
    }
    // No colour left outside the palette, so nothing stays light in the dark.
    let outside: Vec<&str> = CSS
        .lines()
        .filter(|l| l.contains("#fff") && !l.trim_start().starts_with("--") && !l.contains("print"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    let print = CSS.split("@media print").nth(1).expect("print");
    assert!(
        print.contains("header.site, nav.crumbs"),
        "navigation hidden"
    );
    assert!(
        print.contains("a[href^=\"http\"]::after { content: \" <\" attr(href) \">\""),
        "link targets printed"
    );
}

#[test]
fn every_page_links_the_favicon_which_is_an_svg() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    let icon = site.read("output/static/favicon.svg");
    let doc = roxmltree::Document::parse(&icon).expect("favicon is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let pages = files_with_ext(&site.path("output"), "html");
    assert!(pages.len() > 20);
    for page in pages {
        let html = std::fs::read_to_string(&page).expect("page");
        let href = html
            .split("<link rel=\"icon\" href=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{}", page.display()));
        // The 404 page is served at any depth under <base href="/">.
        let dir = if html.contains("<base href=\"/\">") {
            site.path("output")
        } else {
            page.parent().expect("dir").to_owned()
        };
        assert!(
            Path::new(&dir).join(href).is_file(),
            "{}: {href}",
            page.display()
        );
    }
}

/// Whether some selector names `.class` (not merely a longer class).
fn styled(class: &str) -> bool {
    let dotted = format!(".{class}");
    CSS.match_indices(&dotted).any(|(i, _)| {
        let next = CSS[i + dotted.len()..].chars().next().unwrap_or(' ');
        !(next.is_alphanumeric() || next == '-' || next == '_')
    })
}

/// Every class a picture draws with has a rule in the theme, so pictures
/// take the page's colours (and follow dark mode).
#[test]
fn every_picture_class_is_styled() {
    let meta = Meta {
        id: "x".into(),
        title: "t".into(),
        desc: "d".into(),
    };
    let city = |lat, lon, focus| MapCity {
        name: "c".into(),
        href: Some("#".into()),
        lat,
        lon,
        focus,
    };
    let map = ties_map(&TiesMap {
        meta: meta.clone(),
        cities: vec![city(31.2, 121.5, true), city(34.7, 135.5, false)],
        ties: vec![MapTie {
            a: 0,
            b: 1,
            kind: "k".into(),
        }],
        countries: vec!["CN".into()],
        labels: MapLabels::default(),
        base: BaseMap::embedded(),
    });
    let kinds = EventKind::ALL;
    let events = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| TimelineEvent {
            date: PartialDate {
                year: 2020 + i as i32,
                month: None,
                day: None,
            },
            date_label: String::new(),
            kind: *k,
            title: String::new(),
            href: "#".into(),
        })
        .collect();
    let tl = timeline(&Timeline {
        meta: meta.clone(),
        events,
        labels: TimelineLabels::default(),
        year_hrefs: vec![],
    });
    let bars = bar_chart(&BarChart {
        meta,
        bars: vec![Bar {
            label: "a".into(),
            value: 1,
            href: None,
        }],
        label_header: String::new(),
        value_header: String::new(),
    });
    for svg in [map.svg, tl.svg, bars.svg] {
        let doc = roxmltree::Document::parse(&svg).expect("XML");
        assert!(styled("nj-pic"));
        // The root's other classes (nj-map, nj-bars, …) are hooks for themes.
        for class in doc
            .descendants()
            .filter(|n| *n != doc.root_element())
            .filter_map(|n| n.attribute("class"))
            .flat_map(|c| c.split(' '))
        {
            if ["marks", "cities", "ties", "frame", "nj-counted"].contains(&class) {
                continue; // groups, for structure only
            }
            assert!(styled(class), "no rule for .{class}");
        }
    }
}
