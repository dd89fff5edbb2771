//! In headless Chromium, opened from `file://` (no server): the search page of
//! the sample yearbook finds Traditional text from a Simplified query, an
//! English name from the Simplified edition, a two-character substring inside
//! a word, and answers a query typed into its form.
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs them).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use common::browser::browser;
use common::files_with_ext;
use fantoccini::{Client, Locator};

/// `file://` URL of a page with `?q=`, percent-encoded.
fn file_url(page: &Path, q: &str) -> String {
    let encoded: String = q
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("file://{}?q={encoded}", page.display())
}

/// A shown result: link, link text, kind, snippet text, marked texts.
#[derive(Debug, serde::Deserialize)]
struct Shown {
    href: String,
    name: String,
    kind: String,
    snippet: String,
    marks: Vec<String>,
}

const READ_RESULTS: &str = r##"
const done = arguments[arguments.length - 1];
(async () => {
  await window.nianjianSearch.ready;
  const more = document.getElementById("search-more");
  while (!more.hidden) {
    const n = document.querySelectorAll("#search-results li").length;
    more.click();
    while (document.querySelectorAll("#search-results li").length === n) {
      await new Promise(r => setTimeout(r, 20));
    }
  }
  done({
    status: document.getElementById("search-status").textContent,
    results: [...document.querySelectorAll("#search-results li")].map(li => ({
      href: li.querySelector("a").getAttribute("href"),
      name: li.querySelector("a").textContent,
      kind: li.querySelector(".kind").textContent,
      snippet: li.querySelector(".snippet") ? li.querySelector(".snippet").textContent : "",
      marks: [...li.querySelectorAll("mark")].map(m => m.textContent),
    })),
  });
})();
"##;

async fn results(client: &Client) -> (String, Vec<Shown>) {
    let v = client
        .execute_async(READ_RESULTS, vec![])
        .await
        .expect("read results");
    let status = v["status"].as_str().unwrap_or_default().to_owned();
    let shown = serde_json::from_value(v["results"].clone()).expect("result shape");
    (status, shown)
}

/// What a page says itself: its main content without the names of other
/// pages it links to (an event listed on a city's page is found as the
/// event), but with its prose whole, links included.
fn own_text(main: &str) -> String {
    let (before, body, after) = match main.split_once("<section class=\"body\">") {
        Some((before, rest)) => match rest.split_once("</section>") {
            Some((body, after)) => (before, body, after),
            None => (before, rest, ""),
        },
        None => (main, "", ""),
    };
    // A country is a fact of the page (the index has it), though it links
    // to the country's page: its name is kept.
    let drop_links = |html: &str| {
        let mut out = String::new();
        let mut rest = html;
        while let Some(i) = rest.find("<a ") {
            out.push_str(&rest[..i]);
            let (link, after) = rest[i..].split_once("</a>").unwrap_or((&rest[i..], ""));
            if let Some((tag, text)) = link.split_once('>')
                && tag.contains("/countries/")
            {
                out.push_str(text);
            }
            rest = after;
        }
        out + rest
    };
    drop_links(before) + body + &drop_links(after)
}

/// `../<kind>/<slug>/index.html` of every entity page of an edition whose
/// main content says `text` itself.
fn pages_saying(output: &Path, edition: &str, text: &str) -> BTreeSet<String> {
    let dir = output.join(edition);
    let mut out = BTreeSet::new();
    for page in files_with_ext(&dir, "html") {
        let rel = page.strip_prefix(&dir).expect("inside");
        let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
        // Entity pages only: the forms (chronicle years, countries) are not indexed.
        if parts.len() != 3 || !["cities", "councils", "events"].contains(&&*parts[0]) {
            continue;
        }
        let html = std::fs::read_to_string(&page).expect("page");
        let main = html
            .split_once("<main")
            .and_then(|(_, rest)| rest.split_once("</main>"))
            .map(|(m, _)| m)
            .unwrap_or("");
        if own_text(main).contains(text) {
            out.insert(format!("../{}/{}/index.html", parts[0], parts[1]));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn search_from_file_urls_across_scripts() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = common::build_into_temp(repo);
    let output = &built.output;
    let (driver, client) = browser(&[]).await;

    // A Simplified query on the Traditional edition finds every page that
    // says 韓國, and only those.
    let hant = output.join("zh-hant/search/index.html");
    client.goto(&file_url(&hant, "韩国")).await.expect("open");
    let (status, found) = results(&client).await;
    let expected = pages_saying(output, "zh-hant", "韓國");
    assert!(
        expected.len() > 20,
        "only {} pages say 韓國",
        expected.len()
    );
    let hrefs: BTreeSet<String> = found.iter().map(|r| r.href.clone()).collect();
    assert_eq!(hrefs, expected, "status: {status}");
    assert!(status.contains(&expected.len().to_string()), "{status}");
    // The built-in country group reads 南韓 as the same name (the Kunming
    // articles say it), so a snippet may mark that form.
    assert!(
        found
            .iter()
            .all(|r| r.marks.iter().any(|m| m == "韓國" || m == "南韓"))
    );
    assert_eq!(
        client
            .find(Locator::Css("#search-q"))
            .await
            .expect("input")
            .prop("value")
            .await
            .expect("value")
            .as_deref(),
        Some("韩国")
    );
    // Names and kinds in the edition's script.
    let seoul = found
        .iter()
        .find(|r| r.href == "../cities/seoul/index.html")
        .expect("Seoul is a Korean city");
    assert_eq!(
        (seoul.name.as_str(), seoul.kind.as_str()),
        ("首爾特別市", "地方政府")
    );

    // An English name on the Simplified edition finds the city, first.
    let hans = output.join("zh-hans/search/index.html");
    client
        .goto(&file_url(&hans, "ulaanbaatar"))
        .await
        .expect("open");
    let (_, found) = results(&client).await;
    let first = found.first().expect("a result");
    assert_eq!(first.href, "../cities/ulaanbaatar/index.html");
    assert_eq!(first.name, "乌兰巴托市");

    // Two characters inside a word (助力 | 打造): found and marked.
    client.goto(&file_url(&hans, "力打")).await.expect("open");
    let (_, found) = results(&client).await;
    assert_eq!(
        found.iter().map(|r| r.href.as_str()).collect::<Vec<_>>(),
        ["../events/2024-china-international-friendship-cities-conference/index.html"]
    );
    assert_eq!(found[0].marks, ["力打"]);
    assert!(
        found[0].snippet.contains("助力打造"),
        "{}",
        found[0].snippet
    );

    // Typed into the form and sent with Enter: a prefix, any case, no
    // diacritics, on the English edition; the result is a link.
    let en = output.join("en/search/index.html");
    client.goto(&file_url(&en, "")).await.expect("open");
    let input = client.find(Locator::Css("#search-q")).await.expect("input");
    input.send_keys("CHU\u{E007}").await.expect("type");
    let deadline = Instant::now() + Duration::from_secs(10);
    let found = loop {
        let (_, found) = results(&client).await;
        if !found.is_empty() || Instant::now() > deadline {
            break found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        found.iter().any(|r| r.href == "../cities/chuy/index.html"
            && r.name == "Chüy Region"
            && r.marks == ["Chü"]),
        "{found:?}"
    );
    let url = client.current_url().await.expect("url");
    assert!(url.as_str().ends_with("?q=CHU"), "{url}");
    client.close().await.expect("close");
    drop(driver);
}
