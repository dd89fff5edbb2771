//! Differential tests: the conversion backend against the reference `opencc`
//! command-line tool (Debian's OpenCC 1.1.6, installed by scripts/test), with
//! each configuration, on corpora made from the repository alone (see
//! `common/corpus.rs`): the sample content, a generated million-character
//! text, and the seed documents when they sit beside the checkout.
//!
//! - Built-in backend (OpenCC data and semantics of a much newer upstream
//!   than 1.1.6): a report, not a gate. Every difference is printed with the
//!   input text that decided it (the dictionary match units of our trace)
//!   and whether upstream's own test suite covers that text: an upstream
//!   case whose input contains it, with the surrounding characters
//!   ("decided") or alone ("covered"). Such a case says who is right; the
//!   test fails when the backend under test disagrees with upstream's
//!   expected output on a case that covers a difference. Uncovered
//!   differences are only reported.
//! - `system-opencc` backend (the same library and dictionary files as the
//!   tool): output must be identical on every corpus and on every key of
//!   every dictionary file each configuration loads.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::conversion::{Difference, Judge, Verdict};
use common::corpus::{self, Corpus};
use nianjian::model::{HansConfig, HantConfig};
use nianjian::text::convert::{BACKEND_NAME, Backend, hans_backend, hant_backend};
use nianjian_opencc::Config;

const CONFIGS: [&str; 8] = [
    "s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s",
];

const SYSTEM: bool = cfg!(feature = "system-opencc");

fn backend(config: &str) -> Box<dyn Backend> {
    let built = match config {
        "s2t" => hant_backend(HantConfig::S2t),
        "s2tw" => hant_backend(HantConfig::S2tw),
        "s2twp" => hant_backend(HantConfig::S2twp),
        "s2hk" => hant_backend(HantConfig::S2hk),
        "t2s" => hans_backend(HansConfig::T2s),
        "tw2s" => hans_backend(HansConfig::Tw2s),
        "tw2sp" => hans_backend(HansConfig::Tw2sp),
        "hk2s" => hans_backend(HansConfig::Hk2s),
        other => panic!("not a configuration: {other}"),
    };
    built.unwrap_or_else(|e| panic!("{config}: {e}"))
}

