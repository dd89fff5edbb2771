//! The YAML library's messages, said in a translator's terms: what is wrong
//! and what to write instead, with an indentation hint where indentation is
//! the cause. No message of the library's own ("did not find expected key",
//! "externally tagged enum", "use from_str_multiple", "budget breached")
//! reaches the user.

use crate::diag::{nearest, suggest_language};
use crate::model::SourceLang;

/// A message, and its help.
pub type Explained = (String, Option<String>);

const INDENT_HELP: &str = "keys of one map start in the same column, and the languages of a text are indented under its field, two spaces more:\n  title:\n    zh-Hans: …\n    en: …";

/// Messages whose words do not depend on the input: (what the library says
/// contains, our message, our help).
const FIXED: [(&str, &str, &str); 16] = [
    (
        "did not find expected key",
        "this line is not indented like the lines around it",
        INDENT_HELP,
    ),
    (
        "did not find expected '-'",
        "this line is not indented like the items of the list above it",
        "items of one list start with `- ` in the same column",
    ),
    (
        "did not find expected ',' or '}'",
        "the map `{ … }` is not closed on its line, or a value in it holds `,` or `:`",
        "close it with `}`, and put text with commas or colons in quotes: {en: \"Seoul, Korea\"}",
    ),
    (
        "did not find expected ',' or ']'",
        "the list `[ … ]` is not closed on its line, or an item in it holds `,` or `:`",
        "close it with `]`, and put items with commas or colons in quotes",
    ),
    (
        "unclosed bracket '['",
        "the list `[` is not closed",
        "close it with `]` on the same line: participants: [jinan, seoul]",
    ),
    (
        "unclosed bracket '{'",
        "the map `{` is not closed",
        "close it with `}` on the same line: name: {zh-Hans: 济南市, en: Jinan}",
    ),
    (
        "mapping values are not allowed",
        "a `: ` inside a value starts a second key on one line",
        "put text that contains `: ` in quotes: title: \"Forum: Opening\"",
    ),
    (
        "multiline quoted scalar",
        "a quoted text runs past its line: is its closing quote missing?",
        "close the quote on the same line, or indent the lines that follow it",
    ),
    (
        "quoted scalar",
        "a quoted text is not closed",
        "end it with the same quote mark it starts with",
    ),
    (
        "multiple YAML documents",
        "a second YAML document starts here: a data file holds one",
        "remove the `---` line (front matter belongs only at the top of a .md body file)",
    ),
    (
        "expected sequence start",
        "expected a list here",
        "write a list: [a, b], or one `- item` per line (one item is a list of one)",
    ),
    (
        "expected mapping start",
        "expected a map of `key: value` here",
        "write one `key: value` per line (or {key: value, …})",
    ),
    (
        "expected string scalar",
        "expected a text here, not a list or a map",
        "write the text after the colon, in quotes if it has `:`, `#`, `[` or `{`",
    ),
    (
        "null into string",
        "a value is missing here",
        "write the value after the colon, or remove the line",
    ),
    (
        "alias references unknown anchor",
        "`*name` refers to an anchor that is not defined above it",
        "write the value out in full (content files need no `&anchors` or `*aliases`)",
    ),
    (
        "invalid boolean",
        "expected true or false here",
        "write true or false",
    ),
];

/// Library messages about the shape of a value that has a single word (an
/// enum like `kind` or `level`).
const ONE_WORD: [&str; 6] = [
    "unexpected value for unit",
    "externally tagged enum",
    "expected end of mapping after enum",
    "unsupported tag",
    "cannot deserialize tagged scalar",
    "tagged enum",
];

