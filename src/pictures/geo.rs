//! The base map (country outlines from the theme) and the projection that
//! fits a map to the places it shows.
//!
//! The projection is equirectangular with its standard parallel at the middle
//! of the places shown (so Northeast Asia is not stretched sideways), centred
//! on the middle of the shortest stretch of longitude holding every place:
//! a map of Kamchatka and Alaska crosses 180° without splitting.

use std::sync::OnceLock;

use serde::Deserialize;

/// Country outlines, in degrees; each ring one continuous line (longitudes
/// may pass ±180°, see themes/default/map/README.md).
#[derive(Clone, Debug)]
pub struct BaseMap {
    pub(crate) countries: Vec<Country>,
}

#[derive(Clone, Debug)]
pub(crate) struct Country {
    /// ISO 3166 alpha-2, empty when there is none.
    pub(crate) a2: String,
    pub(crate) rings: Vec<Vec<(f64, f64)>>,
}

#[derive(Debug)]
pub struct BaseMapError(serde_json::Error);

impl std::fmt::Display for BaseMapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "base map: {}", self.0)
    }
}

impl std::error::Error for BaseMapError {}

#[derive(Deserialize)]
struct File {
    unit: f64,
    countries: Vec<FileCountry>,
}

#[derive(Deserialize)]
struct FileCountry {
    a2: String,
    rings: Vec<Vec<i32>>,
}

static EMBEDDED: OnceLock<BaseMap> = OnceLock::new();

impl BaseMap {
    /// Reads the theme's compact format: per ring, the first point and then
    /// differences, as integers in `unit` degrees, longitude first.
    pub fn parse(json: &str) -> Result<BaseMap, BaseMapError> {
        let file: File = serde_json::from_str(json).map_err(BaseMapError)?;
        let countries = file
            .countries
            .into_iter()
            .map(|c| Country {
                a2: c.a2,
                rings: c.rings.iter().map(|r| decode(r, file.unit)).collect(),
            })
            .collect();
        Ok(BaseMap { countries })
    }

    /// The default theme's map (Natural Earth 1:110m), parsed once.
    pub fn embedded() -> &'static BaseMap {
        EMBEDDED.get_or_init(|| {
            let json = include_str!("../../themes/default/map/countries-110m.json");
            // The file is committed and parsed by this module's tests.
            BaseMap::parse(json).expect("the embedded base map parses")
        })
    }

    /// An empty map: places and ties on a blank ground.
    pub fn empty() -> BaseMap {
        BaseMap {
            countries: Vec::new(),
        }
    }
}

fn decode(flat: &[i32], unit: f64) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(flat.len() / 2);
    let (mut lon, mut lat) = (0i64, 0i64);
    for pair in flat.chunks_exact(2) {
        lon += i64::from(pair[0]);
        lat += i64::from(pair[1]);
        points.push((lon as f64 * unit, lat as f64 * unit));
    }
    points
}

/// Longitude difference folded into [-180, 180).
pub(crate) fn wrap(d: f64) -> f64 {
    (d + 180.0).rem_euclid(360.0) - 180.0
}

/// Degrees to the picture's user units.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Projection {
    pub(crate) lon0: f64,
    /// cos of the standard parallel: how much a degree of longitude shrinks.
    k: f64,
    scale: f64,
    min_x: f64,
    min_y: f64,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

