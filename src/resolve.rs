//! Stage 3, resolve: check every reference between entities and build the
//! back-links each page shows (children, ties in both directions, members,
//! events). Entities are referred to by their index in the site's lists.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{Event as MdEvent, Parser, Tag};

use crate::diag::{Diagnostic, Diagnostics, nearest};
use crate::model::{Kind, PartialDate, Ref, Role, TieKind};
use crate::normalise::{Site, markdown_options};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TieLink {
    pub other: usize,
    pub kind: TieKind,
    pub since: Option<PartialDate>,
    pub event: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberLink {
    pub city: usize,
    pub council: usize,
    pub role: Role,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

#[derive(Clone, Debug, Default)]
pub struct CityLinks {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub ties: Vec<TieLink>,
    pub memberships: Vec<MemberLink>,
    pub seat_of: Vec<usize>,
    pub events_held: Vec<usize>,
    pub events_hosted: Vec<usize>,
    pub events_joined: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct CouncilLinks {
    pub parent: Option<usize>,
    pub committees: Vec<usize>,
    pub seat: Option<usize>,
    pub members: Vec<MemberLink>,
    pub events: Vec<usize>,
}

impl CouncilLinks {
    /// How many governments belong, counting one with two roles once.
    pub fn member_count(&self) -> usize {
        let mut cities: Vec<usize> = self.members.iter().map(|m| m.city).collect();
        cities.sort_unstable();
        cities.dedup();
        cities.len()
    }
}

#[derive(Clone, Debug, Default)]
pub struct EventLinks {
    pub city: Option<usize>,
    pub councils: Vec<usize>,
    pub hosts: Vec<usize>,
    pub participants: Vec<usize>,
    /// Ties whose `event:` names this event: (city, city, kind).
    pub ties_signed: Vec<(usize, usize, TieKind)>,
}

/// The site with every reference resolved.
pub struct Graph {
    pub site: Site,
    pub cities: Vec<CityLinks>,
    pub councils: Vec<CouncilLinks>,
    pub events: Vec<EventLinks>,
    index: HashMap<(Kind, String), usize>,
}

impl Graph {
    /// Index of the entity `kind/slug`.
    pub fn find(&self, kind: Kind, slug: &str) -> Option<usize> {
        self.index.get(&(kind, slug.to_owned())).copied()
    }

    pub fn slug(&self, kind: Kind, i: usize) -> &str {
        match kind {
            Kind::City => &self.site.cities[i].slug,
            Kind::Council => &self.site.councils[i].slug,
            Kind::Event => &self.site.events[i].slug,
        }
    }

    pub fn len(&self, kind: Kind) -> usize {
        match kind {
            Kind::City => self.site.cities.len(),
            Kind::Council => self.site.councils.len(),
            Kind::Event => self.site.events.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        Kind::ALL.iter().all(|&k| self.len(k) == 0)
    }

    /// Every entity whose name or data appears on the page of `kind/i`, so
    /// `serve` knows which pages a change touches. It must list everything
    /// `render` shows; the serve tests compare incremental with full builds.
    pub fn shown_on_page(&self, kind: Kind, i: usize) -> Vec<(Kind, usize)> {
        let mut out: Vec<(Kind, usize)> = Vec::new();
        let events = |out: &mut Vec<(Kind, usize)>, list: &[usize]| {
            for &e in list {
                out.push((Kind::Event, e));
                // An event summary shows where it took place.
                if let Some(c) = self.events[e].city {
                    out.push((Kind::City, c));
                }
            }
        };
        let raw = match kind {
            Kind::City => {
                let c = &self.cities[i];
                out.extend(c.parent.map(|p| (Kind::City, p)));
                out.extend(c.children.iter().map(|&x| (Kind::City, x)));
                for t in &c.ties {
                    out.push((Kind::City, t.other));
                    out.extend(t.event.map(|e| (Kind::Event, e)));
                }
                out.extend(c.memberships.iter().map(|m| (Kind::Council, m.council)));
                out.extend(c.seat_of.iter().map(|&x| (Kind::Council, x)));
                events(&mut out, &c.events_hosted);
                events(&mut out, &c.events_held);
                events(&mut out, &c.events_joined);
                &self.site.cities[i].bodies.raw
            }
            Kind::Council => {
                let c = &self.councils[i];
                out.extend(c.parent.map(|p| (Kind::Council, p)));
                out.extend(c.seat.map(|s| (Kind::City, s)));
                for &k in &c.committees {
                    out.push((Kind::Council, k));
                    // The committee table shows each committee's coordinators.
                    out.extend(
                        self.councils[k]
                            .members
                            .iter()
                            .map(|m| (Kind::City, m.city)),
                    );
                }
                out.extend(c.members.iter().map(|m| (Kind::City, m.city)));
                events(&mut out, &c.events);
                &self.site.councils[i].bodies.raw
            }
            Kind::Event => {
                let e = &self.events[i];
                out.extend(e.city.map(|c| (Kind::City, c)));
                out.extend(e.councils.iter().map(|&x| (Kind::Council, x)));
                out.extend(e.hosts.iter().map(|&x| (Kind::City, x)));
                out.extend(e.participants.iter().map(|&x| (Kind::City, x)));
                for &(a, b, _) in &e.ties_signed {
                    out.extend([(Kind::City, a), (Kind::City, b)]);
                }
                &self.site.events[i].bodies.raw
            }
        };
        for body in raw {
            for link in entity_links(&body.markdown) {
                if let Some((k, slug)) = parse_entity_link(&link.dest)
                    && let Some(j) = self.find(k, slug)
                {
                    out.push((k, j));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

struct Resolver<'a> {
    index: &'a HashMap<(Kind, String), usize>,
    slugs: HashMap<Kind, Vec<&'a str>>,
    diags: Diagnostics,
}

impl Resolver<'_> {
    fn lookup(&mut self, kind: Kind, r: &Ref, file: &Path, field: &str) -> Option<usize> {
        if let Some(&i) = self.index.get(&(kind, r.value.clone())) {
            return Some(i);
        }
        let what = match kind {
            Kind::City => "city",
            Kind::Council => "council",
            Kind::Event => "event",
        };
        let candidates = self.slugs.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        let help = match nearest(&r.value, candidates.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!(
                "`{field}` takes the slug of a file in content/{}/ (its name without .yaml)",
                kind.dir()
            ),
        };
        self.diags.push(
            Diagnostic::error(format!("unknown {what} `{}` in `{field}`", r.value))
                .in_file(file)
                .at(r.referenced.line() as usize, r.referenced.column() as usize)
                .help(help),
        );
        None
    }
}

/// Resolves references. Returns the graph if there were no errors.
pub fn resolve(site: Site) -> (Option<Graph>, Diagnostics) {
    let mut index = HashMap::new();
    for (i, e) in site.cities.iter().enumerate() {
        index.insert((Kind::City, e.slug.clone()), i);
    }
    for (i, e) in site.councils.iter().enumerate() {
        index.insert((Kind::Council, e.slug.clone()), i);
    }
    for (i, e) in site.events.iter().enumerate() {
        index.insert((Kind::Event, e.slug.clone()), i);
    }
    let mut slugs: HashMap<Kind, Vec<&str>> = HashMap::new();
    for (kind, slug) in index.keys() {
        slugs.entry(*kind).or_default().push(slug.as_str());
    }
    let mut r = Resolver {
        index: &index,
        slugs,
        diags: Diagnostics::new(),
    };
    let mut cities = vec![CityLinks::default(); site.cities.len()];
    let mut councils = vec![CouncilLinks::default(); site.councils.len()];
    let mut events = vec![EventLinks::default(); site.events.len()];

    // Cities: country, parent, ties.
    let country_codes: Vec<&str> = site.countries.keys().map(String::as_str).collect();
    // (low, high) city pair → (tie, declaring file), to check both sides agree.
    let mut ties: HashMap<(usize, usize), (TieLink, usize)> = HashMap::new();
    for (i, city) in site.cities.iter().enumerate() {
        let file = &city.file;
        let c = &city.data;
        if !site.countries.contains_key(&c.country.value) {
            let help = match nearest(&c.country.value, country_codes.iter().copied()) {
                Some(n) => format!(
                    "did you mean `{n}`? add the country to content/countries.yaml if it is new"
                ),
                None => "add it to content/countries.yaml (keys are ISO 3166-1 alpha-2 codes)"
                    .to_owned(),
            };
            r.diags.push(
                Diagnostic::error(format!("unknown country `{}`", c.country.value))
                    .in_file(file)
                    .at(
                        c.country.referenced.line() as usize,
                        c.country.referenced.column() as usize,
                    )
                    .help(help),
            );
        }
        if let Some(p) = &c.parent {
            cities[i].parent = r.lookup(Kind::City, p, file, "parent");
        }
        for tie in &c.ties {
            let Some(other) = r.lookup(Kind::City, &tie.city, file, "ties.city") else {
                continue;
            };
            let event = tie
                .event
                .as_ref()
                .and_then(|e| r.lookup(Kind::Event, e, file, "ties.event"));
            if other == i {
                r.diags.push(
                    Diagnostic::error("a city cannot have a tie with itself")
                        .in_file(file)
                        .at(
                            tie.city.referenced.line() as usize,
                            tie.city.referenced.column() as usize,
                        ),
                );
                continue;
            }
            let link = TieLink {
                other,
                kind: tie.kind,
                since: tie.since,
                event,
            };
            let key = (i.min(other), i.max(other));
            match ties.get(&key) {
                None => {
                    ties.insert(key, (link, i));
                }
                Some((first, declarer)) if *declarer != i => {
                    let agrees = first.kind == link.kind
                        && (first.since == link.since
                            || first.since.is_none()
                            || link.since.is_none())
                        && (first.event == link.event
                            || first.event.is_none()
                            || link.event.is_none());
                    if !agrees {
                        r.diags.push(
                            Diagnostic::error(format!(
                                "tie with `{}` disagrees with the one declared in {}",
                                tie.city.value,
                                site.cities[*declarer].file.display()
                            ))
                            .in_file(file)
                            .at(tie.city.referenced.line() as usize, tie.city.referenced.column() as usize)
                            .help("a tie is symmetric: declare it on one side only, or give both sides the same kind, since and event"),
                        );
                    } else {
                        // Both sides agree; keep whatever detail either gave.
                        let merged = TieLink {
                            other: first.other,
                            kind: first.kind,
                            since: first.since.or(link.since),
                            event: first.event.or(link.event),
                        };
                        let declarer = *declarer;
                        ties.insert(key, (merged, declarer));
                    }
                }
                Some(_) => r.diags.push(
                    Diagnostic::error(format!("tie with `{}` is declared twice", tie.city.value))
                        .in_file(file)
                        .at(
                            tie.city.referenced.line() as usize,
                            tie.city.referenced.column() as usize,
                        ),
                ),
            }
        }
    }
    let mut tie_list: Vec<_> = ties.into_iter().collect();
    tie_list.sort_by_key(|(k, _)| *k);
    for ((a, b), (link, _)) in tie_list {
        for (from, to) in [(a, b), (b, a)] {
            cities[from].ties.push(TieLink {
                other: to,
                ..link.clone()
            });
        }
        if let Some(e) = link.event {
            events[e].ties_signed.push((a, b, link.kind));
        }
    }

    // Councils: parent, seat, members.
    for (i, council) in site.councils.iter().enumerate() {
        let file = &council.file;
        let c = &council.data;
        if let Some(p) = &c.parent {
            councils[i].parent = r.lookup(Kind::Council, p, file, "parent");
        }
        if let Some(s) = &c.seat {
            councils[i].seat = r.lookup(Kind::City, s, file, "seat");
            if let Some(city) = councils[i].seat {
                cities[city].seat_of.push(i);
            }
        }
        for m in &c.members {
            let Some(city) = r.lookup(Kind::City, &m.city, file, "members.city") else {
                continue;
            };
            if let (Some(since), Some(until)) = (m.since, m.until)
                && until < since
            {
                r.diags.push(
                    Diagnostic::error(format!(
                        "membership of `{}` ends ({until}) before it starts ({since})",
                        m.city.value
                    ))
                    .in_file(file)
                    .at(
                        m.city.referenced.line() as usize,
                        m.city.referenced.column() as usize,
                    ),
                );
            }
            let link = MemberLink {
                city,
                council: i,
                role: m.role,
                since: m.since,
                until: m.until,
            };
            cities[city].memberships.push(link.clone());
            councils[i].members.push(link);
        }
    }

    // Events: date, end, place, councils, hosts, participants.
    for (i, event) in site.events.iter().enumerate() {
        let file = &event.file;
        let e = &event.data;
        let date_at = (
            e.date.referenced.line() as usize,
            e.date.referenced.column() as usize,
        );
        if !e.date.value.is_full() {
            r.diags.push(
                Diagnostic::error(format!("event date `{}` is not a full date", e.date.value))
                    .in_file(file)
                    .at(date_at.0, date_at.1)
                    .help("write the date as YYYY-MM-DD"),
            );
        }
        if let Some(end) = &e.end
            && end.value < e.date.value
        {
            r.diags.push(
                Diagnostic::error(format!(
                    "`end` ({}) is before `date` ({})",
                    end.value, e.date.value
                ))
                .in_file(file)
                .at(
                    end.referenced.line() as usize,
                    end.referenced.column() as usize,
                )
                .help("`end` is the last day of the event, on or after `date`"),
            );
        }
        if let Some(c) = &e.city {
            events[i].city = r.lookup(Kind::City, c, file, "city");
            if let Some(city) = events[i].city {
                cities[city].events_held.push(i);
            }
        }
        for c in &e.councils {
            if let Some(council) = r.lookup(Kind::Council, c, file, "councils") {
                events[i].councils.push(council);
                councils[council].events.push(i);
            }
        }
        for h in &e.hosts {
            if let Some(city) = r.lookup(Kind::City, h, file, "hosts") {
                events[i].hosts.push(city);
                cities[city].events_hosted.push(i);
            }
        }
        for p in &e.participants {
            if let Some(city) = r.lookup(Kind::City, p, file, "participants") {
                events[i].participants.push(city);
                cities[city].events_joined.push(i);
            }
        }
    }

    // Parents: children lists, and no cycles.
    for i in 0..cities.len() {
        if let Some(p) = cities[i].parent {
            cities[p].children.push(i);
        }
    }
    for i in 0..councils.len() {
        if let Some(p) = councils[i].parent {
            councils[p].committees.push(i);
        }
    }
    let city_parents: Vec<Option<usize>> = cities.iter().map(|c| c.parent).collect();
    let council_parents: Vec<Option<usize>> = councils.iter().map(|c| c.parent).collect();
    for cycle in find_cycles(&city_parents) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| site.cities[i].slug.as_str())
            .collect();
        let first = &site.cities[cycle[0]];
        let at = first
            .data
            .parent
            .as_ref()
            .map(|p| (p.referenced.line() as usize, p.referenced.column() as usize));
        r.diags.push(cycle_error("city", &names, &first.file, at));
    }
    for cycle in find_cycles(&council_parents) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&i| site.councils[i].slug.as_str())
            .collect();
        let first = &site.councils[cycle[0]];
        let at = first
            .data
            .parent
            .as_ref()
            .map(|p| (p.referenced.line() as usize, p.referenced.column() as usize));
        r.diags
            .push(cycle_error("council", &names, &first.file, at));
    }

    // Links in Markdown bodies.
    let bodies = site
        .cities
        .iter()
        .flat_map(|e| &e.bodies.raw)
        .chain(site.councils.iter().flat_map(|e| &e.bodies.raw))
        .chain(site.events.iter().flat_map(|e| &e.bodies.raw));
    for body in bodies {
        for link in entity_links(&body.markdown) {
            let (line, column) = line_col(&body.markdown, link.offset);
            let line = line + body.first_line - 1;
            match parse_entity_link(&link.dest) {
                Some((kind, slug)) => {
                    if !index.contains_key(&(kind, slug.to_owned())) {
                        let candidates = r.slugs.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
                        let help = match nearest(slug, candidates.iter().copied()) {
                            Some(n) => format!("did you mean `@{}/{n}`?", kind.dir()),
                            None => format!("no file content/{}/{slug}.yaml exists", kind.dir()),
                        };
                        r.diags.push(
                            Diagnostic::error(format!("link to a missing entity `{}`", link.dest))
                                .in_file(&body.file)
                                .at(line, column)
                                .help(help),
                        );
                    }
                }
                None => r.diags.push(
                    Diagnostic::error(format!("malformed entity link `{}`", link.dest))
                        .in_file(&body.file)
                        .at(line, column)
                        .help("write @cities/<slug>, @councils/<slug> or @events/<slug>"),
                ),
            }
        }
    }

    let diags = r.diags;
    if diags.has_errors() {
        return (None, diags);
    }
    // Back-link lists in a stable order: events by date, others by index.
    let event_date = |i: &usize| (site.events[*i].data.date.value, *i);
    for c in &mut cities {
        c.events_held.sort_by_key(event_date);
        c.events_hosted.sort_by_key(event_date);
        c.events_joined.sort_by_key(event_date);
    }
    for c in &mut councils {
        c.events.sort_by_key(event_date);
    }
    (
        Some(Graph {
            site,
            cities,
            councils,
            events,
            index,
        }),
        diags,
    )
}

fn cycle_error(what: &str, names: &[&str], file: &Path, at: Option<(usize, usize)>) -> Diagnostic {
    let mut path = names.join(" → ");
    path.push_str(" → ");
    path.push_str(names[0]);
    let (line, column) = at.unwrap_or((0, 0));
    Diagnostic::error(format!("cycle in {what} `parent`: {path}"))
        .in_file(file)
        .at(line, column)
        .help("a parent chain must end at an entity with no parent")
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
                        .map(|(k, _)| k)
                        .unwrap_or(0);
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

pub struct EntityLink {
    pub dest: String,
    /// Byte offset of the link in the Markdown.
    pub offset: usize,
}

/// Every link whose destination starts with `@`.
pub fn entity_links(markdown: &str) -> Vec<EntityLink> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            MdEvent::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('@') => {
                Some(EntityLink {
                    dest: dest_url.to_string(),
                    offset: range.start,
                })
            }
            _ => None,
        })
        .collect()
}

/// `@cities/jinan` → (City, "jinan").
pub fn parse_entity_link(dest: &str) -> Option<(Kind, &str)> {
    let (dir, slug) = dest.strip_prefix('@')?.split_once('/')?;
    let kind = Kind::from_dir(dir)?;
    crate::load::is_valid_slug(slug).then_some((kind, slug))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
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

    #[test]
    fn entity_links_parsed() {
        assert_eq!(
            parse_entity_link("@cities/jinan"),
            Some((Kind::City, "jinan"))
        );
        assert_eq!(parse_entity_link("@towns/jinan"), None);
        assert_eq!(parse_entity_link("@cities/Jinan"), None);
        let links = entity_links("见[济南](@cities/jinan)。\n[x](https://a)");
        assert_eq!(links.len(), 1);
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
