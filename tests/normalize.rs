//! `nianjian normalize`: shows and applies the clean-up passes to source files.

mod common;

use common::TestSite;

const PASTED: &str = "---\r\ntitle: 駐大阪總領(lǐng)館\r\n---\r\n5月18日,駐大阪總領(lǐng)館與伊春市舉行視頻會(huì)議。\r\n\r\n辽宁省省长李 乐 成会见了代表。`李 乐 成`\r\n";

#[test]
fn shows_then_writes_only_the_cleaned_text() {
    let site = TestSite::new(&[("content/events/licheng-visit.zh-Hant.md", PASTED)]);
    let (code, out) = site.run(&["normalize"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("content/events/licheng-visit.zh-Hant.md"),
        "{out}"
    );
    assert!(out.contains("pinyin: 2 lines changed"), "{out}");
    assert!(out.contains("spaced-han: 1 line changed"), "{out}");
    assert!(out.contains("punctuation: 1 line changed"), "{out}");
    assert!(
        out.contains("would change; run `nianjian normalize --write`"),
        "{out}"
    );
    // Without --write nothing is touched.
    assert_eq!(site.read("content/events/licheng-visit.zh-Hant.md"), PASTED);

    let (code, out) = site.run(&["normalize", "--write", "content/events"]);
    assert_eq!(code, 0, "{out}");
    // The base fixture's hard-wrapped body is left wrapped.
    assert!(out.contains("rewrote 1 of 3 files"), "{out}");
    assert_eq!(
        site.read("content/events/licheng-visit.zh-Hant.md"),
        "---\r\ntitle: 駐大阪總領館\r\n---\r\n5月18日，駐大阪總領館與伊春市舉行視頻會議。\r\n\r\n辽宁省省长李乐成会见了代表。`李 乐 成`\r\n"
    );
    // The YAML files were already clean and are left as they were.
    assert!(
        site.read("content/cities/cn/jinan.yaml")
            .starts_with("name: {zh-Hans: 济南市")
    );
    let (_, out) = site.run(&["normalize"]);
    assert!(out.contains("nothing to clean"), "{out}");
}

#[test]
fn a_path_outside_the_root_is_refused() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["normalize", "/tmp"]);
    // A usage error.
    assert_eq!(code, 2);
    assert!(out.contains("is not inside the site root"), "{out}");
}

/// What a translator wrote on purpose survives the default passes.
const DELIBERATE: &str = "第一段的第一行\n第一段的第二行。  \n硬换行之后。\n\n四季：春 夏 秋 冬。天津（tiān jīn）是城市。\n\n\
见 https://zh.wikipedia.org/wiki/总领(lǐng)馆 和[链接](https://example.org/a,b)。\n\n\
-{zh-Hans:塔什库尔干县;zh-Hant:塔什庫爾干縣}-，表情👩\u{200D}💻。\n";

#[test]
fn default_passes_repair_damage_and_keep_what_was_meant() {
    let site = TestSite::new(&[("content/events/licheng-visit.zh-Hans.md", DELIBERATE)]);
    let (code, out) = site.run(&["normalize", "--write"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing to clean"), "{out}");
    assert_eq!(
        site.read("content/events/licheng-visit.zh-Hans.md"),
        DELIBERATE
    );

    // Joining hard-wrapped lines is a pass one asks for by name; the hard
    // break (two trailing spaces) stays even then.
    let (code, out) = site.run(&["normalize", "--write", "--pass", "line-breaks"]);
    assert_eq!(code, 0, "{out}");
    let joined = site.read("content/events/licheng-visit.zh-Hans.md");
    assert!(
        joined.starts_with("第一段的第一行第一段的第二行。  \n硬换行之后。"),
        "{joined}"
    );
}

#[test]
fn passes_are_listed_and_chosen_by_name() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&["normalize", "--list-passes"]);
    assert_eq!(code, 0, "{out}");
    for name in [
        "nfc",
        "zero-width",
        "full-width",
        "pinyin",
        "spaced-han",
        "punctuation",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(name) && l.contains("default")),
            "{name} runs by default:\n{out}"
        );
    }
    assert!(
        out.lines()
            .any(|l| l.starts_with("line-breaks") && !l.contains("default")),
        "{out}"
    );
    let (code, out) = site.run(&["normalize", "--pass", "punctuatoin"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("no clean-up pass is called `punctuatoin`"),
        "{out}"
    );
    assert!(out.contains("punctuation"), "{out}");

    site.write(
        "content/events/licheng-visit.zh-Hans.md",
        "总领(lǐng)馆,会(huì)议\n",
    );
    let (code, out) = site.run(&["normalize", "--write", "--pass", "pinyin"]);
    assert_eq!(code, 0, "{out}");
    // Only the pinyin pass ran: the ASCII comma is still there.
    assert_eq!(
        site.read("content/events/licheng-visit.zh-Hans.md"),
        "总领馆,会议\n"
    );
}

#[test]
fn normalizing_a_source_keeps_its_translations_stamps() {
    let site = TestSite::new(&[
        (
            "content/events/licheng-visit.zh-Hans.md",
            "会(huì)议,在济南举行。\n",
        ),
        (
            "content/events/licheng-visit.en.md",
            "---\ntranslated_from: zh-Hans\n---\nA meeting in Jinan.\n",
        ),
    ]);
    let (code, out) = site.run(&["status", "--stamp", "content/events/licheng-visit.en.md"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = site.run(&["normalize", "--write"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        site.read("content/events/licheng-visit.zh-Hans.md"),
        "会议，在济南举行。\n"
    );
    let (_, out) = site.run(&["status"]);
    assert!(!out.contains("Stale translations"), "{out}");
}
