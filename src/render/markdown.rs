//! Markdown bodies to HTML: `@kind/slug` links resolved to relative URLs in
//! the reader's edition, and soft breaks between CJK characters dropped.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, html};

use crate::model::Kind;
use crate::normalise::cleanup::is_cjk;
use crate::normalise::markdown_options;
use crate::resolve::parse_entity_link;

/// What an `@kind/slug` link turns into.
pub struct LinkTarget {
    pub href: String,
    pub name: String,
    /// Language of `name` when it differs from the page's.
    pub lang: Option<&'static str>,
}

/// A rendered body, with what the CJK emphasis lint found.
pub struct Rendered {
    pub html: String,
    /// Text runs where `*` or `_` emphasis markers survived, which pulldown-
    /// cmark leaves literal next to CJK punctuation.
    pub literal_emphasis: Vec<String>,
}

pub fn render(markdown: &str, resolve: impl Fn(Kind, &str) -> Option<LinkTarget>) -> Rendered {
    // pulldown-cmark splits text at every special character; merged runs
    // let the checks below see whole words.
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match (events.last_mut(), event) {
            (Some(Event::Text(prev)), Event::Text(t)) => *prev = CowStr::from(format!("{prev}{t}")),
            (_, event) => events.push(event),
        }
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut literal_emphasis = Vec::new();
    let mut in_code = false;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(event.clone());
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with('@') => {
                let target = parse_entity_link(dest_url).and_then(|(k, s)| resolve(k, s));
                // Resolve has checked every link before rendering starts.
                let Some(target) = target else {
                    out.push(event.clone());
                    continue;
                };
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(target.href),
                    title: title.clone(),
                    id: id.clone(),
                }));
                if matches!(events.get(i + 1), Some(Event::End(TagEnd::Link))) {
                    out.push(name_event(target.name, target.lang));
                }
            }
            Event::SoftBreak => {
                let before = last_char(&events[..i]);
                let after = first_char(&events[i + 1..]);
                // Inside a paragraph a digit sits flush against Chinese too:
                // `38个\n90余位` is one run of text.
                let joins = |a: char, b: char| {
                    (is_cjk(a) && (is_cjk(b) || b.is_ascii_digit()))
                        || (a.is_ascii_digit() && is_cjk(b))
                };
                let drop = matches!((before, after), (Some(a), Some(b)) if joins(a, b));
                if !drop {
                    out.push(Event::SoftBreak);
                }
            }
            Event::Text(t)
                if !in_code && (t.contains("**") || t.contains("__") || has_lone_star(t)) =>
            {
                literal_emphasis.push(t.to_string());
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    Rendered {
        html: html_out,
        literal_emphasis,
    }
}

fn has_lone_star(t: &str) -> bool {
    // `*重要*` next to CJK punctuation: a star that CommonMark did not pair.
    t.char_indices().any(|(i, c)| {
        c == '*'
            && (t[..i].chars().last().is_some_and(is_cjk)
                || t[i + 1..].chars().next().is_some_and(is_cjk))
    })
}

fn name_event(name: String, lang: Option<&'static str>) -> Event<'static> {
    match lang {
        None => Event::Text(CowStr::from(name)),
        Some(lang) => Event::InlineHtml(CowStr::from(format!(
            "<span lang=\"{lang}\">{}</span>",
            escape(&name)
        ))),
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn last_char(events: &[Event<'_>]) -> Option<char> {
    events.iter().rev().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    })
}

fn first_char(events: &[Event<'_>]) -> Option<char> {
    events.iter().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(_: Kind, slug: &str) -> Option<LinkTarget> {
        (slug == "jinan").then(|| LinkTarget {
            href: "../../cities/jinan/index.html".into(),
            name: "济南市".into(),
            lang: None,
        })
    }

    #[test]
    fn entity_links_resolve_and_fill_empty_text() {
        let r = render("见[](@cities/jinan)与[济南](@cities/jinan)。", target);
        assert_eq!(
            r.html,
            "<p>见<a href=\"../../cities/jinan/index.html\">济南市</a>与<a href=\"../../cities/jinan/index.html\">济南</a>。</p>\n"
        );
    }

    #[test]
    fn cjk_soft_breaks_dropped() {
        assert_eq!(
            render("建立交流合\n作平台", target).html,
            "<p>建立交流合作平台</p>\n"
        );
        assert_eq!(render("two\nlines", target).html, "<p>two\nlines</p>\n");
        assert_eq!(
            render("地方政府\n90余位", target).html,
            "<p>地方政府90余位</p>\n"
        );
    }

    #[test]
    fn surviving_emphasis_is_reported() {
        let r = render("**「重要」**内容", target);
        assert_eq!(r.literal_emphasis.len(), 1);
        assert!(render("**重要**。", target).literal_emphasis.is_empty());
    }
}
