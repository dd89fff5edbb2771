//! The timeline of events: years along, one lane per kind of event, each
//! kind with its own shape (so colour is never the only cue), each event a
//! link. When events are too many to draw one by one, each lane shows
//! counts per month, year or span of years instead, sized by count.

use crate::model::{EventKind, PartialDate, enum_name};

use super::svg::{Svg, n, text_width};
use super::{Cell, Column, ColumnKind, Meta, Picture, Table};

const WIDTH: f64 = 640.0;
const FONT: f64 = 12.0;
const MARK: f64 = 5.0;
const SUB_ROW: f64 = 14.0;
const MAX_STACK: usize = 3;
const AXIS: f64 = 34.0;

#[derive(Clone, Debug)]
pub struct TimelineEvent {
    pub date: PartialDate,
    /// The date as the page writes it (e.g. "2024年9月24日").
    pub date_label: String,
    pub kind: EventKind,
    pub title: String,
    pub href: String,
}

/// Words of the picture and its table, in the edition's script.
#[derive(Clone, Debug, Default)]
pub struct TimelineLabels {
    pub date: String,
    pub kind: String,
    pub event: String,
    /// Headings of the table of counts, when events are counted.
    pub period: String,
    pub count: String,
    /// The name of each kind (a kind missing here is named in English).
    pub kinds: Vec<(EventKind, String)>,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    pub meta: Meta,
    pub events: Vec<TimelineEvent>,
    pub labels: TimelineLabels,
    /// Where a count links to: the page of its (first) year, if there is one.
    pub year_hrefs: Vec<(i32, String)>,
}

impl TimelineLabels {
    fn kind(&self, kind: EventKind) -> String {
        self.kinds
            .iter()
            .find(|k| k.0 == kind)
            .map(|k| k.1.clone())
            .unwrap_or_else(|| enum_name(&kind))
    }
}

/// Where a date falls, in years: a year alone is mid-year, a month alone
/// mid-month.
fn when(d: &PartialDate) -> f64 {
    let month = d.month.map_or(6.0, |m| {
        f64::from(m.clamp(1, 12)) - 1.0
            + d.day
                .map_or(0.5, |x| (f64::from(x.clamp(1, 31)) - 0.5) / 31.0)
    });
    f64::from(d.year) + month / 12.0
}

/// The horizontal scale: the years shown and where the plot starts.
struct Scale {
    first: i32,
    years: i32,
    x0: f64,
    plot: f64,
}

impl Scale {
    fn x(&self, t: f64) -> f64 {
        self.x0 + (t - f64::from(self.first)) / f64::from(self.years) * self.plot
    }
    fn per_year(&self) -> f64 {
        self.plot / f64::from(self.years)
    }
}

/// A lane's marks: (event index, sub-row), or `None` when they cannot all
/// be drawn one by one.
fn stack(events: &[&TimelineEvent], scale: &Scale) -> Option<Vec<usize>> {
    let mut ends: Vec<f64> = Vec::new();
    let mut rows = Vec::with_capacity(events.len());
    for e in events {
        let x = scale.x(when(&e.date));
        let row = match ends.iter().position(|&end| end + 2.0 * MARK + 2.0 <= x) {
            Some(r) => r,
            None if ends.len() < MAX_STACK => {
                ends.push(f64::MIN);
                ends.len() - 1
            }
            None => return None,
        };
        ends[row] = x;
        rows.push(row);
    }
    Some(rows)
}

