//! In headless Chromium: an open page reloads by itself after an edit.
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs them).

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestSite;
use common::server::Server;
use fantoccini::{ClientBuilder, Locator};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_page_reloads_itself_after_an_edit() {
    let site = TestSite::new(&[]);
    let server = Server::start(site.root());
    let port = free_port();
    let driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed: apt-get install -y chromium chromium-driver (scripts/test does)"),
    );
    let caps: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync"]
            }
        }))
        .expect("capabilities");
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = loop {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot reach chromedriver: {e}"),
        }
    };

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
