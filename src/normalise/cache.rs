//! Normalised entities kept between `serve`'s rebuilds. Normalising (clean-up
//! and conversion of every text and body) is most of a rebuild's time, and
//! one saved file changes one entity; the others are taken from here when
//! nothing they were made from has changed.
//!
//! What an entity's normalisation reads: its own files (the YAML file and
//! its bodies, compared by their text), the conversion settings and groups
//! of the site (any change clears the cache), and the glossary with its name
//! pins. A changed glossary entry or name pin can only change a text that
//! contains it, so only the entities whose files contain one of its forms
//! are made again: renaming a city does not convert the whole yearbook.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use unicode_normalization::UnicodeNormalization;

use crate::diag::Diagnostics;
use crate::model::{Bodies, City, Conversion, Council, Entity, Event, GlossaryEntry, Groups};
use crate::source::SourceMap;

/// One kind's entities as last normalised, by YAML file.
pub struct Shelf<B> {
    entries: HashMap<PathBuf, Kept<B>>,
}

impl<B> Default for Shelf<B> {
    fn default() -> Self {
        Shelf {
            entries: HashMap::new(),
        }
    }
}

struct Kept<B> {
    /// The entity's files, paths and texts: compared with the next build's
    /// (text by text, cheaper than hashing them again), and the texts
    /// looked in for changed glossary terms.
    files: Vec<(PathBuf, Arc<str>)>,
    entity: Entity<B, Bodies>,
    diags: Diagnostics,
}

/// The normalised entities of the last build, and what they were made with.
#[derive(Default)]
pub struct Cache {
    settings: Option<u64>,
    glossary: HashSet<(String, String)>,
    pub(super) cities: Shelf<City>,
    pub(super) councils: Shelf<Council>,
    pub(super) events: Shelf<Event>,
}

/// What is looked up for one entity before it is normalised.
pub struct Key {
    file: PathBuf,
    files: Vec<(PathBuf, Arc<str>)>,
}

impl Key {
    /// The key of the entity whose YAML file is `file` and whose bodies are
    /// in `bodies`; `None` when a file's text is not known.
    pub fn new<'p>(
        file: &'p PathBuf,
        bodies: impl Iterator<Item = &'p PathBuf>,
        sources: &SourceMap,
    ) -> Option<Key> {
        let files = std::iter::once(file)
            .chain(bodies)
            .map(|path| Some((path.clone(), sources.get(path)?)))
            .collect::<Option<_>>()?;
        Some(Key {
            file: file.clone(),
            files,
        })
    }
}

impl<B: Clone> Shelf<B> {
    /// The entity as last normalised, with its diagnostics, if its files are
    /// the same.
    pub fn get(&self, key: &Key) -> Option<(Entity<B, Bodies>, Diagnostics)> {
        self.entries
            .get(&key.file)
            .filter(|k| k.files == key.files)
            .map(|k| (k.entity.clone(), k.diags.clone()))
    }

    pub fn put(&mut self, key: Key, entity: &Entity<B, Bodies>, diags: &Diagnostics) {
        self.entries.insert(
            key.file,
            Kept {
                files: key.files,
                entity: entity.clone(),
                diags: diags.clone(),
            },
        );
    }

    /// Forgets entities whose files contain one of `terms`' patterns.
    fn forget_containing(&mut self, terms: &AhoCorasick) {
        self.entries
            .retain(|_, k| !k.files.iter().any(|(_, t)| terms.is_match(&squeeze(t))));
    }

    /// Forgets entities whose YAML files are not among `files` (removed).
    pub fn keep_only<'a>(&mut self, files: impl Iterator<Item = &'a PathBuf>) {
        let files: HashSet<&PathBuf> = files.collect();
        self.entries.retain(|f, _| files.contains(f));
    }
}

impl Cache {
    /// Makes the cache fit to be read for a build with these settings and
    /// this glossary (name pins included): everything is forgotten when the
    /// settings changed, and the entities a changed term may appear in
    /// when the glossary did.
    pub fn prepare(&mut self, conversion: &Conversion, groups: Groups, glossary: &[GlossaryEntry]) {
        let settings = {
            let mut h = DefaultHasher::new();
            format!("{conversion:?} {groups:?}").hash(&mut h);
            h.finish()
        };
        let terms: HashSet<(String, String)> = glossary
            .iter()
            .map(|g| (g.hans.clone(), g.hant.clone()))
            .collect();
        if self.settings != Some(settings) {
            *self = Cache {
                settings: Some(settings),
                glossary: terms,
                ..Cache::default()
            };
            return;
        }
        let changed: Vec<String> = self
            .glossary
            .symmetric_difference(&terms)
            .flat_map(|(hans, hant)| [squeeze(hans), squeeze(hant)])
            .collect();
        self.glossary = terms;
        if changed.is_empty() {
            return;
        }
        // A term with no Han character in it could be anywhere.
        let matcher = if changed.iter().any(String::is_empty) {
            None
        } else {
            AhoCorasick::new(&changed).ok()
        };
        match matcher {
            Some(m) => {
                self.cities.forget_containing(&m);
                self.councils.forget_containing(&m);
                self.events.forget_containing(&m);
            }
            None => {
                *self = Cache {
                    settings: Some(settings),
                    glossary: std::mem::take(&mut self.glossary),
                    ..Cache::default()
                }
            }
        }
    }
}

/// The Han characters of `text`, composed: what a term is looked for in.
/// Clean-up joins lines, removes spaces between Han characters and
/// zero-width characters, and composes, so a term found in the cleaned text
/// is found in the squeezed source; finding more is only slower.
fn squeeze(text: &str) -> String {
    text.nfc().filter(|&c| crate::model::is_han(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_found_across_the_breaks_clean_up_removes() {
        let m = AhoCorasick::new([squeeze("哈尔滨市")]).unwrap();
        assert!(m.is_match(&squeeze("访问哈尔\n滨市时")));
        assert!(m.is_match(&squeeze("访问哈 尔 滨\u{200b}市时")));
        assert!(!m.is_match(&squeeze("访问哈尔滨时")));
    }
}
