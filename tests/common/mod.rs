//! Helpers for integration tests: small sites written into temp folders.
#![allow(dead_code)]

pub mod browser;
pub mod conversion;
pub mod corpus;
pub mod server;
pub mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// The smallest valid yearbook, which tests extend or break: the one base
/// fixture of the integration tests, the error corpus and the unit tests.
pub fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base")
}

/// Copies every file below `from` into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let rel = e.path().strip_prefix(from).expect("below");
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(e.path(), &target).expect("copy");
    }
}

impl TestSite {
    /// The base site with `changes` applied: a file with empty text is removed.
    pub fn new(changes: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&base(), dir.path());
        let site = TestSite { dir };
        for (path, text) in changes {
            if text.is_empty() {
                let _ = std::fs::remove_file(site.path(path));
            } else {
                site.write(path, text);
            }
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs the nianjian binary in this site; returns (exit code, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_nianjian"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run nianjian");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned()
                + &String::from_utf8_lossy(&out.stdout),
        )
    }
}

/// The repository: its `content/` is the sample yearbook.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A site built into a temporary folder: the folder (removed when dropped),
/// the output folder in it, and how many pages were written.
pub struct Built {
    pub dir: tempfile::TempDir,
    pub output: PathBuf,
    pub pages: usize,
}

/// Builds the site at `root` into a temporary folder; a failed build panics
/// with its rendered diagnostics.
pub fn build_into_temp(root: &Path) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("site");
    let run = nianjian::build::Run::new(root);
    let report = run.build(&output).unwrap_or_else(|d| {
        panic!(
            "{} failed to build: {}",
            root.display(),
            nianjian::diag::render(&d, &run.sources, false)
        )
    });
    Built {
        dir,
        output,
        pages: report.pages,
    }
}

/// Every `href="…"` and `src="…"` value in an HTML page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    out
}

/// All files below `dir` with the given extension.
pub fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect()
}

/// Characters of one script only: the keys of an OpenCC character table
/// whose candidates do not include the key itself.
pub fn one_script_only(table: &str) -> std::collections::HashSet<char> {
    let path = repo().join("crates/opencc/data/dictionary").join(table);
    let text = std::fs::read_to_string(path).expect("the converter's character table");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (key, values) = l.split_once('\t')?;
            let mut chars = key.chars();
            let c = chars.next().filter(|_| chars.next().is_none())?;
            (!values.split(' ').any(|v| v == key)).then_some(c)
        })
        .collect()
}
