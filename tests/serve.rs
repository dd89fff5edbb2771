//! `nianjian serve`: live content, the error overlay, path safety, Ctrl-C,
//! and incremental rebuilds that equal full builds.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::server::Server;
use common::{TestSite, files_with_ext};
use nianjian::serve::live::LiveSite;

#[test]
fn edits_are_served_errors_overlay_the_last_good_build() {
    let site = TestSite::new(&[]);
    let server = Server::start(site.root());
    let (status, page) = server.get("/en/cities/jinan/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Jinan</h1>"));
    assert!(
        page.contains("/__nianjian/livereload"),
        "live-reload script injected"
    );
    // Folders serve their index.html.
    assert!(
        server
            .get("/zh-hant/")
            .1
            .contains("<html lang=\"zh-Hant\">")
    );

    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan City}\ncountry: CN\nlevel: city\n",
    );
    server.wait_for("/en/cities/jinan/index.html", "the edit", |b| {
        b.contains("<h1>Jinan City</h1>")
    });
    // Pages that show Jinan follow.
    server.wait_for("/en/councils/near/index.html", "the back-link", |b| {
        b.contains(">Jinan City</a>")
    });

    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan Broken}\ncountry: CN\nlevel: city\nparticpants: []\n",
    );
    let broken = server.wait_for("/en/cities/jinan/index.html", "the overlay", |b| {
        b.contains("id=\"nianjian-errors\"")
    });
    assert!(
        broken.contains("<h1>Jinan City</h1>"),
        "the last good build stays served"
    );
    assert!(
        broken.contains("content/cities/cn/jinan.yaml:4:1: unknown field `particpants`"),
        "{broken}"
    );
    // Every page shows it, not only the one that changed.
    assert!(
        server
            .get("/zh-hans/index.html")
            .1
            .contains("id=\"nianjian-errors\"")
    );

    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan Fixed}\ncountry: CN\nlevel: city\n",
    );
    let fixed = server.wait_for("/en/cities/jinan/index.html", "the fix", |b| {
        b.contains("<h1>Jinan Fixed</h1>")
    });
    assert!(!fixed.contains("nianjian-errors"));

    let log = server.drain_log();
    assert!(log.contains("content/cities/cn/jinan.yaml: "), "{log}");
    assert!(log.contains("incremental"), "{log}");
    assert!(log.contains("build failed with 1 error"), "{log}");

    // Nothing of the preview reached output/.
    assert!(!site.path("output").exists());
    let (code, log) = server.interrupt();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("stopping"), "{log}");
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = TestSite::new(&[]);
    site.write("secret.txt", "do not serve");
    let server = Server::start(site.root());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "//etc/passwd",
        "/../../../../etc/passwd",
        "/content/yearbook.yaml",
        "/static/",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("root:"),
            "{path}"
        );
        // The theme's 404 page, with links that work at any depth.
        assert!(body.contains("<base href=\"/\">"), "{path}: {body}");
    }
    let (status, css) = server.get("/static/style.css");
    assert_eq!(status, 200);
    assert!(css.contains(":lang(zh-Hant)"));
}

