//! Bar charts (a count per label, e.g. members by country) and column charts
//! (a count per year). Lengths are proportional to the numbers, from zero,
//! and every number is printed both on the chart and in its table.

use super::svg::{Svg, fit_text, n, text_width};
use super::{Cell, Column, ColumnKind, Meta, Picture, Table};

const WIDTH: f64 = 640.0;
const FONT: f64 = 12.0;
const ROW: f64 = 24.0;
const BAR: f64 = 16.0;

/// One bar: its label (in the edition's script), number and optional link.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub href: Option<String>,
}

/// Horizontal bars, one a row, in the order given.
#[derive(Clone, Debug)]
pub struct BarChart {
    pub meta: Meta,
    pub bars: Vec<Bar>,
    /// Column headings of the table: what the bars are, what they count.
    pub label_header: String,
    pub value_header: String,
}

/// Columns, one a year from the first year given to the last; years
/// missing between them are drawn (and tabled) as 0.
#[derive(Clone, Debug)]
pub struct ColumnChart {
    pub meta: Meta,
    pub counts: Vec<(i32, u64)>,
    /// Optional link per year (e.g. the chronicle's year page).
    pub year_hrefs: Vec<(i32, String)>,
    pub year_header: String,
    pub value_header: String,
}

fn table(label: (&str, ColumnKind), value: &str, bars: &[Bar]) -> Table {
    Table {
        columns: vec![
            Column::new(label.0, label.1),
            Column::new(value, ColumnKind::Number),
        ],
        rows: bars
            .iter()
            .map(|b| {
                vec![
                    Cell::link(&b.label, b.href.as_deref()),
                    Cell::text(b.value.to_string()),
                ]
            })
            .collect(),
    }
}

pub fn bar_chart(c: &BarChart) -> Picture {
    let label_w = c
        .bars
        .iter()
        .map(|b| text_width(&b.label, FONT))
        .fold(0.0, f64::max)
        .min(WIDTH * 0.4);
    let max = c.bars.iter().map(|b| b.value).max().unwrap_or(0);
    let value_w = text_width(&max.to_string(), FONT) + 8.0;
    let (x0, plot) = (label_w + 10.0, WIDTH - label_w - 10.0 - value_w);
    let height = ROW * c.bars.len().max(1) as f64 + 8.0;
    let linked = c.bars.iter().any(|b| b.href.is_some());
    let mut svg = Svg::new(&c.meta, "nj-chart nj-bars", (WIDTH, height), linked);
    svg.open("g", &[("font-size", &n(FONT)), ("fill", "currentColor")]);
    for (i, b) in c.bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let len = if max == 0 {
            0.0
        } else {
            plot * b.value as f64 / max as f64
        };
        let text_y = n(y + ROW / 2.0 + FONT * 0.35);
        svg.open_link(b.href.as_deref(), &format!("{}: {}", b.label, b.value));
        svg.text_el(
            "text",
            &[
                ("class", "label"),
                ("x", &n(label_w)),
                ("y", &text_y),
                ("text-anchor", "end"),
            ],
            &fit_text(&b.label, label_w, FONT),
        );
        let bar_y = n(y + (ROW - BAR) / 2.0);
        svg.leaf(
            "rect",
            &[
                ("class", "bar"),
                ("x", &n(x0)),
                ("y", &bar_y),
                ("width", &n(len)),
                ("height", &n(BAR)),
                ("fill", "#a4282c"),
            ],
        );
        let value_x = n(x0 + len + 4.0);
        svg.text_el(
            "text",
            &[("class", "value"), ("x", &value_x), ("y", &text_y)],
            &b.value.to_string(),
        );
        svg.close();
    }
    Picture {
        svg: svg.finish(),
        table: table(
            (&c.label_header, ColumnKind::Text),
            &c.value_header,
            &c.bars,
        ),
    }
}

