//! Conversion throughput, in MB/s per core, and construction time, for each
//! backend: nianjian-opencc (the default), ferrous-opencc 0.4.0 (the previous
//! default), libopencc (Debian's 1.1.6, only when built with
//! `--features system-opencc`) and the reference `opencc` tool (when
//! installed). The corpus is the repository's conversion corpus (the sample
//! content and the generated text of `tests/common/corpus.rs`, plus the
//! optional extra corpus when it exists), repeated to at least 20 MB; the
//! configurations into Simplified read it after conversion into Traditional
//! by their counterpart (t2s reads s2t's output, tw2s s2tw's, …), as they
//! would on a real site.
//!
//! Throughput is reported per second of CPU time of the converting thread,
//! so that other work on a shared machine does not count; wall-clock
//! figures are printed beside it.
//!
//!     cargo run --release --example bench_convert [CONFIG…]
//!     cargo run --release --features system-opencc --example bench_convert [CONFIG…]
//!
//! A benchmark, not a test: figures go to docs/performance.md.

#[path = "../tests/common/corpus.rs"]
mod corpus;

use std::process::Command;
use std::time::Instant;

use nianjian_opencc::{Config, Converter};

const TARGET_BYTES: usize = 20 * 1024 * 1024;

/// A converter under test, behind one signature.
type Convert = Box<dyn Fn(&str) -> String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Child mode: construct one configuration of one backend in a fresh
    // process, so that the time includes loading its tables.
    if let [flag, backend, config] = args.as_slice()
        && flag == "--construct"
    {
        construct_once(backend, config);
        return;
    }
    let configs: Vec<Config> = if args.is_empty() {
        Config::ALL.to_vec()
    } else {
        args.iter()
            .map(|a| Config::from_name(a).unwrap_or_else(|| panic!("not a configuration: {a}")))
            .collect()
    };
    let simplified = build_corpus();
    // For profiling a converter on the same text (crates/opencc's
    // convert_file example reads a file).
    if let Some(path) = std::env::var_os("NIANJIAN_BENCH_CORPUS_OUT") {
        std::fs::write(&path, &simplified).expect("write the corpus");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    println!(
        "\nconstruction, CPU time (in a fresh process, the first converter; then a second one \
         of the same configuration in that process):"
    );
    for &config in &configs {
        let mut line = format!("{config:>6}:");
        for backend in backends() {
            line.push_str(&format!(
                " {backend} {}",
                construct_in_child(backend, config)
            ));
        }
        println!("{line}");
    }
    println!(
        "\nthroughput, MB/s per CPU-second on one core (wall-clock MB/s in brackets), \
         paragraph by paragraph as a build converts:"
    );
    let mut traditional: Vec<(Config, String)> = Vec::new();
    for &config in &configs {
        let corpus = match counterpart(config) {
            None => simplified.clone(),
            Some(source) => match traditional.iter().find(|(c, _)| *c == source) {
                Some((_, t)) => t.clone(),
                None => {
                    let cc = Converter::new(source).expect("embedded data");
                    let t: String = simplified.lines().map(|l| cc.convert(l) + "\n").collect();
                    traditional.push((source, t.clone()));
                    t
                }
            },
        };
        let mb = corpus.len() as f64 / 1e6;
        let input = dir.path().join("corpus.txt");
        std::fs::write(&input, &corpus).expect("write corpus");
        let mut line = format!("{:>6}:", config.name());
        for backend in backends() {
            let Some(convert) = make(backend, config) else {
                continue;
            };
            let (start, cpu) = (Instant::now(), cpu_ns());
            let mut out = 0usize;
            for paragraph in corpus.lines() {
                out += convert(paragraph).len();
            }
            let cpu_secs = cpu_ns().saturating_sub(cpu) as f64 / 1e9;
            let secs = start.elapsed().as_secs_f64();
            line.push_str(&format!(
                " {backend} {:.1} [{:.1}] ({out} B out)",
                mb / cpu_secs.max(1e-9),
                mb / secs
            ));
        }
        line.push_str(&format!(
            " | opencc tool {}",
            tool(config, &input, dir.path(), mb)
        ));
        println!("{line}");
    }
}

/// The configuration whose output a `*2s` configuration reads.
fn counterpart(config: Config) -> Option<Config> {
    match config {
        Config::T2s => Some(Config::S2t),
        Config::Tw2s => Some(Config::S2tw),
        Config::Tw2sp => Some(Config::S2twp),
        Config::Hk2s => Some(Config::S2hk),
        _ => None,
    }
}

