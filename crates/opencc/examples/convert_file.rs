//! Converts a file line by line with one configuration and prints the
//! throughput: a profiling aid (`perf record`), not a benchmark of record
//! (that is the repository's examples/bench_convert.rs).
//!
//!     cargo run --release -p nianjian-opencc --example convert_file -- s2t FILE [ROUNDS [OUT]]
//!
//! With OUT, also writes the converted text there (e.g. a Traditional corpus
//! to profile the `*2s` configurations on).

use std::time::Instant;

use nianjian_opencc::{Config, Converter};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(config), Some(path)) = (args.first().and_then(|c| Config::from_name(c)), args.get(1))
    else {
        eprintln!("usage: convert_file CONFIG FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let start = Instant::now();
    let cc = Converter::new(config).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    println!(
        "constructed in {:.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    let cpu = cpu_ns();
    let mut bytes = 0;
    for _ in 0..rounds {
        for line in text.lines() {
            bytes += cc.convert(line).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if let Some(out) = args.get(3) {
        let converted: Vec<String> = text.lines().map(|l| cc.convert(l)).collect();
        if let Err(e) = std::fs::write(out, converted.join("\n")) {
            eprintln!("{out}: {e}");
        }
    }
    let cpu_secs = (cpu_ns() - cpu) as f64 / 1e9;
    let mb = (text.len() * rounds) as f64 / 1e6;
    println!(
        "{config}: {:.1} MB/s of CPU time, {:.1} MB/s wall ({mb:.1} MB, {bytes} bytes out)",
        mb / cpu_secs,
        mb / secs
    );
}

/// This thread's CPU time so far, in ns (0 where unknown).
fn cpu_ns() -> u64 {
    cpu_time::ThreadTime::try_now()
        .map(|t| t.as_duration().as_nanos() as u64)
        .unwrap_or(0)
}
