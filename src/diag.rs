//! Diagnostics: every problem found in content, with the file, line and column
//! it points at. Stages collect them instead of stopping at the first, so one
//! run reports everything a translator has to fix.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root; `None` for problems with no file.
    pub file: Option<PathBuf>,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.line = line;
        self.column = column;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line per diagnostic: `error: content/x.yaml:3:5: message (help: …)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column.max(1))?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Diagnostics collected over a run.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Stable order: errors first, then by file and position.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        self.items.dedup();
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// How many diagnostics of one severity are shown before "and N more".
pub const CAP: usize = 50;

/// Renders diagnostics the way rustc does: the source line, a caret under the
/// spot, and the help. Sources are read from `root` on demand.
pub fn render(diags: &Diagnostics, root: &Path, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut sources: HashMap<PathBuf, Option<String>> = HashMap::new();
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        let all: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == severity).collect();
        for d in all.iter().take(CAP) {
            let source = d.file.as_ref().and_then(|f| {
                sources
                    .entry(f.clone())
                    .or_insert_with(|| std::fs::read_to_string(root.join(f)).ok())
                    .clone()
            });
            out.push_str(&render_one(&renderer, d, source.as_deref()));
            out.push_str("\n\n");
        }
        if all.len() > CAP {
            let what = if severity == Severity::Error {
                "errors"
            } else {
                "warnings"
            };
            out.push_str(&format!("… and {} more {what}\n\n", all.len() - CAP));
        }
    }
    out
}

fn render_one(renderer: &Renderer, d: &Diagnostic, source: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    let line_text = source
        .filter(|_| d.line > 0)
        .and_then(|s| s.lines().nth(d.line - 1))
        .map(|l| l.trim_end_matches('\r'));
    let title = level.primary_title(d.message.as_str());
    let group: Group = match line_text {
        Some(text) => {
            let start = text
                .char_indices()
                .nth(d.column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            // Underline the word at the spot, so a caret is wide enough to see.
            let end = text[start..]
                .char_indices()
                .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':'))
                .map(|(i, _)| start + i)
                .filter(|&e| e > start)
                .unwrap_or_else(|| {
                    text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8())
                });
            title.element(
                Snippet::source(text)
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        None if !path.is_empty() => {
            let where_ = if d.line > 0 {
                format!("{path}:{}:{}", d.line, d.column.max(1))
            } else {
                path.clone()
            };
            title.element(annotate_snippets::Origin::path(where_))
        }
        None => Group::with_title(title),
    };
    let mut report: Vec<Group> = vec![group];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report).to_string()
}

/// The known word closest to `word`, if it is close enough to be a likely
/// typo, or the one it is a clear abbreviation of (`gangnam` → `gangnam-seoul`).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let by_distance = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c);
    by_distance.or_else(|| {
        let mut prefixed = candidates
            .iter()
            .filter(|c| word.chars().count() >= 3 && (c.starts_with(word) || word.starts_with(*c)));
        match (prefixed.next(), prefixed.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// The content language meant by a common but wrong tag: `zh-TW` → `zh-Hant`.
pub fn suggest_language(tag: &str) -> Option<&'static str> {
    match tag.to_ascii_lowercase().as_str() {
        "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant-tw" | "zh-hant-hk" | "zh_tw" | "tc" | "cht" => {
            Some("zh-Hant")
        }
        "zh-cn" | "zh-sg" | "zh-hans-cn" | "zh_cn" | "sc" | "chs" => Some("zh-Hans"),
        "en-us" | "en-gb" | "eng" | "english" => Some("en"),
        "zh-hans" => Some("zh-Hans"),
        "zh-hant" => Some("zh-Hant"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_typos() {
        assert_eq!(
            nearest("particpants", ["hosts", "participants", "councils"]),
            Some("participants")
        );
        assert_eq!(nearest("jinann", ["jinan", "seoul"]), Some("jinan"));
        assert_eq!(nearest("zzzzzz", ["jinan", "seoul"]), None);
        assert_eq!(
            nearest("gangnam", ["gangnam-seoul", "jinan"]),
            Some("gangnam-seoul")
        );
        assert_eq!(suggest_language("zh-TW"), Some("zh-Hant"));
    }

    #[test]
    fn a_long_run_is_capped_with_a_count() {
        let diags: Diagnostics = (0..CAP + 7)
            .map(|i| Diagnostic::error(format!("problem {i}")))
            .chain([Diagnostic::warning("a warning")])
            .collect();
        let out = render(&diags, Path::new("."), false);
        assert!(out.contains(&format!("problem {}", CAP - 1)));
        assert!(!out.contains(&format!("problem {CAP}")));
        assert!(out.contains("… and 7 more errors"));
        // Warnings are shown apart, after the errors.
        assert!(out.find("a warning") > out.find("and 7 more errors"));
    }

    #[test]
    fn one_line_form_names_file_line_and_column() {
        let d = Diagnostic::error("unknown city `x`")
            .in_file("content/events/a.yaml")
            .at(3, 7)
            .help("did you mean `y`?");
        assert_eq!(
            d.to_string(),
            "error: content/events/a.yaml:3:7: unknown city `x` (help: did you mean `y`?)"
        );
    }
}
