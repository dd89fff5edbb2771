//! Body files: `---` front matter and Markdown.

use std::path::Path;

use super::yaml::parse_yaml;
use crate::diag::Diagnostic;
use crate::model::{Body, FrontMatter, SourceLang, pos_of};
use crate::source::Pos;
use crate::text::markdown;

/// A body file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, and the line it starts on.
    pub front: Option<(&'a str, usize)>,
    pub markdown: &'a str,
    /// 1-based line where `markdown` starts.
    pub markdown_line: usize,
}

/// Splits `---` front matter from a body.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, Diagnostic> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Split {
            front: None,
            markdown: text,
            markdown_line: 1,
        });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                front: Some((&rest[..offset], 2)),
                markdown: &rest[offset + line.len()..],
                markdown_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(1, 1)
        .help("end the front matter with a line holding only `---`"))
}

/// Reads a body file: front matter, Markdown, and its one parse.
pub(super) fn parse_body(rel: &Path, text: &str, lang: SourceLang) -> Result<Body, Diagnostic> {
    let split = split_front_matter(text).map_err(|d| d.in_file(rel))?;
    let front = match split.front {
        Some((yaml, line)) if !yaml.trim().is_empty() => {
            parse_yaml::<FrontMatter>(yaml, rel, line)?
        }
        _ => FrontMatter::default(),
    };
    if let Some(from) = &front.translated_from
        && SourceLang::from_tag(&from.value).is_none()
    {
        return Err(Diagnostic::error(format!(
            "unknown language `{}` in `translated_from`",
            from.value
        ))
        .in_file(rel)
        .at_pos(pos_of(from))
        .help("use one of zh-Hans, zh-Hant, en, zh"));
    }
    Ok(Body {
        lang,
        file: rel.to_owned(),
        front,
        outline: markdown::outline(split.markdown),
        markdown: split.markdown.to_owned(),
        start: Pos::new(split.markdown_line, 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split() {
        let split = split_front_matter("---\ntitle: x\n---\nHello\n").unwrap();
        assert_eq!(split.front, Some(("title: x\n", 2)));
        assert_eq!(split.markdown, "Hello\n");
        assert_eq!(split.markdown_line, 4);
        assert!(split_front_matter("---\ntitle: x\n").is_err());
    }
}
