//! Time from saving a file to the new page being served by `nianjian serve`,
//! for the sample yearbook and a synthetic yearbook of 10,000 entities.
//!
//!     cargo build --release && cargo run --release --example bench_serve
//!
//! A benchmark, not a test: figures go to docs/performance.md.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

struct Serve {
    child: std::process::Child,
    base: String,
    startup: String,
    /// The lines serve prints after starting (one per rebuild).
    log: Option<mpsc::Receiver<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(binary: &Path, root: &Path) -> Serve {
    let child = Command::new(binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start nianjian serve");
    // Owned by `Serve` from here, so it is killed and reaped on every path.
    let mut serve = Serve {
        child,
        base: String::new(),
        startup: String::new(),
        log: None,
    };
    let stderr = serve.child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(600))
            .expect("serve started");
        serve.startup.push_str(&line);
        serve.startup.push('\n');
        if let Some(at) = line.find("http://") {
            serve.base = line[at..]
                .split_whitespace()
                .next()
                .expect("url")
                .trim_end_matches('/')
                .to_owned();
            serve.log = Some(rx);
            return serve;
        }
    }
}

fn get(agent: &ureq::Agent, url: &str) -> String {
    agent
        .get(url)
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_to_string().ok())
        .unwrap_or_default()
}

/// Saves `file` with a new name `marker` and waits until `page` shows it.
fn save_to_served(
    s: &Serve,
    agent: &ureq::Agent,
    file: &Path,
    from: &str,
    marker: &str,
    page: &str,
) -> Duration {
    let text = std::fs::read_to_string(file).expect("read");
    let start = Instant::now();
    std::fs::write(file, text.replacen(from, marker, 1)).expect("write");
    let url = format!("{}{page}", s.base);
    while !get(agent, &url).contains(marker) {
        assert!(start.elapsed() < Duration::from_secs(120), "timed out");
        std::thread::sleep(Duration::from_millis(5));
    }
    start.elapsed()
}

fn measure(label: &str, binary: &Path, root: &Path, file: &Path, page: &str, from: &str) {
    let s = serve(binary, root);
    let initial = s
        .startup
        .lines()
        .find(|l| l.starts_with("initial build"))
        .unwrap_or_default()
        .to_owned();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut times = Vec::new();
    let mut rebuilds = Vec::new();
    let mut current = from.to_owned();
    for round in 0..5 {
        let marker = format!("{from} r{round}");
        times.push(save_to_served(&s, &agent, file, &current, &marker, page));
        current = marker;
        // The next save waits for the whole rebuild (the search index is
        // made after the page is served): each is measured from a quiet
        // server, as an author saving now and then meets it.
        rebuilds.push(finished(&s));
    }
    times.sort();
    let ms = |d: &Duration| d.as_millis();
    println!(
        "{label}: {initial}; save → served: median {} ms, min {} ms, max {} ms (5 edits; includes the 100 ms debounce)",
        ms(&times[2]),
        ms(&times[0]),
        ms(&times[4])
    );
    for line in rebuilds {
        println!("  {line}");
    }
}

/// The log line of the rebuild that has just served a page, once the whole
/// rebuild has finished.
fn finished(s: &Serve) -> String {
    let log = s.log.as_ref().expect("serve started");
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(600))
            .expect("the rebuild finishes");
        if line.contains(" files rendered (") {
            return line;
        }
    }
}

fn main() {
    let exe = std::env::current_exe().expect("exe");
    let binary: PathBuf = exe
        .parent()
        .and_then(|p| p.parent())
        .expect("target dir")
        .join("nianjian");
    assert!(
        binary.is_file(),
        "build the binary first: cargo build --release"
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));

    let sample = tempfile::tempdir().expect("temp");
    let status = Command::new("cp")
        .arg("-r")
        .arg(repo.join("content"))
        .arg(sample.path())
        .status()
        .expect("cp");
    assert!(status.success());
    measure(
        "sample yearbook (149 entities, 461 pages)",
        &binary,
        sample.path(),
        &sample
            .path()
            .join("content/cities/kr/gyeongsangbuk/pohang.yaml"),
        "/en/cities/pohang/index.html",
        "Pohang",
    );

    let synth = tempfile::tempdir().expect("temp");
    let start = Instant::now();
    synthetic::generate(
        synth.path(),
        &synthetic::Spec {
            entities: 10_000,
            bodies: vec!["zh-Hans", "en"],
        },
    );
    println!(
        "synthetic yearbook written in {} ms",
        start.elapsed().as_millis()
    );
    measure(
        "synthetic yearbook (10,000 entities, 30,014 pages, bodies in zh-Hans and en)",
        &binary,
        synth.path(),
        &synth.path().join("content/cities/p3/city-3.yaml"),
        "/en/cities/city-3/index.html",
        "City 3",
    );
}
