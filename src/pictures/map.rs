//! The ties map: places with a location, the lines of their ties as great
//! circles, on the theme's country outlines, fitted to the places shown.

use super::geo::{BaseMap, Projection, clip_ring, great_circle};
use super::svg::{Svg, n, text_width};
use super::{Cell, Column, ColumnKind, Meta, Picture, Table};

const WIDTH: f64 = 640.0;
const FONT: f64 = 12.0;
/// Outlines are clipped a little outside the picture, so the edges the
/// clipping makes fall outside what is seen.
const BLEED: f64 = 4.0;

/// A place on the map; `focus` marks the city whose page shows the map.
#[derive(Clone, Debug)]
pub struct MapCity {
    pub name: String,
    pub href: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub focus: bool,
}

/// A tie between `cities[a]` and `cities[b]`; `kind` says what it is
/// (e.g. "友好城市 · 1993") for the tooltip and the table.
#[derive(Clone, Debug)]
pub struct MapTie {
    pub a: usize,
    pub b: usize,
    pub kind: String,
}

/// Column headings of the ties table.
#[derive(Clone, Debug, Default)]
pub struct MapLabels {
    pub city: String,
    pub partner: String,
    pub tie: String,
}

#[derive(Clone, Debug)]
pub struct TiesMap<'a> {
    pub meta: Meta,
    pub cities: Vec<MapCity>,
    pub ties: Vec<MapTie>,
    /// ISO 3166 alpha-2 codes of countries to mark (e.g. the cities' own).
    pub countries: Vec<String>,
    pub labels: MapLabels,
    pub base: &'a BaseMap,
}

/// Draws the map, fitted to every city given (with a location in range;
/// others are left out with their ties), and the table of its ties.
pub fn ties_map(m: &TiesMap) -> Picture {
    let valid = |c: &MapCity| c.lat.abs() <= 90.0 && c.lon.abs() <= 360.0;
    let shown: Vec<bool> = m.cities.iter().map(valid).collect();
    let places: Vec<(f64, f64)> = m
        .cities
        .iter()
        .filter(|c| valid(c))
        .map(|c| (c.lat, c.lon))
        .collect();
    let proj = Projection::fit(&places, WIDTH, 0.08, 10.0);
    let ties: Vec<&MapTie> = m
        .ties
        .iter()
        .filter(|t| t.a != t.b && shown.get(t.a) == Some(&true) && shown.get(t.b) == Some(&true))
        .collect();
    let linked = m.cities.iter().any(|c| c.href.is_some());
    let mut svg = Svg::new(&m.meta, "nj-map", (proj.width, proj.height), linked);
    let (w, h) = (n(proj.width), n(proj.height));
    svg.leaf(
        "rect",
        &[
            ("class", "sea"),
            ("width", &w),
            ("height", &h),
            ("fill", "#eef3f7"),
        ],
    );
    draw_land(&mut svg, m, &proj);
    svg.open(
        "g",
        &[("class", "ties"), ("fill", "none"), ("stroke", "#a4282c")],
    );
    for t in &ties {
        let (a, b) = (&m.cities[t.a], &m.cities[t.b]);
        let d = arc_path(&proj, (a.lat, a.lon), (b.lat, b.lon));
        svg.open("path", &[("class", "tie"), ("d", &d)]);
        svg.text_el(
            "title",
            &[],
            &format!("{} – {} · {}", a.name, b.name, t.kind),
        );
        svg.close();
    }
    svg.close();
    draw_cities(&mut svg, m, &shown, &proj);
    let table = Table {
        columns: vec![
            Column::new(&m.labels.city, ColumnKind::Text),
            Column::new(&m.labels.partner, ColumnKind::Text),
            Column::new(&m.labels.tie, ColumnKind::Text),
        ],
        rows: ties
            .iter()
            .map(|t| {
                let (a, b) = (&m.cities[t.a], &m.cities[t.b]);
                vec![
                    Cell::link(&a.name, a.href.as_deref()),
                    Cell::link(&b.name, b.href.as_deref()),
                    Cell::text(&t.kind),
                ]
            })
            .collect(),
    };
    Picture {
        svg: svg.finish(),
        table,
    }
}

/// Country outlines inside the picture: each ring moved by whole turns to
/// where the picture looks, clipped, and thinned to about a unit apart.
fn draw_land(svg: &mut Svg, m: &TiesMap, proj: &Projection) {
    svg.open(
        "g",
        &[
            ("class", "land"),
            ("fill", "#e4e1d8"),
            ("stroke", "#ffffff"),
            ("stroke-width", "0.6"),
        ],
    );
    let window = [-BLEED, -BLEED, proj.width + BLEED, proj.height + BLEED];
    let half_span = proj.lon_span() / 2.0 + 1.0;
    for country in &m.base.countries {
        let mut d = String::new();
        for ring in &country.rings {
            let (lo, hi) = ring.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                (lo.min(p.0), hi.max(p.0))
            });
            for turn in [-360.0, 0.0, 360.0] {
                if hi + turn < proj.lon0 - half_span || lo + turn > proj.lon0 + half_span {
                    continue;
                }
                let projected: Vec<(f64, f64)> = ring
                    .iter()
                    .map(|&(lon, lat)| proj.raw(lat, lon + turn))
                    .collect();
                let clipped = clip_ring(&projected, window);
                append_ring(&mut d, &thin(&clipped, 0.8));
            }
        }
        if d.is_empty() {
            continue;
        }
        let home = !country.a2.is_empty()
            && m.countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&country.a2));
        let class = if home { "country home" } else { "country" };
        svg.leaf(
            "path",
            &[("class", class), ("fill-rule", "evenodd"), ("d", &d)],
        );
    }
    svg.close();
}

