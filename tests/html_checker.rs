//! Every page of the sample yearbook, in every edition and of every kind,
//! passes the Nu HTML checker (vnu, the W3C validator) with no errors.
//! The checker comes from npm (`tests/tools`, installed by scripts/test)
//! and runs on Java.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: run `npm ci --prefix tests/tools` (scripts/test does)",
        jar.display()
    );
    jar
}

/// The checker's error messages for the HTML files below `dir`, as
/// "file: line: message".
fn errors(dir: &Path) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(dir)
        .output()
        .expect("java runs (scripts/test installs default-jre-headless)");
    // vnu writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or_default(),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn the_checker_reports_a_broken_page() {
    // So that a silent checker cannot pass the test below.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("broken.html"),
        "<!DOCTYPE html><html lang=en><title>x</title><p><div></p>",
    )
    .expect("write");
    let found = errors(dir.path());
    assert!(!found.is_empty(), "vnu found nothing in a broken page");
}

#[test]
fn every_page_of_the_sample_passes_the_nu_html_checker() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = common::build_into_temp(repo);
    let output = &built.output;
    assert!(built.pages > 300, "only {} pages", built.pages);
    let found = errors(output);
    assert!(
        found.is_empty(),
        "{} errors:\n{}",
        found.len(),
        found.join("\n")
    );
}
