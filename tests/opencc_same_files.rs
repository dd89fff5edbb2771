//! Backends that load the same dictionary files must agree exactly, on the
//! conversion corpus (`common/corpus.rs`) and on every key of every file a
//! configuration loads, for all eight configurations:
//!
//! - nianjian-opencc (compiled automata) against a deliberately naive
//!   reference written here: one hash map per vendored `.txt` file, groups
//!   walked as upstream's `DictGroup`/`PrefixMatch` do, maximum forward
//!   matching, mmseg segmentation, each segment through the chain;
//! - nianjian-opencc against Debian's `opencc` 1.1.6 tool run with
//!   configurations that point at the vendored files (`"type": "text"`).
//!   1.1.6 has no `union` groups, no `normalization` and needs a
//!   segmentation: a union of files becomes one merged file (first file
//!   wins, which is what union does with equal keys), normalization becomes
//!   the first chain stage (the same on text without CJK compatibility
//!   ideographs next to phrases, as here), and configurations without
//!   segmentation segment with the first member of their first stage (which
//!   changes nothing: those segments are that stage's own matches). Comments
//!   are stripped, as 1.1.6 does not read them.
//!
//! Neither knows ideographic description sequences; the corpora have none.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use nianjian_opencc::{Config, Converter};
use serde_json::Value;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/opencc/data")
}

/// A dictionary tree as a configuration file names it.
#[derive(Clone, Debug)]
enum Tree {
    File(String),
    /// (union?, members)
    Group(bool, Vec<Tree>),
}

fn tree(v: &Value) -> Tree {
    match v["type"].as_str() {
        Some("group") => Tree::Group(
            v["match_policy"].as_str() == Some("union"),
            v["dicts"]
                .as_array()
                .expect("group members")
                .iter()
                .map(tree)
                .collect(),
        ),
        _ => {
            let file = v["file"].as_str().expect("a file");
            Tree::File(file.trim_end_matches(".ocd2").to_owned())
        }
    }
}

struct ConfigFile {
    normalization: Vec<Tree>,
    segmentation: Option<Tree>,
    chain: Vec<Tree>,
}

fn config_file(name: &str) -> ConfigFile {
    let path = data().join(format!("config/{name}.json"));
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("config")).expect("JSON");
    let chain = |key: &str| -> Vec<Tree> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|steps| steps.iter().map(|s| tree(&s["dict"])).collect())
            .unwrap_or_default()
    };
    ConfigFile {
        normalization: chain("normalization"),
        segmentation: v.get("segmentation").map(|s| tree(&s["dict"])),
        chain: chain("conversion_chain"),
    }
}

fn files(t: &Tree, out: &mut Vec<String>) {
    match t {
        Tree::File(f) => out.push(f.clone()),
        Tree::Group(_, items) => items.iter().for_each(|i| files(i, out)),
    }
}

fn file_text(name: &str) -> String {
    let generated = data().join(format!("generated/{name}.txt"));
    let path = if generated.exists() {
        generated
    } else {
        data().join(format!("dictionary/{name}.txt"))
    };
    std::fs::read_to_string(path).expect("dictionary file")
}

/// (key, first value) per line, comments and blank lines skipped.
fn entries(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('\t').expect("key<TAB>values");
            (k.to_owned(), v.split(' ').next().unwrap_or("").to_owned())
        })
        .collect()
}

/// The naive reference.
struct Naive {
    /// Per file: key → default value, and the longest key in characters.
    files: HashMap<String, (HashMap<String, String>, usize)>,
}

impl Naive {
    fn new() -> Naive {
        Naive {
            files: HashMap::new(),
        }
    }

    fn load(&mut self, t: &Tree) {
        let mut names = Vec::new();
        files(t, &mut names);
        for n in names {
            self.files.entry(n.clone()).or_insert_with(|| {
                let map: HashMap<String, String> = entries(&file_text(&n)).into_iter().collect();
                let max = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
                (map, max)
            });
        }
    }

