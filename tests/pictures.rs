//! Pictures parsed back with a real XML parser: where the marks are, what
//! they link to, that the numbers drawn are the table's, and that untrusted
//! text is escaped.

use nianjian::model::{EventKind, PartialDate};
use nianjian::pictures::{
    Bar, BarChart, BaseMap, ColumnChart, MapCity, MapLabels, MapTie, Meta, Table, TiesMap,
    Timeline, TimelineEvent, TimelineLabels, bar_chart, column_chart, ties_map, timeline,
};
use roxmltree::{Document, Node};

const NASTY: &str = "A<&\"B'>";

fn meta(id: &str) -> Meta {
    Meta {
        id: id.into(),
        title: format!("Title {NASTY}"),
        desc: format!("Desc {NASTY}"),
    }
}

fn parse(svg: &str) -> Document<'_> {
    Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}):\n{svg}"))
}

/// The root is an SVG named by its own title and described by its desc.
fn check_root(doc: &Document, role: &str) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some(role));
    let by_id = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id));
    let title = by_id(root.attribute("aria-labelledby").expect("labelled")).expect("title element");
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(title.text(), Some(format!("Title {NASTY}").as_str()));
    let desc = by_id(root.attribute("aria-describedby").expect("described")).expect("desc element");
    assert_eq!(
        (desc.tag_name().name(), desc.text()),
        ("desc", Some(format!("Desc {NASTY}").as_str()))
    );
}

fn elements<'a>(doc: &'a Document, tag: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
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

/// The tooltip of a link or a shape: its `<title>` child.
fn tooltip<'a>(n: &Node<'a, 'a>) -> Option<&'a str> {
    n.children()
        .find(|c| c.tag_name().name() == "title")
        .and_then(|t| t.text())
}

/// Every coordinate pair of a path made of M and L commands.
fn path_points(d: &str) -> Vec<(f64, f64)> {
    let nums: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("{s} in {d}")))
        .collect();
    nums.chunks(2).map(|p| (p[0], p[1])).collect()
}

fn texts(table: &Table) -> Vec<Vec<&str>> {
    table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

// ---------------------------------------------------------------- ties map

fn place(name: &str, lat: f64, lon: f64, focus: bool) -> MapCity {
    MapCity {
        name: name.into(),
        href: Some(format!("../{}/", name.to_lowercase())),
        lat,
        lon,
        focus,
    }
}

fn map_of<'a>(cities: Vec<MapCity>, ties: &[(usize, usize)], base: &'a BaseMap) -> TiesMap<'a> {
    TiesMap {
        meta: meta("map"),
        cities,
        ties: ties
            .iter()
            .map(|&(a, b)| MapTie {
                a,
                b,
                kind: format!("sister {NASTY}"),
            })
            .collect(),
        countries: vec!["CN".into()],
        labels: MapLabels {
            city: "City".into(),
            partner: "Partner".into(),
            tie: "Tie".into(),
        },
        base,
    }
}

/// Each city's dot centre, by the name in its link's tooltip, with the href.
fn dots(doc: &Document) -> Vec<(String, (f64, f64), Option<String>)> {
    elements(doc, "circle")
        .into_iter()
        .map(|c| {
            let link = c.parent().expect("a dot sits in its link");
            let name = tooltip(&link).expect("tooltip").to_owned();
            (
                name,
                (num(&c, "cx"), num(&c, "cy")),
                link.attribute("href").map(str::to_owned),
            )
        })
        .collect()
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 0.051 && (a.1 - b.1).abs() < 0.051
}

