//! Helpers for integration tests: small sites written into temp folders.
#![allow(dead_code)]

pub mod conversion;
pub mod corpus;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// The smallest valid yearbook, which tests extend or break.
pub const BASE: &[(&str, &str)] = &[
    (
        "content/yearbook.yaml",
        "title: {zh-Hans: 东北亚地方交流年鉴, en: Northeast Asia Local Exchange Yearbook}\nlanguages: [zh-Hans, zh-Hant, en]\n",
    ),
    (
        "content/countries.yaml",
        "CN: {zh-Hans: 中国, en: China}\nKR: {zh-Hans: 韩国, en: South Korea}\n",
    ),
    (
        "content/cities/cn/jinan.yaml",
        "name: {zh-Hans: 济南市, en: Jinan}\ncountry: CN\nlevel: city\n",
    ),
    (
        "content/cities/cn/licheng-jinan.yaml",
        "name: {zh-Hans: 历城区}\ncountry: CN\nlevel: district\nparent: jinan\nties:\n  - city: gangnam-seoul\n    kind: sister\n    since: 2007\n",
    ),
    (
        "content/cities/kr/gangnam-seoul.yaml",
        "name: {zh-Hans: 江南区, en: Gangnam District}\nnative: {ko: 강남구}\ncountry: KR\nlevel: district\n",
    ),
    (
        "content/councils/near.yaml",
        "name: {zh-Hans: 东北亚地区地方政府联合会, en: Association of North East Asia Regional Governments}\nshort: {en: NEAR}\nmembers:\n  - city: jinan\n",
    ),
    (
        "content/events/licheng-visit.yaml",
        "title: {zh-Hans: 历城区访问江南区, en: Licheng visits Gangnam}\nkind: visit\ndate: 2025-04-10\ncity: gangnam-seoul\nparticipants: [licheng-jinan]\ncouncils: [near]\n",
    ),
    (
        "content/events/licheng-visit.zh-Hans.md",
        "4月10日，[](@cities/licheng-jinan)访问团赴韩国考察交流，\n与[江南区](@cities/gangnam-seoul)展开座谈。\n",
    ),
];

impl TestSite {
    /// The base site with `changes` applied: a file with empty text is removed.
    pub fn new(changes: &[(&str, &str)]) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = TestSite { dir };
        for (path, text) in BASE {
            site.write(path, text);
        }
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
