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
            Route::Feed(_, of) => Route::Feed(e, of),
            Route::Calendar(_) => Route::Calendar(e),
            Route::Search(_) => Route::Search(e),
            Route::SearchIndex(_) => Route::SearchIndex(e),
            Route::Pdf(_) => Route::Pdf(e),
            _ => Route::Home(e),
        }
    }

    /// The kind whose section of the navigation the page is in.
    pub fn section(self) -> Option<Kind> {
        match self {
            Route::Index(_, k) => Some(k),
            Route::Entity(_, id) => Some(id.kind),
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
            Route::Index(..) | Route::Search(_) => 2,
            Route::Entity(..) | Route::Feed(_, Some(_)) | Route::SearchIndex(_) => 3,
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
