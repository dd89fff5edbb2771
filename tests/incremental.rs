//! Property test of incremental rebuilds: random edits to the sample
//! yearbook and to a generated one — renames, participants, ties, members,
//! body links, entities added and deleted, theme strings — and after each,
//! the incrementally rebuilt site must equal a full build, byte for byte.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::corpus::Rng;
use common::{copy_tree, synthetic};
use std::sync::Mutex;

use nianjian::build::{Run, Theming, render_all};
use nianjian::serve::live::LiveSite;
use nianjian::view::Views;

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("below").to_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The site's data files of one kind, with their slugs.
fn files(root: &Path, kind: &str) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(root.join("content").join(kind))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| {
            let slug = e
                .path()
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            (e.into_path(), slug)
        })
        .collect();
    out.sort();
    out
}

/// One random edit: what it did, and the files it changed (with their old
/// text, `None` for a file it created).
fn edit(root: &Path, rng: &mut Rng, n: usize) -> (String, Vec<(PathBuf, Option<String>)>) {
    let cities = files(root, "cities");
    let councils = files(root, "councils");
    let events = files(root, "events");
    let read = |p: &Path| std::fs::read_to_string(p).expect("read");
    let city = rng.pick(&cities).1.clone();
    match rng.below(9) {
        0 => {
            let (path, slug) = rng.pick(&cities).clone();
            let old = read(&path);
            let new = old.replacen("zh-Hans: ", &format!("zh-Hans: 新{n}"), 1);
            std::fs::write(&path, &new).expect("write");
            (format!("rename city {slug}"), vec![(path, Some(old))])
        }
        1 | 2 => {
            let (path, slug) = rng.pick(&events).clone();
            let old = read(&path);
            let new = match old.find("participants: [") {
                Some(i) if rng.below(2) == 0 => {
                    // Drop the first participant.
                    let start = i + "participants: [".len();
                    let end = old[start..].find([',', ']']).map_or(start, |e| start + e);
                    let rest = old[end..].trim_start_matches([',', ' ']);
                    format!("{}{}", &old[..start], rest)
                }
                Some(_) => old.replacen("participants: [", &format!("participants: [{city}, "), 1),
                None => format!("{old}participants: [{city}]\n"),
            };
            std::fs::write(&path, &new).expect("write");
            (
                format!("participants of {slug} ({city})"),
                vec![(path, Some(old))],
            )
        }
        3 => {
            let (path, slug) = rng.pick(&cities).clone();
            let old = add_item(
                &path,
                "ties",
                &format!("  - city: {city}\n    kind: friendship\n"),
            );
            (format!("tie {slug} – {city}"), vec![(path, Some(old))])
        }
        4 => {
            let (path, slug) = rng.pick(&councils).clone();
            let old = add_item(
                &path,
                "members",
                &format!("  - city: {city}\n    role: observer\n"),
            );
            (format!("member {city} of {slug}"), vec![(path, Some(old))])
        }
        5 => {
            let (path, slug) = rng.pick(&events).clone();
            let body = path.with_file_name(format!("{slug}.zh-Hans.md"));
            let old = std::fs::read_to_string(&body).ok();
            let new = format!(
                "{}\n见[](@cities/{city})。\n",
                old.clone().unwrap_or_default()
            );
            std::fs::write(&body, new).expect("write");
            (format!("body link {slug} → {city}"), vec![(body, old)])
        }
        6 => {
            let path = root.join(format!("content/events/new/added-{n}.yaml"));
            let text = format!(
                "title: {{zh-Hans: 新活动{n}, en: New event {n}}}\nkind: forum\ndate: 2030-01-{:02}\ncity: {city}\nparticipants: [{}]\n",
                1 + n % 28,
                rng.pick(&cities).1
            );
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
            (format!("add event added-{n} in {city}"), vec![(path, None)])
        }
        7 => {
            let (path, slug) = rng.pick(&events).clone();
            let old = read(&path);
            std::fs::remove_file(&path).expect("rm");
            // Its bodies go with it.
            let mut changed = vec![(path.clone(), Some(old))];
            for lang in ["zh-Hans", "zh-Hant", "en", "zh"] {
                let body = path.with_file_name(format!("{slug}.{lang}.md"));
                if let Ok(text) = std::fs::read_to_string(&body) {
                    std::fs::remove_file(&body).expect("rm");
                    changed.push((body, Some(text)));
                }
            }
            (format!("delete event {slug}"), changed)
        }
        _ => {
            let path = root.join("themes/default/i18n/en.yaml");
            let old = std::fs::read_to_string(&path).ok();
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(repo.join("themes/default/i18n/en.yaml"))
                .expect("theme strings");
            let new = text.replace("Local governments", &format!("Local governments {n}"));
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, new).expect("write");
            ("theme string".to_owned(), vec![(path, old)])
        }
    }
}