#[test]
fn each_tie_line_runs_between_its_two_cities() {
    let base = BaseMap::embedded();
    let cities = vec![
        place("Shanghai", 31.23, 121.47, true),
        place("Osaka", 34.69, 135.5, false),
        place("Liaoning", 41.8, 123.43, false),
        place("Gyeonggi", 37.27, 127.01, false),
    ];
    let picture = ties_map(&map_of(cities, &[(0, 1), (2, 3), (0, 3)], base));
    let doc = parse(&picture.svg);
    check_root(&doc, "group");
    let dots = dots(&doc);
    assert_eq!(dots.len(), 4);
    assert_eq!(dots[1].2.as_deref(), Some("../osaka/"));
    let at = |name: &str| dots.iter().find(|d| d.0 == name).map(|d| d.1).expect(name);
    let lines: Vec<Node> = elements(&doc, "path")
        .into_iter()
        .filter(|p| class_is(p, "tie"))
        .collect();
    let expected = [
        ("Shanghai", "Osaka"),
        ("Liaoning", "Gyeonggi"),
        ("Shanghai", "Gyeonggi"),
    ];
    assert_eq!(lines.len(), expected.len());
    for (line, (a, b)) in lines.iter().zip(expected) {
        let points = path_points(line.attribute("d").expect("d"));
        assert!(points.len() > 2, "drawn as an arc: {points:?}");
        assert!(close(points[0], at(a)), "{a}: {points:?} {:?}", at(a));
        assert!(
            close(points[points.len() - 1], at(b)),
            "{b}: {points:?} {:?}",
            at(b)
        );
        assert_eq!(
            tooltip(line),
            Some(format!("{a} – {b} · sister {NASTY}").as_str())
        );
    }
    // The focus city is marked; the picture is fitted: every dot inside.
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|v| v.parse().expect("number"))
        .collect();
    for (name, (x, y), _) in &dots {
        assert!(
            *x > 20.0 && *x < view[2] - 20.0 && *y > 20.0 && *y < view[3] - 20.0,
            "{name} at {x},{y} in {view:?}"
        );
    }
    assert!(
        elements(&doc, "circle")
            .iter()
            .any(|c| class_is(c, "focus"))
    );
    assert!(
        elements(&doc, "path").iter().any(|p| class_is(p, "home")),
        "China is marked"
    );
    assert!(
        elements(&doc, "path")
            .iter()
            .filter(|p| class_is(p, "country"))
            .count()
            >= 5
    );
    assert_eq!(
        texts(&picture.table),
        expected
            .iter()
            .map(|(a, b)| vec![*a, *b, "sister A<&\"B'>"])
            .collect::<Vec<_>>()
    );
    assert_eq!(picture.table.rows[0][1].href.as_deref(), Some("../osaka/"));
}

#[test]
fn a_map_across_the_antimeridian_is_not_split() {
    let base = BaseMap::embedded();
    let cities = vec![
        place("Kamchatka", 53.02, 158.65, true),
        place("Anchorage", 61.22, -149.9, false),
    ];
    let doc_text = ties_map(&map_of(cities, &[(0, 1)], base)).svg;
    let doc = parse(&doc_text);
    let dots = dots(&doc);
    let (kam, anc) = (dots[0].1, dots[1].1);
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .and_then(|w| w.parse().ok())
        .expect("width");
    assert!(
        kam.0 > 0.0 && kam.0 < anc.0 && anc.0 < width,
        "Kamchatka west of Alaska, both shown: {kam:?} {anc:?}"
    );
    let line = elements(&doc, "path")
        .into_iter()
        .find(|p| class_is(p, "tie"))
        .expect("tie");
    let d = line.attribute("d").expect("d");
    assert_eq!(d.matches('M').count(), 1, "one unbroken line: {d}");
    // Russia's outline is drawn on both sides of 180°.
    assert!(
        elements(&doc, "path")
            .iter()
            .any(|p| class_is(p, "country"))
    );
    assert!(doc_text.len() < 60_000, "{} bytes", doc_text.len());
}

