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
    assert!(
        out.contains("would change; run `nianjian normalize --write`"),
        "{out}"
    );
    // Without --write nothing is touched.
    assert_eq!(site.read("content/events/licheng-visit.zh-Hant.md"), PASTED);

    let (code, out) = site.run(&["normalize", "--write", "content/events"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("rewrote 2 of 3 files"), "{out}");
    assert_eq!(
        site.read("content/events/licheng-visit.zh-Hant.md"),
        "---\r\ntitle: 駐大阪總領館\r\n---\r\n5月18日,駐大阪總領館與伊春市舉行視頻會議。\r\n\r\n辽宁省省长李乐成会见了代表。`李 乐 成`\r\n"
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
