//! Script normalisation on whole sites: clean-up, conversion, protection
//! markup, glossary, mismatch and damage warnings, the emphasis lint.

mod common;

use common::TestSite;

fn page(site: &TestSite, path: &str) -> String {
    site.read(&format!("output/{path}"))
}

#[test]
fn zh_sources_reach_both_scripts_and_markup_is_honoured() {
    let site = TestSite::new(&[
        (
            "content/events/licheng-visit.yaml",
            "title:\n  zh: 辽宁省與黑龍江省代表团\n  en: Delegations\nkind: visit\ndate: 2025-04-10\nvenue:\n  zh-Hans: -{zh-Hans:韩国;zh-Hant:南韓}-首尔\n",
        ),
        ("content/events/licheng-visit.zh-Hans.md", ""),
        (
            "content/events/licheng-visit.zh.md",
            "-{乾隆}-年间的后来，`代码 后` 保持。\n\n```\n后 乾\n```\n",
        ),
        (
            "content/glossary.yaml",
            "- {zh-Hans: 首尔, zh-Hant: 首爾市區}\n",
        ),
    ]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    let hans = page(&site, "zh-hans/events/licheng-visit/index.html");
    let hant = page(&site, "zh-hant/events/licheng-visit/index.html");
    assert!(hans.contains("<h1>辽宁省与黑龙江省代表团</h1>"), "{hans}");
    assert!(hant.contains("<h1>遼寧省與黑龍江省代表團</h1>"), "{hant}");
    // Per-script markup and the glossary, in a YAML text map.
    assert!(hans.contains("<dd>韩国首尔</dd>"), "{hans}");
    assert!(hant.contains("<dd>南韓首爾市區</dd>"), "{hant}");
    // Protected text and code are never converted; markers never reach the page.
    assert!(
        hant.contains("乾隆年間的後來，<code>代码 后</code> 保持。"),
        "{hant}"
    );
    assert!(hant.contains("<pre><code>后 乾\n</code></pre>"), "{hant}");
    assert!(!hant.contains("-{") && !hans.contains("}-"));
}

#[test]
fn configured_conversion_is_used() {
    let site = TestSite::new(&[(
        "content/yearbook.yaml",
        "title: {zh-Hans: 为了年鉴}\nlanguages: [zh-Hans, zh-Hant, en]\nconversion: {zh-Hant: s2tw}\n",
    )]);
    assert_eq!(site.run(&["build"]).0, 0);
    assert!(page(&site, "zh-hant/index.html").contains("<h1>為了年鑑</h1>"));
    let site = TestSite::new(&[(
        "content/yearbook.yaml",
        "title: {zh-Hans: 为了年鉴}\nlanguages: [zh-Hans, zh-Hant, en]\nconversion: {zh-Hant: s2t}\n",
    )]);
    assert_eq!(site.run(&["build"]).0, 0);
    assert!(page(&site, "zh-hant/index.html").contains("<h1>爲了年鑑</h1>"));
}

#[test]
fn pasted_text_is_cleaned_in_yaml_and_markdown() {
    let site = TestSite::new(&[
        (
            "content/cities/cn/jinan.yaml",
            "name: {zh-Hant: 駐大阪總領(lǐng)事館, en: \"ＮＥＡＲ　２０２４\"}\ncountry: CN\nlevel: city\n",
        ),
        (
            "content/events/licheng-visit.zh-Hans.md",
            "辽宁省省长李 乐 成会见了\u{200B}代表，建立交流合\n作平台（NEAR）金贤惠（音）。\n",
        ),
    ]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    let jinan = page(&site, "zh-hans/cities/jinan/index.html");
    assert!(jinan.contains("<h1>驻大阪总领事馆</h1>"), "{jinan}");
    assert!(page(&site, "en/cities/jinan/index.html").contains("<h1>NEAR　2024</h1>"));
    let event = page(&site, "zh-hant/events/licheng-visit/index.html");
    assert!(
        event.contains("遼寧省省長李樂成會見了代表，建立交流合作平臺（NEAR）金賢惠（音）。"),
        "{event}"
    );
}

#[test]
fn damaged_and_mismatched_text_warn_with_file_and_line() {
    let site = TestSite::new(&[
        (
            "content/events/licheng-visit.zh-Hans.md",
            "第一段。\n\n会议于沈阳\u{FFFD}举行。\n",
        ),
        // Declared Simplified, written in Traditional.
        (
            "content/cities/kr/gangnam-seoul.zh-Hans.md",
            "江南區與歷城區於2007年結為友好城市，兩區經貿合作豐碩。\n",
        ),
    ]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "warnings do not fail a build: {out}");
    assert!(
        out.contains("warning: damaged text: U+FFFD REPLACEMENT CHARACTER"),
        "{out}"
    );
    assert!(
        out.contains("content/events/licheng-visit.zh-Hans.md:3:6"),
        "{out}"
    );
    assert!(
        out.contains("text declared zh-Hans is mostly Traditional: 100%"),
        "{out}"
    );
    assert!(
        out.contains("content/cities/kr/gangnam-seoul.zh-Hans.md"),
        "{out}"
    );
    // Still converted correctly.
    assert!(
        page(&site, "zh-hans/cities/gangnam-seoul/index.html")
            .contains("江南区与历城区于2007年结为友好城市")
    );
    let (code, _) = site.run(&["build", "--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn literal_emphasis_markers_are_reported() {
    let site = TestSite::new(&[(
        "content/events/licheng-visit.zh-Hans.md",
        "这是**「重要」**内容。\n",
    )]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0);
    assert!(out.contains("emphasis markers shown literally"), "{out}");
    assert!(
        out.contains("content/events/licheng-visit.zh-Hans.md"),
        "{out}"
    );
    assert!(out.contains("`**重要**。`"), "{out}");
}

#[test]
fn unclosed_protection_markup_is_an_error() {
    let site = TestSite::new(&[(
        "content/events/licheng-visit.zh-Hans.md",
        "第一行\n在-{首尔举行。\n",
    )]);
    let (code, out) = site.run(&["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("unclosed `-{`"), "{out}");
    assert!(
        out.contains("content/events/licheng-visit.zh-Hans.md:2:2"),
        "{out}"
    );
}

#[test]
fn addresses_and_hard_breaks_are_kept_and_punctuation_is_chinese() {
    let site = TestSite::new(&[(
        "content/events/licheng-visit.zh-Hans.md",
        "见 https://zh.wikipedia.org/wiki/济南市 和[图书馆](https://example.org/图书馆.png)。  \n\
         第二行,历城区(济南)访问江南区。\n",
    )]);
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    let hant = page(&site, "zh-hant/events/licheng-visit/index.html");
    // Addresses as written, in the text and in the link.
    assert!(
        hant.contains("見 https://zh.wikipedia.org/wiki/济南市 和"),
        "{hant}"
    );
    assert!(
        // 图书馆, percent-encoded by the Markdown renderer; not 圖書館.
        hant.contains("<a href=\"https://example.org/%E5%9B%BE%E4%B9%A6%E9%A6%86.png\">圖書館</a>"),
        "{hant}"
    );
    // The hard break is a <br>, and the pasted ASCII marks are Chinese.
    assert!(
        hant.contains("。<br />\n第二行，歷城區（濟南）訪問江南區。"),
        "{hant}"
    );
}

// The system backend tells no provenance: no default-choice lint there.
#[cfg(not(feature = "system-opencc"))]
#[test]
fn the_conversion_lint_names_the_phrase_and_a_name_pins_it() {
    let body = "代表团访问了蒙古国布尔干省。\n";
    let site = TestSite::new(&[("content/events/licheng-visit.zh-Hans.md", body)]);
    let (code, out) = site.run(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("content/events/licheng-visit.zh-Hans.md:1:12"),
        "{out}"
    );
    assert!(out.contains("`干` in 布尔干省 became `幹`"), "{out}");
    assert!(
        out.contains("- {zh-Hans: 布尔干省, zh-Hant: 布爾幹省}"),
        "{out}"
    );
    // A city named in both scripts pins its name everywhere.
    site.write(
        "content/cities/mn/bulgan.yaml",
        "name: {zh-Hans: 布尔干省, zh-Hant: 布爾干省, en: Bulgan}\ncountry: MN\nlevel: province\n",
    );
    site.write(
        "content/countries.yaml",
        &(site.read("content/countries.yaml")
            + "MN: {zh-Hans: 蒙古国, zh-Hant: 蒙古國, en: Mongolia}\n"),
    );
    let (code, out) = site.run(&["build"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("布尔干省 became"), "{out}");
    let hant = page(&site, "zh-hant/events/licheng-visit/index.html");
    assert!(hant.contains("蒙古國布爾干省"), "{hant}");
    assert!(!hant.contains("布爾幹省"), "{hant}");
}

#[test]
fn a_wrong_traditional_character_is_flagged_by_the_round_trip() {
    let site = TestSite::new(&[(
        "content/events/licheng-visit.zh-Hant.md",
        "---\ntranslated_from: zh-Hans\n---\n推動友城關系建設。\n",
    )]);
    let (_, out) = site.run(&["check"]);
    assert!(
        out.contains("content/events/licheng-visit.zh-Hant.md:4:6"),
        "{out}"
    );
    assert!(
        out.contains("`系` in 城關系建設: to Simplified and back it is `係`"),
        "{out}"
    );
}

/// The built-in conversion groups: on by default with a region, switched
/// off in glossary.yaml; a wrong switch is an error at its line.
#[test]
fn conversion_groups_follow_the_region_and_can_be_turned_off() {
    let yearbook = "title: {zh-Hans: 年鉴}\nlanguages: [zh-Hans, zh-Hant, en]\n\
                    conversion: {zh-Hant: s2tw, zh-Hans: tw2s}\n";
    let hans_body = "韩国、老挝和吉尔吉斯斯坦交流人工智能信息，访问朝鲜半岛。\n";
    let hant_body = "南韓、寮國與吉爾吉斯交流數位經濟資訊，新增8對友城。\n";
    let build = |glossary: &str| {
        let site = TestSite::new(&[
            ("content/yearbook.yaml", yearbook),
            ("content/glossary.yaml", glossary),
            ("content/events/licheng-visit.zh-Hans.md", hans_body),
            (
                "content/events/kunming-signing.yaml",
                "title: {zh-Hant: 簽約, en: Signing}\nkind: signing\ndate: 2024-10-12\n",
            ),
            ("content/events/kunming-signing.zh-Hant.md", hant_body),
        ]);
        let (code, out) = site.run(&["build"]);
        (site, code, out)
    };
    let (site, code, out) = build("- {zh-Hans: 首尔, zh-Hant: 首爾}\n");
    assert_eq!(code, 0, "{out}");
    let hant = page(&site, "zh-hant/events/licheng-visit/index.html");
    assert!(
        hant.contains("南韓、寮國和吉爾吉斯交流人工智慧資訊，訪問朝鮮半島。"),
        "{hant}"
    );
    let hans = page(&site, "zh-hans/events/kunming-signing/index.html");
    assert!(
        hans.contains("韩国、老挝与吉尔吉斯斯坦交流数字经济信息，新增8对友城。"),
        "{hans}"
    );

    let (site, code, out) = build("groups: {vocabulary: false}\nterms: []\n");
    assert_eq!(code, 0, "{out}");
    let hant = page(&site, "zh-hant/events/licheng-visit/index.html");
    assert!(
        hant.contains("南韓、寮國和吉爾吉斯交流人工智能信息"),
        "{hant}"
    );

    let (_, code, out) = build("groups:\n  country: false\n");
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("content/glossary.yaml:2:3"), "{out}");
    assert!(
        out.contains("country") && out.contains("countries"),
        "{out}"
    );
}