/// Adds `item` at the head of the YAML list `field`, creating the list when
/// the file has none. Returns the old text.
fn add_item(path: &Path, field: &str, item: &str) -> String {
    let old = std::fs::read_to_string(path).expect("read");
    let key = format!("\n{field}:\n");
    let new = if old.contains(&key) {
        old.replacen(&key, &format!("{key}{item}"), 1)
    } else {
        format!("{old}{field}:\n{item}")
    };
    std::fs::write(path, new).expect("write");
    old
}

/// A full build of the site, in memory: output path → bytes.
fn full_build(root: &Path) -> Option<BTreeMap<PathBuf, Vec<u8>>> {
    let run = Run::new(root);
    let (graph, _) = run.graph().ok().ok()?;
    let theming = Theming::load(root, &graph).ok()?;
    let views = Views::new(&graph, &theming.strings).ok()?;
    let files = Mutex::new(BTreeMap::new());
    let written = render_all(&theming.outputs(), &views, |f| {
        let mut files = files.lock().expect("not poisoned");
        files.insert(PathBuf::from(&f.path), f.bytes.clone());
        Ok(())
    });
    if written.diags.has_errors() {
        return None;
    }
    let mut files = files.into_inner().expect("not poisoned");
    for (path, bytes) in theming.theme.statics() {
        files.insert(Path::new("static").join(path), bytes.to_vec());
    }
    Some(files)
}

fn undo(changed: &[(PathBuf, Option<String>)]) {
    for (path, old) in changed {
        match old {
            Some(text) => std::fs::write(path, text).expect("restore"),
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Runs `steps` random edits on the site in `root`; after each that leaves
/// the site valid, the incremental build must equal a full one.
fn incremental_equals_full(root: &Path, seed: u64, steps: usize) -> usize {
    let served = tempfile::tempdir().expect("temp");
    let mut live = LiveSite::new(root, &served.path().join("site"));
    let first = live.rebuild(&[]);
    assert!(!first.failed(), "{:?}", first.diagnostics);
    let mut rng = Rng(seed);
    let mut checked = 0;
    for n in 0..steps {
        let (what, changed) = edit(root, &mut rng, n);
        let Some(full) = full_build(root) else {
            // An edit that breaks the site (a tie both sides now disagree
            // on, an event others still link to): put it back.
            undo(&changed);
            let paths: Vec<PathBuf> = changed.iter().map(|(p, _)| p.clone()).collect();
            assert!(!live.rebuild(&paths).failed(), "undo of {what}");
            continue;
        };
        let paths: Vec<PathBuf> = changed.iter().map(|(p, _)| p.clone()).collect();
        let rebuild = live.rebuild(&paths);
        assert!(!rebuild.failed(), "{what}: {:?}", rebuild.diagnostics);
        let mut a = snapshot(&served.path().join("site"));
        a.remove(Path::new(".nianjian-output"));
        let b = full;
        let differing: std::collections::BTreeSet<&PathBuf> = a
            .keys()
            .chain(b.keys())
            .filter(|k| a.get(*k) != b.get(*k))
            .collect();
        assert!(
            differing.is_empty(),
            "after step {n} ({what}), incremental differs from full in {differing:?}"
        );
        checked += 1;
    }
    checked
}

#[test]
fn incremental_equals_full_on_the_sample() {
    let site = tempfile::tempdir().expect("temp");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &site.path().join("content"));
    let checked = incremental_equals_full(site.path(), 7, 30);
    assert!(checked >= 20, "only {checked} edits kept the site valid");
}

#[test]
fn incremental_equals_full_on_a_generated_site() {
    let site = tempfile::tempdir().expect("temp");
    let spec = synthetic::Spec {
        entities: 200,
        bodies: vec!["zh-Hans", "en"],
    };
    synthetic::generate(site.path(), &spec);
    let checked = incremental_equals_full(site.path(), 11, 30);
    assert!(checked >= 20, "only {checked} edits kept the site valid");
}