pub fn timeline(t: &Timeline) -> Picture {
    let mut events: Vec<&TimelineEvent> = t.events.iter().collect();
    events.sort_by(|a, b| when(&a.date).total_cmp(&when(&b.date)));
    let first = events.iter().map(|e| e.date.year).min().unwrap_or(2000);
    let last = events.iter().map(|e| e.date.year).max().unwrap_or(first);
    let kinds: Vec<EventKind> = EventKind::ALL
        .into_iter()
        .filter(|k| events.iter().any(|e| e.kind == *k))
        .collect();
    let label_w = kinds
        .iter()
        .map(|k| text_width(&t.labels.kind(*k), FONT))
        .fold(0.0, f64::max)
        + 12.0;
    let scale = Scale {
        first,
        years: last - first + 1,
        x0: label_w,
        plot: WIDTH - label_w - 12.0,
    };
    let lanes: Vec<Vec<&TimelineEvent>> = kinds
        .iter()
        .map(|k| events.iter().copied().filter(|e| e.kind == *k).collect())
        .collect();
    let stacks: Option<Vec<Vec<usize>>> = lanes.iter().map(|l| stack(l, &scale)).collect();
    match stacks {
        Some(stacks) => one_by_one(t, &kinds, &lanes, &stacks, &scale),
        None => counted(t, &kinds, &lanes, &scale),
    }
}

/// Lane tops and the picture's height, given each lane's height.
fn lane_tops(heights: &[f64]) -> (Vec<f64>, f64) {
    let mut tops = Vec::with_capacity(heights.len());
    let mut y = 6.0;
    for h in heights {
        tops.push(y);
        y += h;
    }
    (tops, y + AXIS)
}

