//! The error corpus: `tests/errors/<case>/` holds one minimal bad site per
//! mistake a translator can make (the files that differ from the base
//! fixture `tests/fixtures/base/`, and a `remove` list), and `expect`: every
//! diagnostic the check gives, one per line in its one-line form, nothing
//! more (no cascade). `NIANJIAN_BLESS=1 cargo test --test errors` rewrites
//! the `expect` files from what the check gives; review the diff.

mod common;

use std::path::{Path, PathBuf};

use common::{base, copy_tree};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors")
}

/// A case's site in a temporary folder.
fn site(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&base(), dir.path());
    for sub in ["content", "themes"] {
        copy_tree(&case.join(sub), &dir.path().join(sub));
    }
    if let Ok(list) = std::fs::read_to_string(case.join("remove")) {
        for rel in list.lines().filter(|l| !l.is_empty()) {
            std::fs::remove_file(dir.path().join(rel)).expect("remove");
        }
    }
    dir
}

#[test]
fn every_mistake_is_reported_at_its_spot_and_nothing_else() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/errors")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    let bless = std::env::var_os("NIANJIAN_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().expect("name").to_string_lossy();
        let dir = site(case);
        let run = nianjian::build::Run::new(dir.path());
        let diags = run.check_all();
        // One line of the expect file per line of a message (a help may
        // show an example over several lines).
        let got: Vec<String> = diags
            .iter()
            .flat_map(|d| d.to_string().lines().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let expect_file = case.join("expect");
        if bless {
            std::fs::write(&expect_file, got.join("\n") + "\n").expect("bless");
            continue;
        }
        let expect = std::fs::read_to_string(&expect_file).expect("expect file");
        let want: Vec<&str> = expect.lines().filter(|l| !l.is_empty()).collect();
        if got != want {
            failures.push(format!(
                "{name}:\n  want:\n    {}\n  got:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
        assert!(
            diags.has_errors(),
            "{name}: a case of the corpus is an error"
        );
        // The rendered form shows the same spot, and never panics.
        let rendered = nianjian::diag::render(&diags, &run.sources, false);
        if let Some(first) = diags
            .errors()
            .next()
            .and_then(|d| d.file.as_ref().map(|f| (f, d.line, d.column)))
            && first.1 > 0
        {
            let spot = format!("{}:{}:{}", first.0.display(), first.1, first.2.max(1));
            if !rendered.contains(&spot) {
                failures.push(format!(
                    "{name}: rendered output does not name {spot}:\n{rendered}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_of_a_run_are_reported_with_snippets() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&base(), dir.path());
    for case in ["unknown-participant", "unknown-seat", "unknown-country"] {
        copy_tree(
            &corpus().join(case).join("content"),
            &dir.path().join("content"),
        );
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianjian"))
        .arg("check")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("check: 3 errors, 0 warnings"), "{err}");
    assert!(
        err.contains(" --> content/events/licheng-visit.yaml:4:31\n  |\n4 | participants: [licheng-jinan, jinann]\n  |                               ^^^^^^\n"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `jinan`?"), "{err}");
    assert!(err.contains("content/councils/near.yaml:2:7"), "{err}");
    // NO_COLOR: no escape codes.
    assert!(!err.contains('\u{1b}'));
}
