//! Views of the base fixture (tests/fixtures/base), checked field by field.

use std::path::Path;

use super::*;
use crate::build::{Run, Theming};

fn fixture() -> (Graph, Theming) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    let run = Run::new(&root);
    let (graph, diags) = run.graph().ok().expect("the base fixture is valid");
    assert!(diags.is_empty(), "{diags:?}");
    let theming = Theming::load(&root, &graph).expect("built-in theme");
    (graph, theming)
}

fn id(graph: &Graph, kind: Kind, slug: &str) -> AnyId {
    AnyId {
        kind,
        index: graph.find(kind, slug).expect("in the fixture"),
    }
}

#[test]
fn a_city_page_shows_its_ties_and_events_in_the_edition_script() {
    let (graph, theming) = fixture();
    let views = Views::new(&graph, &theming.strings).expect("views");
    let licheng = id(&graph, Kind::City, "licheng-jinan");
    let built = views
        .build(Route::Entity(Edition::ZhHant, licheng))
        .expect("a page");
    let AnyPage::City(page) = built.page else {
        panic!("a city page");
    };
    assert_eq!(page.title, "歷城區 · 東北亞地方交流年鑑");
    let p = page.page;
    assert_eq!(p.heading.text, "歷城區");
    assert_eq!(p.level, "區");
    assert_eq!(p.parent.as_ref().map(|l| l.text), Some("濟南市"));
    assert_eq!(p.ties.len(), 1);
    assert_eq!(p.ties[0].city.text, "江南區");
    assert_eq!(
        p.ties[0].city.href,
        "../../../zh-hant/cities/gangnam-seoul/index.html"
    );
    assert_eq!(p.ties[0].since.as_deref(), Some("2007年"));
    assert_eq!(p.ties[0].kind, "友好城市");
    assert_eq!(p.participated_in.len(), 1);
    assert_eq!(p.participated_in[0].date, "2025年4月10日");
    assert_eq!(
        p.participated_in[0].place.as_ref().map(|l| l.text),
        Some("江南區")
    );
    // What the page read: itself, its parent, the tie's city, the event.
    let read: Vec<&str> = built.deps.entities.iter().map(|&d| graph.slug(d)).collect();
    for slug in ["licheng-jinan", "jinan", "gangnam-seoul", "licheng-visit"] {
        assert!(read.contains(&slug), "{slug} not in {read:?}");
    }
    assert!(!read.contains(&"near"), "{read:?}");
}

#[test]
fn a_name_missing_in_english_falls_back_with_its_language() {
    let (graph, theming) = fixture();
    let views = Views::new(&graph, &theming.strings).expect("views");
    let visit = id(&graph, Kind::Event, "licheng-visit");
    let AnyPage::Event(page) = views
        .build(Route::Entity(Edition::En, visit))
        .expect("a page")
        .page
    else {
        panic!("an event page");
    };
    let p = page.page;
    let licheng = &p.participants[0].items[0].city;
    assert_eq!((licheng.text, licheng.lang), ("历城区", Some("zh-Hans")));
    assert_eq!(p.participants[0].country.text, "China");
    assert_eq!(
        p.councils[0].text,
        "Association of North East Asia Regional Governments"
    );
    // The body is the Simplified one, marked as such, with its links resolved.
    let body = p.body.expect("body");
    assert_eq!(body.lang, Some("zh-Hans"));
    assert!(body.html.contains("<a href=\"../../../en/cities/licheng-jinan/index.html\"><span lang=\"zh-Hans\">历城区</span></a>"), "{}", body.html);
}

#[test]
fn indexes_and_homes_list_every_entity_and_say_so() {
    let (graph, theming) = fixture();
    let views = Views::new(&graph, &theming.strings).expect("views");
    let built = views
        .build(Route::Index(Edition::ZhHans, Kind::City))
        .expect("a page");
    assert!(built.deps.kinds.contains(&Kind::City));
    assert_eq!(built.deps.entities.len(), graph.len(Kind::City));
    let AnyPage::Cities(page) = built.page else {
        panic!("the cities index");
    };
    let countries: Vec<&str> = page.page.list.iter().map(|g| g.country.text).collect();
    // Pinyin order: 韩国 (hán) before 中国 (zhōng).
    assert_eq!(countries, ["韩国", "中国"]);
    let AnyPage::Home(home) = views.build(Route::Home(Edition::En)).expect("a page").page else {
        panic!("a home page");
    };
    let counts: Vec<(usize, &str)> = home
        .page
        .counts
        .iter()
        .map(|c| (c.count, c.href.as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            (3, "../en/cities/index.html"),
            (1, "../en/councils/index.html"),
            (1, "../en/events/index.html")
        ]
    );
    assert_eq!(home.canonical, None);
}

#[test]
fn routes_give_paths_relative_links_and_absolute_urls() {
    let (mut graph, _) = fixture();
    let urls = Urls::new(&graph);
    let jinan = id(&graph, Kind::City, "jinan");
    let page = Route::Entity(Edition::ZhHans, jinan);
    assert_eq!(urls.path(page), "zh-hans/cities/jinan/index.html");
    assert_eq!(
        urls.href(Route::Chooser, page),
        "zh-hans/cities/jinan/index.html"
    );
    assert_eq!(
        urls.href(page, Route::Index(Edition::En, Kind::Event)),
        "../../../en/events/index.html"
    );
    assert_eq!(urls.absolute(page), None);
    graph.site.yearbook.base_url =
        Some(serde_saphyr::from_str("https://example.org/nj/").expect("url"));
    let urls = Urls::new(&graph);
    assert_eq!(
        urls.absolute(page).as_deref(),
        Some("https://example.org/nj/zh-hans/cities/jinan/index.html")
    );
    assert_eq!(
        urls.head_href(page, page.in_edition(Edition::En)),
        "https://example.org/nj/en/cities/jinan/index.html"
    );
}