/// Rewrites the library's message (without its position).
pub fn explain(message: &str) -> Explained {
    if let Some(e) = known_shapes(message) {
        return e;
    }
    for (needle, ours, help) in FIXED {
        if message.contains(needle) {
            return (ours.to_owned(), Some(help.to_owned()));
        }
    }
    if ONE_WORD.iter().any(|w| message.contains(w)) {
        return (
            "expected a single word here, not a list, a map or a `!tag`".to_owned(),
            Some("write one of the allowed values, such as `kind: visit`".to_owned()),
        );
    }
    if message.contains("tab") {
        return tab();
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        return budget(breach);
    }
    if message.starts_with("invalid floating point") || message.starts_with("invalid integer") {
        return (
            "expected a number here".to_owned(),
            Some("write a decimal number, such as lat: 36.65".to_owned()),
        );
    }
    if message.contains("non-finite") || message.contains(".nan") || message.contains(".inf") {
        return (
            "expected a number here, not infinity or NaN".to_owned(),
            Some("write a decimal number, such as lat: 36.65".to_owned()),
        );
    }
    if message.contains("unexpected end of input") || message.contains("unexpected end") {
        return (
            "the file ends in the middle of a value".to_owned(),
            Some("finish the last line, and close every quote, `[` and `{`".to_owned()),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return invalid_type(rest);
    }
    if message.contains("cannot start any token") {
        return (
            "a value cannot start with this character".to_owned(),
            Some("put the value in quotes: \"@x\", \"`x`\"".to_owned()),
        );
    }
    (message.to_owned(), None)
}

/// A tab where YAML wants spaces.
pub fn tab() -> Explained {
    (
        "a tab indents this line: YAML indents with spaces only".to_owned(),
        Some("replace the tab with spaces (two per level)".to_owned()),
    )
}

fn budget(breach: &str) -> Explained {
    let what = match breach.split([' ', '{']).next().unwrap_or_default() {
        "ScalarBytes" => "more than 64 MB of text",
        "Depth" => "nested more than 64 levels deep",
        "Aliases" | "AliasAnchorRatio" => "too many `*aliases`",
        "Anchors" => "too many `&anchors`",
        "Documents" => "too many `---` documents",
        "Events" | "Nodes" => "too many values",
        _ => "too large",
    };
    (
        format!("the file is too large to read: {what}"),
        Some("a content file describes one thing; write text out in full rather than repeating it with `&anchors` and `*aliases`".to_owned()),
    )
}

/// `sequence, expected a text …` → "expected a text …, not a list".
fn invalid_type(rest: &str) -> Explained {
    let (found, expected) = rest
        .split_once(", expected ")
        .unwrap_or((rest, "another kind of value"));
    let found = match found.split([' ', ':']).next().unwrap_or_default() {
        "sequence" => "a list".to_owned(),
        "map" => "a map".to_owned(),
        "string" => format!("the text {}", found.trim_start_matches("string ")),
        "integer" | "floating" => format!(
            "the number {}",
            found.rsplit(' ').next().unwrap_or_default()
        ),
        "boolean" => "true or false".to_owned(),
        "unit" | "null" => "nothing".to_owned(),
        _ => found.to_owned(),
    };
    (format!("expected {expected} here, not {found}"), None)
}

/// Messages with words of the input in them: unknown fields and values,
/// duplicate and missing keys.
fn known_shapes(message: &str) -> Option<Explained> {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return Some(unknown_field(rest));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = backticked(rest).unwrap_or_default();
        let known = expected_list(rest);
        if value.is_empty() || value == "~" || value == "null" {
            return Some((
                "a value is missing here".to_owned(),
                Some(format!("write one of: {}", known.join(", "))),
            ));
        }
        let help = match nearest(&value, known.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`? allowed values: {}", known.join(", ")),
            None => format!("allowed values: {}", known.join(", ")),
        };
        return Some((format!("unknown value `{value}`"), Some(help)));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return Some((
            format!("duplicate key `{key}`"),
            Some("each key may appear once in a map; merge the two entries".to_owned()),
        ));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = backticked(rest).unwrap_or_default();
        return Some((
            format!("missing required field `{field}`"),
            Some(format!("add `{field}:` to this map")),
        ));
    }
    None
}

fn unknown_field(rest: &str) -> Explained {
    let field = backticked(rest).unwrap_or_default();
    let known = expected_list(rest);
    let is_language_map = known.iter().any(|k| k == "zh-Hant");
    // `en:` at the left edge under `title:`: read as a field of the file.
    if !is_language_map && SourceLang::from_tag(&field).is_some() {
        return (
            format!("`{field}` is a language, not a field: it is not indented under its text"),
            Some(format!(
                "indent `{field}:` two spaces under the name or title it belongs to, like the other languages there"
            )),
        );
    }
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
    (format!("unknown field `{field}`"), Some(help))
}

fn backticked(s: &str) -> Option<String> {
    let (_, after) = s.split_once('`')?;
    let (inside, _) = after.split_once('`')?;
    Some(inside.to_owned())
}

fn expected_list(s: &str) -> Vec<String> {
    s.split_once("expected one of ")
        .map(|(_, list)| {
            list.split(',')
                .map(|w| w.trim().trim_matches('`').to_owned())
                .filter(|w| !w.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let (m, help) =
            explain("unknown field `particpants`, expected one of title, kind, participants");
        assert_eq!(m, "unknown field `particpants`");
        assert_eq!(help.as_deref(), Some("did you mean `participants`?"));
    }

    #[test]
    fn a_language_at_the_left_edge_is_an_indentation_problem() {
        let (m, help) = explain("unknown field `en`, expected one of title, kind, date, end");
        assert!(m.contains("not indented"), "{m}");
        assert!(!help.unwrap_or_default().contains("`end`"));
    }

    #[test]
    fn no_library_words_remain() {
        for raw in [
            "budget breached: ScalarBytes { total_scalar_bytes: 67108865 }",
            "multiple YAML documents detected; use from_str_multiple or from_str_multiple_with_options",
            "externally tagged enum expected scalar or mapping",
            "while parsing a block mapping, did not find expected key",
            "invalid floating point",
            "unclosed bracket '['",
            "unexpected value for unit enum variant",
            "cannot deserialize null into string; use Option<String>",
            "tabs disallowed within this context (block indentation)",
        ] {
            let (m, help) = explain(raw);
            let all = format!("{m} {}", help.unwrap_or_default());
            for word in [
                "budget",
                "from_str",
                "externally",
                "did not find",
                "floating",
                "bracket",
                "unit",
                "Option<",
                "disallowed",
            ] {
                assert!(!all.contains(word), "{raw} → {all}");
            }
        }
    }
}