impl Projection {
    /// Fits `places` (lat, lon) into a picture `width` wide, with `pad` of
    /// the span around them and at least `min_span` degrees shown; the height
    /// follows the places' shape within [0.5, 0.9] of the width.
    pub(crate) fn fit(places: &[(f64, f64)], width: f64, pad: f64, min_span: f64) -> Projection {
        let lon0 = centre_longitude(places.iter().map(|p| p.1));
        let (lat_lo, lat_hi) = places.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        let (lat_lo, lat_hi) = if places.is_empty() {
            (-60.0, 80.0)
        } else {
            (lat_lo, lat_hi)
        };
        let k = ((lat_lo + lat_hi) / 2.0).to_radians().cos().max(0.35);
        let xs = places.iter().map(|p| wrap(p.1 - lon0) * k);
        let (x_lo, x_hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        let (x_lo, x_hi) = if places.is_empty() {
            (-180.0 * k, 180.0 * k)
        } else {
            (x_lo, x_hi)
        };
        // Degrees north are up: y grows southwards.
        let mut b = [x_lo, -lat_hi, x_hi, -lat_lo];
        for axis in [0, 1] {
            let span = (b[axis + 2] - b[axis]).max(min_span * if axis == 0 { k } else { 1.0 });
            let mid = (b[axis] + b[axis + 2]) / 2.0;
            let half = span * (0.5 + pad);
            b[axis] = mid - half;
            b[axis + 2] = mid + half;
        }
        let (bw, bh) = (b[2] - b[0], b[3] - b[1]);
        let ratio = (bh / bw).clamp(0.5, 0.9);
        // Grow the shorter side so the box has the picture's shape.
        if bh / bw < ratio {
            let grow = (bw * ratio - bh) / 2.0;
            b[1] -= grow;
            b[3] += grow;
        } else {
            let grow = (bh / ratio - bw) / 2.0;
            b[0] -= grow;
            b[2] += grow;
        }
        let scale = width / (b[2] - b[0]);
        Projection {
            lon0,
            k,
            scale,
            min_x: b[0],
            min_y: b[1],
            width,
            height: width * ratio,
        }
    }

    /// A place's position, its longitude taken nearest the centre.
    pub(crate) fn point(&self, lat: f64, lon: f64) -> (f64, f64) {
        self.raw(lat, self.lon0 + wrap(lon - self.lon0))
    }

    /// A position without folding the longitude, for continuous outlines.
    pub(crate) fn raw(&self, lat: f64, lon: f64) -> (f64, f64) {
        let x = (lon - self.lon0) * self.k;
        (
            (x - self.min_x) * self.scale,
            (-lat - self.min_y) * self.scale,
        )
    }

    /// The longitude span the picture shows, in degrees.
    pub(crate) fn lon_span(&self) -> f64 {
        self.width / self.scale / self.k
    }
}

/// The middle of the shortest arc of longitude holding all of `lons`: the
/// complement of the widest gap between neighbours around the circle.
pub(crate) fn centre_longitude(lons: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = lons.map(wrap).collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    // Gap after v[i] up to the next one (the last wraps to the first).
    let (mut best, mut best_gap) = (v.len() - 1, v[0] + 360.0 - v[v.len() - 1]);
    for i in 0..v.len() - 1 {
        let gap = v[i + 1] - v[i];
        if gap > best_gap {
            (best, best_gap) = (i, gap);
        }
    }
    let start = v[(best + 1) % v.len()];
    wrap(start + (360.0 - best_gap) / 2.0)
}

/// Points along the great circle from `a` to `b` (lat, lon in degrees),
/// both ends included, about one every 3°.
pub(crate) fn great_circle(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    let unit = |(lat, lon): (f64, f64)| {
        let (la, lo) = (lat.to_radians(), lon.to_radians());
        [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()]
    };
    let (u, v) = (unit(a), unit(b));
    let dot = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]).clamp(-1.0, 1.0);
    let angle = dot.acos();
    let steps = ((angle.to_degrees() / 3.0).ceil() as usize).clamp(1, 60);
    if angle < 1e-9 || (std::f64::consts::PI - angle) < 1e-9 {
        // Same place, or antipodes (no single great circle): a straight line.
        return vec![a, b];
    }
    let mut out = vec![a];
    for i in 1..steps {
        let t = i as f64 / steps as f64;
        let (s0, s1) = (((1.0 - t) * angle).sin(), (t * angle).sin());
        let p: Vec<f64> = (0..3)
            .map(|j| (s0 * u[j] + s1 * v[j]) / angle.sin())
            .collect();
        out.push((
            p[2].atan2(p[0].hypot(p[1])).to_degrees(),
            p[1].atan2(p[0]).to_degrees(),
        ));
    }
    out.push(b);
    out
}

