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

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// 7,000 cities under 70 provinces, 1,000 councils (50 with 19 committees
/// each), 2,000 events with five participants each: 10,000 entities.
fn synthetic(root: &Path) {
    let c = root.join("content");
    write(
        &c.join("yearbook.yaml"),
        "title: {zh-Hans: 合成年鉴, en: Synthetic Yearbook}\nlanguages: [zh-Hans, zh-Hant, en]\n",
    );
    write(
        &c.join("countries.yaml"),
        "CN: {zh-Hans: 中国, en: China}\nKR: {zh-Hans: 韩国, en: South Korea}\n",
    );
    let han = "东西南北中华国际友好城市地方政府交流合作会议论坛";
    let name = |i: usize| -> String {
        let chars: Vec<char> = han.chars().collect();
        (0..4)
            .map(|k| chars[(i / chars.len().pow(k)) % chars.len()])
            .collect()
    };
    for p in 0..70 {
        write(
            &c.join(format!("cities/p{p}/province-{p}.yaml")),
            &format!(
                "name: {{zh-Hans: {}省, en: Province {p}}}\ncountry: {}\nlevel: province\n",
                name(p),
                if p % 2 == 0 { "CN" } else { "KR" }
            ),
        );
    }
    for i in 0..6930 {
        let p = i % 70;
        write(
            &c.join(format!("cities/p{p}/city-{i}.yaml")),
            &format!(
                "name: {{zh-Hans: {}市, en: City {i}}}\ncountry: {}\nlevel: city\nparent: province-{p}\n{}",
                name(i + 100),
                if p % 2 == 0 { "CN" } else { "KR" },
                if i % 10 == 0 {
                    format!(
                        "ties:\n  - city: city-{}\n    kind: sister\n    since: 2001\n",
                        (i + 7) % 6930
                    )
                } else {
                    String::new()
                }
            ),
        );
    }
    for n in 0..50 {
        let members: String = (0..40)
            .map(|k| format!("  - city: city-{}\n", (n * 131 + k * 7) % 6930))
            .collect();
        write(
            &c.join(format!("councils/c{n}/council-{n}.yaml")),
            &format!(
                "name: {{zh-Hans: {}联合会, en: Council {n}}}\nfounded: 1996\nmembers:\n{members}",
                name(n + 9000)
            ),
        );
        for k in 0..19 {
            write(
                &c.join(format!("councils/c{n}/committee-{n}-{k}.yaml")),
                &format!(
                    "name: {{zh-Hans: {}委员会, en: Committee {n}-{k}}}\nparent: council-{n}\nmembers:\n  - city: city-{}\n    role: coordinator\n",
                    name(n * 19 + k + 20000),
                    (n * 19 + k) % 6930
                ),
            );
        }
    }
    for e in 0..2000 {
        let parts: Vec<String> = (0..5)
            .map(|k| format!("city-{}", (e * 13 + k * 1001) % 6930))
            .collect();
        write(
            &c.join(format!("events/y{}/event-{e}.yaml", 2000 + e % 25)),
            &format!(
                "title: {{zh-Hans: {}会议, en: Meeting {e}}}\nkind: meeting\ndate: {}-{:02}-{:02}\ncity: city-{}\ncouncils: [council-{}]\nparticipants: [{}]\n",
                name(e + 30000),
                2000 + e % 25,
                1 + e % 12,
                1 + e % 28,
                (e * 17) % 6930,
                e % 50,
                parts.join(", ")
            ),
        );
        if e % 4 == 0 {
            write(
                &c.join(format!("events/y{}/event-{e}.zh-Hans.md", 2000 + e % 25)),
                &format!(
                    "{}的代表团参加了会议，\n与[](@cities/{})交流合作。\n",
                    name(e),
                    parts[0]
                ),
            );
        }
    }
}

struct Serve {
    child: std::process::Child,
    base: String,
    startup: String,
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
    let mut current = from.to_owned();
    for round in 0..5 {
        let marker = format!("{from} r{round}");
        times.push(save_to_served(&s, &agent, file, &current, &marker, page));
        current = marker;
        std::thread::sleep(Duration::from_millis(300));
    }
    times.sort();
    let ms = |d: &Duration| d.as_millis();
    println!(
        "{label}: {initial}; save → served: median {} ms, min {} ms, max {} ms (5 edits; includes the 200 ms debounce)",
        ms(&times[2]),
        ms(&times[0]),
        ms(&times[4])
    );
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
    synthetic(synth.path());
    println!(
        "synthetic yearbook written in {} ms",
        start.elapsed().as_millis()
    );
    measure(
        "synthetic yearbook (10,000 entities, 30,014 pages)",
        &binary,
        synth.path(),
        &synth.path().join("content/cities/p3/city-3.yaml"),
        "/en/cities/city-3/index.html",
        "City 3",
    );
}
