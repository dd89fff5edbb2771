//! Search: index size per edition and time-to-results in headless Chromium,
//! on the sample yearbook and a synthetic one of 10,000 entities, beside
//! Pagefind run on the same output.
//!
//!     npm install --prefix /tmp/pf pagefind        # optional, for the comparison
//!     PAGEFIND=/tmp/pf/node_modules/.bin/pagefind \
//!       cargo run --release --example bench_search
//!
//! Needs chromium and chromium-driver. A benchmark, not a test: figures go
//! to docs/performance.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use fantoccini::Client;
use serde_json::{Value, json};

#[path = "../tests/common/browser.rs"]
mod browser;
#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use browser::browser;

/// Paths the server was asked for.
type Log = Arc<Mutex<Vec<String>>>;

/// Serves `root` over HTTP, uncached, logging requests (Pagefind fetches
/// its files, in a worker, so it needs a server and the page cannot list
/// what it loaded).
async fn http(root: PathBuf, log: Log) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let app = axum::Router::new()
        .fallback_service(tower_http::services::ServeDir::new(root))
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let log = log.clone();
                async move {
                    if let Ok(mut l) = log.lock() {
                        l.push(req.uri().path().to_owned());
                    }
                    let mut res = next.run(req).await;
                    res.headers_mut()
                        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                    res
                }
            },
        ));
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

/// Files, bytes, largest file below `dir` whose name passes `keep`.
fn sizes(dir: &Path, keep: impl Fn(&str) -> bool) -> (usize, u64, u64) {
    let mut out = (0, 0, 0);
    for e in walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_file() && keep(&name) {
            let len = e.metadata().map(|m| m.len()).unwrap_or(0);
            out = (out.0 + 1, out.1 + len, out.2.max(len));
        }
    }
    out
}

fn gzip_size(path: &Path) -> u64 {
    Command::new("gzip")
        .args(["-c", "-6"])
        .arg(path)
        .output()
        .map(|o| o.stdout.len() as u64)
        .unwrap_or(0)
}

const OURS: &str = r#"
const q = arguments[0], done = arguments[arguments.length - 1];
(async () => {
  performance.setResourceTimingBufferSize(100000);
  await window.nianjianSearch.ready;
  const scripts = () => [...document.querySelectorAll("script[src]")].map(s => s.src);
  const before = scripts().length;
  const t0 = performance.now();
  const r = await window.nianjianSearch.run(q);
  const ms = performance.now() - t0;
  // The page's own search.js is loaded with the page: counted too.
  const names = scripts().filter((s, i) => i >= before || s.includes("search.js"));
  done({ ms, count: r.count, names, phases: [r.meta, r.find] });
})();
"#;

const PAGEFIND: &str = r#"
const q = arguments[0], done = arguments[arguments.length - 1];
(async () => {
  const t0 = performance.now();
  const pf = await import("/pagefind/pagefind.js");
  await pf.init();
  const s = await pf.search(q);
  await Promise.all(s.results.slice(0, 10).map(r => r.data()));
  const ms = performance.now() - t0;
  done({ ms, count: s.results.length, names: [] });
})();
"#;

/// One measured query: median time of five cold page loads, results, and
/// the bytes of the files the query loaded (on disk and gzipped).
struct Run {
    ms: f64,
    /// Of which: index metadata and lookup (nianjian only).
    phases: (f64, f64),
    count: i64,
    files: usize,
    bytes: u64,
    gzip: u64,
}

async fn measure(client: &Client, page: &str, script: &str, q: &str, out: &Path, log: &Log) -> Run {
    let mut times = Vec::new();
    let mut last = Value::Null;
    let mut requested = Vec::new();
    for _ in 0..5 {
        client.goto(page).await.expect("open");
        if let Ok(mut l) = log.lock() {
            l.clear();
        }
        last = client
            .execute_async(script, vec![json!(q)])
            .await
            .expect("query");
        times.push(last["ms"].as_f64().unwrap_or(f64::NAN));
        requested = log.lock().map(|l| l.clone()).unwrap_or_default();
    }
    times.sort_by(f64::total_cmp);
    let mut run = Run {
        ms: times[2],
        phases: (
            last["phases"][0].as_f64().unwrap_or(0.0),
            last["phases"][1].as_f64().unwrap_or(0.0),
        ),
        count: last["count"].as_i64().unwrap_or(-1),
        files: 0,
        bytes: 0,
        gzip: 0,
    };
    let mut names: Vec<String> = last["names"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        names = requested
            .iter()
            .map(|p| format!("http://server{p}"))
            .collect();
    }
    for name in &names {
        let name = name.as_str();
        let path = name.split('?').next().unwrap_or(name);
        let rel = match path.strip_prefix("file://") {
            Some(abs) => PathBuf::from(abs),
            None => out.join(path.splitn(4, '/').nth(3).unwrap_or("")),
        };
        if let Ok(m) = std::fs::metadata(&rel) {
            run.files += 1;
            run.bytes += m.len();
            run.gzip += gzip_size(&rel);
        }
    }
    run
}

fn kb(b: u64) -> String {
    format!("{:.1} KB", b as f64 / 1000.0)
}