#[test]
fn a_port_in_use_moves_to_the_next() {
    let site = TestSite::new(&[]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let server = Server::start_on(site.root(), port);
    let moved = format!("port {port} is in use; serving on {} instead", port + 1);
    assert!(server.startup.contains(&moved), "{}", server.startup);
    assert!(server.base.ends_with(&format!(":{}", port + 1)));
    drop(taken);
}

/// Every HTML file below `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    files_with_ext(dir, "html")
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(dir).expect("below").to_owned(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect()
}

fn copy_sample(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in walkdir::WalkDir::new(repo.join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(repo).expect("below");
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let site = tempfile::tempdir().expect("temp");
    let root = site.path();
    copy_sample(root);
    let served = tempfile::tempdir().expect("temp");
    let dir = served.path().join("site");
    let mut live = LiveSite::new(root, &dir);
    assert!(!live.rebuild(&[]).failed());

    let edit = |rel: &str, from: &str, to: &str| -> PathBuf {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{rel} has no {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
        path
    };
    let mut rebuild = |name: &str, paths: Vec<PathBuf>| {
        let r = live.rebuild(&paths);
        assert!(
            !r.failed(),
            "{name}: {:?}",
            r.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
        assert!(!r.full, "{name}: an entity change is incremental");
    };
    // A city renamed: shown on councils, events, ties, parents, children.
    rebuild(
        "rename",
        vec![edit(
            "content/cities/kr/gyeongsangbuk/pohang.yaml",
            "en: Pohang",
            "en: Pohang City",
        )],
    );
    // An event moves to another city and gains a participant.
    rebuild(
        "move",
        vec![edit(
            "content/events/2024/near-youth-leaders-forum-2024.yaml",
            "city: pohang",
            "city: gyeongju\nparticipants: [daegu]",
        )],
    );
    // A body's link now points elsewhere.
    rebuild(
        "link",
        vec![edit(
            "content/councils/near/near.en.md",
            "@cities/okinawa",
            "@cities/tottori",
        )],
    );
    // A committee's coordinator changes.
    rebuild(
        "coordinator",
        vec![edit(
            "content/councils/near/committees/near-sports.yaml",
            "city: sakha",
            "city: buryatia",
        )],
    );
    // An event and its bodies are deleted.
    let gone = [
        "content/events/2024/near-day-2024.yaml",
        "content/events/2024/near-day-2024.zh-Hans.md",
        "content/events/2024/near-day-2024.en.md",
    ]
    .map(|p| root.join(p));
    for p in &gone {
        std::fs::remove_file(p).expect("rm");
    }
    rebuild("remove", gone.to_vec());
    assert!(
        !dir.join("en/events/near-day-2024/index.html").exists(),
        "removed event's pages are gone"
    );

    let full = tempfile::tempdir().expect("temp");
    let full_out = full.path().join("out");
    let run = nianjian::build::Run::new(root);
    run.build(&full_out)
        .unwrap_or_else(|d| panic!("{}", nianjian::diag::render(&d, &run.sources, false)));
    let (a, b) = (snapshot(&dir), snapshot(&full_out));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differing: Vec<&PathBuf> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "incremental output differs from a full build in {differing:?}"
    );
}

#[test]
fn an_incremental_rebuild_renders_only_what_shows_the_change() {
    let site = tempfile::tempdir().expect("temp");
    let root = site.path();
    copy_sample(root);
    let served = tempfile::tempdir().expect("temp");
    let mut live = LiveSite::new(root, &served.path().join("site"));
    let first = live.rebuild(&[]);
    assert!(first.full && first.rendered > 300);
    let body = root.join("content/events/2022/yichun-osaka-consulate-pairing.en.md");
    let text = std::fs::read_to_string(&body).expect("read");
    std::fs::write(&body, text.replace("video", "online")).expect("write");
    let r = live.rebuild(&[body]);
    assert!(!r.full);
    // The event and Yichun and Heilongjiang (linked from the body), three
    // editions each, plus homes, indexes, chooser and 404, the files that
    // read every event (feeds, calendars, search indexes, data), and the
    // forms that choose from every event (chronicle and its years, each
    // country, the index of names, statistics: 63 pages): far from the 700
    // files of a full build. Deps do not yet tell a body from data, so a
    // body edit still re-renders pages that only choose by dates and places.
    assert!(r.rendered < 140, "rendered {}", r.rendered);
}

#[test]
fn a_rebuild_that_once_panicked_is_an_error_and_the_next_save_rebuilds() {
    // An empty glossary term once panicked the rebuild thread: the old
    // build stayed up with no overlay and no later save rebuilt.
    let site = TestSite::new(&[]);
    let server = Server::start(site.root());
    site.write(
        "content/glossary.yaml",
        "- {zh-Hans: \"\", zh-Hant: 首爾}\n",
    );
    let broken = server.wait_for("/en/index.html", "the overlay", |b| {
        b.contains("id=\"nianjian-errors\"")
    });
    assert!(
        broken.contains("content/glossary.yaml:1:3: glossary entry with an empty zh-Hans term"),
        "{broken}"
    );
    site.write(
        "content/glossary.yaml",
        "- {zh-Hans: 济南, zh-Hant: 濟南}\n",
    );
    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan Again}\ncountry: CN\nlevel: city\n",
    );
    let fixed = server.wait_for("/en/cities/jinan/index.html", "the next save", |b| {
        b.contains("<h1>Jinan Again</h1>")
    });
    assert!(!fixed.contains("nianjian-errors"));
}

#[test]
fn the_watcher_recovers_when_content_is_removed_and_created_again() {
    let site = TestSite::new(&[]);
    let server = Server::start(site.root());
    std::fs::rename(site.path("content"), site.path("content.away")).expect("move away");
    let gone = server.wait_for("/en/index.html", "the overlay", |b| {
        b.contains("id=\"nianjian-errors\"")
    });
    assert!(gone.contains("no `content/` folder"), "{gone}");
    std::fs::rename(site.path("content.away"), site.path("content")).expect("move back");
    server.wait_for("/en/index.html", "the overlay to go", |b| {
        !b.contains("nianjian-errors")
    });
    // Edits inside the new content/ are seen: it is watched again.
    site.write(
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan Back}\ncountry: CN\nlevel: city\n",
    );
    server.wait_for(
        "/en/cities/jinan/index.html",
        "an edit in the new content/",
        |b| b.contains("<h1>Jinan Back</h1>"),
    );
}

