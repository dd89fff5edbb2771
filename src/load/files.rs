//! Which files `load` reads, and how: the walk of `content/`, the role of
//! each file judged by its path, slugs, and decoding to UTF-8 text.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, nearest, suggest_language};
use crate::model::{Kind, SourceLang};

/// Slugs are file stems: `[a-z0-9]+(-[a-z0-9]+)*`, at most 80 characters.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
        })
}

/// Reads a file as UTF-8 text (see `decode_text`).
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(rel))?;
    decode_text(&bytes).map_err(|d| d.in_file(rel))
}

/// Bytes as UTF-8 text: a BOM is dropped, and CRLF and lone CR (old Mac
/// line ends, which YAML and Markdown count as line breaks too) become LF,
/// which keeps line numbers as the author sees them.
pub fn decode_text(bytes: &[u8]) -> Result<String, Diagnostic> {
    if is_utf16(bytes) {
        return Err(
            Diagnostic::error("the file is saved as UTF-16; save it as UTF-8")
                .at(1, 1)
                .help("in your editor choose \"Save with encoding\" (or \"Save as\") and UTF-8"),
        );
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let before = bytes.get(..offset).unwrap_or_default();
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
            .chars()
            .count()
            + 1;
        Diagnostic::error(format!(
            "invalid UTF-8 at byte offset {offset}: every content file must be saved as UTF-8"
        ))
        .at(line, column)
        .help("re-save the file as UTF-8 in your editor (GBK and Big5 are not accepted)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    })
}

/// UTF-16, with a byte-order mark or without one: then every other byte of
/// Latin text is zero, which UTF-8 text never has.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let pairs = bytes.len() / 2;
    if pairs < 2 {
        return false;
    }
    let zeros = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    // Zero bytes in at least a third of one half, and (almost) none in the other.
    even.max(odd) * 3 >= pairs && even.min(odd) * 10 <= even.max(odd)
}

/// Control characters in text (NUL, form feed, escape … but not tab or line
/// ends): invisible, and not allowed in HTML. Each is an error at its spot;
/// past the first few in a file, one more error counts the rest.
pub fn control_characters(text: &str) -> Vec<Diagnostic> {
    const SHOWN: usize = 5;
    let mut found = text
        .char_indices()
        .filter(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n'));
    let mut out: Vec<Diagnostic> = found
        .by_ref()
        .take(SHOWN)
        .map(|(at, c)| {
            let name = match c {
                '\0' => "NUL (U+0000)".to_owned(),
                '\u{c}' => "form feed (U+000C)".to_owned(),
                '\u{1b}' => "escape (U+001B)".to_owned(),
                c => format!("U+{:04X}", c as u32),
            };
            Diagnostic::error(format!("control character {name} in the text"))
                .at_pos(crate::source::line_col(text, at))
                .help("delete it: control characters are invisible, and come from pasting out of PDFs or old files")
        })
        .collect();
    let rest = found.count();
    if rest > 0 {
        out.push(Diagnostic::error(format!(
            "… and {rest} more control characters in this file"
        )));
    }
    out
}

/// What a file under `content/` is, judged by its path.
#[derive(Debug, PartialEq, Eq)]
pub enum FileRole {
    Yearbook,
    Countries,
    Glossary,
    Data(Kind, String),
    Body(Kind, String, SourceLang),
}

/// The role of a file from its path relative to `content/`; `None` for files
/// nianjian does not read, an error for a bad slug or language suffix.
pub fn classify(rel_to_content: &Path) -> Result<Option<FileRole>, Diagnostic> {
    let name = rel_to_content
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut components = rel_to_content.components();
    let first = components
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or_default();
    let top_level = rel_to_content
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty());
    if top_level {
        return match name {
            "yearbook.yaml" => Ok(Some(FileRole::Yearbook)),
            "countries.yaml" => Ok(Some(FileRole::Countries)),
            "glossary.yaml" => Ok(Some(FileRole::Glossary)),
            // `yearbook.yml`, `Glossary.YAML`: meant, but not read.
            _ => match misspelt_extension(name).map(|f| f.to_lowercase()) {
                Some(fixed) if TOP_FILES.contains(&fixed.as_str()) => Err(rename(name, &fixed)),
                _ if TOP_FILES.contains(&name.to_lowercase().as_str()) => {
                    Err(rename(name, &name.to_lowercase()))
                }
                _ => Ok(None),
            },
        };
    }
    let Some(kind) = Kind::from_dir(first) else {
        return Ok(None);
    };
    if let Some(fixed) = misspelt_extension(name) {
        return Err(rename(name, &fixed));
    }
    if let Some(stem) = name.strip_suffix(".yaml") {
        check_slug(stem)?;
        return Ok(Some(FileRole::Data(kind, stem.to_owned())));
    }
    if let Some(stem) = name.strip_suffix(".md") {
        let Some((slug, lang)) = stem.split_once('.') else {
            return Err(
                Diagnostic::error(format!("body file `{name}` has no language suffix")).help(
                    "name body files `<slug>.<lang>.md`, with lang one of zh-Hans, zh-Hant, en, zh",
                ),
            );
        };
        check_slug(slug)?;
        let lang = SourceLang::from_tag(lang).ok_or_else(|| {
            let help = match suggest_language(lang).or_else(|| nearest(lang, SourceLang::TAGS)) {
                Some(n) => format!(
                    "did you mean `{slug}.{n}.md`? the language is one of zh-Hans, zh-Hant, en, zh"
                ),
                None => "the language is one of zh-Hans, zh-Hant, en, zh".to_owned(),
            };
            Diagnostic::error(format!("unknown language suffix `{lang}` in `{name}`")).help(help)
        })?;
        return Ok(Some(FileRole::Body(kind, slug.to_owned(), lang)));
    }
    Ok(None)
}

/// The files read at the top of `content/`.
const TOP_FILES: [&str; 3] = ["yearbook.yaml", "countries.yaml", "glossary.yaml"];

/// `x.yml`, `x.YAML`, `x.zh-Hans.markdown`, `x.en.MD`: the name nianjian
/// reads (`x.yaml`, `x.zh-Hans.md`); `None` when the extension is right or
/// not one of these.
fn misspelt_extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    let right = match ext.to_ascii_lowercase().as_str() {
        "yml" | "yaml" => "yaml",
        "md" | "markdown" | "mdown" | "mkd" => "md",
        _ => return None,
    };
    (ext != right).then(|| format!("{stem}.{right}"))
}

