//! Every file's text, read once and kept for the whole run, so that any stage
//! (and the diagnostics printer) can turn a position into a line and column
//! without reading the file again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Files by path relative to the site root.
#[derive(Debug, Default)]
pub struct SourceMap {
    root: PathBuf,
    files: RwLock<HashMap<PathBuf, Arc<str>>>,
}

impl SourceMap {
    pub fn new(root: &Path) -> SourceMap {
        SourceMap {
            root: root.to_owned(),
            files: RwLock::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Records the text of a file as it was read (after decoding).
    pub fn insert(&self, rel: &Path, text: Arc<str>) {
        // A poisoned lock means a thread panicked while inserting; the map
        // itself is still whole (insertion is one call).
        let mut files = self.files.write().unwrap_or_else(|p| p.into_inner());
        files.insert(rel.to_owned(), text);
    }

    pub fn contains(&self, rel: &Path) -> bool {
        self.files
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(rel)
    }

    /// The text of a file. Files no stage read (a theme template named in a
    /// template error) are read now, once.
    pub fn get(&self, rel: &Path) -> Option<Arc<str>> {
        if let Some(text) = self
            .files
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(rel)
        {
            return Some(text.clone());
        }
        let bytes = std::fs::read(self.root.join(rel)).ok()?;
        let text: Arc<str> = crate::load::decode_text(&bytes).ok()?.into();
        self.insert(rel, text.clone());
        Some(text)
    }
}

/// A position in a file: 1-based line, and 1-based column in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text`, which starts at `self`
    /// (a Markdown body after its front matter, a YAML scalar).
    pub fn advance(self, text: &str, offset: usize) -> Pos {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        match before.rfind('\n') {
            Some(nl) => Pos {
                line: self.line + before.matches('\n').count(),
                column: before[nl + 1..].chars().count() + 1,
            },
            None => Pos {
                line: self.line,
                column: self.column + before.chars().count(),
            },
        }
    }
}

/// Position of byte `offset` in a whole file.
pub fn line_col(text: &str, offset: usize) -> Pos {
    Pos::new(1, 1).advance(text, offset)
}

/// A fingerprint of a file's bytes, to tell whether it changed between two
/// of `serve`'s rebuilds (source files and the files it writes).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        assert_eq!(line_col("ab\ncd", 4), Pos::new(2, 2));
        assert_eq!(line_col("历城\n区x", "历城\n区".len()), Pos::new(2, 2));
        assert_eq!(Pos::new(3, 5).advance("abc", 2), Pos::new(3, 7));
        // An offset inside a character does not panic.
        assert_eq!(line_col("历", 1), Pos::new(1, 2));
    }
}
