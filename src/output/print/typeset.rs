//! Typst as a library: a `World` holding the book template, the book as
//! JSON and the book's SVG pictures, with fonts from a [`FontSet`];
//! compiled to a PDF.

use std::collections::HashMap;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::fonts::{Families, FontSet, Forms};
use super::{Book, PrintError, picture_file};

/// The look of the book: page, type, headings, parts, index.
const TEMPLATE: &str = include_str!("book.typ");

/// What the template reads from `/book.json`.
#[derive(Serialize)]
struct Data<'a> {
    book: &'a Book,
    fonts: Families,
}

struct BookWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a FontSet,
    main: Source,
    /// `/book.json` and the pictures, `/pictures/<n>.svg`.
    files: HashMap<FileId, Bytes>,
}

fn file_id(path: &str) -> FileId {
    // Every path is a constant or `picture_file`'s, which `VirtualPath` accepts.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("valid path {path}"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl World for BookWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.store.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            Ok(bytes.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }

    /// No dates: the same content makes the same PDF.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn forms(book: &Book) -> Forms {
    match (book.script.as_deref(), book.region.as_deref()) {
        (Some("hant"), Some("hk")) => Forms::HongKong,
        (Some("hant"), _) => Forms::Taiwan,
        _ => Forms::Simplified,
    }
}

fn messages(diags: &[SourceDiagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let mut m = d.message.to_string();
            for hint in &d.hints {
                m.push_str(&format!(" (hint: {})", hint.v));
            }
            m
        })
        .collect()
}

/// When the PDF was made, which PDF/A requires: `SOURCE_DATE_EPOCH` when
/// set (reproducible builds), else now.
fn timestamp() -> Option<Timestamp> {
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s.trim().parse::<i64>().ok()?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs()
            .try_into()
            .ok()?,
    };
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let time = |n: i64| u8::try_from(n).ok();
    let datetime = Datetime::from_ymd_hms(
        i32::try_from(y).ok()?,
        time(m)?,
        time(d)?,
        time(rest / 3600)?,
        time(rest / 60 % 60)?,
        time(rest % 60)?,
    )?;
    Some(Timestamp::new_utc(datetime))
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Frees what Typst memoized: a build compiles each book once, so nothing
/// is worth keeping once its PDFs are made.
pub fn release_caches() {
    typst::comemo::evict(0);
}

/// Lays out `book` and returns the PDF (PDF/A-2b), with Typst's warnings (a layout that did not settle, a
/// character no font has).
pub fn typeset_with_warnings(
    book: &Book,
    fonts: &FontSet,
) -> Result<(Vec<u8>, Vec<String>), PrintError> {
    let data = Data {
        book,
        fonts: fonts.families(forms(book)),
    };
    let json = serde_json::to_vec(&data).map_err(|e| PrintError::Io(e.to_string()))?;
    let mut files = HashMap::with_capacity(book.pictures.len() + 1);
    files.insert(file_id("/book.json"), Bytes::new(json));
    for (n, svg) in book.pictures.iter().enumerate() {
        files.insert(
            file_id(&picture_file(n)),
            Bytes::new(svg.as_bytes().to_vec()),
        );
    }
    let world = BookWorld {
        library: LazyHash::new(Library::default()),
        fonts,
        main: Source::new(file_id("/book.typ"), TEMPLATE.to_owned()),
        files,
    };
    let result = typst::compile::<PagedDocument>(&world);
    let mut warnings = messages(&result.warnings);
    let document = result
        .output
        .map_err(|errors| PrintError::Typst(messages(&errors)))?;
    let pdf = match export(&document, book, &[PdfStandard::A_2b]) {
        Ok(pdf) => pdf,
        // PDF/A forbids a character no font can show. Such a book is still
        // worth having: made as a plain PDF, and the characters named.
        Err(errors) if errors.iter().all(|e| e.contains("could not be displayed")) => {
            let missing: Vec<String> = errors
                .iter()
                .filter_map(|e| Some(e.split('`').nth(1)?.to_owned()))
                .collect();
            warnings.push(format!(
                "no installed font has {} (for Khmer, Devanagari and others install fonts-noto-core, or pass --font-path); the PDF is not PDF/A",
                missing.join(" ")
            ));
            export(&document, book, &[]).map_err(PrintError::Typst)?
        }
        Err(errors) => return Err(PrintError::Typst(errors)),
    };
    warnings.dedup();
    Ok((pdf, warnings))
}

/// The PDF of a laid-out book, to the given standards.
fn export(
    document: &PagedDocument,
    book: &Book,
    standards: &[PdfStandard],
) -> Result<Vec<u8>, Vec<String>> {
    let standards = PdfStandards::new(standards).map_err(|e| vec![e.message().to_string()])?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("nianjian:{}:{}", book.lang, book.title)),
        standards,
        timestamp: timestamp(),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| messages(&errors))
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(super::civil_from_days(-1), (1969, 12, 31));
    }
}
