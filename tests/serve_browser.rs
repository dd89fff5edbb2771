//! In headless Chromium: an open page reloads by itself after an edit.
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs them).

mod common;

use std::time::{Duration, Instant};

use common::TestSite;
use common::browser::browser;
use common::server::Server;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn an_open_page_reloads_itself_after_an_edit() {
    let site = TestSite::new(&[]);
    let server = Server::start(site.root());
    let (driver, client) = browser(&[]).await;

    client
        .goto(&format!("{}/en/cities/jinan/index.html", server.base))
        .await
        .expect("open page");
    assert_eq!(
        client
            .find(Locator::Css("h1"))
            .await
            .expect("h1")
            .text()
            .await
            .expect("text"),
        "Jinan"
    );
    // Mark this page load, and wait until its live-reload socket is open.
    client
        .execute("window.sameLoad = true; return true;", vec![])
        .await
        .expect("mark");
    let deadline = Instant::now() + Duration::from_secs(20);
    while client
        .execute("return window.nianjianLiveReload === true;", vec![])
        .await
        .expect("js")
        != serde_json::json!(true)
    {
        assert!(
            Instant::now() < deadline,
            "the live-reload socket never opened"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan Reloaded}\ncountry: CN\nlevel: city\n",
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let heading = match client.find(Locator::Css("h1")).await {
            Ok(h) => h.text().await.unwrap_or_default(),
            Err(_) => String::new(), // between two page loads
        };
        if heading == "Jinan Reloaded" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the page did not reload by itself; heading is {heading:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A new page load, not a script that patched the old one.
    let same = client
        .execute("return window.sameLoad === true;", vec![])
        .await
        .expect("js");
    assert_eq!(same, serde_json::json!(false));
    client.close().await.expect("close");
    drop(driver);
}
