//! `nianjian build` on small fixture sites and on the sample yearbook.

mod common;

use std::path::Path;

use common::{TestSite, files_with_ext, links};

#[test]
fn every_page_exists_in_every_edition() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(site.path("output/index.html").is_file());
    for ed in ["zh-hans", "zh-hant", "en"] {
        for page in [
            "index.html",
            "cities/index.html",
            "councils/index.html",
            "events/index.html",
            "cities/jinan/index.html",
            "cities/licheng-jinan/index.html",
            "cities/gangnam-seoul/index.html",
            "councils/near/index.html",
            "events/licheng-visit/index.html",
        ] {
            assert!(
                site.path(&format!("output/{ed}/{page}")).is_file(),
                "{ed}/{page}"
            );
        }
    }
}

#[test]
fn traditional_edition_is_converted_and_marked() {
    let site = TestSite::new(&[]);
    assert_eq!(site.run(&["build"]).0, 0);
    let page = site.read("output/zh-hant/events/licheng-visit/index.html");
    assert!(page.contains("<html lang=\"zh-Hant\">"));
    assert!(page.contains("<h1>歷城區訪問江南區</h1>"), "{page}");
    // The empty link text became the entity's name, in this edition's script.
    assert!(
        page.contains(">歷城區</a>訪問團赴韓國考察交流，與"),
        "{page}"
    );
    // The hard wrap between two Chinese characters left no stray space.
    assert!(!page.contains("交流，\n與"));
    let en = site.read("output/en/cities/licheng-jinan/index.html");
    // No English name: the Simplified name is shown, marked as such.
    assert!(
        en.contains("<h1><span lang=\"zh-Hans\">历城区</span></h1>"),
        "{en}"
    );
}

#[test]
fn ties_are_shown_on_both_sides() {
    let site = TestSite::new(&[]);
    assert_eq!(site.run(&["build"]).0, 0);
    // Declared only on Licheng's side; Gangnam's page links back.
    let gangnam = site.read("output/en/cities/gangnam-seoul/index.html");
    assert!(
        gangnam.contains("href=\"../../../en/cities/licheng-jinan/index.html\""),
        "{gangnam}"
    );
    assert!(gangnam.contains("Sister city"));
    assert!(gangnam.contains("<span lang=\"ko\">강남구</span>"));
    // Parent and children, membership and event back-links.
    let jinan = site.read("output/zh-hans/cities/jinan/index.html");
    assert!(jinan.contains("href=\"../../../zh-hans/cities/licheng-jinan/index.html\">历城区</a>"));
    assert!(jinan.contains(
        "href=\"../../../zh-hans/councils/near/index.html\">东北亚地区地方政府联合会</a>"
    ));
    let licheng = site.read("output/zh-hans/cities/licheng-jinan/index.html");
    assert!(licheng.contains("href=\"../../../zh-hans/events/licheng-visit/index.html\""));
}

#[test]
fn pages_declare_their_alternates() {
    let site = TestSite::new(&[]);
    assert_eq!(site.run(&["build"]).0, 0);
    let page = site.read("output/en/councils/near/index.html");
    for (lang, dir) in [("zh-Hans", "zh-hans"), ("zh-Hant", "zh-hant"), ("en", "en")] {
        assert!(page.contains(&format!(
            "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"../../../{dir}/councils/near/index.html\">"
        )));
    }
}

#[test]
fn with_a_base_url_pages_name_their_canonical_and_absolute_alternates() {
    let site = TestSite::new(&[(
        "content/yearbook.yaml",
        "title: {zh-Hans: 年鉴, en: Yearbook}\nlanguages: [zh-Hans, zh-Hant, en]\nbase_url: https://example.org/nj/\n",
    )]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    let page = site.read("output/en/cities/jinan/index.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://example.org/nj/en/cities/jinan/index.html\">"
        ),
        "{page}"
    );
    assert!(
        page.contains("<link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://example.org/nj/zh-hant/cities/jinan/index.html\">"),
        "{page}"
    );
    // Links a reader follows stay relative.
    assert!(
        page.contains("href=\"../../../zh-hant/cities/jinan/index.html\" hreflang=\"zh-Hant\""),
        "{page}"
    );
}

