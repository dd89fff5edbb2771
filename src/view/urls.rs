//! The only place output paths exist. Every file nianjian writes is a
//! `Route`; `Urls` turns a route into its path in the output folder, a link
//! from any other route (relative, so the site works from any host, any
//! sub-path and straight from disk), and an absolute URL when `base_url` is
//! set (canonical links, alternates, sitemap, feeds).

use crate::graph::{AnyId, Graph};
use crate::model::{Edition, Kind};

/// One output file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Route {
    /// `index.html`: the language chooser.
    Chooser,
    /// `404.html`.
    NotFound,
    /// `<edition>/index.html`.
    Home(Edition),
    /// `<edition>/<kind>/index.html`.
    Index(Edition, Kind),
    /// `<edition>/<kind>/<slug>/index.html`.
    Entity(Edition, AnyId),
    /// `<edition>/chronicle/index.html`, or a year's `<edition>/chronicle/<year>/index.html`:
    /// the chronicle of events (大事记).
    Chronicle(Edition, Option<i32>),
    /// `<edition>/names/index.html`: the index of names (索引).
    Names(Edition),
    /// `<edition>/countries/index.html`, or one country's
    /// `<edition>/countries/<code>/index.html`.
    Countries(Edition, Option<CountryCode>),
    /// `<edition>/statistics/index.html`.
    Statistics(Edition),
    /// `sitemap.xml` (only with a `base_url`).
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// `<edition>/feed.xml`, or a council's `<edition>/councils/<slug>/feed.xml`:
    /// Atom feeds of events.
    Feed(Edition, Option<AnyId>),
    /// `<edition>/events.ics`: the events as an iCalendar file.
    Calendar(Edition),
    /// `data/…`: the yearbook as open data.
    Data(DataFile),
    /// `<edition>/search/index.html`: the search page.
    Search(Edition),
    /// `<edition>/search/ix/…`: the search index, several files.
    SearchIndex(Edition),
    /// `<edition>/yearbook-<edition>.pdf`: the print edition.
    Pdf(Edition),
}

/// An ISO 3166-1 alpha-2 code (checked by load: two upper-case letters), as
/// a route can hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// The code of `s`, if it is two ASCII letters.
    pub fn new(s: &str) -> Option<CountryCode> {
        match s.as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(CountryCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    /// `CN`, as content writes it.
    pub fn as_str(&self) -> &str {
        // Two ASCII letters (see `new`) are UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// `cn`, as its folder is named.
    pub fn dir(&self) -> String {
        self.as_str().to_ascii_lowercase()
    }
}

/// A section of the navigation: each kind's index and the yearbook's forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Kind(Kind),
    Chronicle,
    Countries,
    Names,
    Statistics,
}

impl Section {
    /// In the order of the navigation.
    pub const ALL: [Section; 7] = [
        Section::Kind(Kind::City),
        Section::Countries,
        Section::Kind(Kind::Council),
        Section::Kind(Kind::Event),
        Section::Chronicle,
        Section::Names,
        Section::Statistics,
    ];

    /// Its UI string, and its folder.
    pub fn key(self) -> &'static str {
        match self {
            Section::Kind(k) => k.dir(),
            Section::Chronicle => "chronicle",
            Section::Countries => "countries",
            Section::Names => "names",
            Section::Statistics => "statistics",
        }
    }

    /// The page the navigation links to.
    pub fn route(self, e: Edition) -> Route {
        match self {
            Section::Kind(k) => Route::Index(e, k),
            Section::Chronicle => Route::Chronicle(e, None),
            Section::Countries => Route::Countries(e, None),
            Section::Names => Route::Names(e),
            Section::Statistics => Route::Statistics(e),
        }
    }
}

/// The files of the open-data export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFile {
    Json,
    Schema,
    Csv(Table),
    GeoJson,
}

