//! Differential test: the conversion backend against the reference `opencc`
//! command-line tool (Debian's OpenCC 1.1.6, installed by scripts/test), on
//! all the sample content and every paragraph of the seed documents, with
//! each configuration, both ways.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use nianjian::model::{HansConfig, HantConfig};
use nianjian::normalise::convert::{Backend, hans_backend, hant_backend};

/// Characters where ferrous-opencc 0.4.0 (newer OpenCC dictionaries) and
/// OpenCC 1.1.6 disagree, as (configurations, ours, reference). Every entry
/// is dictionary-version drift, checked by hand in context.
const ALLOWED: &[(&[&str], char, char)] = &[
    // 雪后街道 "streets after the snow": 後 (after) is right; 1.1.6 keeps 后.
    (&["s2t", "s2tw", "s2twp", "s2hk"], '後', '后'),
    // 拉迪沃斯托克 (Vladivostok, a transliteration): newer dictionaries keep
    // 托; 1.1.6 gives 託 (entrust).
    (&["s2t", "s2tw", "s2twp", "s2hk"], '托', '託'),
    // s2twp phrase table: 通过 "adopted (a motion)" became 透過 "through" in the
    // newer Taiwan phrase list; 1.1.6's 通過 is right for a vote.
    (&["s2twp"], '透', '通'),
    // s2twp: 大数据 "big data" is 大數據 in newer lists, 大資料 in 1.1.6;
    // both are used in Taiwan.
    (&["s2twp"], '數', '資'),
    (&["s2twp"], '據', '料'),
];

const TO_HANT: [(&str, HantConfig); 4] = [
    ("s2t", HantConfig::S2t),
    ("s2tw", HantConfig::S2tw),
    ("s2twp", HantConfig::S2twp),
    ("s2hk", HantConfig::S2hk),
];
const TO_HANS: [(&str, HansConfig); 4] = [
    ("t2s", HansConfig::T2s),
    ("tw2s", HansConfig::Tw2s),
    ("tw2sp", HansConfig::Tw2sp),
    ("hk2s", HansConfig::Hk2s),
];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every non-empty line of the sample content and of the seed documents.
fn corpus() -> Vec<String> {
    let seeds = repo().join("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seed documents are expected beside the repository, in {}",
        seeds.display()
    );
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [repo().join("content"), seeds] {
        for e in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.file_type().is_file() {
                files.push(e.into_path());
            }
        }
    }
    let mut lines = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        lines.extend(
            text.lines()
                .map(str::trim_end)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    lines
}

fn reference(config: &str, input: &Path) -> Vec<String> {
    let out = input.with_extension(config);
    let status = Command::new("opencc")
        .args(["-c", &format!("{config}.json"), "-i"])
        .arg(input)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("the reference `opencc` tool must be installed: apt-get install -y opencc (scripts/test does)");
    assert!(status.success(), "opencc -c {config}.json failed");
    std::fs::read_to_string(&out)
        .expect("reference output")
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn backend_matches_reference_opencc() {
    let lines = corpus();
    let chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    assert!(chars > 60_000, "corpus too small: {chars} characters");
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("corpus.txt");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write corpus");

    let configs: Vec<(&str, Box<dyn Backend>)> = TO_HANT
        .iter()
        .map(|(n, c)| (*n, hant_backend(*c).expect("backend")))
        .chain(
            TO_HANS
                .iter()
                .map(|(n, c)| (*n, hans_backend(*c).expect("backend"))),
        )
        .collect();
    let mut report = String::new();
    let mut unexpected = Vec::new();
    for (name, backend) in &configs {
        let theirs = reference(name, &input);
        assert_eq!(theirs.len(), lines.len(), "{name}: line count differs");
        let mut differing: BTreeMap<(char, char), usize> = BTreeMap::new();
        for (line, reference_line) in lines.iter().zip(&theirs) {
            let ours = backend.convert(line);
            if &ours == reference_line {
                continue;
            }
            let (a, b): (Vec<char>, Vec<char>) =
                (ours.chars().collect(), reference_line.chars().collect());
            if a.len() != b.len() {
                unexpected.push(format!(
                    "{name}: lengths differ:\n  ours: {ours}\n  opencc: {reference_line}"
                ));
                continue;
            }
            for (x, y) in a.into_iter().zip(b).filter(|(x, y)| x != y) {
                *differing.entry((x, y)).or_default() += 1;
                let allowed = ALLOWED
                    .iter()
                    .any(|(cfgs, o, r)| cfgs.contains(name) && *o == x && *r == y);
                if !allowed {
                    unexpected.push(format!("{name}: ours {x} vs opencc {y} in: {line}"));
                }
            }
        }
        let total: usize = differing.values().sum();
        report.push_str(&format!(
            "{name}: {total} of {chars} characters differ {differing:?}\n"
        ));
    }
    println!("{report}");
    assert!(
        unexpected.is_empty(),
        "differences not in the allow-list:\n{}",
        unexpected.join("\n")
    );
}