/// This thread's CPU time so far, in ns (0 where unknown).
fn cpu_ns() -> u64 {
    cpu_time::ThreadTime::try_now()
        .map(|t| t.as_duration().as_nanos() as u64)
        .unwrap_or(0)
}

fn build_corpus() -> String {
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
    println!(
        "corpus: {:.1} MB, {} paragraphs repeated",
        corpus.len() as f64 / 1e6,
        paragraphs.len()
    );
    corpus
}

fn backends() -> Vec<&'static str> {
    let mut all = vec!["nianjian-opencc", "ferrous-opencc"];
    if cfg!(feature = "system-opencc") {
        all.push("libopencc");
    }
    all
}

/// A converter of `backend` for `config`.
fn make(backend: &str, config: Config) -> Option<Convert> {
    match backend {
        "nianjian-opencc" => {
            let cc = Converter::new(config).expect("embedded data");
            Some(Box::new(move |t: &str| cc.convert(t)))
        }
        "ferrous-opencc" => {
            use ferrous_opencc::{OpenCC, config::BuiltinConfig};
            let builtin = match config {
                Config::S2t => BuiltinConfig::S2t,
                Config::S2tw => BuiltinConfig::S2tw,
                Config::S2twp => BuiltinConfig::S2twp,
                Config::S2hk => BuiltinConfig::S2hk,
                Config::T2s => BuiltinConfig::T2s,
                Config::Tw2s => BuiltinConfig::Tw2s,
                Config::Tw2sp => BuiltinConfig::Tw2sp,
                Config::Hk2s => BuiltinConfig::Hk2s,
            };
            let cc = OpenCC::from_config(builtin).expect("ferrous-opencc data");
            Some(Box::new(move |t: &str| cc.convert(t)))
        }
        "libopencc" => libopencc(config),
        _ => None,
    }
}

#[cfg(feature = "system-opencc")]
fn libopencc(config: Config) -> Option<Convert> {
    use opencc_rust::{DefaultConfig, OpenCC};
    let default = match config {
        Config::S2t => DefaultConfig::S2T,
        Config::S2tw => DefaultConfig::S2TW,
        Config::S2twp => DefaultConfig::S2TWP,
        Config::S2hk => DefaultConfig::S2HK,
        Config::T2s => DefaultConfig::T2S,
        Config::Tw2s => DefaultConfig::TW2S,
        Config::Tw2sp => DefaultConfig::TW2SP,
        Config::Hk2s => DefaultConfig::HK2S,
    };
    let cc = OpenCC::new(default).ok()?;
    Some(Box::new(move |t: &str| cc.convert(t)))
}

#[cfg(not(feature = "system-opencc"))]
fn libopencc(_: Config) -> Option<Convert> {
    None
}

fn construct_in_child(backend: &str, config: Config) -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "?".to_owned();
    };
    let out = Command::new(exe)
        .args(["--construct", backend, config.name()])
        .output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_owned(),
        _ => "failed".to_owned(),
    }
}

fn construct_once(backend: &str, name: &str) {
    let Some(config) = Config::from_name(name) else {
        std::process::exit(2);
    };
    let cpu = cpu_ns();
    let first = make(backend, config);
    let cold = cpu_ns().saturating_sub(cpu);
    let cpu = cpu_ns();
    let second = make(backend, config);
    let warm = cpu_ns().saturating_sub(cpu);
    if first.is_none() || second.is_none() {
        std::process::exit(1);
    }
    println!("{:.1} ms / {:.2} ms", cold as f64 / 1e6, warm as f64 / 1e6);
}

/// The `opencc` tool on the whole file (its own reading and writing
/// included; wall clock, as it is another process), or why not.
fn tool(config: Config, input: &std::path::Path, dir: &std::path::Path, mb: f64) -> String {
    let start = Instant::now();
    let status = Command::new("opencc")
        .args(["-c", &format!("{}.json", config.name()), "-i"])
        .arg(input)
        .arg("-o")
        .arg(dir.join("out.txt"))
        .status();
    let secs = start.elapsed().as_secs_f64();
    match status {
        Ok(s) if s.success() => format!("{:.1}", mb / secs),
        _ => "not installed (apt-get install opencc)".to_owned(),
    }
}
