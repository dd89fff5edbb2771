//! axe-core in headless Chromium: no accessibility violation on any kind of
//! page of the sample yearbook, in every edition, in light and dark mode.
//! Needs Debian's `chromium` and `chromium-driver`, and axe-core from npm in
//! tests/tools/node_modules (scripts/test installs all three; by hand:
//! `npm ci --prefix tests/tools`).

mod common;

use std::path::Path;

use common::browser::browser;
use fantoccini::Client;
use serde_json::Value;

/// One page of each kind, below an edition's folder.
const KINDS: [&str; 15] = [
    "index.html",
    "search/index.html",
    "cities/index.html",
    "councils/index.html",
    "events/index.html",
    "cities/liaoning/index.html",
    "councils/near/index.html",
    "councils/near-energy-cooperation/index.html",
    "events/near-14-senior-officials/index.html",
    "chronicle/index.html",
    "chronicle/2024/index.html",
    "names/index.html",
    "countries/index.html",
    "countries/jp/index.html",
    "statistics/index.html",
];

const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(
  r => done(r.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }))),
  e => done([{ id: "axe-error", help: String(e), nodes: [] }]));
"#;

/// The violations axe finds on a page.
async fn violations(client: &Client, axe: &str, page: &Path) -> Vec<Value> {
    client
        .goto(&format!("file://{}", page.display()))
        .await
        .expect("open");
    client.execute(axe, vec![]).await.expect("load axe-core");
    let v = client
        .execute_async(RUN_AXE, vec![])
        .await
        .expect("run axe-core");
    v.as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_kind_has_no_axe_violations() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let axe = std::fs::read_to_string(repo.join("tests/tools/node_modules/axe-core/axe.min.js"))
        .expect("axe-core must be installed: npm ci --prefix tests/tools (scripts/test does)");
    let built = common::build_into_temp(repo);
    let output = &built.output;
    let mut pages = vec![output.join("index.html"), output.join("404.html")];
    for e in ["zh-hans", "zh-hant", "en"] {
        pages.extend(KINDS.iter().map(|k| output.join(e).join(k)));
    }
    let mut found = Vec::new();
    for dark in [false, true] {
        let flags: &[&str] = if dark {
            &[
                "--window-size=1280,900",
                "--force-dark-mode",
                "--blink-settings=preferredColorScheme=0",
            ]
        } else {
            &["--window-size=1280,900"]
        };
        let (_driver, client) = browser(flags).await;
        for page in &pages {
            assert!(page.is_file(), "{} was not built", page.display());
            // Dark mode changes colours only: one edition shows it.
            if dark && !page.starts_with(output.join("en")) {
                continue;
            }
            for v in violations(&client, &axe, page).await {
                let mode = if dark { "dark" } else { "light" };
                found.push(format!(
                    "{} ({mode}): {v}",
                    page.strip_prefix(output).unwrap_or(page).display()
                ));
            }
        }
        client.close().await.expect("close");
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