/// Index sizes per edition, nianjian's and (after running it) Pagefind's.
fn index_sizes(out: &Path, pagefind: Option<&Path>) {
    println!("| edition | nianjian index | files | largest shard | Pagefind index | files |");
    println!("|---|---|---|---|---|---|");
    let mut pf_time = None;
    if let Some(pf) = pagefind {
        let start = Instant::now();
        let status = Command::new(pf)
            .arg("--site")
            .arg(out)
            .stdout(Stdio::null())
            .status()
            .expect("run pagefind");
        assert!(status.success(), "pagefind failed");
        pf_time = Some(start.elapsed());
    }
    for e in ["zh-hans", "zh-hant", "en"] {
        let ix = out.join(e).join("search/ix");
        let (n, bytes, _) = sizes(&ix, |_| true);
        let (shards, _, largest) = sizes(&ix.join("s"), |_| true);
        let pf = if pagefind.is_some() {
            let prefix = format!("{e}_");
            let (n, b, _) = sizes(&out.join("pagefind"), |f| {
                f.starts_with(&prefix) || f.contains(&format!(".{prefix}"))
            });
            format!("{} | {n}", kb(b))
        } else {
            "– | –".into()
        };
        println!(
            "| {e} | {} | {n} ({shards} shards) | {} | {pf} |",
            kb(bytes),
            kb(largest)
        );
    }
    if let Some(t) = pf_time {
        println!("\nPagefind indexing: {:.2} s", t.as_secs_f64());
    }
}

async fn bench(label: &str, root: &Path, queries: &[(&str, &str)], pagefind: Option<&Path>) {
    let out_dir = tempfile::tempdir().expect("temp");
    let out = out_dir.path().join("site");
    let start = Instant::now();
    let report = nianjian::build::Run::new(root)
        .build(&out)
        .expect("the site builds");
    println!(
        "\n## {label}\n\nbuild with search: {} files in {:.2} s",
        report.files,
        start.elapsed().as_secs_f64()
    );
    // The index alone, timed apart from the rest of the build.
    let run = nianjian::build::Run::new(root);
    let (graph, _) = run.graph().ok().expect("checked");
    let theming = nianjian::build::Theming::load(root, &graph).expect("theme");
    let views = nianjian::view::Views::new(&graph, &theming.strings).expect("views");
    let start = Instant::now();
    let files: usize = graph
        .site
        .editions
        .iter()
        .map(|&e| {
            let index = views.search_index(e).expect("search");
            index.take_files().map_or(0, |f| f.len())
        })
        .sum();
    println!(
        "search index files: {files} in {:.2} s\n",
        start.elapsed().as_secs_f64()
    );
    index_sizes(&out, pagefind);
    let (driver, client) = browser(&[]).await;
    let log: Log = Arc::default();
    let base = http(out.clone(), log.clone()).await;
    println!("\n| edition | query | nianjian, file:// | nianjian, http | Pagefind, http |");
    println!("|---|---|---|---|---|");
    let show = |r: &Run| {
        format!(
            "{:.0} ms, {} results, {} files, {} ({} gzip)",
            r.ms,
            r.count,
            r.files,
            kb(r.bytes),
            kb(r.gzip)
        )
    };
    for &(e, q) in queries {
        let file_page = format!("file://{}/{e}/search/index.html", out.display());
        let http_page = format!("{base}/{e}/search/index.html");
        let ours = measure(&client, &file_page, OURS, q, &out, &log).await;
        let ours_http = measure(&client, &http_page, OURS, q, &out, &log).await;
        let theirs = match pagefind {
            Some(_) => show(
                &measure(
                    &client,
                    &format!("{base}/{e}/index.html"),
                    PAGEFIND,
                    q,
                    &out,
                    &log,
                )
                .await,
            ),
            None => "–".into(),
        };
        println!(
            "| {e} | {q} | {} (meta {:.0}, lookup {:.0}) | {} | {theirs} |",
            show(&ours),
            ours.phases.0,
            ours.phases.1,
            show(&ours_http)
        );
    }
    client.close().await.expect("close");
    drop(driver);
}

#[tokio::main]
async fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pagefind: Option<PathBuf> = std::env::var_os("PAGEFIND").map(PathBuf::from);
    if pagefind.is_none() {
        eprintln!("PAGEFIND not set: Pagefind columns are left empty");
    }
    bench(
        "sample yearbook (149 entities)",
        repo,
        &[
            ("zh-hant", "韩国"),
            ("zh-hans", "ulaanbaatar"),
            ("zh-hans", "乌兰巴托"),
            ("zh-hans", "力打"),
            ("en", "chuy"),
        ],
        pagefind.as_deref(),
    )
    .await;
    let synth = tempfile::tempdir().expect("temp");
    synthetic::generate(
        synth.path(),
        &synthetic::Spec {
            entities: 10_000,
            bodies: vec!["zh-Hans", "en"],
        },
    );
    bench(
        "synthetic yearbook (10,000 entities)",
        synth.path(),
        &[
            ("zh-hans", "交流合作"),
            ("zh-hant", "東西"),
            ("zh-hans", "会议"),
            ("en", "city 1234"),
            ("en", "meeting"),
        ],
        pagefind.as_deref(),
    )
    .await;
}