#[test]
fn names_are_escaped_and_bad_places_left_out() {
    let base = BaseMap::empty();
    let mut cities = vec![
        place(NASTY, 40.0, 120.0, false),
        place("Nowhere", f64::NAN, 0.0, false),
    ];
    cities.push(place("Pole\u{0}", 95.0, 0.0, false));
    let picture = ties_map(&map_of(cities, &[(0, 1), (0, 9), (0, 0)], &base));
    assert!(
        picture.svg.contains("A&lt;&amp;&quot;B&apos;&gt;"),
        "{}",
        picture.svg
    );
    let doc = parse(&picture.svg);
    let dots = dots(&doc);
    assert_eq!(dots.len(), 1, "{dots:?}");
    assert_eq!(dots[0].0, NASTY);
    let name = elements(&doc, "text")
        .into_iter()
        .find(|t| class_is(t, "name"))
        .expect("name");
    assert_eq!(name.text(), Some(NASTY));
    assert!(picture.table.rows.is_empty(), "no tie has two good ends");
}

#[test]
fn the_embedded_base_map_is_small() {
    let json = include_str!("../themes/default/map/countries-110m.json");
    assert!(json.len() < 80_000, "{} bytes", json.len());
    assert!(json.contains("Natural Earth") && json.contains("public domain"));
    assert!(BaseMap::parse("{\"unit\": 0.1}").is_err());
}

// ---------------------------------------------------------------- charts

#[test]
fn bars_are_proportional_and_match_the_table() {
    let values = [("中國", 29), (NASTY, 17), ("蒙古", 22), ("朝鮮", 0)];
    let chart = BarChart {
        meta: meta("bars"),
        bars: values
            .iter()
            .map(|(l, v)| Bar {
                label: (*l).into(),
                value: *v,
                href: Some(format!("#{v}")),
            })
            .collect(),
        label_header: "國家".into(),
        value_header: "成員".into(),
    };
    let picture = bar_chart(&chart);
    let doc = parse(&picture.svg);
    check_root(&doc, "group");
    let rects: Vec<Node> = elements(&doc, "rect")
        .into_iter()
        .filter(|r| class_is(r, "bar"))
        .collect();
    assert_eq!(rects.len(), values.len());
    let per_unit = num(&rects[0], "width") / 29.0;
    for (rect, (label, value)) in rects.iter().zip(values) {
        let width = num(rect, "width");
        assert!(
            (width - per_unit * value as f64).abs() < 0.11,
            "{label}: {width}"
        );
        let link = rect.parent().expect("link");
        assert_eq!(link.attribute("href"), Some(format!("#{value}").as_str()));
        let text = |class: &str| {
            link.children()
                .find(|c| class_is(c, class))
                .and_then(|t| t.text())
        };
        assert_eq!(text("label"), Some(label));
        assert_eq!(text("value"), Some(value.to_string().as_str()));
        assert_eq!(tooltip(&link), Some(format!("{label}: {value}").as_str()));
    }
    let rows: Vec<Vec<String>> = values
        .iter()
        .map(|(l, v)| vec![l.to_string(), v.to_string()])
        .collect();
    assert_eq!(texts(&picture.table), rows);
    let html = picture.table.to_html(None);
    assert!(
        html.contains("<th scope=\"col\" class=\"num\">成員</th>")
            && html.contains("<td class=\"num\">29</td>"),
        "{html}"
    );
}

#[test]
fn columns_fill_missing_years_and_match_the_table() {
    let chart = ColumnChart {
        meta: meta("cols"),
        counts: vec![(2020, 4), (2023, 2), (2020, 1)],
        year_hrefs: vec![(2023, "../2023/".into())],
        year_header: "Year".into(),
        value_header: "Ties".into(),
    };
    let picture = column_chart(&chart);
    let doc = parse(&picture.svg);
    check_root(&doc, "group");
    assert_eq!(
        texts(&picture.table),
        vec![
            vec!["2020", "5"],
            vec!["2021", "0"],
            vec!["2022", "0"],
            vec!["2023", "2"]
        ]
    );
    let rects: Vec<Node> = elements(&doc, "rect")
        .into_iter()
        .filter(|r| class_is(r, "bar"))
        .collect();
    let heights: Vec<f64> = rects.iter().map(|r| num(r, "height")).collect();
    assert_eq!(heights.len(), 4);
    assert!(heights[1] == 0.0 && heights[2] == 0.0);
    assert!(
        (heights[0] / 5.0 - heights[3] / 2.0).abs() < 0.1,
        "{heights:?}"
    );
    // Bars stand on one baseline, in year order from the left.
    let bottoms: Vec<f64> = rects
        .iter()
        .map(|r| num(r, "y") + num(r, "height"))
        .collect();
    assert!(
        bottoms.windows(2).all(|w| (w[0] - w[1]).abs() < 0.11),
        "{bottoms:?}"
    );
    assert!(rects.windows(2).all(|w| num(&w[0], "x") < num(&w[1], "x")));
    assert_eq!(
        rects[3].parent().and_then(|a| a.attribute("href")),
        Some("../2023/")
    );
    let values: Vec<&str> = elements(&doc, "text")
        .into_iter()
        .filter(|t| class_is(t, "value"))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(values, ["5", "0", "0", "2"]);
}

