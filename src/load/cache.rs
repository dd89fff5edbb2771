//! Files as last parsed, kept between `serve`'s rebuilds: every file is
//! still read (an error anywhere is reported, and diagnostics quote the
//! text), but one whose text is the same is not parsed again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Parsed;
use crate::diag::Diagnostic;

/// What one file gave: its parse, and what was found apart (control
/// characters).
#[derive(Clone)]
pub(super) struct Read {
    pub parsed: Result<Parsed, Diagnostic>,
    pub also: Vec<Diagnostic>,
}

/// The files of the last load, by path, with a hash of their text.
#[derive(Default)]
pub struct Cache {
    files: HashMap<PathBuf, (u64, Read)>,
}

impl Cache {
    /// The file as last parsed, if its text (its `source::fingerprint`) is
    /// the same.
    pub(super) fn get(&self, rel: &Path, text: u64) -> Option<Read> {
        self.files
            .get(rel)
            .filter(|(h, _)| *h == text)
            .map(|(_, read)| read.clone())
    }

    pub(super) fn put(&mut self, rel: &Path, text: u64, read: &Read) {
        self.files.insert(rel.to_owned(), (text, read.clone()));
    }

    /// Forgets the files that are gone.
    pub(super) fn keep_only(&mut self, files: &[PathBuf]) {
        let files: HashSet<&PathBuf> = files.iter().collect();
        self.files.retain(|f, _| files.contains(f));
    }
}
