//! `nianjian status`: the translation report, JSON output, and `--stamp`.

mod common;

use common::TestSite;

const EN: &str = "---\ntitle: Licheng visits Gangnam\ntranslated_from: zh-Hans\n---\nOn 10 April a delegation visited Gangnam.\n";

#[test]
fn report_counts_origins_and_lists_stale_translations_first() {
    let site = TestSite::new(&[("content/events/licheng-visit.en.md", EN)]);
    let (code, out) = site.run(&["status"]);
    assert_eq!(code, 0, "{out}");
    // Names: Licheng has no English name, so the English edition falls back.
    assert!(out.contains("Stale translations (1):"), "{out}");
    assert!(out.contains("content/events/licheng-visit.en.md: never stamped; source content/events/licheng-visit.zh-Hans.md"), "{out}");
    assert!(
        out.contains(
            "en cities/licheng-jinan: add `en:` to the name in content/cities/cn/licheng-jinan.yaml"
        ),
        "{out}"
    );
    let stale_at = out.find("Stale translations").expect("stale section");
    let missing_at = out
        .find("No body in any language")
        .expect("missing section");
    assert!(stale_at < missing_at, "stale comes first");
    // events row for zh-Hant: the one body is converted from Simplified.
    let events = &out[out.find("events (1)").expect("events table")..];
    assert!(
        events.contains("zh-Hant     0   0%    1 100%    0   0% |    0   0%    1 100%"),
        "{events}"
    );
}

#[test]
fn stamp_changes_only_the_digest_and_clears_staleness() {
    let site = TestSite::new(&[("content/events/licheng-visit.en.md", EN)]);
    let (code, out) = site.run(&["status", "--stamp", "content/events/licheng-visit.en.md"]);
    assert_eq!(code, 0, "{out}");
    let stamped = site.read("content/events/licheng-visit.en.md");
    let digest = out
        .split("source_digest ")
        .nth(1)
        .expect("digest printed")
        .trim();
    assert_eq!(digest.len(), 16);
    assert_eq!(
        stamped,
        EN.replace(
            "translated_from: zh-Hans\n",
            &format!("translated_from: zh-Hans\nsource_digest: {digest}\n")
        )
    );
    let (_, out) = site.run(&["status"]);
    assert!(!out.contains("Stale translations"), "{out}");

    // The source changes: the translation is stale again, and says why.
    site.write(
        "content/events/licheng-visit.zh-Hans.md",
        "4月10日，访问团赴韩国。\n",
    );
    let (_, out) = site.run(&["status"]);
    assert!(out.contains("content/events/licheng-visit.en.md: source content/events/licheng-visit.zh-Hans.md changed"), "{out}");
    // Stamping again replaces the line rather than adding one.
    assert_eq!(
        site.run(&["status", "--stamp", "content/events/licheng-visit.en.md"])
            .0,
        0
    );
    assert_eq!(
        site.read("content/events/licheng-visit.en.md")
            .matches("source_digest")
            .count(),
        1
    );
}

#[test]
fn stamp_refuses_a_body_that_is_not_a_translation() {
    let site = TestSite::new(&[]);
    let (code, out) = site.run(&[
        "status",
        "--stamp",
        "content/events/licheng-visit.zh-Hans.md",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("no `translated_from`"), "{out}");
}

#[test]
fn json_filter_and_fail_under() {
    let site = TestSite::new(&[]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianjian"))
        .args(["status", "--format", "json", "--lang", "en"])
        .current_dir(site.root())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(
        entries.len(),
        5,
        "3 cities, 1 council, 1 event, English only"
    );
    assert!(entries.iter().all(|e| e["edition"] == "en"));
    let licheng = entries
        .iter()
        .find(|e| e["slug"] == "licheng-jinan")
        .expect("licheng");
    assert_eq!(licheng["name"], "fallback");
    let visit = entries
        .iter()
        .find(|e| e["slug"] == "licheng-visit")
        .expect("visit");
    assert_eq!(visit["body"], "fallback");
    assert_eq!(
        site.run(&["status", "--lang", "en", "--fail-under", "100"])
            .0,
        1
    );
    // Names are all there in zh-Hans, but three cities and the council
    // have no body in any language: untranslated, not left out.
    let (code, out) = site.run(&["status", "--lang", "zh-Hans", "--fail-under", "100"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Translation status: 60.0%"), "{out}");
    assert!(
        out.contains("a body missing in every language is untranslated"),
        "{out}"
    );
    assert_eq!(site.run(&["status", "--lang", "fr"]).0, 2);
    // Edition names in any case.
    assert_eq!(site.run(&["status", "--lang", "ZH-hant"]).0, 0);
    assert_eq!(site.run(&["status", "--lang", "zh-hans"]).0, 0);
}