#[test]
fn a_themes_folder_made_after_start_is_watched() {
    let site = TestSite::new(&[]);
    assert!(!site.path("themes").exists());
    let server = Server::start(site.root());
    let home = |text: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block main %}}<p id=\"custom\">{text}</p>{{% endblock main %}}"
        )
    };
    site.write("themes/default/templates/home.html", &home("first"));
    server.wait_for("/en/index.html", "the new theme", |b| {
        b.contains("<p id=\"custom\">first</p>")
    });
    site.write("themes/default/templates/home.html", &home("second"));
    server.wait_for("/en/index.html", "an edit to it", |b| {
        b.contains("<p id=\"custom\">second</p>")
    });
}

#[test]
fn listening_on_every_interface_warns_and_gives_addresses_to_open() {
    let site = TestSite::new(&[]);
    let server = Server::start_with(site.root(), &["--bind", "0.0.0.0"], &[]);
    assert!(
        server
            .startup
            .contains("warning: listening on every network interface (0.0.0.0)"),
        "{}",
        server.startup
    );
    assert!(
        !server.startup.contains("http://0.0.0.0"),
        "{}",
        server.startup
    );
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
    assert_eq!(server.get("/en/index.html").0, 200);
}

fn preview_folders(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .expect("read tmp")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("nianjian-serve-"))
        .collect()
}

#[test]
fn signals_remove_the_preview_folder_and_the_next_start_removes_a_killed_ones() {
    let site = TestSite::new(&[]);
    let tmp = tempfile::tempdir().expect("tmp");
    for signal in ["TERM", "HUP", "INT"] {
        let server = Server::start_with(site.root(), &[], &[("TMPDIR", tmp.path())]);
        assert_eq!(preview_folders(tmp.path()).len(), 1);
        let (code, log) = server.signal(signal);
        assert_eq!(code, Some(0), "SIG{signal}: {log}");
        assert!(log.contains("stopping"), "{log}");
        assert!(preview_folders(tmp.path()).is_empty(), "SIG{signal}");
    }
    // kill -9 leaves its folder; the next serve removes it, and never a
    // folder another serve is using.
    let mut killed = Server::start_with(site.root(), &[], &[("TMPDIR", tmp.path())]);
    killed.child.kill().expect("kill -9");
    killed.child.wait().expect("wait");
    let left = preview_folders(tmp.path());
    assert_eq!(left.len(), 1);
    let first = Server::start_with(site.root(), &[], &[("TMPDIR", tmp.path())]);
    let now = preview_folders(tmp.path());
    assert_eq!(now.len(), 1);
    assert_ne!(now, left);
    let second = Server::start_with(site.root(), &[], &[("TMPDIR", tmp.path())]);
    assert_eq!(preview_folders(tmp.path()).len(), 2);
    assert_eq!(first.get("/en/index.html").0, 200);
    drop(second);
    drop(first);
}
