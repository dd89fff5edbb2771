//! The error corpus: `tests/errors/<case>/` holds one minimal bad site per
//! mistake a translator can make (the files that differ from `_base/`, and a
//! `remove` list), and `expect`: the exact location (`file:line:column`, a
//! file alone, or an empty line for no file) and key words of the message.

use std::path::{Path, PathBuf};

use nianjian::diag::Diagnostic;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors")
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("below");
        let name = rel.to_string_lossy();
        if name == "expect" || name == "remove" || !e.file_type().is_file() {
            continue;
        }
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(e.path(), &target).expect("copy");
    }
}

fn location(d: &Diagnostic) -> String {
    match (&d.file, d.line) {
        (None, _) => String::new(),
        (Some(f), 0) => f.display().to_string(),
        (Some(f), line) => format!("{}:{line}:{}", f.display(), d.column),
    }
}

#[test]
fn every_mistake_is_reported_at_its_spot() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/errors")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&corpus().join("_base"), dir.path());
        copy_tree(case, dir.path());
        if let Ok(list) = std::fs::read_to_string(case.join("remove")) {
            for rel in list.lines().filter(|l| !l.is_empty()) {
                std::fs::remove_file(dir.path().join(rel)).expect("remove");
            }
        }
        let expect = std::fs::read_to_string(case.join("expect")).expect("expect file");
        let mut lines = expect.lines();
        let want_at = lines.next().unwrap_or_default();
        let words: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();

        let run = nianjian::build::Run::new(dir.path());
        let diags = run.check_all();
        let found = diags.errors().any(|d| {
            let text = d.to_string();
            location(d) == want_at && words.iter().all(|w| text.contains(w))
        });
        if !found {
            let got: Vec<String> = diags.iter().map(|d| format!("  {d}")).collect();
            failures.push(format!(
                "{name}: want an error at `{want_at}` with {words:?}; got:\n{}",
                got.join("\n")
            ));
        }
        // The rendered form shows the same spot, and never panics.
        let rendered = nianjian::diag::render(&diags, &run.sources, false);
        if !want_at.is_empty() && !rendered.contains(want_at) {
            failures.push(format!(
                "{name}: rendered output does not name {want_at}:\n{rendered}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_of_a_run_are_reported_with_snippets() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&corpus().join("_base"), dir.path());
    copy_tree(&corpus().join("unknown-participant"), dir.path());
    copy_tree(&corpus().join("unknown-seat"), dir.path());
    copy_tree(&corpus().join("unknown-country"), dir.path());
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
