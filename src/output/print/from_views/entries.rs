//! The parts of the book from the typed views: entries by kind, the
//! chronicle and the appendix tables.

use super::{Builder, link_span, text_span};
use crate::graph::AnyId;
use crate::model::{City, Council, Edition, Event, Id, Kind, PartialDate};
use crate::output::print::{
    ChronicleItem, ChronicleYear, Entry, Fact, Figure, Inline, Part, Section, Span, Table,
};
use crate::view::{AnyPage, CountryCode, EventSummary, LinkView, Route, city, council, event};

impl Builder<'_, '_, '_> {
    fn part(&self, kind: Kind, sections: Vec<Section>) -> Part {
        Part {
            title: self.ui(kind.dir()),
            anchor: format!("part-{}", kind.dir()),
            sections,
        }
    }

    fn fact(&self, out: &mut Vec<Fact>, key: &str, value: Inline) {
        if !value.is_empty() {
            out.push(Fact {
                label: self.ui(key),
                value,
            });
        }
    }

    fn plain(text: Option<impl Into<String>>) -> Inline {
        text.map(|t| Span::text(t)).into_iter().collect()
    }

    fn event_links(&self, list: &[EventSummary<'_>]) -> Inline {
        let links: Vec<_> = list.iter().map(|s| s.event.clone()).collect();
        self.links(&links)
    }

    /// Column headings and widths from (UI key, relative width).
    fn columns(&self, spec: &[(&str, u8)]) -> (Vec<String>, Vec<u8>) {
        spec.iter().map(|&(k, w)| (self.ui(k), w)).unzip()
    }

    fn table(&self, title: String, anchor: Option<&str>, spec: &[(&str, u8)]) -> Table {
        let (columns, widths) = self.columns(spec);
        Table {
            title,
            anchor: anchor.map(str::to_owned),
            columns,
            widths,
            rows: Vec::new(),
            figure: None,
        }
    }

    /// Cities by country, as the site's index groups them.
    pub(super) fn cities(&self) -> Part {
        let graph = self.cx.views.graph;
        let ids = graph.ids(Kind::City).map(|id| Id::new(id.index));
        let sections = self
            .cx
            .by_country(ids, |c| (c, self.city(c)))
            .into_iter()
            .map(|g| {
                let code = g
                    .items
                    .first()
                    .and_then(|&(c, _)| CountryCode::new(&graph.city(c).data.country.value));
                let caption = self
                    .ui("print_country_map")
                    .replace("{country}", g.country.text);
                Section {
                    title: Some(g.country.text.to_owned()),
                    figure: code.and_then(|code| self.country_map(code, caption)),
                    entries: g.items.into_iter().map(|(_, e)| e).collect(),
                }
            })
            .collect();
        self.part(Kind::City, sections)
    }

    /// The map of a country's ties, from its page in the site.
    fn country_map(&self, code: CountryCode, caption: String) -> Option<Figure> {
        let Some(AnyPage::Country(p)) = self.page(Route::Countries(self.e, Some(code))) else {
            return None;
        };
        Some(self.figure(p.page.map?, caption, None))
    }

    fn city(&self, id: Id<City>) -> Entry {
        let page = city::view(self.cx, id);
        let v = &page.page;
        let mut e = self.entry(AnyId::from(id), v.heading, 3);
        e.names = self.other_names(v.heading.text, &v.names, &[]);
        let mut facts = Vec::new();
        self.fact(&mut facts, "country", vec![plain_link(&v.country)]);
        self.fact(&mut facts, "level", vec![Span::text(v.level.clone())]);
        let mut aliases = Vec::new();
        for &a in &v.aliases {
            if !aliases.is_empty() {
                aliases.push(Span::text(self.sep()));
            }
            aliases.push(text_span(a));
        }
        self.fact(&mut facts, "print_aliases", aliases);
        self.fact(
            &mut facts,
            "parent",
            v.parent.iter().map(link_span).collect(),
        );
        self.fact(&mut facts, "children", self.links(&v.children));
        self.fact(&mut facts, "seat_of", self.links(&v.seat_of));
        let councils: Vec<_> = v.memberships.iter().map(|m| m.council.clone()).collect();
        self.fact(&mut facts, "memberships", self.links(&councils));
        self.fact(&mut facts, "events_hosted", self.event_links(&v.hosted));
        self.fact(&mut facts, "events_held", self.event_links(&v.events_held));
        let joined = self.event_links(&v.participated_in);
        self.fact(&mut facts, "events_joined", joined);
        let location = v.location.map(|l| format!("{:.4}, {:.4}", l.lat, l.lon));
        self.fact(&mut facts, "location", Self::plain(location));
        self.fact(&mut facts, "website", Self::plain(v.website));
        e.facts = facts;
        e.body = self.body(AnyId::from(id));
        if !v.ties.is_empty() {
            let spec = [
                ("city", 3),
                ("country", 2),
                ("tie_kind", 2),
                ("since", 2),
                ("signed_at", 5),
            ];
            let mut table = self.table(self.ui("ties"), None, &spec);
            for t in &v.ties {
                table.rows.push(vec![
                    vec![link_span(&t.city)],
                    vec![plain_link(&t.country)],
                    vec![Span::text(t.kind.clone())],
                    Self::plain(t.since.clone()),
                    t.event.iter().map(link_span).collect(),
                ]);
            }
            self.appendix_ties(id, &e, &v.country);
            e.tables.push(table);
        }
        e
    }

    /// The appendix lists each pair once, under the city that sorts first.
    fn appendix_ties(&self, id: Id<City>, entry: &Entry, country: &LinkView<'_>) {
        let (cx, order) = (self.cx, &self.cx.views.order);
        for t in cx.views.graph.ties(id) {
            let other = t.other(id);
            if order
                .cmp(self.e, Kind::City, id.index(), other.index())
                .is_ge()
            {
                continue;
            }
            self.ties.borrow_mut().push(vec![
                vec![Span {
                    anchor: Some(entry.anchor.clone()),
                    ..Span::text(entry.title.clone())
                }],
                vec![plain_link(country)],
                vec![link_span(&cx.link(other))],
                vec![text_span(cx.country(other))],
                vec![Span::text(cx.label("tie", &t.kind))],
                Self::plain(cx.opt_date(&t.since)),
            ]);
        }
    }

    /// Councils in reading order, each followed by its committees, as the
    /// site's index lists them.
    pub(super) fn councils(&self) -> Part {
        let graph = self.cx.views.graph;
        let mut entries = Vec::new();
        let roots = self.cx.views.order.list(self.e, Kind::Council);
        for &i in roots {
            let c = Id::<Council>::new(i);
            if graph
                .target(crate::graph::relations::COUNCIL_PARENT, c)
                .is_none()
            {
                self.council_tree(c, 3, &mut entries);
            }
        }
        let section = Section {
            title: None,
            figure: None,
            entries,
        };
        self.part(Kind::Council, vec![section])
    }

    fn council_tree(&self, id: Id<Council>, level: u8, out: &mut Vec<Entry>) {
        let (entry, committees) = self.council(id, level);
        out.push(entry);
        // Parents are acyclic (resolve checked), so this recursion ends.
        for k in committees {
            self.council_tree(k, (level + 1).min(6), out);
        }
    }

    /// A council's entry, and its committees in reading order.
    fn council(&self, id: Id<Council>, level: u8) -> (Entry, Vec<Id<Council>>) {
        let mut page = council::view(self.cx, id);
        let chart = page.page.members_chart.take();
        let v = &page.page;
        let mut e = self.entry(AnyId::from(id), v.heading, level);
        e.names = self.other_names(v.heading.text, &v.names, &[]);
        let mut facts = Vec::new();
        self.fact(
            &mut facts,
            "print_short",
            v.short.into_iter().map(text_span).collect(),
        );
        self.fact(&mut facts, "founded", Self::plain(v.founded.clone()));
        self.fact(&mut facts, "seat", v.seat.iter().map(link_span).collect());
        let parent = v.parent.iter().map(link_span).collect();
        self.fact(&mut facts, "parent_council", parent);
        self.fact(
            &mut facts,
            "focus",
            v.focus.into_iter().map(text_span).collect(),
        );
        let committees: Vec<_> = v.committees.iter().map(|k| k.council.clone()).collect();
        self.fact(&mut facts, "committees", self.links(&committees));
        self.fact(&mut facts, "events", self.event_links(&v.events));
        self.fact(&mut facts, "website", Self::plain(v.website));
        e.facts = facts;
        e.body = self.body(AnyId::from(id));
        e.figures = chart.map(|f| self.captioned(f)).into_iter().collect();
        if !v.member_groups.is_empty() {
            let title = format!(
                "{}{}",
                self.ui("members"),
                self.paren(&v.member_count.to_string())
            );
            let spec = [("country", 2), ("city", 4), ("print_role", 2), ("date", 4)];
            let mut table = self.table(title, None, &spec);
            let council = Span {
                anchor: Some(e.anchor.clone()),
                ..Span::text(e.title.clone())
            };
            for g in &v.member_groups {
                for m in &g.items {
                    {
                        let r = &m.membership;
                        let row = vec![
                            vec![plain_link(&g.country)],
                            vec![link_span(&m.city)],
                            vec![Span::text(r.role.clone())],
                            Self::plain(r.period.clone().or(r.member_since.clone())),
                        ];
                        let mut appendix = vec![vec![council.clone()]];
                        appendix.extend(row.iter().cloned());
                        self.memberships.borrow_mut().push(appendix);
                        table.rows.push(row);
                    }
                }
            }
            e.tables.push(table);
        }
        let graph = self.cx.views.graph;
        let mut committees: Vec<Id<Council>> = graph.committees(id).collect();
        let order = &self.cx.views.order;
        committees.sort_by(|a, b| order.cmp(self.e, Kind::Council, a.index(), b.index()));
        (e, committees)
    }

    /// Events oldest first (the site lists them newest first), by year.
    fn events_by_year(&self) -> Vec<(i32, Vec<Id<Event>>)> {
        let graph = self.cx.views.graph;
        let mut years: Vec<(i32, Vec<Id<Event>>)> = Vec::new();
        for &i in self.cx.views.order.list(self.e, Kind::Event).iter().rev() {
            let id = Id::<Event>::new(i);
            let y = graph.event(id).data.date.value.year;
            match years.last_mut() {
                Some((last, list)) if *last == y => list.push(id),
                _ => years.push((y, vec![id])),
            }
        }
        years
    }

    fn year_label(&self, year: i32) -> String {
        self.cx.date(&PartialDate {
            year,
            month: None,
            day: None,
        })
    }

    pub(super) fn events(&self) -> Part {
        let sections = self
            .events_by_year()
            .into_iter()
            .map(|(y, list)| Section {
                title: Some(self.year_label(y)),
                figure: None,
                entries: list.into_iter().map(|id| self.event(id)).collect(),
            })
            .collect();
        self.part(Kind::Event, sections)
    }

    fn event(&self, id: Id<Event>) -> Entry {
        let page = event::view(self.cx, id);
        let v = &page.page;
        let mut e = self.entry(AnyId::from(id), v.heading, 3);
        e.names = self.other_names(v.heading.text, &v.names, &[]);
        let mut facts = Vec::new();
        self.fact(
            &mut facts,
            "event_kind",
            vec![Span::text(v.event_kind.clone())],
        );
        let date = match &v.end {
            Some(end) => format!("{}—{end}", v.date),
            None => v.date.clone(),
        };
        self.fact(&mut facts, "date", vec![Span::text(date)]);
        self.fact(&mut facts, "place", v.place.iter().map(link_span).collect());
        self.fact(
            &mut facts,
            "venue",
            v.venue.into_iter().map(text_span).collect(),
        );
        self.fact(&mut facts, "related_councils", self.links(&v.councils));
        self.fact(&mut facts, "hosts", self.links(&v.hosts));
        let participants: Vec<_> = v
            .participants
            .iter()
            .flat_map(|g| g.items.iter().map(|p| p.city.clone()))
            .collect();
        self.fact(&mut facts, "participants", self.links(&participants));
        let semicolon = if self.e == Edition::En { "; " } else { "；" };
        let mut ties = Vec::new();
        for t in &v.ties_signed {
            if !ties.is_empty() {
                ties.push(Span::text(semicolon));
            }
            ties.push(link_span(&t.a));
            ties.push(Span::text(" — "));
            ties.push(link_span(&t.b));
            ties.push(Span::text(self.paren(&t.kind)));
        }
        self.fact(&mut facts, "ties_signed", ties);
        // Title and publisher keep their language (a Chinese citation in
        // the English book is set as Chinese).
        let comma = self.ui("list_comma");
        let mut sources = Vec::new();
        for s in &v.sources {
            if !sources.is_empty() {
                sources.push(Span::text(semicolon));
            }
            sources.push(text_span(s.title));
            let extra = s.publisher.map(text_span).into_iter().chain(
                [s.date.clone(), s.url.map(str::to_owned)]
                    .into_iter()
                    .flatten()
                    .map(Span::text),
            );
            for span in extra {
                sources.push(Span::text(comma.as_str()));
                sources.push(span);
            }
        }
        self.fact(&mut facts, "sources", sources);
        e.facts = facts;
        e.body = self.body(AnyId::from(id));
        e
    }

    /// 大事记: every event, oldest first, by year, with its day and place.
    pub(super) fn chronicle(&self) -> Vec<ChronicleYear> {
        let graph = self.cx.views.graph;
        let colon = if self.e == Edition::En { ": " } else { "：" };
        self.events_by_year()
            .into_iter()
            .map(|(y, list)| ChronicleYear {
                year: self.year_label(y),
                items: list
                    .into_iter()
                    .map(|id| {
                        let s = self.cx.event_summary(id);
                        let mut text = Vec::new();
                        if let Some(place) = &s.place {
                            text.push(Span {
                                anchor: None,
                                ..link_span(place)
                            });
                            text.push(Span::text(colon));
                        }
                        text.push(link_span(&s.event));
                        ChronicleItem {
                            date: self.day(&graph.event(id).data.date.value),
                            text,
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// Day and month, for lists under a year heading.
    fn day(&self, d: &PartialDate) -> String {
        match (d.month, d.day) {
            (Some(m), Some(day)) => self
                .ui("print_date_day")
                .replace("{m}", &m.to_string())
                .replace("{d}", &day.to_string())
                .replace("{month}", &self.ui(&format!("month_{m}"))),
            _ => self.cx.date(d),
        }
    }

    /// The map of every tie, from the site's page of countries.
    fn all_ties_map(&self) -> Option<Figure> {
        let Some(AnyPage::Countries(p)) = self.page(Route::Countries(self.e, None)) else {
            return None;
        };
        Some(self.captioned(p.page.map?))
    }

    /// Ties and memberships, each once, gathered while the entries were
    /// made (so call it after the parts).
    pub(super) fn appendix(&self) -> Vec<Table> {
        let mut tables = Vec::new();
        let ties = self.ties.take();
        if !ties.is_empty() {
            let spec = [
                ("city", 4),
                ("country", 2),
                ("city", 4),
                ("country", 2),
                ("tie_kind", 2),
                ("since", 2),
            ];
            let title = self.ui("print_ties_table");
            let mut table = self.table(title, Some("appendix-ties"), &spec);
            table.rows = ties;
            table.figure = self.all_ties_map();
            tables.push(table);
        }
        let members = self.memberships.take();
        if !members.is_empty() {
            let spec = [
                ("print_council", 5),
                ("country", 2),
                ("city", 4),
                ("print_role", 2),
                ("date", 4),
            ];
            let title = self.ui("print_memberships_table");
            let mut table = self.table(title, Some("appendix-memberships"), &spec);
            table.rows = members;
            tables.push(table);
        }
        tables
    }
}

/// A link's text without the link: the book has no country entries.
fn plain_link(l: &LinkView<'_>) -> Span {
    Span {
        anchor: None,
        ..link_span(l)
    }
}