/// The CSV tables of the open-data export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Cities,
    Councils,
    Memberships,
    Ties,
    Events,
    Participants,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Cities,
        Table::Councils,
        Table::Memberships,
        Table::Ties,
        Table::Events,
        Table::Participants,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Cities => "cities",
            Table::Councils => "councils",
            Table::Memberships => "memberships",
            Table::Ties => "ties",
            Table::Events => "events",
            Table::Participants => "participants",
        }
    }
}

impl Route {
    /// Whether the route is an HTML page (not a feed or data file).
    pub fn is_page(self) -> bool {
        matches!(
            self,
            Route::Chooser
                | Route::NotFound
                | Route::Home(_)
                | Route::Index(..)
                | Route::Entity(..)
                | Route::Search(_)
        )
    }

    /// The edition a page belongs to; `None` for pages of the whole site.
    pub fn edition(self) -> Option<Edition> {
        match self {
            Route::Chooser | Route::NotFound | Route::Sitemap | Route::Robots | Route::Data(_) => {
                None
            }
            Route::Home(e)
            | Route::Index(e, _)
            | Route::Entity(e, _)
            | Route::Chronicle(e, _)
            | Route::Names(e)
            | Route::Countries(e, _)
            | Route::Statistics(e)
            | Route::Feed(e, _)
            | Route::Calendar(e)
            | Route::Search(e)
            | Route::SearchIndex(e)
            | Route::Pdf(e) => Some(e),
        }
    }

    /// The same page in another edition (the chooser's counterpart is the
    /// edition's home).
    pub fn in_edition(self, e: Edition) -> Route {
        match self {
            Route::Index(_, k) => Route::Index(e, k),
            Route::Entity(_, id) => Route::Entity(e, id),
            Route::Chronicle(_, y) => Route::Chronicle(e, y),
            Route::Names(_) => Route::Names(e),
            Route::Countries(_, c) => Route::Countries(e, c),
            Route::Statistics(_) => Route::Statistics(e),
            Route::Feed(_, of) => Route::Feed(e, of),
            Route::Calendar(_) => Route::Calendar(e),
            Route::Search(_) => Route::Search(e),
            Route::SearchIndex(_) => Route::SearchIndex(e),
            Route::Pdf(_) => Route::Pdf(e),
            _ => Route::Home(e),
        }
    }

    /// The section of the navigation the page is in.
    pub fn section(self) -> Option<Section> {
        match self {
            Route::Index(_, k) => Some(Section::Kind(k)),
            Route::Entity(_, id) => Some(Section::Kind(id.kind)),
            Route::Chronicle(..) => Some(Section::Chronicle),
            Route::Names(_) => Some(Section::Names),
            Route::Countries(..) => Some(Section::Countries),
            Route::Statistics(_) => Some(Section::Statistics),
            _ => None,
        }
    }

    /// How many folders below the output root the page is.
    pub fn depth(self) -> usize {
        match self {
            Route::Chooser | Route::NotFound | Route::Sitemap | Route::Robots => 0,
            Route::Home(_)
            | Route::Feed(_, None)
            | Route::Calendar(_)
            | Route::Data(_)
            | Route::Pdf(_) => 1,
            Route::Index(..)
            | Route::Search(_)
            | Route::Chronicle(_, None)
            | Route::Names(_)
            | Route::Countries(_, None)
            | Route::Statistics(_) => 2,
            Route::Entity(..)
            | Route::Feed(_, Some(_))
            | Route::SearchIndex(_)
            | Route::Chronicle(_, Some(_))
            | Route::Countries(_, Some(_)) => 3,
        }
    }
}

/// Paths and URLs of routes, for one site.
pub struct Urls<'a> {
    graph: &'a Graph,
    /// `https://example.org/yearbook/`, checked by `load`.
    base: Option<&'a str>,
}