fn thin(points: &[(f64, f64)], min: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &p in points {
        match out.last() {
            Some(&q) if (p.0 - q.0).abs() + (p.1 - q.1).abs() < min => {}
            _ => out.push(p),
        }
    }
    out
}

fn append_ring(d: &mut String, ring: &[(f64, f64)]) {
    if ring.len() < 3 {
        return;
    }
    for (i, p) in ring.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " " });
        d.push_str(&format!("{} {}", n(p.0), n(p.1)));
    }
    d.push('Z');
}

/// The great circle from `a` to `b` as a path, broken where it leaves one
/// side of the world and comes back on the other.
fn arc_path(proj: &Projection, a: (f64, f64), b: (f64, f64)) -> String {
    let mut d = String::new();
    let mut last: Option<(f64, f64)> = None;
    for (lat, lon) in great_circle(a, b) {
        let p = proj.point(lat, lon);
        let jump = last.is_none_or(|q| (p.0 - q.0).abs() > proj.width / 2.0);
        d.push_str(if jump { "M" } else { " L" });
        d.push_str(&format!("{} {}", n(p.0), n(p.1)));
        last = Some(p);
    }
    d
}

/// Dots with links, and names where they fit: the focus city first, then
/// cities with more ties; a name that would cover another is left to the
/// tooltip.
// Long: the SVG of the city marks and labels, in drawing order (labels
// are placed against the marks drawn before them).
fn draw_cities(svg: &mut Svg, m: &TiesMap, shown: &[bool], proj: &Projection) {
    let degree = |i: usize| m.ties.iter().filter(|t| t.a == i || t.b == i).count();
    let mut order: Vec<usize> = (0..m.cities.len()).filter(|&i| shown[i]).collect();
    order.sort_by_key(|&i| (!m.cities[i].focus, std::cmp::Reverse(degree(i)), i));
    let mut taken: Vec<[f64; 4]> = Vec::new();
    let mut names: Vec<Option<(f64, f64, &'static str)>> = vec![None; m.cities.len()];
    for &i in &order {
        let c = &m.cities[i];
        let (x, y) = proj.point(c.lat, c.lon);
        let size = if c.focus { FONT + 2.0 } else { FONT };
        let w = text_width(&c.name, size);
        let candidates = [
            (
                x + 6.0,
                y + size * 0.35,
                "start",
                [x + 5.0, y - size * 0.6, x + 7.0 + w, y + size * 0.5],
            ),
            (
                x - 6.0,
                y + size * 0.35,
                "end",
                [x - 7.0 - w, y - size * 0.6, x - 5.0, y + size * 0.5],
            ),
            (
                x,
                y - 7.0,
                "middle",
                [x - w / 2.0, y - 7.0 - size, x + w / 2.0, y - 5.0],
            ),
            (
                x,
                y + 6.0 + size,
                "middle",
                [x - w / 2.0, y + 5.0, x + w / 2.0, y + 7.0 + size],
            ),
        ];
        let fits = |b: &[f64; 4]| {
            b[0] >= 2.0
                && b[2] <= proj.width - 2.0
                && b[1] >= 2.0
                && b[3] <= proj.height - 2.0
                && !taken
                    .iter()
                    .any(|t| b[0] < t[2] && t[0] < b[2] && b[1] < t[3] && t[1] < b[3])
        };
        if let Some((tx, ty, anchor, bx)) = candidates.into_iter().find(|c| fits(&c.3)) {
            taken.push(bx);
            names[i] = Some((tx, ty, anchor));
        }
    }
    svg.open("g", &[("class", "cities"), ("font-size", &n(FONT))]);
    // Drawn in the given order, so the output does not depend on placement.
    for (i, c) in m.cities.iter().enumerate().filter(|&(i, _)| shown[i]) {
        let (x, y) = proj.point(c.lat, c.lon);
        svg.open_link(c.href.as_deref(), &c.name);
        let (class, r) = if c.focus {
            ("city focus", "5.5")
        } else {
            ("city", "3.5")
        };
        svg.leaf(
            "circle",
            &[
                ("class", class),
                ("cx", &n(x)),
                ("cy", &n(y)),
                ("r", r),
                ("fill", "#a4282c"),
                ("stroke", "#ffffff"),
            ],
        );
        if let Some((tx, ty, anchor)) = names[i] {
            let class = if c.focus { "name focus" } else { "name" };
            let size = if c.focus { n(FONT + 2.0) } else { n(FONT) };
            let attrs = [
                ("class", class),
                ("x", &n(tx)),
                ("y", &n(ty)),
                ("text-anchor", anchor),
                ("font-size", &size),
            ];
            svg.text_el("text", &attrs, &c.name);
        }
        svg.close();
    }
    svg.close();
}
