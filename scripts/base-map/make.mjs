// Makes the theme's base map, themes/default/map/countries-110m.json, once:
//   cd scripts/base-map && npm install && npm run make
//
// Source: Natural Earth 1:110m Admin 0 countries (public domain), as
// redistributed by the npm package world-atlas (TopoJSON, version pinned in
// package.json). The output is small on purpose, since every map picture is
// drawn from it at build time:
// - coordinates in tenths of a degree (0.1° ≈ 11 km, the precision of a
//   1:110m map), each ring a flat list [lon0, lat0, dlon1, dlat1, …] of
//   integers, deltas after the first point;
// - rings unwrapped across the antimeridian (longitudes may pass ±180°);
// - repeated points after rounding dropped, rings of under 4 points dropped;
// - Antarctica left out (no local government there, and it would widen
//   every world view);
// - ISO 3166 alpha-2 codes added (from i18n-iso-countries) so pages can
//   mark the countries of the cities shown.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const require = createRequire(import.meta.url);
const atlasPath = require.resolve("world-atlas/countries-110m.json");
const atlasVersion = JSON.parse(
  readFileSync(new URL("node_modules/world-atlas/package.json", import.meta.url)),
).version;
const topology = JSON.parse(readFileSync(atlasPath, "utf8"));
const collection = feature(topology, topology.objects.countries);

const ANTARCTICA = "010";
const tenth = (v) => Math.round(v * 10);

function encodeRing(ring) {
  const points = [];
  for (const [lon, lat] of ring) {
    const p = [tenth(lon), tenth(lat)];
    const last = points[points.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
  }
  // GeoJSON rings repeat the first point at the end; SVG closes with Z.
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (points.length < 3) return null;
  const flat = [points[0][0], points[0][1]];
  for (let i = 1; i < points.length; i++) {
    let dlon = points[i][0] - points[i - 1][0];
    // world-atlas rings are spherical: a step from 180° to -180° is no step.
    // Unwrapped, every ring is one continuous line (Russia and Fiji then
    // reach past 180°), which is what the renderer's recentring expects.
    if (dlon > 1800) dlon -= 3600;
    if (dlon < -1800) dlon += 3600;
    flat.push(dlon, points[i][1] - points[i - 1][1]);
  }
  return flat;
}

function rings(geometry) {
  if (!geometry) return [];
  const polygons =
    geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates
    : [];
  return polygons.flat().map(encodeRing).filter(Boolean);
}

const out = [];
for (const f of collection.features) {
  if (f.id === ANTARCTICA) continue;
  const r = rings(f.geometry);
  if (r.length === 0) continue;
  const a2 = f.id ? countries.numericToAlpha2(f.id) ?? "" : "";
  out.push({ a2, name: f.properties.name, rings: r });
}
out.sort((x, y) => x.name.localeCompare(y.name, "en"));

const doc = {
  source: `Natural Earth 1:110m Admin 0 countries (public domain), via world-atlas ${atlasVersion}`,
  unit: 0.1,
  countries: out,
};
// One country a line: small, and diffs stay readable.
const body = out.map((c) => JSON.stringify(c)).join(",\n");
const text = `{"source":${JSON.stringify(doc.source)},"unit":0.1,"countries":[\n${body}\n]}\n`;
const target = fileURLToPath(new URL("../../themes/default/map/countries-110m.json", import.meta.url));
writeFileSync(target, text);
console.log(`${target}: ${out.length} countries, ${text.length} bytes`);
