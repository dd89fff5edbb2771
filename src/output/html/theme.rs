//! Themes: Tera templates, UI strings and static files. The default theme is
//! embedded in the binary, so a site without `themes/` still builds; a file in
//! the site's `themes/<name>/` replaces the default's file of the same path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diag::Diagnostic;
use crate::model::Edition;

static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme's files: path inside the theme (`templates/base.html`) → file.
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Where the file was read from, relative to the site root, for
    /// diagnostics; `None` for embedded default files.
    pub source: Option<PathBuf>,
}

impl ThemeFile {
    /// Path to show in a diagnostic.
    pub fn shown_path(&self, inner: &str) -> PathBuf {
        self.source
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("(built-in theme)/{inner}")))
    }
}

fn embedded(dir: &Dir<'_>, out: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            ThemeFile {
                bytes: f.contents().to_vec(),
                source: None,
            },
        );
    }
    for d in dir.dirs() {
        embedded(d, out);
    }
}

impl Theme {
    /// The embedded default theme, overlaid with `root/themes/<name>/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
        let mut files = BTreeMap::new();
        embedded(&DEFAULT_THEME, &mut files);
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).follow_links(false) {
                let entry =
                    entry.map_err(|e| Diagnostic::error(format!("cannot read theme: {e}")))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let inner = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                let rel = entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_owned();
                let bytes = std::fs::read(entry.path()).map_err(|e| {
                    Diagnostic::error(format!("cannot read theme file: {e}")).in_file(&rel)
                })?;
                files.insert(
                    inner,
                    ThemeFile {
                        bytes,
                        source: Some(rel),
                    },
                );
            }
        } else if name != "default" {
            return Err(Diagnostic::error(format!(
                "theme `{name}` not found: no folder themes/{name}/"
            ))
            .in_file("content/yearbook.yaml")
            .help("remove `theme:` to use the built-in default theme"));
        }
        Ok(Theme { files })
    }

    /// Templates: name (path under `templates/`) → source.
    pub fn templates(&self) -> Result<Vec<(String, String, &ThemeFile)>, Diagnostic> {
        self.files
            .iter()
            .filter_map(|(path, f)| path.strip_prefix("templates/").map(|name| (path, name, f)))
            .map(|(path, name, f)| {
                let text = String::from_utf8(f.bytes.clone()).map_err(|_| {
                    Diagnostic::error("template is not valid UTF-8").in_file(f.shown_path(path))
                })?;
                Ok((name.to_owned(), text, f))
            })
            .collect()
    }

    /// UI strings of an edition, from `i18n/<tag>.yaml`.
    pub fn strings(&self, edition: Edition) -> Result<BTreeMap<String, String>, Diagnostic> {
        let path = format!("i18n/{}.yaml", edition.tag());
        let f = self.files.get(&path).ok_or_else(|| {
            Diagnostic::error(format!(
                "the theme has no UI strings for {edition}: missing {path}"
            ))
        })?;
        let shown = f.shown_path(&path);
        let text = crate::load::decode_text(&f.bytes).map_err(|d| d.in_file(&shown))?;
        crate::load::parse_yaml(&text, &shown, 1)
    }

    /// Static files, copied to `output/static/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(path, f)| {
            path.strip_prefix("static/")
                .map(|p| (p, f.bytes.as_slice()))
        })
    }
}
