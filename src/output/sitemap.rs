//! `sitemap.xml`, with every page and its language alternates (and an
//! `x-default`), and `robots.txt` naming it. A sitemap needs absolute URLs,
//! so it is made only when the site has a `base_url`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Artifact, Output, Rendered};
use crate::diag::Diagnostic;
use crate::model::Kind;
use crate::view::{Deps, Route, Views};

pub struct Sitemap;

/// The page a language-neutral link should lead to: the chooser for homes,
/// else the first edition's page.
fn x_default(views: &Views<'_>, route: Route) -> Route {
    match route {
        Route::Home(_) => Route::Chooser,
        _ => route.in_edition(
            views
                .graph
                .site
                .editions
                .first()
                .copied()
                .unwrap_or(crate::model::Edition::ZhHans),
        ),
    }
}

fn sitemap(views: &Views<'_>) -> Result<Vec<u8>, quick_xml::Error> {
    let urls = &views.urls;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut urlset = BytesStart::new("urlset");
    urlset.push_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"));
    urlset.push_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
    w.write_event(Event::Start(urlset))?;
    for route in views.routes() {
        let Some(loc) = urls.absolute(route) else {
            continue;
        };
        if route == Route::NotFound {
            continue;
        }
        w.write_event(Event::Start(BytesStart::new("url")))?;
        w.create_element("loc")
            .write_text_content(BytesText::new(&loc))?;
        if route.edition().is_some() {
            let editions = &views.graph.site.editions;
            let alternates = editions
                .iter()
                .map(|&e| (e.tag(), route.in_edition(e)))
                .chain([("x-default", x_default(views, route))]);
            for (lang, other) in alternates {
                let href = urls.absolute(other).unwrap_or_default();
                w.create_element("xhtml:link")
                    .with_attributes([
                        ("rel", "alternate"),
                        ("hreflang", lang),
                        ("href", href.as_str()),
                    ])
                    .write_empty()?;
            }
        }
        w.write_event(Event::End(BytesEnd::new("url")))?;
    }
    w.write_event(Event::End(BytesEnd::new("urlset")))?;
    Ok(w.into_inner())
}

fn robots(views: &Views<'_>) -> Vec<u8> {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(url) = views.urls.absolute(Route::Sitemap) {
        text.push_str(&format!("\nSitemap: {url}\n"));
    }
    text.into_bytes()
}

impl Output for Sitemap {
    fn routes(&self, views: &Views<'_>) -> Vec<Route> {
        if views.urls.has_base() {
            vec![Route::Sitemap, Route::Robots]
        } else {
            vec![Route::Robots]
        }
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let bytes = match route {
            Route::Sitemap => sitemap(views)
                .map_err(|e| Diagnostic::error(format!("cannot write sitemap.xml: {e}"))),
            Route::Robots => Ok(robots(views)),
            _ => Err(Diagnostic::error(format!("{route:?} is not a sitemap"))),
        };
        // The sitemap lists every page: entities added or removed change it.
        let deps = Deps {
            entities: Default::default(),
            kinds: Kind::ALL.into_iter().collect(),
        };
        Rendered {
            more: Vec::new(),
            artifact: bytes.map(|bytes| Artifact {
                path: views.urls.path(route),
                bytes,
            }),
            deps,
            diags: Default::default(),
        }
    }
}