/// Years from the first to the last given, each with its count (0 where
/// none is given; counts for one year given twice are added).
fn years(c: &ColumnChart) -> Vec<Bar> {
    let (Some(first), Some(last)) = (
        c.counts.iter().map(|p| p.0).min(),
        c.counts.iter().map(|p| p.0).max(),
    ) else {
        return Vec::new();
    };
    (first..=last)
        .map(|year| Bar {
            label: year.to_string(),
            value: c.counts.iter().filter(|p| p.0 == year).map(|p| p.1).sum(),
            href: c
                .year_hrefs
                .iter()
                .find(|p| p.0 == year)
                .map(|p| p.1.clone()),
        })
        .collect()
}

pub fn column_chart(c: &ColumnChart) -> Picture {
    let bars = years(c);
    let (height, top, bottom) = (240.0, 20.0, 24.0);
    let plot_h = height - top - bottom;
    let slot = WIDTH / bars.len().max(1) as f64;
    let col_w = (slot * 0.7).min(48.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    // Label every k-th year so labels never touch; numbers only where they fit.
    let every = (1..)
        .find(|k| slot * *k as f64 >= text_width("0000", FONT) + 6.0)
        .unwrap_or(1);
    let numbers_fit = slot >= text_width(&max.to_string(), FONT) + 2.0;
    let linked = bars.iter().any(|b| b.href.is_some());
    let mut svg = Svg::new(&c.meta, "nj-chart nj-columns", (WIDTH, height), linked);
    svg.open(
        "g",
        &[
            ("font-size", &n(FONT)),
            ("fill", "currentColor"),
            ("text-anchor", "middle"),
        ],
    );
    let base_y = top + plot_h;
    svg.leaf(
        "path",
        &[
            ("class", "axis"),
            ("d", &format!("M0 {0}H{1}", n(base_y), n(WIDTH))),
            ("stroke", "currentColor"),
        ],
    );
    for (i, b) in bars.iter().enumerate() {
        let cx = slot * (i as f64 + 0.5);
        let len = if max == 0 {
            0.0
        } else {
            plot_h * b.value as f64 / max as f64
        };
        svg.open_link(b.href.as_deref(), &format!("{}: {}", b.label, b.value));
        let attrs = [
            ("class", "bar"),
            ("x", &n(cx - col_w / 2.0)),
            ("y", &n(base_y - len)),
            ("width", &n(col_w)),
            ("height", &n(len)),
            ("fill", "#a4282c"),
        ];
        svg.leaf("rect", &attrs);
        if numbers_fit {
            svg.text_el(
                "text",
                &[
                    ("class", "value"),
                    ("x", &n(cx)),
                    ("y", &n(base_y - len - 4.0)),
                ],
                &b.value.to_string(),
            );
        }
        if i % every == 0 {
            // A year under a narrow first or last column would stick out
            // of the picture ("984"): it moves in just enough.
            let half = text_width(&b.label, FONT) / 2.0 + 1.0;
            let x = cx.clamp(half, (WIDTH - half).max(half));
            svg.text_el(
                "text",
                &[("class", "label"), ("x", &n(x)), ("y", &n(height - 6.0))],
                &b.label,
            );
        }
        svg.close();
    }
    Picture {
        svg: svg.finish(),
        table: table((&c.year_header, ColumnKind::Date), &c.value_header, &bars),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `x` of every element with class `class`.
    fn xs(svg: &str, class: &str) -> Vec<f64> {
        let marker = format!("class=\"{class}\" x=\"");
        svg.split(&marker)
            .skip(1)
            .filter_map(|rest| rest.split('"').next()?.parse().ok())
            .collect()
    }

    #[test]
    fn every_year_label_is_inside_the_picture() {
        for last in [1985, 2000, 2024, 2100] {
            let chart = ColumnChart {
                meta: Meta {
                    id: "ties".into(),
                    title: "Ties by year".into(),
                    desc: String::new(),
                },
                counts: vec![(1984, 1), (last, 3)],
                year_hrefs: Vec::new(),
                year_header: "Year".into(),
                value_header: "Ties".into(),
            };
            let svg = column_chart(&chart).svg;
            let labels = xs(&svg, "label");
            assert!(!labels.is_empty(), "{svg}");
            let half = text_width("1984", FONT) / 2.0;
            for x in labels {
                assert!(
                    x - half >= 0.0 && x + half <= WIDTH,
                    "1984–{last}: a label centred at {x} is cut"
                );
            }
        }
    }
}