#[test]
fn empty_inputs_give_valid_pictures() {
    let none = bar_chart(&BarChart {
        meta: meta("e"),
        bars: vec![],
        label_header: String::new(),
        value_header: String::new(),
    });
    check_root(&parse(&none.svg), "img");
    let cols = column_chart(&ColumnChart {
        meta: meta("e"),
        counts: vec![],
        year_hrefs: vec![],
        year_header: String::new(),
        value_header: String::new(),
    });
    check_root(&parse(&cols.svg), "img");
    assert!(cols.table.rows.is_empty());
    let base = BaseMap::embedded();
    check_root(&parse(&ties_map(&map_of(vec![], &[], base)).svg), "img");
    let tl = timeline(&Timeline {
        meta: meta("e"),
        events: vec![],
        labels: labels(),
        year_hrefs: vec![],
    });
    check_root(&parse(&tl.svg), "img");
}

// ---------------------------------------------------------------- timeline

fn labels() -> TimelineLabels {
    TimelineLabels {
        date: "日期".into(),
        kind: "類別".into(),
        event: "活動".into(),
        period: "期間".into(),
        count: "數目".into(),
        kinds: vec![
            (EventKind::Meeting, "會議".into()),
            (EventKind::Signing, format!("簽約 {NASTY}")),
        ],
    }
}

fn event(
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    kind: EventKind,
    title: &str,
) -> TimelineEvent {
    TimelineEvent {
        date: PartialDate { year, month, day },
        date_label: format!("{year}/{month:?}/{day:?}"),
        kind,
        title: title.into(),
        href: format!("../events/{}/", title.to_lowercase()),
    }
}

#[test]
fn each_timeline_mark_links_to_its_event_in_date_order() {
    let events = vec![
        event(2025, Some(4), Some(10), EventKind::Visit, "Licheng"),
        event(2024, Some(9), Some(24), EventKind::Meeting, "Senior"),
        event(2024, Some(11), Some(19), EventKind::Signing, NASTY),
        event(2022, None, None, EventKind::Signing, "Yichun"),
        event(2024, Some(9), Some(25), EventKind::Meeting, "Next-day"),
    ];
    let t = Timeline {
        meta: meta("tl"),
        events: events.clone(),
        labels: labels(),
        year_hrefs: vec![],
    };
    let picture = timeline(&t);
    let doc = parse(&picture.svg);
    check_root(&doc, "group");
    let links = elements(&doc, "a");
    assert_eq!(links.len(), events.len());
    let mut seen = Vec::new();
    for e in &events {
        let link = links
            .iter()
            .find(|a| a.attribute("href") == Some(e.href.as_str()))
            .unwrap_or_else(|| panic!("{}", e.href));
        let kind = labels()
            .kinds
            .iter()
            .find(|k| k.0 == e.kind)
            .map_or("visit".to_owned(), |k| k.1.clone());
        assert_eq!(
            tooltip(link),
            Some(format!("{} · {kind} · {}", e.date_label, e.title).as_str())
        );
        let mark = link.children().find(|c| class_is(c, "mark")).expect("mark");
        let class = mark
            .parent()
            .and_then(|a| a.parent())
            .and_then(|g| g.attribute("class"))
            .expect("lane class");
        let kind_name = format!("{:?}", e.kind).to_lowercase();
        assert_eq!(class, format!("marks k-{kind_name}"));
        seen.push((e.date, path_points(mark.attribute("d").expect("d"))[0]));
    }
    // Later dates lie further right; two meetings a day apart share a lane.
    seen.sort_by_key(|s| s.0);
    assert!(seen.windows(2).all(|w| w[0].1.0 < w[1].1.0), "{seen:?}");
    let rows = texts(&picture.table);
    assert_eq!(rows[0], ["2022/None/None", "簽約 A<&\"B'>", "Yichun"]);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[4][2], "Licheng");
    assert_eq!(
        rows[4][1], "visit",
        "a kind without a label is named in English"
    );
    let years: Vec<&str> = elements(&doc, "text")
        .into_iter()
        .filter(|t| class_is(t, "year"))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(years, ["2022", "2023", "2024", "2025"]);
}

