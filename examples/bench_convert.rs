//! Conversion throughput, in MB/s, for `s2t` and `t2s`: the built-in backend
//! against the reference `opencc` tool, on a corpus of at least 20 MB built by
//! repeating the repository's conversion corpus (the sample content and the
//! generated text of `tests/common/corpus.rs`, plus the optional extra corpus
//! when it exists).
//!
//!     cargo run --release --example bench_convert
//!
//! A benchmark, not a test: figures go to docs/performance.md.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::process::Command;
use std::time::Instant;

use nianjian::model::{HansConfig, HantConfig};
use nianjian::text::convert::{BACKEND_NAME, Backend, hans_backend, hant_backend};

const TARGET_BYTES: usize = 20 * 1024 * 1024;

fn main() {
    let mut sources = vec![corpus::sample_content(), corpus::generated(1_000_000)];
    sources.extend(corpus::extra());
    for c in &sources {
        println!("corpus: {}: {} characters", c.name, c.chars());
    }
    let paragraphs: Vec<String> = sources.into_iter().flat_map(|c| c.lines).collect();
    let mut corpus = String::with_capacity(TARGET_BYTES + 1024);
    while corpus.len() < TARGET_BYTES {
        for p in &paragraphs {
            corpus.push_str(p);
            corpus.push('\n');
        }
    }
    let mb = corpus.len() as f64 / 1e6;
    let dir = std::env::temp_dir().join(format!("nianjian-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let input = dir.join("corpus.txt");
    if let Err(e) = std::fs::write(&input, &corpus) {
        eprintln!("cannot write corpus: {e}");
        std::process::exit(1);
    }
    println!(
        "corpus: {mb:.1} MB, {} paragraphs repeated",
        paragraphs.len()
    );
    let cases: [(&str, Box<dyn Backend>); 2] = [
        (
            "s2t",
            hant_backend(HantConfig::S2t).expect("s2t dictionaries are embedded"),
        ),
        (
            "t2s",
            hans_backend(HansConfig::T2s).expect("t2s dictionaries are embedded"),
        ),
    ];
    for (name, backend) in &cases {
        // Convert paragraph by paragraph, as a build does.
        let start = Instant::now();
        let mut out = 0usize;
        for line in corpus.lines() {
            out += backend.convert(line).len();
        }
        let ours = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let status = Command::new("opencc")
            .args(["-c", &format!("{name}.json"), "-i"])
            .arg(&input)
            .arg("-o")
            .arg(dir.join(format!("out.{name}")))
            .status();
        let reference = start.elapsed().as_secs_f64();
        let reference = match status {
            Ok(s) if s.success() => format!("{:.1} MB/s ({reference:.2} s)", mb / reference),
            _ => "not installed (apt-get install opencc)".to_owned(),
        };
        println!(
            "{name}: {BACKEND_NAME} {:.1} MB/s ({ours:.2} s, {out} bytes out) | opencc tool {reference}",
            mb / ours
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