/// The role a misnamed file (`jinan.yml`) was meant to have: its slug still
/// exists, so references to it are not reported as unknown.
pub fn intended_role(rel_to_content: &Path) -> Option<FileRole> {
    let name = rel_to_content.file_name()?.to_str()?;
    let fixed = misspelt_extension(name)?;
    classify(&rel_to_content.with_file_name(fixed))
        .ok()
        .flatten()
}

fn rename(name: &str, fixed: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "`{name}` is not read: nianjian reads files named `.yaml` and `.md`"
    ))
    .help(format!("rename it to `{fixed}`"))
}

fn check_slug(slug: &str) -> Result<(), Diagnostic> {
    if is_valid_slug(slug) {
        return Ok(());
    }
    let suggestion: String = slug
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let help = if is_valid_slug(&suggestion) {
        format!(
            "rename the file to `{suggestion}`: a slug is lower-case ASCII letters and digits joined by single hyphens, at most 80 characters"
        )
    } else {
        "a slug is lower-case ASCII letters and digits joined by single hyphens, at most 80 characters".to_owned()
    };
    Err(Diagnostic::error(format!("invalid slug `{slug}`")).help(help))
}

/// Folders at the top of `content/` that nianjian reads.
pub const CONTENT_FOLDERS: [&str; 3] = ["cities", "councils", "events"];

/// What the walk of `content/` found.
pub struct Walk {
    /// Every file, relative to the root, sorted.
    pub files: Vec<PathBuf>,
    /// What it passed over: symlinks, folders nianjian does not read.
    pub warnings: Vec<Diagnostic>,
}

/// Every file under `content/`, relative to the root, sorted (see `walk_content`).
pub fn content_files(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    walk_content(root).map(|w| w.files)
}

/// There is no `content/` to read: a usage error (exit 2), not a content error.
pub fn no_content(root: &Path) -> Diagnostic {
    Diagnostic::error(format!("no `content/` folder in {}", root.display()))
        .help("run nianjian in a site root, or pass --root DIR")
}

/// Every file under `content/`. Hidden files (editor swap files,
/// `.DS_Store`) are skipped without a word; symlinks (not followed) and
/// folders at the top that nianjian does not read are skipped with a warning.
pub fn walk_content(root: &Path) -> Result<Walk, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(no_content(root));
    }
    let mut walk = Walk {
        files: Vec::new(),
        warnings: Vec::new(),
    };
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Diagnostic::error(format!("cannot walk content/: {e}")))?;
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_owned();
        let kind = entry.file_type();
        if kind.is_symlink() {
            walk.warnings.push(
                Diagnostic::warning(
                    "symbolic link skipped: links inside content/ are not followed",
                )
                .in_file(&rel)
                .help("move or copy the file itself into content/"),
            );
        } else if kind.is_dir() && entry.depth() == 1 {
            let name = entry.file_name().to_string_lossy();
            if !CONTENT_FOLDERS.contains(&name.as_ref()) {
                walk.warnings.push(unread_folder(&rel, &name));
            }
        } else if kind.is_file() {
            walk.files.push(rel);
        }
    }
    Ok(walk)
}

fn unread_folder(rel: &Path, name: &str) -> Diagnostic {
    let help = match nearest(name, CONTENT_FOLDERS) {
        Some(n) => format!("did you mean `{n}/`? content/ holds cities/, councils/ and events/"),
        None => "content/ holds cities/, councils/ and events/, and yearbook.yaml, countries.yaml and glossary.yaml".to_owned(),
    };
    Diagnostic::warning(format!(
        "folder `{}/` is not read, nor anything in it",
        rel.display()
    ))
    .in_file(rel)
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("gangnam-seoul"));
        assert!(is_valid_slug("near14"));
        for bad in [
            "", "Gangnam", "a--b", "-a", "a-", "a.b", "..", "首尔", "a b",
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert!(!is_valid_slug(&"a".repeat(81)));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let d = decode_text(b"ok\n\xff").unwrap_err();
        assert!(d.message.contains("byte offset 3"), "{}", d.message);
        assert_eq!(d.line, 2);
    }
}
