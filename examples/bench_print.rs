//! The print edition: wall time and peak memory of `nianjian build` with and
//! without `--pdf`, and of `nianjian pdf` for each edition, on the sample
//! yearbook and on a synthetic one (tests/common/synthetic.rs).
//!
//!     cargo build --release && cargo run --release --example bench_print [ENTITIES] [RUN...]
//!
//! ENTITIES defaults to 10000. RUNs pick some of the runs: `build`,
//! `build-pdf`, `pdf-zh-hans`, `pdf-zh-hant`, `pdf-en` (all when none is
//! given). At 10,000 entities a book needs 14–20 GB of memory (`build
//! --pdf` then makes them one at a time, docs/print.md "Memory") and the
//! runs take about 15 minutes; `bench_print 10000 pdf-zh-hans` makes one.
//! Each run is measured by `/usr/bin/time -v` (Debian package `time`)
//! around the release binary. A benchmark, not a
//! test: figures go to docs/print.md.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

/// Wall seconds and peak resident memory (MB) of one run.
struct Measure {
    secs: f64,
    peak_mb: f64,
}

fn binary() -> PathBuf {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/nianjian");
    if !bin.exists() {
        eprintln!("build the binary first: cargo build --release");
        std::process::exit(2);
    }
    bin
}

/// `h:mm:ss` or `m:ss.cc` as printed by GNU time.
fn seconds(s: &str) -> Option<f64> {
    s.split(':').try_fold(0.0, |acc, part| {
        Some(acc * 60.0 + part.trim().parse::<f64>().ok()?)
    })
}

fn measure(root: &Path, args: &[&str]) -> Measure {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary())
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("/usr/bin/time (Debian package `time`) runs");
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        eprintln!("nianjian {args:?} failed:\n{err}");
        std::process::exit(1);
    }
    let field = |name: &str| {
        err.lines().find_map(|l| {
            l.trim()
                .strip_prefix(name)
                .map(str::trim)
                .map(str::to_owned)
        })
    };
    let secs = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")
        .and_then(|s| seconds(&s))
        .unwrap_or(f64::NAN);
    let peak_kb: f64 = field("Maximum resident set size (kbytes):")
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    Measure {
        secs,
        peak_mb: peak_kb / 1024.0,
    }
}

fn report(name: &str, root: &Path, scratch: &Path, only: &[String]) {
    println!("\n{name}");
    let out = scratch.join("out");
    let out_arg = out.to_string_lossy().into_owned();
    // (key on the command line, label, arguments)
    let runs: Vec<(String, String, Vec<&str>)> = vec![
        (
            "build".to_owned(),
            "build".to_owned(),
            vec!["build", "--output", &out_arg],
        ),
        (
            "build-pdf".to_owned(),
            "build --pdf".to_owned(),
            vec!["build", "--pdf", "--output", &out_arg],
        ),
    ];
    let pdf_out = scratch.join("book.pdf");
    let pdf_arg = pdf_out.to_string_lossy().into_owned();
    let mut all = runs;
    for e in ["zh-hans", "zh-hant", "en"] {
        all.push((
            format!("pdf-{e}"),
            format!("pdf --edition {e}"),
            vec!["pdf", "--edition", e, "-o", &pdf_arg],
        ));
    }
    for (key, label, args) in all {
        if !only.is_empty() && !only.contains(&key) {
            continue;
        }
        let m = measure(root, &args);
        let size = match label.starts_with("pdf") {
            true => std::fs::metadata(&pdf_out).map_or(0, |m| m.len()),
            false => 0,
        };
        let pages = if size > 0 { pdf_pages(&pdf_out) } else { None };
        print!(
            "  {label:<24} {:>8.2} s  {:>8.0} MB peak",
            m.secs, m.peak_mb
        );
        if size > 0 {
            print!("  {:>7.1} MB PDF", size as f64 / 1_048_576.0);
        }
        if let Some(p) = pages {
            print!(", {p} pages");
        }
        println!();
    }
}

/// Page count from `pdfinfo`, when poppler-utils is installed.
fn pdf_pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:")?.trim().parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let entities = args.first().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let only = args.get(1..).unwrap_or_default();
    let known = ["build", "build-pdf", "pdf-zh-hans", "pdf-zh-hant", "pdf-en"];
    if let Some(unknown) = only.iter().find(|r| !known.contains(&r.as_str())) {
        eprintln!("unknown run {unknown}: the runs are {}", known.join(", "));
        std::process::exit(2);
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    report("sample yearbook", repo, scratch.path(), only);
    let synth = scratch.path().join("synthetic");
    let spec = synthetic::Spec {
        entities,
        bodies: vec!["zh-Hans", "en"],
    };
    synthetic::generate(&synth, &spec);
    report(
        &format!("synthetic yearbook, {entities} entities"),
        &synth,
        scratch.path(),
        only,
    );
}
