//! YAML into the typed structs of `model`, with parse errors rewritten into
//! messages a translator can act on (`yaml_messages`), at the spot to fix.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml_messages;
use crate::diag::Diagnostic;

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // We render snippets ourselves, with the path relative to the site root.
    options.with_snippet = false;
    // YAML 1.2: `no` is the string "no", never `false`.
    options.strict_booleans = true;
    options
}

/// Parses YAML text into `T`, turning a parse error into a diagnostic that
/// points at the spot. `first_line` shifts line numbers for front matter.
pub fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options())
        .map_err(|e| yaml_diagnostic(&e, text, file, first_line))
}

fn yaml_diagnostic(
    e: &serde_saphyr::Error,
    text: &str,
    file: &Path,
    first_line: usize,
) -> Diagnostic {
    let (mut line, mut column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = e.without_snippet().to_string();
    // saphyr appends the position; we print our own.
    let message = raw
        .rsplit_once(" at line ")
        .map_or(raw.as_str(), |(m, _)| m);
    let (mut message, mut help) = if text.trim().is_empty() {
        (
            "the file is empty".to_owned(),
            Some("write its fields (docs/content-format.md), or delete the file".to_owned()),
        )
    } else {
        yaml_messages::explain(message)
    };
    // A tab in the indentation of the line reported, or of a line next to
    // it (the library may stop at the end of the line before): point at the
    // tab itself, on its own line.
    if let Some((tab_line, tab_column)) = indenting_tab(text, line) {
        (line, column) = (tab_line, tab_column);
        (message, help) = yaml_messages::tab();
    }
    // A second document: point at its `---`, not at what follows it.
    if message.starts_with("a second YAML document")
        && let Some(l) = separator_before(text, line)
    {
        (line, column) = (l, 1);
    }
    let mut d = Diagnostic::error(message)
        .in_file(file)
        .at(line + first_line.saturating_sub(1), column);
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// The 1-based line and column of a tab in the indentation of `line`, the
/// line after it or the line before it.
fn indenting_tab(text: &str, line: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.split('\n').collect();
    [line, line + 1, line.saturating_sub(1)]
        .into_iter()
        .filter(|&l| l > 0)
        .find_map(|l| {
            let s = lines.get(l - 1)?;
            let indent: String = s.chars().take_while(|c| matches!(c, ' ' | '\t')).collect();
            indent.find('\t').map(|i| (l, i + 1))
        })
}

/// The last `---` line at or before `line`.
fn separator_before(text: &str, line: usize) -> Option<usize> {
    text.split('\n')
        .take(line)
        .enumerate()
        .filter(|(_, l)| l.trim_end() == "---")
        .map(|(i, _)| i + 1)
        .last()
}
