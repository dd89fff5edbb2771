//! Markdown bodies as the plain text a reader sees, for indexing and
//! snippets: markup gone, empty `@kind/slug` links filled with the entity's
//! name as the page shows them, soft breaks between Chinese characters
//! dropped as the renderer drops them.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::Kind;
use crate::text::cleanup::is_cjk;
use crate::text::markdown::options as markdown_options;
use crate::text::markdown::parse_entity_link;

/// A body's plain text and the text of its headings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    pub headings: Vec<String>,
}

pub fn plain(markdown: &str, link_name: impl Fn(Kind, &str) -> Option<String>) -> Plain {
    let mut out = Plain::default();
    let mut heading: Option<String> = None;
    let mut soft_break = false;
    let mut events = Parser::new_ext(markdown, markdown_options()).peekable();
    while let Some(event) = events.next() {
        let piece: Option<String> = match event {
            Event::Text(t) | Event::Code(t) => Some(t.into_string()),
            Event::Start(Tag::Link { dest_url, .. })
                if matches!(events.peek(), Some(Event::End(TagEnd::Link))) =>
            {
                parse_entity_link(&dest_url).and_then(|(k, slug)| link_name(k, slug))
            }
            Event::SoftBreak => {
                soft_break = true;
                None
            }
            Event::HardBreak => Some("\n".into()),
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(String::new());
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take().filter(|h| !h.trim().is_empty()) {
                    out.headings.push(h.trim().to_owned());
                }
                Some("\n".into())
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_),
            ) => Some("\n".into()),
            Event::End(TagEnd::TableCell) => Some(" ".into()),
            _ => None,
        };
        let Some(piece) = piece else { continue };
        if std::mem::take(&mut soft_break) && !joins(out.text.chars().last(), piece.chars().next())
        {
            out.text.push(' ');
        }
        if let Some(h) = heading.as_mut() {
            h.push_str(&piece);
        }
        out.text.push_str(&piece);
    }
    out.text = tidy(&out.text);
    out
}

/// Whether a soft break between these characters vanishes: the renderer's
/// rule, so indexed text reads as the page does.
fn joins(before: Option<char>, after: Option<char>) -> bool {
    match (before, after) {
        (Some(a), Some(b)) => {
            (is_cjk(a) && (is_cjk(b) || b.is_ascii_digit())) || (a.is_ascii_digit() && is_cjk(b))
        }
        _ => true,
    }
}

/// Lines trimmed, empty lines dropped.
fn tidy(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_links_get_names() {
        let md = "## 交流\n\n4月10日，[](@cities/licheng-jinan)访问团赴**韩国**考察交流，\n与[江南区](@cities/gangnam-seoul)展开座谈。\n\nSee <b>x</b> and `code`\nhere.";
        let p = plain(md, |k, slug| {
            (k == Kind::City && slug == "licheng-jinan").then(|| "历城区".to_owned())
        });
        assert_eq!(
            p.text,
            "交流\n4月10日，历城区访问团赴韩国考察交流，与江南区展开座谈。\nSee x and code here."
        );
        assert_eq!(p.headings, vec!["交流"]);
    }
}