fn assert_links_resolve(output: &Path) -> usize {
    let mut checked = 0;
    for page in files_with_ext(output, "html") {
        let html = std::fs::read_to_string(&page).expect("read page");
        for link in links(&html) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with('#')
            {
                continue;
            }
            let target = link.split('#').next().unwrap_or_default();
            let resolved = page.parent().expect("in a folder").join(target);
            assert!(
                resolved.is_file(),
                "{} links to missing {link}",
                page.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_internal_link_of_the_sample_yearbook_resolves() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = common::build_into_temp(repo);
    let output = &built.output;
    assert!(built.pages > 300, "only {} pages", built.pages);
    let checked = assert_links_resolve(output);
    assert!(checked > 5_000, "only {checked} links checked");
    // Spot checks of real content in each script.
    let hant =
        std::fs::read_to_string(output.join("zh-hant/events/near-14-senior-officials/index.html"))
            .expect("page");
    assert!(hant.contains("李樂成"), "spaced name not joined");
    assert!(hant.contains("瀋陽市"));
    let hans = std::fs::read_to_string(
        output.join("zh-hans/events/yichun-osaka-consulate-pairing/index.html"),
    )
    .expect("page");
    assert!(
        hans.contains("驻大阪总领事薛剑"),
        "pinyin debris not removed or not converted"
    );
    assert!(!hans.contains("(lǐng)"));
}

#[test]
fn a_broken_reference_fails_with_file_and_line() {
    let site = TestSite::new(&[(
        "content/events/licheng-visit.yaml",
        "title: {zh-Hans: 访问}\nkind: visit\ndate: 2025-04-10\ncity: gangnam-seoul\nparticipants: [licheng-jinan, jinann]\n",
    )]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("unknown city `jinann` in `participants`"),
        "{out}"
    );
    assert!(
        out.contains("content/events/licheng-visit.yaml:5:31"),
        "{out}"
    );
    assert!(out.contains("did you mean `jinan`?"), "{out}");
    assert!(!site.path("output").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let site = TestSite::new(&[]);
    assert_eq!(site.run(&["build"]).0, 0);
    let before = site.read("output/en/cities/jinan/index.html");
    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {en: Jinan}\ncountry: XX\nlevel: city\n",
    );
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 1);
    assert!(out.contains("unknown country `XX`"), "{out}");
    assert_eq!(site.read("output/en/cities/jinan/index.html"), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".output"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_rebuild_replaces_the_output() {
    let site = TestSite::new(&[]);
    assert_eq!(site.run(&["build"]).0, 0);
    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan City}\ncountry: CN\nlevel: city\n",
    );
    std::fs::remove_file(site.path("content/events/licheng-visit.zh-Hans.md")).expect("rm");
    assert_eq!(site.run(&["build"]).0, 0);
    assert!(
        site.read("output/en/cities/jinan/index.html")
            .contains("Jinan City")
    );
    assert!(
        !site
            .read("output/zh-hans/events/licheng-visit/index.html")
            .contains("访问团")
    );
}

#[test]
fn output_folders_that_hold_sources_are_refused() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["build", "--output", "."]);
    assert_eq!(code, 2);
    assert!(out.contains("refusing to write the site"), "{out}");
    assert!(site.path("content/yearbook.yaml").is_file());
    // A non-empty folder nianjian did not make is not replaced either.
    site.write("mine/notes.txt", "keep me");
    let (code, out) = site.run(&["build", "--output", "mine"]);
    assert_eq!(code, 2);
    assert!(out.contains("not made by nianjian"), "{out}");
    assert_eq!(site.read("mine/notes.txt"), "keep me");
}

#[test]
fn command_line_exit_codes() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("build"));
    let (code, out) = site.run(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.contains(env!("CARGO_PKG_VERSION")));
    assert_eq!(site.run(&["frobnicate"]).0, 2);
    let (code, _) = site.run(&["build", "--root", "no-such-folder"]);
    assert_eq!(code, 2);
}

#[test]
fn a_site_theme_file_overrides_the_default() {
    let site = TestSite::new(&[(
        "themes/default/templates/home.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"custom\">{{ site.title.text }}</p>{% endblock main %}",
    )]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        site.read("output/zh-hant/index.html")
            .contains("<p id=\"custom\">東北亞地方交流年鑑</p>")
    );
}