/// Sutherland–Hodgman: the part of a closed ring inside the rectangle
/// `[x0, x1] × [y0, y1]` (possibly with edges along its border).
pub(crate) fn clip_ring(ring: &[(f64, f64)], r: [f64; 4]) -> Vec<(f64, f64)> {
    let mut pts = ring.to_vec();
    // Each edge: is a point inside, and where does a segment cross it.
    let edges: [(usize, f64, bool); 4] = [
        (0, r[0], true),
        (0, r[2], false),
        (1, r[1], true),
        (1, r[3], false),
    ];
    for (axis, at, keep_greater) in edges {
        let inside = |p: (f64, f64)| {
            let c = if axis == 0 { p.0 } else { p.1 };
            if keep_greater { c >= at } else { c <= at }
        };
        let cross = |p: (f64, f64), q: (f64, f64)| {
            let (pc, qc) = if axis == 0 { (p.0, q.0) } else { (p.1, q.1) };
            let t = (at - pc) / (qc - pc);
            (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
        };
        let mut out = Vec::with_capacity(pts.len());
        for i in 0..pts.len() {
            let (p, q) = (pts[(i + pts.len() - 1) % pts.len()], pts[i]);
            match (inside(p), inside(q)) {
                (true, true) => out.push(q),
                (true, false) => out.push(cross(p, q)),
                (false, true) => {
                    out.push(cross(p, q));
                    out.push(q);
                }
                (false, false) => {}
            }
        }
        pts = out;
        if pts.is_empty() {
            break;
        }
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_crosses_the_antimeridian_when_shorter() {
        // Kamchatka (158.6°E) and Anchorage (149.9°W): 51.5° apart across
        // 180°, so the middle is 184.35°E, that is 175.65°W.
        let c = centre_longitude([158.6, -149.9].into_iter());
        assert!((c + 175.65).abs() < 1e-9, "{c}");
        let c = centre_longitude([100.0, 140.0].into_iter());
        assert!((c - 120.0).abs() < 1e-9, "{c}");
    }

    #[test]
    fn projection_keeps_places_inside_and_in_order_across_180() {
        let places = [(53.0, 158.6), (61.2, -149.9)];
        let p = Projection::fit(&places, 800.0, 0.1, 5.0);
        let (kam, anc) = (p.point(53.0, 158.6), p.point(61.2, -149.9));
        assert!(
            kam.0 < anc.0,
            "Kamchatka is west of Alaska on this map: {kam:?} {anc:?}"
        );
        for (x, y) in [kam, anc] {
            assert!(
                x > 0.0 && x < p.width && y > 0.0 && y < p.height,
                "{x} {y} {p:?}"
            );
        }
    }

    #[test]
    fn great_circle_ends_at_both_places_and_bows_north() {
        let arc = great_circle((39.9, 116.4), (37.6, 127.0));
        assert_eq!((arc[0], arc[arc.len() - 1]), ((39.9, 116.4), (37.6, 127.0)));
        // North of the straight line between the ends, at the same longitude.
        let (lat, lon) = arc[arc.len() / 2];
        let straight = 39.9 + (lon - 116.4) / (127.0 - 116.4) * (37.6 - 39.9);
        assert!(lat > straight + 0.05, "{arc:?}");
    }

    #[test]
    fn clipping_cuts_a_square_to_the_window() {
        let square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let clipped = clip_ring(&square, [0.0, 0.0, 10.0, 10.0]);
        let xs: Vec<f64> = clipped.iter().map(|p| p.0).collect();
        assert!(xs.iter().all(|&x| (0.0..=5.0).contains(&x)), "{clipped:?}");
        assert!(clip_ring(&square, [20.0, 20.0, 30.0, 30.0]).is_empty());
    }

    #[test]
    fn embedded_map_has_russia_continuous_across_180() {
        let map = BaseMap::embedded();
        assert!(map.countries.len() > 170);
        let ru = map.countries.iter().find(|c| c.a2 == "RU").expect("Russia");
        let max = ru
            .rings
            .iter()
            .flatten()
            .map(|p| p.0)
            .fold(f64::MIN, f64::max);
        assert!(max > 180.0, "Chukotka reaches past 180°: {max}");
        for ring in &ru.rings {
            for w in ring.windows(2) {
                assert!((w[1].0 - w[0].0).abs() < 30.0, "{w:?}");
            }
        }
    }
}
