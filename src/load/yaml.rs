//! YAML into the typed structs of `model`, with parse errors rewritten into
//! messages a translator can act on.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, nearest, suggest_language};

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
        .map_err(|e| yaml_diagnostic(&e, file, first_line))
}

fn yaml_diagnostic(e: &serde_saphyr::Error, file: &Path, first_line: usize) -> Diagnostic {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = e.without_snippet().to_string();
    // saphyr appends the position; we print our own.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let (message, help) = explain_yaml_message(&message);
    let mut d = Diagnostic::error(message)
        .in_file(file)
        .at(line + first_line.saturating_sub(1), column);
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// Rewrites serde's terse messages into ones a translator can act on.
fn explain_yaml_message(message: &str) -> (String, Option<String>) {
    let backticked = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(s[start..end].to_owned())
    };
    let expected_list = |s: &str| -> Vec<String> {
        s.split_once("expected one of ")
            .map(|(_, list)| {
                list.split(',')
                    .map(|w| w.trim().trim_matches('`').to_owned())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = backticked(rest).unwrap_or_default();
        let known = expected_list(rest);
        let is_language_map = known.iter().any(|k| k == "zh-Hant");
        let language = if is_language_map {
            suggest_language(&field)
        } else {
            None
        };
        let help = match language.or_else(|| nearest(&field, known.iter().map(String::as_str))) {
            Some(n) => format!("did you mean `{n}`?"),
            // `{en: a, b}`: the comma ended the value and `b` became a key.
            None if field.contains(' ') => format!(
                "a comma inside {{ … }} ends a value: put text that contains commas in quotes, or write the map one key per line (known fields here: {})",
                known.join(", ")
            ),
            None => format!("known fields here: {}", known.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = backticked(rest).unwrap_or_default();
        let known = expected_list(rest);
        let help = match nearest(&value, known.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`? allowed values: {}", known.join(", ")),
            None => format!("allowed values: {}", known.join(", ")),
        };
        return (format!("unknown value `{value}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("duplicate key `{key}`"),
            Some("each key may appear once in a map; merge the two entries".to_owned()),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = backticked(rest).unwrap_or_default();
        return (
            format!("missing required field `{field}`"),
            Some(format!("add `{field}:` to this map")),
        );
    }
    (message.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let (m, help) = explain_yaml_message(
            "unknown field `particpants`, expected one of title, kind, participants",
        );
        assert_eq!(m, "unknown field `particpants`");
        assert_eq!(help.as_deref(), Some("did you mean `participants`?"));
    }
}
