//! Pictures made at build time: SVG timelines, ties maps and charts.
//!
//! Each function takes a plain input struct whose every label is already in
//! the edition's script (the caller converts) and every link already a
//! relative URL (the caller routes), and returns a [`Picture`]: the SVG and
//! the [`Table`] of the numbers it draws, so a page can print the same data
//! as an HTML table beside it (for readers of screen readers, of print and of
//! text browsers). No JavaScript, no external request, no randomness: the same
//! input gives the same bytes.
//!
//! All text is untrusted: it reaches the SVG only through [`svg::Svg`], which
//! escapes it and drops characters XML forbids.
//!
//! Pictures with links use `role="group"` rather than `role="img"`: an image
//! role makes its children presentational, which would hide the links from
//! assistive technology (and axe reports it as nested-interactive).

mod chart;
mod geo;
mod map;
mod svg;
mod timeline;

pub use chart::{Bar, BarChart, ColumnChart, bar_chart, column_chart};
pub use geo::{BaseMap, BaseMapError};
pub use map::{MapCity, MapLabels, MapTie, TiesMap, ties_map};
pub use timeline::{Timeline, TimelineEvent, TimelineLabels, timeline};

/// What every picture is called: `id` makes the ids of its `<title>` and
/// `<desc>` (unique on a page when it holds several pictures), `title` is
/// its accessible name and `desc` its longer description.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub desc: String,
}

/// An SVG picture and the table of what it draws.
#[derive(Clone, Debug)]
pub struct Picture {
    pub svg: String,
    pub table: Table,
}

/// The data a picture draws, row by row, as the page should print it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub label: String,
    pub kind: ColumnKind,
}

/// How a column reads: numbers are right-aligned and tabular, dates never
/// break across lines (`class="num"`, `class="date"` in HTML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Number,
    Date,
}

impl ColumnKind {
    fn class(self) -> &'static str {
        match self {
            ColumnKind::Text => "",
            ColumnKind::Number => " class=\"num\"",
            ColumnKind::Date => " class=\"date\"",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: None,
        }
    }

    pub fn link(text: impl Into<String>, href: Option<&str>) -> Cell {
        Cell {
            text: text.into(),
            href: href.and_then(svg::safe_href).map(str::to_owned),
        }
    }
}

impl Column {
    fn new(label: &str, kind: ColumnKind) -> Column {
        Column {
            label: label.to_owned(),
            kind,
        }
    }
}

impl Table {
    /// The table as escaped HTML (`class="nj-data"`), with an optional caption.
    pub fn to_html(&self, caption: Option<&str>) -> String {
        let esc = |s: &str| svg::escape(s).into_owned();
        let mut out = String::from("<table class=\"nj-data\">");
        if let Some(c) = caption {
            out += &format!("<caption>{}</caption>", esc(c));
        }
        out += "<thead><tr>";
        for c in &self.columns {
            out += &format!("<th scope=\"col\"{}>{}</th>", c.kind.class(), esc(&c.label));
        }
        out += "</tr></thead><tbody>";
        for row in &self.rows {
            out += "<tr>";
            for (i, cell) in row.iter().enumerate() {
                let class = self.columns.get(i).map_or("", |c| c.kind.class());
                out += &format!("<td{class}>");
                match &cell.href {
                    Some(h) => out += &format!("<a href=\"{}\">{}</a>", esc(h), esc(&cell.text)),
                    None => out += &esc(&cell.text),
                }
                out += "</td>";
            }
            out += "</tr>";
        }
        out + "</tbody></table>"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_html_escapes_and_links() {
        let table = Table {
            columns: vec![
                Column::new("名 <x>", ColumnKind::Text),
                Column::new("n", ColumnKind::Number),
            ],
            rows: vec![vec![
                Cell::link("A&B \"q\"", Some("../a/")),
                Cell::text("3"),
            ]],
        };
        let html = table.to_html(Some("c<"));
        assert_eq!(
            html,
            "<table class=\"nj-data\"><caption>c&lt;</caption><thead><tr>\
             <th scope=\"col\">名 &lt;x&gt;</th><th scope=\"col\" class=\"num\">n</th></tr></thead>\
             <tbody><tr><td><a href=\"../a/\">A&amp;B &quot;q&quot;</a></td><td class=\"num\">3</td></tr></tbody></table>"
        );
    }

    #[test]
    fn script_links_are_dropped() {
        assert_eq!(Cell::link("x", Some(" JavaScript:alert(1)")).href, None);
        assert_eq!(
            Cell::link("x", Some("../x/")).href.as_deref(),
            Some("../x/")
        );
    }
}