#[test]
fn one_year_shows_its_months() {
    let events = vec![
        event(2024, Some(3), Some(1), EventKind::Forum, "A"),
        event(2024, Some(11), None, EventKind::Award, "B"),
    ];
    let doc_text = timeline(&Timeline {
        meta: meta("one"),
        events,
        labels: labels(),
        year_hrefs: vec![],
    })
    .svg;
    let doc = parse(&doc_text);
    let months: Vec<&str> = elements(&doc, "text")
        .into_iter()
        .filter(|t| class_is(t, "month"))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(months, (1..=12).map(|m| m.to_string()).collect::<Vec<_>>());
    let marks: Vec<f64> = elements(&doc, "path")
        .into_iter()
        .filter(|p| class_is(p, "mark"))
        .map(|p| path_points(p.attribute("d").expect("d"))[0].0)
        .collect();
    let month_x = |m: usize| {
        let t = elements(&doc, "text")
            .into_iter()
            .filter(|t| class_is(t, "month"))
            .nth(m - 1)
            .expect("month");
        num(&t, "x")
    };
    // Each mark sits within its month's column (a month alone: mid-month).
    let col = (month_x(2) - month_x(1)) / 2.0 + 8.0;
    assert!(
        (marks[0] - month_x(3)).abs() < col && (marks[1] - month_x(11)).abs() < col,
        "{marks:?}"
    );
}

#[test]
fn thousands_of_events_are_counted_and_the_counts_add_up() {
    let kinds = EventKind::ALL;
    let events: Vec<TimelineEvent> = (0..3000u32)
        .map(|i| {
            event(
                1990 + (i * 13 % 35) as i32,
                Some((i % 12 + 1) as u8),
                Some(1),
                kinds[(i % 6) as usize],
                &format!("e{i}"),
            )
        })
        .collect();
    let year_hrefs = (1990..2025).map(|y| (y, format!("../{y}/"))).collect();
    let picture = timeline(&Timeline {
        meta: meta("dense"),
        events,
        labels: labels(),
        year_hrefs,
    });
    let doc = parse(&picture.svg);
    assert!(picture.svg.len() < 40_000, "{} bytes", picture.svg.len());
    let total: u64 = picture
        .table
        .rows
        .iter()
        .map(|r| r[2].text.parse::<u64>().expect("count"))
        .sum();
    assert_eq!(total, 3000);
    let links = elements(&doc, "a");
    assert_eq!(links.len(), picture.table.rows.len());
    for (link, row) in links.iter().zip(&picture.table.rows) {
        let count = link
            .children()
            .find(|c| class_is(c, "count"))
            .and_then(|t| t.text());
        assert_eq!(count, Some(row[2].text.as_str()));
        assert_eq!(link.attribute("href"), row[0].href.as_deref());
        assert_eq!(
            tooltip(link),
            Some(format!("{} · {}: {}", row[1].text, row[0].text, row[2].text).as_str())
        );
    }
}
