//! Fonts for the print edition: the system's (found as fontconfig finds
//! them) and any in folders given with `--font-path`, loaded lazily.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{self, FontPath, FontSource, FontStore};

use super::PrintError;

/// Fonts found once and shared by every book of a build.
pub struct FontSet {
    pub(crate) store: FontStore,
}

/// The families a book is set in, best first; the template falls back
/// through each list.
#[derive(Clone, Debug, Serialize)]
pub struct Families {
    /// Latin text; in Chinese editions only for Latin letters and digits.
    pub latin: Vec<String>,
    /// Body text: Chinese serif (Song/Ming) faces.
    pub serif: Vec<String>,
    /// Headings: Chinese sans (Hei) faces, then the serif ones.
    pub sans: Vec<String>,
}

/// Which Chinese glyph forms a book wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Forms {
    Simplified,
    Taiwan,
    HongKong,
}

const LATIN: &[&str] = &[
    "Libertinus Serif",
    "Source Serif 4",
    "Noto Serif",
    "Liberation Serif",
    "DejaVu Serif",
];

fn serif_names(forms: Forms) -> &'static [&'static str] {
    match forms {
        Forms::Simplified => &[
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "Noto Serif SC",
            "Source Han Serif CN",
        ],
        Forms::Taiwan => &[
            "Noto Serif CJK TC",
            "Source Han Serif TC",
            "Noto Serif TC",
            "Source Han Serif TW",
            "Noto Serif CJK HK",
        ],
        Forms::HongKong => &[
            "Noto Serif CJK HK",
            "Source Han Serif HK",
            "Noto Serif HK",
            "Noto Serif CJK TC",
            "Source Han Serif TC",
        ],
    }
}

fn sans_names(forms: Forms) -> &'static [&'static str] {
    match forms {
        Forms::Simplified => &["Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC"],
        Forms::Taiwan => &["Noto Sans CJK TC", "Source Han Sans TC", "Noto Sans TC"],
        Forms::HongKong => &["Noto Sans CJK HK", "Source Han Sans HK", "Noto Sans CJK TC"],
    }
}

/// A font file read once, for all the faces in it: typst-kit reads the
/// whole file again for each face it loads, and a Noto CJK collection
/// (`.ttc`, about 20 MB) holds ten faces, of which a Chinese book loads
/// several.
struct FontFile {
    path: PathBuf,
    bytes: OnceLock<Option<Bytes>>,
}

/// One face of a [`FontFile`].
struct Face {
    file: Arc<FontFile>,
    index: u32,
}

impl FontSource for Face {
    fn load(&self) -> Option<Font> {
        let bytes = self
            .file
            .bytes
            .get_or_init(|| std::fs::read(&self.file.path).ok().map(Bytes::new));
        Font::new(bytes.clone()?, self.index)
    }
}

/// `found`'s faces, the faces of one file sharing its bytes.
fn shared(found: impl Iterator<Item = (FontPath, FontInfo)>) -> Vec<(Face, FontInfo)> {
    let mut files: HashMap<PathBuf, Arc<FontFile>> = HashMap::new();
    found
        .map(|(FontPath { path, index }, info)| {
            let file = files
                .entry(path.clone())
                .or_insert_with(|| {
                    Arc::new(FontFile {
                        path,
                        bytes: OnceLock::new(),
                    })
                })
                .clone();
            (Face { file, index }, info)
        })
        .collect()
}

/// Characters every Chinese face has: 中 and 國 (Simplified faces carry
/// Traditional characters too).
const HAN_PROBE: [u32; 2] = [0x4E2D, 0x570B];

impl FontSet {
    /// The system's fonts and those under `extra` folders. Fails when none
    /// of them can set Chinese.
    pub fn discover(extra: &[PathBuf]) -> Result<FontSet, PrintError> {
        let mut store = FontStore::new();
        // Folders given on the command line come first, so they win.
        for dir in extra {
            if !dir.is_dir() {
                return Err(PrintError::Io(format!(
                    "--font-path {} is not a folder",
                    dir.display()
                )));
            }
            store.extend(shared(fonts::scan(dir)));
        }
        store.extend(shared(fonts::system()));
        let set = FontSet { store };
        if set.han_families().is_empty() {
            let mut searched: Vec<String> = extra.iter().map(|d| d.display().to_string()).collect();
            searched.push("the system's font folders".to_owned());
            return Err(PrintError::NoCjkFont { searched });
        }
        Ok(set)
    }

    /// Every family with Chinese characters, in the book's order.
    fn han_families(&self) -> Vec<String> {
        let book = self.store.book();
        let mut out = Vec::new();
        for (family, mut ids) in book.families() {
            let covers = ids.any(|i| {
                book.info(i)
                    .is_some_and(|info| HAN_PROBE.iter().all(|&c| info.coverage.contains(c)))
            });
            if covers {
                out.push(family.to_owned());
            }
        }
        out
    }

    fn present(&self, names: &[&str]) -> Vec<String> {
        let book = self.store.book();
        names
            .iter()
            .filter(|n| book.contains_family(&n.to_lowercase()))
            .map(|n| (*n).to_owned())
            .collect()
    }

    /// The families for a book in `forms`. Any Chinese face found serves
    /// when none of the preferred ones is installed.
    pub fn families(&self, forms: Forms) -> Families {
        let mut serif = self.present(serif_names(forms));
        // Sans faces are a fallback: a serif book beats a book with boxes.
        serif.extend(self.present(sans_names(forms)));
        for family in self.han_families() {
            if !serif.contains(&family) {
                serif.push(family);
            }
        }
        let mut sans = self.present(sans_names(forms));
        sans.extend(serif.iter().cloned());
        Families {
            latin: self.present(LATIN),
            serif,
            sans,
        }
    }
}
