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

/// Bytes as UTF-8 text: a BOM is dropped and CRLF becomes LF, which keeps
/// line numbers as the author sees them.
pub fn decode_text(bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(format!(
            "invalid UTF-8 at byte offset {offset}: every content file must be saved as UTF-8"
        ))
        .at(line, 1)
        .help("re-save the file as UTF-8 in your editor (GBK and Big5 are not accepted)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    })
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
        return Ok(match name {
            "yearbook.yaml" => Some(FileRole::Yearbook),
            "countries.yaml" => Some(FileRole::Countries),
            "glossary.yaml" => Some(FileRole::Glossary),
            _ => None,
        });
    }
    let Some(kind) = Kind::from_dir(first) else {
        return Ok(None);
    };
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

/// Every file under `content/`, relative to the root, sorted. Hidden files
/// (editor swap files, `.DS_Store`) are skipped; symlinks are not followed.
pub fn content_files(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(
            Diagnostic::error(format!("no `content/` folder in {}", root.display()))
                .help("run nianjian in a site root, or pass --root DIR"),
        );
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Diagnostic::error(format!("cannot walk content/: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_owned();
            files.push(rel);
        }
    }
    Ok(files)
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