fn one_by_one(
    t: &Timeline,
    kinds: &[EventKind],
    lanes: &[Vec<&TimelineEvent>],
    stacks: &[Vec<usize>],
    scale: &Scale,
) -> Picture {
    let heights: Vec<f64> = stacks
        .iter()
        .map(|s| (s.iter().max().map_or(1, |m| m + 1)) as f64 * SUB_ROW + 10.0)
        .collect();
    let (tops, height) = lane_tops(&heights);
    let mut svg = Svg::new(
        &t.meta,
        "nj-timeline",
        (WIDTH, height),
        !t.events.is_empty(),
    );
    frame(&mut svg, t, kinds, &tops, &heights, scale, height);
    for (lane, kind) in kinds.iter().enumerate() {
        svg.open("g", &[("class", &format!("marks k-{}", enum_name(kind)))]);
        for (e, row) in lanes[lane].iter().zip(&stacks[lane]) {
            let x = scale.x(when(&e.date));
            let y = tops[lane] + 5.0 + SUB_ROW * (*row as f64 + 0.5);
            svg.open_link(
                Some(&e.href),
                &format!("{} · {} · {}", e.date_label, t.labels.kind(e.kind), e.title),
            );
            svg.leaf(
                "path",
                &[("class", "mark"), ("d", &shape(*kind, x, y, MARK))],
            );
            svg.close();
        }
        svg.close();
    }
    let mut rows: Vec<(&&TimelineEvent, Vec<Cell>)> = lanes
        .iter()
        .flatten()
        .map(|e| {
            (
                e,
                vec![
                    Cell::text(&e.date_label),
                    Cell::text(t.labels.kind(e.kind)),
                    Cell::link(&e.title, Some(&e.href)),
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| when(&a.0.date).total_cmp(&when(&b.0.date)));
    let table = Table {
        columns: vec![
            Column::new(&t.labels.date, ColumnKind::Date),
            Column::new(&t.labels.kind, ColumnKind::Text),
            Column::new(&t.labels.event, ColumnKind::Text),
        ],
        rows: rows.into_iter().map(|r| r.1).collect(),
    };
    Picture {
        svg: svg.finish(),
        table,
    }
}

/// Bucket length in months: the shortest whose marks stay apart.
fn bucket_months(scale: &Scale) -> u32 {
    [1, 12, 24, 60, 120, 240, 600]
        .into_iter()
        .find(|m| scale.per_year() * f64::from(*m) / 12.0 >= 24.0)
        .unwrap_or(1200)
}

fn period(first: i32, months: u32, bucket: u32, last: i32) -> (i32, String) {
    let start_month = bucket * months;
    let year = first + (start_month / 12) as i32;
    match months {
        1 => (year, format!("{year}-{:02}", start_month % 12 + 1)),
        12 => (year, year.to_string()),
        _ => (
            year,
            format!("{year}–{}", (year + (months / 12) as i32 - 1).min(last)),
        ),
    }
}

// Long: the SVG of one chart, element by element, in drawing order.
fn counted(
    t: &Timeline,
    kinds: &[EventKind],
    lanes: &[Vec<&TimelineEvent>],
    scale: &Scale,
) -> Picture {
    let months = bucket_months(scale);
    let heights = vec![40.0; kinds.len()];
    let (tops, height) = lane_tops(&heights);
    let mut svg = Svg::new(
        &t.meta,
        "nj-timeline nj-counted",
        (WIDTH, height),
        !t.year_hrefs.is_empty(),
    );
    frame(&mut svg, t, kinds, &tops, &heights, scale, height);
    let bucket_of = |e: &TimelineEvent| {
        ((when(&e.date) - f64::from(scale.first)) * 12.0 / f64::from(months))
            .floor()
            .max(0.0) as u32
    };
    let mut counts: Vec<(u32, usize, u64)> = Vec::new();
    for (lane, events) in lanes.iter().enumerate() {
        for e in events {
            match counts
                .iter_mut()
                .find(|c| c.0 == bucket_of(e) && c.1 == lane)
            {
                Some(c) => c.2 += 1,
                None => counts.push((bucket_of(e), lane, 1)),
            }
        }
    }
    counts.sort();
    let max = counts.iter().map(|c| c.2).max().unwrap_or(1) as f64;
    let last = scale.first + scale.years - 1;
    let mut rows = Vec::with_capacity(counts.len());
    for &(bucket, lane, count) in &counts {
        let kind = t.labels.kind(kinds[lane]);
        let (year, label) = period(scale.first, months, bucket, last);
        let mid = f64::from(scale.first) + (f64::from(bucket) + 0.5) * f64::from(months) / 12.0;
        let (x, y) = (scale.x(mid.min(f64::from(last + 1))), tops[lane] + 15.0);
        let href = t
            .year_hrefs
            .iter()
            .find(|h| h.0 == year)
            .map(|h| h.1.as_str());
        svg.open_link(href, &format!("{kind} · {label}: {count}"));
        let size = MARK * (0.8 + 1.2 * (count as f64 / max).sqrt());
        let class = format!("mark k-{}", enum_name(&kinds[lane]));
        svg.leaf(
            "path",
            &[("class", &class), ("d", &shape(kinds[lane], x, y, size))],
        );
        let attrs = [
            ("class", "count"),
            ("x", &n(x)),
            ("y", &n(tops[lane] + 35.0)),
            ("text-anchor", "middle"),
            ("font-size", "10"),
        ];
        svg.text_el("text", &attrs, &count.to_string());
        svg.close();
        rows.push(vec![
            Cell::link(label, href),
            Cell::text(kind),
            Cell::text(count.to_string()),
        ]);
    }
    let table = Table {
        columns: vec![
            Column::new(&t.labels.period, ColumnKind::Date),
            Column::new(&t.labels.kind, ColumnKind::Text),
            Column::new(&t.labels.count, ColumnKind::Number),
        ],
        rows,
    };
    Picture {
        svg: svg.finish(),
        table,
    }
}

/// Lane names and lines, year grid and the axis with its labels.
// Long: the SVG of one chart, element by element, in drawing order.
fn frame(
    svg: &mut Svg,
    t: &Timeline,
    kinds: &[EventKind],
    tops: &[f64],
    heights: &[f64],
    scale: &Scale,
    height: f64,
) {
    let bottom = height - AXIS;
    svg.open(
        "g",
        &[
            ("class", "frame"),
            ("font-size", &n(FONT)),
            ("fill", "currentColor"),
        ],
    );
    for (lane, kind) in kinds.iter().enumerate() {
        let mid = tops[lane] + heights[lane] / 2.0 + FONT * 0.35;
        svg.text_el(
            "text",
            &[("class", "lane"), ("x", "0"), ("y", &n(mid))],
            &t.labels.kind(*kind),
        );
        let d = format!(
            "M{} {}H{}",
            n(scale.x0),
            n(tops[lane] + heights[lane]),
            n(WIDTH - 12.0)
        );
        svg.leaf(
            "path",
            &[("class", "rule"), ("d", &d), ("stroke", "#dfe3e8")],
        );
    }
    let step = [1, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .find(|s| scale.per_year() * f64::from(*s) >= 44.0)
        .unwrap_or(200);
    let mut grid = String::new();
    for year in scale.first..=scale.first + scale.years {
        let x = n(scale.x(f64::from(year)));
        grid += &format!(
            "M{x} {}V{}",
            n(tops.first().copied().unwrap_or(6.0)),
            n(bottom + 4.0)
        );
        if year % step != 0 && step > 1 || year == scale.first + scale.years {
            continue;
        }
        let (lx, anchor) = if step == 1 {
            (scale.x(f64::from(year) + 0.5), "middle")
        } else {
            (scale.x(f64::from(year)), "start")
        };
        svg.text_el(
            "text",
            &[
                ("class", "year"),
                ("x", &n(lx)),
                ("y", &n(bottom + 18.0)),
                ("text-anchor", anchor),
            ],
            &year.to_string(),
        );
    }
    let month_w = scale.per_year() / 12.0;
    if month_w >= 5.0 {
        for m in 1..12 * scale.years {
            if m % 12 != 0 {
                let x = n(scale.x(f64::from(scale.first) + f64::from(m) / 12.0));
                grid += &format!("M{x} {}v3", n(bottom));
            }
        }
    }
    if month_w >= 18.0 {
        for m in 0..12 * scale.years {
            let x = n(scale.x(f64::from(scale.first) + (f64::from(m) + 0.5) / 12.0));
            let attrs = [
                ("class", "month"),
                ("x", &x),
                ("y", &n(bottom + 30.0)),
                ("text-anchor", "middle"),
                ("font-size", "9"),
            ];
            svg.text_el("text", &attrs, &(m % 12 + 1).to_string());
        }
    }
    svg.leaf(
        "path",
        &[
            ("class", "grid"),
            ("d", &grid),
            ("stroke", "#dfe3e8"),
            ("fill", "none"),
        ],
    );
    svg.close();
}

/// A mark's outline, about `r` in radius, by kind.
fn shape(kind: EventKind, x: f64, y: f64, r: f64) -> String {
    let pts = |p: &[(f64, f64)]| {
        let mut d = String::new();
        for (i, (dx, dy)) in p.iter().enumerate() {
            d += &format!(
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                n(x + dx * r),
                n(y + dy * r)
            );
        }
        d + "Z"
    };
    match kind {
        EventKind::Meeting => format!(
            "M{} {}a{r2} {r2} 0 1 0 {d} 0a{r2} {r2} 0 1 0 -{d} 0Z",
            n(x - r),
            n(y),
            r2 = n(r),
            d = n(2.0 * r)
        ),
        EventKind::Visit => pts(&[(0.0, -1.2), (1.1, 0.85), (-1.1, 0.85)]),
        EventKind::Signing => pts(&[(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]),
        EventKind::Forum => pts(&[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)]),
        EventKind::Award => {
            let star: Vec<(f64, f64)> = (0..10)
                .map(|i| {
                    let a = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
                    let k = if i % 2 == 0 { 1.35 } else { 0.58 };
                    (k * a.cos(), k * a.sin())
                })
                .collect();
            pts(&star)
        }
        EventKind::Other => {
            let (a, b) = (0.38, 1.1);
            pts(&[
                (-a, -b),
                (a, -b),
                (a, -a),
                (b, -a),
                (b, a),
                (a, a),
                (a, b),
                (-a, b),
                (-a, a),
                (-b, a),
                (-b, -a),
                (-a, -a),
            ])
        }
    }
}
