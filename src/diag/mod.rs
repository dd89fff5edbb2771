//! Diagnostics: every problem found in content, with the file, line and column
//! it points at. Stages collect them instead of stopping at the first, so one
//! run reports everything a translator has to fix.
//!
//! One convention throughout: a leaf operation that can fail in one way
//! returns `Result<T, Diagnostic>`; a stage returns an [`Outcome`], its value
//! (when it got far enough to make one) and everything it found.

mod render;
mod suggest;

use std::fmt;
use std::path::PathBuf;

pub use render::{CAP, render, render_capped};
pub use suggest::{nearest, suggest_language};

use crate::source::Pos;

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

    pub fn at_pos(self, pos: Pos) -> Diagnostic {
        self.at(pos.line, pos.column)
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

/// What a stage made, and what it found on the way. `value` is `None` when
/// the stage could not go on; errors in `diags` mean the next stage must not
/// run even when there is a value.
#[derive(Debug)]
pub struct Outcome<T> {
    pub value: Option<T>,
    pub diags: Diagnostics,
}

impl<T> Outcome<T> {
    pub fn new(value: Option<T>, diags: Diagnostics) -> Outcome<T> {
        Outcome { value, diags }
    }

    pub fn failed(diags: Diagnostics) -> Outcome<T> {
        Outcome { value: None, diags }
    }

    /// The value, only if nothing found was an error.
    pub fn ok(self) -> Result<(T, Diagnostics), Diagnostics> {
        match self.value {
            Some(v) if !self.diags.has_errors() => Ok((v, self.diags)),
            _ => Err(self.diags),
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics { items: vec![d] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

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
        let out = render(
            &diags,
            &crate::source::SourceMap::new(Path::new(".")),
            false,
        );
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
