//! Checks that are not a lookup: country codes, dates that must be full or
//! ordered, parent chains without cycles, and links in Markdown bodies.

use super::resolve::{Edges, Index};
use crate::diag::{Diagnostic, Diagnostics, nearest};
use crate::model::{Bodies, Entity, Site, pos_of};
use crate::text::markdown::parse_entity_link;

pub fn countries(site: &Site, diags: &mut Diagnostics) {
    if site.countries_broken {
        return; // its own error says why; every code would seem unknown
    }
    let codes: Vec<&str> = site.countries.keys().map(String::as_str).collect();
    for city in &site.cities {
        let country = &city.data.country;
        if site.countries.contains_key(&country.value) {
            continue;
        }
        let help = match nearest(&country.value, codes.iter().copied()) {
            Some(n) => {
                format!(
                    "did you mean `{n}`? add the country to content/countries.yaml if it is new"
                )
            }
            None => {
                "add it to content/countries.yaml (keys are ISO 3166-1 alpha-2 codes)".to_owned()
            }
        };
        diags.push(
            Diagnostic::error(format!("unknown country `{}`", country.value))
                .in_file(&city.file)
                .at_pos(pos_of(country))
                .help(help),
        );
    }
}

/// Membership periods in order; event dates full and `end` not before `date`.
pub fn dates(site: &Site, diags: &mut Diagnostics) {
    for council in &site.councils {
        for m in &council.data.members {
            if let (Some(since), Some(until)) = (m.since, m.until)
                && until < since
            {
                diags.push(
                    Diagnostic::error(format!(
                        "membership of `{}` ends ({until}) before it starts ({since})",
                        m.city.value
                    ))
                    .in_file(&council.file)
                    .at_pos(pos_of(&m.city)),
                );
            }
        }
    }
    for event in &site.events {
        let e = &event.data;
        if !e.date.value.is_full() {
            diags.push(
                Diagnostic::error(format!("event date `{}` is not a full date", e.date.value))
                    .in_file(&event.file)
                    .at_pos(pos_of(&e.date))
                    .help("write the date as YYYY-MM-DD"),
            );
        }
        if let Some(end) = &e.end
            && end.value < e.date.value
        {
            diags.push(
                Diagnostic::error(format!(
                    "`end` ({}) is before `date` ({})",
                    end.value, e.date.value
                ))
                .in_file(&event.file)
                .at_pos(pos_of(end))
                .help("`end` is the last day of the event, on or after `date`"),
            );
        }
    }
}

/// Reports each cycle of a `parent` relation once.
pub fn cycles<D>(
    what: &str,
    list: &[Entity<D, Bodies>],
    parents: &Edges,
    parent_ref: impl Fn(&D) -> Option<&crate::model::Ref>,
    diags: &mut Diagnostics,
) {
    let parent: Vec<Option<usize>> = parents
        .forward
        .iter()
        .map(|ends| ends.first().map(|e| e.index))
        .collect();
    for cycle in find_cycles(&parent) {
        let names: Vec<&str> = cycle.iter().map(|&i| list[i].slug.as_str()).collect();
        let first = &list[cycle[0]];
        let mut path = names.join(" → ");
        path.push_str(" → ");
        path.push_str(names[0]);
        let mut d = Diagnostic::error(format!("cycle in {what} `parent`: {path}"))
            .in_file(&first.file)
            .help("a parent chain must end at an entity with no parent");
        if let Some(r) = parent_ref(&first.data) {
            d = d.at_pos(pos_of(r));
        }
        diags.push(d);
    }
}

/// Each cycle in a parent forest, once, starting from its smallest index.
fn find_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    let mut state = vec![0u8; parents.len()]; // 0 new, 1 on path, 2 done
    let mut cycles = Vec::new();
    for start in 0..parents.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let pos = path.iter().position(|&p| p == i).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[pos..].to_vec();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, v)| **v)
                        .map_or(0, |(k, _)| k);
                    cycle.rotate_left(min);
                    cycles.push(cycle);
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    cur = parents[i];
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    cycles
}

/// `wikidata:` is an item id: `Q` and a number.
pub fn wikidata(site: &Site, diags: &mut Diagnostics) {
    let ids = site
        .cities
        .iter()
        .map(|e| (&e.file, e.data.wikidata.as_ref()))
        .chain(
            site.councils
                .iter()
                .map(|e| (&e.file, e.data.wikidata.as_ref())),
        )
        .chain(
            site.events
                .iter()
                .map(|e| (&e.file, e.data.wikidata.as_ref())),
        );
    for (file, id) in ids {
        let Some(id) = id else { continue };
        let digits = id.value.strip_prefix('Q').unwrap_or_default();
        let valid = !digits.is_empty()
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit());
        if !valid {
            diags.push(
                Diagnostic::error(format!("`{}` is not a Wikidata item id", id.value))
                    .in_file(file)
                    .at_pos(pos_of(id))
                    .help("an item id is Q followed by its number, as in Q1490 (see the item's page on wikidata.org)"),
            );
        }
    }
}

/// Every `@kind/slug` link of every body names an existing entity.
pub fn body_links(site: &Site, index: &Index, diags: &mut Diagnostics) {
    let bodies = site
        .cities
        .iter()
        .flat_map(|e| &e.bodies.raw)
        .chain(site.councils.iter().flat_map(|e| &e.bodies.raw))
        .chain(site.events.iter().flat_map(|e| &e.bodies.raw));
    for body in bodies {
        for link in &body.outline.links {
            let at = body.start.advance(&body.markdown, link.offset);
            let d = match parse_entity_link(&link.dest) {
                Some((kind, slug))
                    if index.find(kind, slug).is_some() || index.is_broken(kind, slug) =>
                {
                    continue;
                }
                Some((kind, slug)) => {
                    let help = match index.suggest(kind, slug) {
                        Some(n) => format!("did you mean `@{}/{n}`?", kind.dir()),
                        None => format!("no file content/{}/{slug}.yaml exists", kind.dir()),
                    };
                    Diagnostic::error(format!("link to a missing entity `{}`", link.dest))
                        .help(help)
                }
                None => Diagnostic::error(format!("malformed entity link `{}`", link.dest))
                    .help("write @cities/<slug>, @councils/<slug> or @events/<slug>"),
            };
            diags.push(d.in_file(&body.file).at_pos(at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_found_once() {
        let parents = [Some(1), Some(2), Some(0), None, Some(3)];
        assert_eq!(find_cycles(&parents), vec![vec![0, 1, 2]]);
        assert!(find_cycles(&[None, Some(0)]).is_empty());
    }
}
