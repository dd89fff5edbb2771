//! `nianjian normalize`: the clean-up passes applied to the source files
//! themselves, so pasted text is cleaned once instead of at every build.
//! Only the cleaned text changes: front matter delimiters, code, BOM and line
//! ends stay byte for byte.

use std::path::{Path, PathBuf};

use similar::{ChangeTag, TextDiff};

use crate::diag::Diagnostic;
use crate::load::split_front_matter;
use crate::text::cleanup::{PASSES, Pass};
use crate::text::markdown::map_prose;

/// What one pass changed in one file.
pub struct PassChange {
    pub pass: &'static str,
    /// Changed lines, as `-` / `+` pairs with line numbers.
    pub diff: Vec<String>,
}

/// A file the passes would change.
pub struct FileChange {
    /// Relative to the site root.
    pub file: PathBuf,
    pub passes: Vec<PassChange>,
    /// The new bytes, ready to write.
    pub bytes: Vec<u8>,
}

/// Runs every pass over one file's text. Markdown bodies are cleaned outside
/// code; YAML and front matter as a whole (keys are ASCII, so only values change).
fn clean_passes(
    text: &str,
    passes: &[&'static Pass],
    markdown: bool,
    english: bool,
) -> (String, Vec<PassChange>) {
    let mut current = text.to_owned();
    let mut changes = Vec::new();
    for pass in passes.iter().filter(|p| !(english && p.chinese_only)) {
        let next = if markdown {
            clean_markdown_file(&current, pass)
        } else if pass.on_yaml_source {
            pass.apply(&current)
        } else {
            continue;
        };
        if next != current {
            changes.push(PassChange {
                pass: pass.name,
                diff: line_diff(&current, &next),
            });
            current = next;
        }
    }
    (current, changes)
}

fn clean_markdown_file(text: &str, pass: &Pass) -> String {
    let run = |t: &str| pass.apply(t);
    let Ok(split) = split_front_matter(text) else {
        return text.to_owned();
    };
    let body = map_prose(split.markdown, run);
    match split.front {
        // `---\n` + front + `---\n` + body, with the closing line as written.
        Some((front, _)) => {
            let closing_start = 4 + front.len();
            let closing = text
                .get(closing_start..text.len() - split.markdown.len())
                .unwrap_or("---\n");
            let front = if pass.on_yaml_source {
                run(front)
            } else {
                front.to_owned()
            };
            format!("---\n{front}{closing}{body}")
        }
        None => body,
    }
}

fn line_diff(old: &str, new: &str) -> Vec<String> {
    let diff = TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for change in diff.iter_all_changes() {
        let (sign, line) = match change.tag() {
            ChangeTag::Equal => continue,
            ChangeTag::Delete => ("-", change.old_index()),
            ChangeTag::Insert => ("+", change.new_index()),
        };
        out.push(format!(
            "{sign}{:>5} {}",
            line.map_or(0, |l| l + 1),
            change.value().trim_end_matches('\n')
        ));
    }
    out
}

/// The passes `normalize` runs when none are named: those that repair damage.
pub fn default_passes() -> Vec<&'static Pass> {
    PASSES.iter().filter(|p| p.repairs).collect()
}

/// The changes `passes` would make to `files` (relative to `root`).
pub fn plan(
    root: &Path,
    files: &[PathBuf],
    passes: &[&'static Pass],
) -> (Vec<FileChange>, Vec<Diagnostic>) {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for rel in files {
        let markdown = rel.extension().is_some_and(|e| e == "md");
        let is_yaml = rel.extension().is_some_and(|e| e == "yaml");
        if !markdown && !is_yaml {
            continue;
        }
        let bytes = match std::fs::read(root.join(rel)) {
            Ok(b) => b,
            Err(e) => {
                errors.push(Diagnostic::error(format!("cannot read file: {e}")).in_file(rel));
                continue;
            }
        };
        let text = match crate::load::decode_text(&bytes) {
            Ok(t) => t,
            Err(d) => {
                errors.push(d.in_file(rel));
                continue;
            }
        };
        let english = rel.to_string_lossy().ends_with(".en.md");
        let (cleaned, done) = clean_passes(&text, passes, markdown, english);
        if done.is_empty() {
            continue;
        }
        // Put back what decoding took away: the BOM and CRLF line ends.
        let crlf = bytes.windows(2).any(|w| w == b"\r\n");
        let mut out = if bytes.starts_with("\u{feff}".as_bytes()) {
            "\u{feff}".to_owned()
        } else {
            String::new()
        };
        out.push_str(&if crlf {
            cleaned.replace('\n', "\r\n")
        } else {
            cleaned
        });
        changes.push(FileChange {
            file: rel.clone(),
            passes: done,
            bytes: out.into_bytes(),
        });
    }
    (changes, errors)
}

/// Writes one changed file atomically.
pub fn apply(root: &Path, change: &FileChange) -> Result<(), Diagnostic> {
    crate::build::atomic::write(&root.join(&change.file), &change.bytes)
        .map_err(|e| Diagnostic::error(format!("cannot rewrite file: {e}")).in_file(&change.file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_structure_and_code_are_kept() {
        let text =
            "---\ntitle: 總領(lǐng)事\n---\n會(huì)議 `會(huì)` 李 乐 成\n\n```\n李 乐 成\n```\n";
        let (out, passes) = clean_passes(text, &default_passes(), true, false);
        assert_eq!(
            out,
            "---\ntitle: 總領事\n---\n會議 `會(huì)` 李乐成\n\n```\n李 乐 成\n```\n"
        );
        let names: Vec<&str> = passes.iter().map(|p| p.pass).collect();
        assert_eq!(names, ["pinyin", "spaced-han"]);
        assert_eq!(passes[0].diff[0], "-    2 title: 總領(lǐng)事");
    }

    #[test]
    fn clean_text_is_left_alone() {
        let (out, passes) =
            clean_passes("name: {zh-Hans: 历城区}\n", &default_passes(), false, false);
        assert!(passes.is_empty());
        assert_eq!(out, "name: {zh-Hans: 历城区}\n");
    }
}