    /// Longest match of `t` at the start of `text`: (bytes, value).
    fn prefix(&self, t: &Tree, text: &str) -> Option<(usize, &str)> {
        match t {
            Tree::File(f) => {
                let (map, max) = &self.files[f];
                let ends: Vec<usize> = text
                    .char_indices()
                    .map(|(i, c)| i + c.len_utf8())
                    .take(*max)
                    .collect();
                ends.iter()
                    .rev()
                    .find_map(|&e| map.get(&text[..e]).map(|v| (e, v.as_str())))
            }
            Tree::Group(false, items) => items.iter().find_map(|i| self.prefix(i, text)),
            Tree::Group(true, items) => {
                let mut best: Option<(usize, &str)> = None;
                for m in items.iter().filter_map(|i| self.prefix(i, text)) {
                    if best.is_none_or(|b| m.0 > b.0) {
                        best = Some(m);
                    }
                }
                best
            }
        }
    }

    fn convert_with(&self, t: &Tree, text: &str) -> String {
        let (mut out, mut i) = (String::new(), 0);
        while let Some(c) = text[i..].chars().next() {
            match self.prefix(t, &text[i..]) {
                Some((n, v)) => {
                    out.push_str(v);
                    i += n;
                }
                None => {
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out
    }

    fn convert(&self, cfg: &ConfigFile, text: &str) -> String {
        let text = cfg
            .normalization
            .iter()
            .fold(text.to_owned(), |t, d| self.convert_with(d, &t));
        let mut segments = Vec::new();
        match &cfg.segmentation {
            None => segments.push(text.as_str()),
            Some(seg) => {
                let (mut run, mut i) = (0, 0);
                while let Some(c) = text[i..].chars().next() {
                    match self.prefix(seg, &text[i..]) {
                        Some((n, _)) => {
                            if run < i {
                                segments.push(&text[run..i]);
                            }
                            segments.push(&text[i..i + n]);
                            i += n;
                            run = i;
                        }
                        None => i += c.len_utf8(),
                    }
                }
                if run < text.len() {
                    segments.push(&text[run..]);
                }
            }
        }
        segments
            .iter()
            .map(|s| {
                cfg.chain
                    .iter()
                    .fold((*s).to_owned(), |t, d| self.convert_with(d, &t))
            })
            .collect()
    }
}

/// The corpus lines (made once) and every key of every file `cfg` loads.
fn inputs(cfg: &ConfigFile) -> (Vec<String>, Vec<String>) {
    static CORPUS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let lines = CORPUS
        .get_or_init(|| {
            let mut lines = vec![];
            lines.extend(common::corpus::sample_content().lines);
            lines.extend(common::corpus::generated(1_000_000).lines);
            if let Some(extra) = common::corpus::extra() {
                lines.extend(extra.lines);
            }
            println!(
                "corpus: {} lines, {} characters",
                lines.len(),
                lines.iter().map(|l| l.chars().count()).sum::<usize>()
            );
            lines
        })
        .clone();
    let mut names = Vec::new();
    let trees = cfg
        .normalization
        .iter()
        .chain(&cfg.segmentation)
        .chain(&cfg.chain);
    trees.for_each(|t| files(t, &mut names));
    names.sort();
    names.dedup();
    let keys = names
        .iter()
        .flat_map(|n| entries(&file_text(n)).into_iter().map(|(k, _)| k))
        .collect();
    (lines, keys)
}

fn first_difference(ours: &[String], theirs: &[String], inputs: &[String]) -> Option<String> {
    let count = ours.iter().zip(theirs).filter(|(a, b)| a != b).count();
    let (i, _) = ours
        .iter()
        .zip(theirs)
        .enumerate()
        .find(|(_, (a, b))| a != b)?;
    Some(format!(
        "{count} differ; first: {}\n  ours   {}\n  theirs {}",
        inputs[i], ours[i], theirs[i]
    ))
}

#[test]
fn agrees_with_a_naive_reference_on_the_same_files() {
    let start = Instant::now();
    let mut failures = Vec::new();
    for config in Config::ALL {
        let cfg = config_file(config.name());
        let mut naive = Naive::new();
        cfg.normalization
            .iter()
            .chain(&cfg.segmentation)
            .chain(&cfg.chain)
            .for_each(|t| naive.load(t));
        let cc = Converter::new(config).expect("embedded data");
        let (lines, keys) = inputs(&cfg);
        for (what, texts) in [("corpus", &lines), ("keys", &keys)] {
            let ours: Vec<String> = texts.iter().map(|t| cc.convert(t)).collect();
            let theirs: Vec<String> = texts.iter().map(|t| naive.convert(&cfg, t)).collect();
            match first_difference(&ours, &theirs, texts) {
                Some(d) => failures.push(format!("{config} {what}: {d}")),
                None => println!("{config}: {} {what} lines agree", texts.len()),
            }
        }
    }
    println!("took {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes what 1.1.6 reads for `t` into `dir`; returns its JSON.
fn legacy_dict(t: &Tree, dir: &Path) -> String {
    let write = |name: &str, entries: Vec<(String, String)>| {
        let path = dir.join(format!("{name}.txt"));
        let text: String = entries.iter().map(|(k, v)| format!("{k}\t{v}\n")).collect();
        std::fs::write(&path, text).expect("write dictionary");
        format!(r#"{{"type": "text", "file": "{}"}}"#, path.display())
    };
    match t {
        Tree::File(f) => {
            let stripped: Vec<(String, String)> = file_text(f)
                .lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| {
                    let (k, v) = l.split_once('\t').expect("key<TAB>values");
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            write(f, stripped)
        }
        Tree::Group(true, items) => {
            let mut names = Vec::new();
            items.iter().for_each(|i| files(i, &mut names));
            let mut merged: Vec<(String, String)> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for n in &names {
                for line in file_text(n)
                    .lines()
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                {
                    let (k, v) = line.split_once('\t').expect("key<TAB>values");
                    if seen.insert(k.to_owned()) {
                        merged.push((k.to_owned(), v.to_owned()));
                    }
                }
            }
            write(&format!("union-{}", names.join("+")), merged)
        }
        Tree::Group(false, items) => {
            let members: Vec<String> = items.iter().map(|i| legacy_dict(i, dir)).collect();
            format!(r#"{{"type": "group", "dicts": [{}]}}"#, members.join(", "))
        }
    }
}

fn legacy_config(cfg: &ConfigFile, dir: &Path) -> String {
    let seg = match (&cfg.segmentation, cfg.chain.first()) {
        (Some(s), _) => s.clone(),
        (None, Some(Tree::Group(false, items))) => items[0].clone(),
        (None, Some(other)) => other.clone(),
        (None, None) => panic!("a configuration without a chain"),
    };
    let chain: Vec<String> = cfg
        .normalization
        .iter()
        .chain(&cfg.chain)
        .map(|t| format!(r#"{{"dict": {}}}"#, legacy_dict(t, dir)))
        .collect();
    format!(
        r#"{{"name": "vendored", "segmentation": {{"type": "mmseg", "dict": {}}}, "conversion_chain": [{}]}}"#,
        legacy_dict(&seg, dir),
        chain.join(", ")
    )
}

#[test]
fn agrees_with_the_opencc_tool_on_the_same_files() {
    let start = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    for config in Config::ALL {
        let cfg = config_file(config.name());
        let json = dir.path().join(format!("{config}.json"));
        std::fs::write(&json, legacy_config(&cfg, dir.path())).expect("write config");
        let cc = Converter::new(config).expect("embedded data");
        let (lines, keys) = inputs(&cfg);
        for (what, texts) in [("corpus", &lines), ("keys", &keys)] {
            let input = dir.path().join("in.txt");
            let output = dir.path().join("out.txt");
            std::fs::write(&input, texts.join("\n") + "\n").expect("write input");
            let status = Command::new("opencc")
                .arg("-c")
                .arg(&json)
                .arg("-i")
                .arg(&input)
                .arg("-o")
                .arg(&output)
                .status()
                .expect("the reference `opencc` tool must be installed (scripts/test does)");
            assert!(
                status.success(),
                "{config}: opencc on the vendored files failed"
            );
            let theirs: Vec<String> = std::fs::read_to_string(&output)
                .expect("tool output")
                .lines()
                .map(str::to_owned)
                .collect();
            assert_eq!(theirs.len(), texts.len(), "{config}: line count");
            let ours: Vec<String> = texts.iter().map(|t| cc.convert(t)).collect();
            match first_difference(&ours, &theirs, texts) {
                Some(d) => failures.push(format!("{config} {what}: {d}")),
                None => println!("{config}: {} {what} lines agree with the tool", texts.len()),
            }
        }
    }
    println!("took {:.1} s", start.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