impl<'a> Urls<'a> {
    pub fn new(graph: &'a Graph) -> Urls<'a> {
        Urls {
            graph,
            base: graph
                .site
                .yearbook
                .base_url
                .as_ref()
                .map(|b| b.value.as_str()),
        }
    }

    /// Path inside the output folder, `/`-separated.
    pub fn path(&self, route: Route) -> String {
        match route {
            Route::Chooser => "index.html".to_owned(),
            Route::NotFound => "404.html".to_owned(),
            Route::Home(e) => format!("{}/index.html", e.dir()),
            Route::Index(e, k) => format!("{}/{}/index.html", e.dir(), k.dir()),
            Route::Entity(e, id) => format!(
                "{}/{}/{}/index.html",
                e.dir(),
                id.kind.dir(),
                self.graph.slug(id)
            ),
            Route::Chronicle(e, None) => format!("{}/chronicle/index.html", e.dir()),
            Route::Chronicle(e, Some(y)) => format!("{}/chronicle/{y}/index.html", e.dir()),
            Route::Names(e) => format!("{}/names/index.html", e.dir()),
            Route::Countries(e, None) => format!("{}/countries/index.html", e.dir()),
            Route::Countries(e, Some(c)) => {
                format!("{}/countries/{}/index.html", e.dir(), c.dir())
            }
            Route::Statistics(e) => format!("{}/statistics/index.html", e.dir()),
            Route::Sitemap => "sitemap.xml".to_owned(),
            Route::Robots => "robots.txt".to_owned(),
            Route::Feed(e, None) => format!("{}/feed.xml", e.dir()),
            Route::Feed(e, Some(id)) => format!(
                "{}/{}/{}/feed.xml",
                e.dir(),
                id.kind.dir(),
                self.graph.slug(id)
            ),
            Route::Calendar(e) => format!("{}/events.ics", e.dir()),
            Route::Data(DataFile::Json) => "data/yearbook.json".to_owned(),
            Route::Data(DataFile::Schema) => "data/yearbook.schema.json".to_owned(),
            Route::Data(DataFile::Csv(t)) => format!("data/{}.csv", t.name()),
            Route::Data(DataFile::GeoJson) => "data/yearbook.geojson".to_owned(),
            Route::Search(e) => format!("{}/search/index.html", e.dir()),
            Route::SearchIndex(e) => format!("{}/search/ix/meta.js", e.dir()),
            // The edition in the file's name, so a downloaded copy says which it is.
            Route::Pdf(e) => format!("{}/yearbook-{}.pdf", e.dir(), e.dir()),
        }
    }

    /// Whether the site has a `base_url` (absolute URLs exist).
    pub fn has_base(&self) -> bool {
        self.base.is_some()
    }

    /// The base URL itself.
    pub fn base(&self) -> Option<&str> {
        self.base
    }

    /// A link from the page `from` to `to`: up to the output root, then down.
    pub fn href(&self, from: Route, to: Route) -> String {
        self.file_href(from, &self.path(to))
    }

    /// A link from `from` to any file by its path in the output folder
    /// (a stylesheet, a feed). The 404 page is served at any depth, so its
    /// links are absolute when they can be (without a `base_url` the page
    /// finds the site's root itself; see `PageView::meta.find_root`).
    pub fn file_href(&self, from: Route, path: &str) -> String {
        if let (Route::NotFound, Some(base)) = (from, self.base) {
            return format!("{base}{path}");
        }
        let mut s = "../".repeat(from.depth());
        s.push_str(path);
        s
    }

    /// The absolute URL of a route, when the site has a `base_url`.
    pub fn absolute(&self, route: Route) -> Option<String> {
        self.base.map(|base| format!("{base}{}", self.path(route)))
    }

    /// The URL to give for `to` in `from`'s head: absolute when the site has
    /// a `base_url`, else relative.
    pub fn head_href(&self, from: Route, to: Route) -> String {
        self.absolute(to).unwrap_or_else(|| self.href(from, to))
    }
}