/// The reference tool's output for `lines`, one output line per input line.
fn reference(config: &str, lines: &[String], dir: &Path) -> Vec<String> {
    let input = dir.join("in.txt");
    let output = dir.join(format!("out.{config}"));
    std::fs::write(&input, lines.join("\n") + "\n").expect("write corpus");
    let status = Command::new("opencc")
        .args(["-c", &format!("{config}.json"), "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status()
        .expect("the reference `opencc` tool must be installed: apt-get install -y opencc (scripts/test does)");
    assert!(status.success(), "opencc -c {config}.json failed");
    let out: Vec<String> = std::fs::read_to_string(&output)
        .expect("reference output")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(out.len(), lines.len(), "{config}: line count differs");
    out
}

/// Where one backend's output differs from the reference's.
#[derive(Default)]
struct Comparison {
    differing_lines: usize,
    /// Each distinct difference and how often.
    differences: BTreeMap<Difference, usize>,
    /// Differences on covered text the backend gets wrong, or (system
    /// backend) any difference.
    failures: Vec<String>,
}

/// Compares `ours` with `theirs` line by line, judging differences by
/// upstream's cases (or, with `exact`, allowing none).
fn compare(
    config: &'static str,
    lines: &[String],
    ours: &dyn Backend,
    theirs: &[String],
    exact: bool,
) -> Comparison {
    let mut c = Comparison::default();
    let convert = |t: &str| ours.convert(t);
    let mut judge = Judge::new(
        Config::from_name(config).expect("a configuration"),
        &convert,
    );
    for (line, reference_line) in lines.iter().zip(theirs) {
        let converted = ours.convert(line);
        if &converted == reference_line {
            continue;
        }
        c.differing_lines += 1;
        if exact {
            c.failures.push(format!(
                "{config}: ours {converted} vs opencc {reference_line} in: {line}"
            ));
            continue;
        }
        for d in judge.differences(line, &converted, reference_line) {
            if let Verdict::Against(id) = &d.verdict {
                c.failures.push(format!(
                    "{config}: {} → ours {} vs opencc {}; upstream case {id} covers it and the backend fails it (in: {line})",
                    d.unit, d.ours, d.theirs
                ));
            }
            *c.differences.entry(d).or_default() += 1;
        }
    }
    c
}

/// The corpora every run reads, printed so a log shows what was compared.
fn corpora() -> Vec<Corpus> {
    let mut all = vec![corpus::sample_content(), corpus::generated(1_000_000)];
    match corpus::extra() {
        Some(extra) => all.push(extra),
        None => println!("no extra corpus (set NIANJIAN_EXTRA_CORPUS to add one)"),
    }
    for c in &all {
        println!(
            "corpus: {}: {} lines, {} characters",
            c.name,
            c.lines.len(),
            c.chars()
        );
    }
    all
}

/// One configuration's report on one corpus.
fn report(config: &str, corpus: &Corpus, c: &Comparison) -> String {
    let mut by_verdict: HashMap<&str, usize> = HashMap::new();
    for (d, n) in &c.differences {
        let name = match d.verdict {
            Verdict::Decided(_) => "decided",
            Verdict::Covered(_) => "covered",
            Verdict::Uncovered => "uncovered",
            Verdict::Against(_) => "against",
        };
        *by_verdict.entry(name).or_default() += n;
    }
    let count = |k: &str| by_verdict.get(k).copied().unwrap_or(0);
    let mut out = format!(
        "{config} on {}: {} of {} lines differ; differences: {} decided by upstream cases, \
         {} covered, {} uncovered, {} against\n",
        corpus.name,
        c.differing_lines,
        corpus.lines.len(),
        count("decided"),
        count("covered"),
        count("uncovered"),
        count("against"),
    );
    let mut top: Vec<(&Difference, &usize)> = c.differences.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (d, n) in top.into_iter().take(12) {
        out.push_str(&format!(
            "    {} (in {}) → ours {} / 1.1.6 {} ×{n} ({}; ours from {})\n",
            d.unit, d.context, d.ours, d.theirs, d.verdict, d.entries
        ));
    }
    out
}

#[test]
fn backend_against_reference_opencc() {
    let start = Instant::now();
    let corpora = corpora();
    let sample_chars = corpora[0].chars();
    assert!(
        sample_chars > 20_000,
        "sample content too small: {sample_chars} characters"
    );
    assert!(corpora[1].chars() >= 1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut out = String::new();
    let mut failures = Vec::new();
    for config in CONFIGS {
        let ours = backend(config);
        for corpus in &corpora {
            let theirs = reference(config, &corpus.lines, dir.path());
            let c = compare(config, &corpus.lines, ours.as_ref(), &theirs, SYSTEM);
            out.push_str(&report(config, corpus, &c));
            failures.extend(c.failures);
        }
    }
    println!("backend: {BACKEND_NAME}\n{out}");
    println!("took {:.1} s", start.elapsed().as_secs_f64());
    assert!(
        failures.is_empty(),
        "{} differences the backend gets wrong:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A backend that is right except for one character: the comparison must
/// catch it.
struct SwapOne {
    inner: Box<dyn Backend>,
    from: char,
    to: char,
}

impl Backend for SwapOne {
    fn convert(&self, text: &str) -> String {
        self.inner
            .convert(text)
            .replace(self.from, &self.to.to_string())
    }
}

#[test]
fn a_wrong_backend_is_caught() {
    let sample = corpus::sample_content();
    let dir = tempfile::tempdir().expect("temp dir");
    let theirs = reference("s2t", &sample.lines, dir.path());
    let right = compare(
        "s2t",
        &sample.lines,
        backend("s2t").as_ref(),
        &theirs,
        SYSTEM,
    );
    assert!(right.failures.is_empty(), "{:?}", right.failures);
    // 國 is on nearly every page of the sample, and upstream's s2t cases
    // have 国 in their inputs; this backend writes 国.
    let wrong = SwapOne {
        inner: backend("s2t"),
        from: '國',
        to: '国',
    };
    let caught = compare("s2t", &sample.lines, &wrong, &theirs, SYSTEM);
    assert!(caught.failures.len() > 10, "{}", caught.failures.len());
    assert!(
        caught
            .failures
            .iter()
            .all(|f| f.contains("国") && f.contains("國")),
        "{:?}",
        &caught.failures[..caught.failures.len().min(3)]
    );
}

/// The dictionary files a configuration of the installed OpenCC loads, read
/// from its JSON configuration.
#[cfg(feature = "system-opencc")]
fn dictionary_files(config: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new("/usr/share/opencc");
    let json = std::fs::read_to_string(dir.join(format!("{config}.json")))
        .unwrap_or_else(|e| panic!("{config}.json: {e}"));
    let mut files: Vec<std::path::PathBuf> = json
        .split('"')
        .filter(|s| s.ends_with(".ocd2"))
        .map(|s| dir.join(s))
        .collect();
    files.sort();
    files.dedup();
    assert!(!files.is_empty(), "{config}.json names no dictionary");
    files
}

/// Every key of every dictionary file, converted by the system backend and by
/// the tool: identical, for every configuration.
#[cfg(feature = "system-opencc")]
#[test]
fn system_backend_agrees_on_every_dictionary_key() {
    let start = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut total = 0;
    for config in CONFIGS {
        let mut keys: Vec<String> = Vec::new();
        for file in dictionary_files(config) {
            let text_file = dir.path().join("dict.txt");
            let status = Command::new("opencc_dict")
                .args(["-f", "ocd2", "-t", "text", "-i"])
                .arg(&file)
                .arg("-o")
                .arg(&text_file)
                .status()
                .expect("opencc_dict comes with the opencc package");
            assert!(status.success(), "opencc_dict on {}", file.display());
            let text = std::fs::read_to_string(&text_file).expect("dictionary text");
            keys.extend(
                text.lines()
                    .filter_map(|l| l.split('\t').next())
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned),
            );
        }
        let theirs = reference(config, &keys, dir.path());
        let c = compare(config, &keys, backend(config).as_ref(), &theirs, true);
        assert!(
            c.failures.is_empty(),
            "{config}: {} keys differ, e.g. {:?}",
            c.failures.len(),
            &c.failures[..c.failures.len().min(5)]
        );
        println!("{config}: {} keys agree", keys.len());
        total += keys.len();
    }
    println!("{total} keys in {:.1} s", start.elapsed().as_secs_f64());
}
