//! Every Markdown rule in one place (docs/design.md, "Text services"): the
//! parser options, the one parse at load that finds code and entity links
//! (`outline`), prose split from code so only prose is cleaned and converted
//! (`Prose`), and rendering to HTML with `@kind/slug` links resolved, soft
//! breaks between CJK characters dropped, and raw HTML made safe (`render`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::cleanup::is_cjk;
use super::{sanitise, url};
use crate::model::{BodyLink, Kind, Outline, RawHtml, is_han};

/// CommonMark with tables, footnotes, strikethrough and heading attributes.
/// Smart punctuation stays off: it turns Chinese quotation marks into the
/// wrong glyphs.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The one parse of a body as written: code ranges, entity links, other
/// link and image destinations, and raw HTML.
pub fn outline(markdown: &str) -> Outline {
    let mut out = Outline::default();
    let mut verbatim = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => verbatim.push(range),
            Event::Text(_) => verbatim.extend(bare_urls(markdown, range)),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('@') => {
                out.links.push(BodyLink {
                    dest: dest_url.to_string(),
                    offset: range.start,
                });
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                // Point at the destination as written when it is there
                // (`[text](dest)`, `<dest>`); a reference link at its text.
                let offset = markdown
                    .get(range.clone())
                    .and_then(|s| s.rfind(dest_url.as_ref()))
                    .map_or(range.start, |i| range.start + i);
                if markdown
                    .get(offset..)
                    .is_some_and(|m| m.starts_with(dest_url.as_ref()))
                {
                    verbatim.push(offset..offset + dest_url.len());
                }
                out.urls.push(BodyLink {
                    dest: dest_url.to_string(),
                    offset,
                });
            }
            Event::Html(html) | Event::InlineHtml(html) => out.raw_html.push(BodyLink {
                dest: html.to_string(),
                offset: range.start,
            }),
            _ => {}
        }
    }
    // In order, none inside another (a code block's own events come after it).
    verbatim.sort_by_key(|r| r.start);
    for range in verbatim {
        if out
            .verbatim
            .last()
            .is_none_or(|r: &Range<usize>| r.end <= range.start)
        {
            out.verbatim.push(range);
        }
    }
    out
}

/// Bare `http://` and `https://` URLs in the text at `range` of `markdown`:
/// a URL written as text is an address, never converted or cleaned
/// (`https://zh.wikipedia.org/wiki/济南市` stays as written in zh-hant).
fn bare_urls(markdown: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(text) = markdown.get(range.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("http").map(|i| from + i) {
        let rest = &text[at..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            from = at + 4;
            continue;
        }
        // Ends at a space or at punctuation no URL is written with.
        let len = rest
            .find(|c: char| c.is_whitespace() || "<>\"，。；：！？、）】」』".contains(c))
            .unwrap_or(rest.len());
        out.push(range.start + at..range.start + at + len);
        from = at + len;
    }
    out
}

/// `@cities/jinan` → (City, "jinan").
pub fn parse_entity_link(dest: &str) -> Option<(Kind, &str)> {
    let (dir, slug) = dest.strip_prefix('@')?.split_once('/')?;
    let kind = Kind::from_dir(dir)?;
    crate::load::is_valid_slug(slug).then_some((kind, slug))
}

/// The text of a body without markup, cut to about `max` characters at a
/// word or sentence end: a page's description for search engines and
/// link previews.
pub fn plain_text(markdown: &str, max: usize) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
                if !out.ends_with(' ') =>
            {
                out.push(' ');
            }
            _ => {}
        }
        if out.chars().count() > max {
            break;
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    // End at the last sentence or word boundary inside the cut.
    let end = cut
        .rfind(['。', '！', '？', '.', ';', '；'])
        .map(|i| i + cut[i..].chars().next().map_or(1, char::len_utf8))
        .filter(|&i| i > max / 2)
        .or_else(|| cut.rfind(' ').filter(|&i| i > max / 2))
        .unwrap_or(cut.len());
    let mut short = cut[..end].trim_end().to_owned();
    if !short.ends_with(['。', '！', '？', '.']) {
        short.push('…');
    }
    short
}

/// A Markdown text cut into prose and code (code spans and code blocks), so
/// that prose can be cleaned and converted while code stays exactly as
/// written. Mapping keeps the cut.
#[derive(Clone, Debug)]
pub struct Prose {
    /// (is code, text), in order.
    parts: Vec<(bool, String)>,
}

impl Prose {
    /// Cuts `markdown` at `code`, the ranges its outline found.
    pub fn split(markdown: &str, code: &[Range<usize>]) -> Prose {
        let mut parts = Vec::new();
        let mut last = 0;
        for range in code {
            let (Some(before), Some(code)) =
                (markdown.get(last..range.start), markdown.get(range.clone()))
            else {
                continue; // ranges come from parsing this very text
            };
            if !before.is_empty() {
                parts.push((false, before.to_owned()));
            }
            parts.push((true, code.to_owned()));
            last = range.end;
        }
        if let Some(rest) = markdown.get(last..).filter(|r| !r.is_empty()) {
            parts.push((false, rest.to_owned()));
        }
        Prose { parts }
    }

    /// Parses `markdown` to find its code, then cuts it.
    pub fn parse(markdown: &str) -> Prose {
        Prose::split(markdown, &outline(markdown).verbatim)
    }

    /// Applies `f` to every piece of prose.
    pub fn map(&self, mut f: impl FnMut(&str) -> String) -> Prose {
        let parts = self
            .parts
            .iter()
            .map(|(code, t)| (*code, if *code { t.clone() } else { f(t) }))
            .collect();
        Prose { parts }
    }

    /// The pieces of prose, without the code.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .filter(|(code, _)| !code)
            .map(|(_, t)| t.as_str())
    }

    /// The pieces of prose with their byte offsets in `markdown`, the text
    /// this prose was split from (unchanged since).
    pub fn pieces_in<'p>(&'p self, markdown: &str) -> Vec<(usize, &'p str)> {
        let mut offset = 0;
        let mut out = Vec::new();
        for (code, part) in &self.parts {
            // The parts of an unchanged split lie end to end in `markdown`,
            // so each starts where the one before ended; searching for it
            // instead (as this did) was 3 % of a large build. Any other part
            // is looked for after the one before.
            let rest = markdown.get(offset..).unwrap_or_default();
            let start = if rest.starts_with(part.as_str()) {
                offset
            } else {
                rest.find(part.as_str()).map_or(offset, |i| offset + i)
            };
            if !code {
                out.push((start, part.as_str()));
            }
            offset = start + part.len();
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        self.parts.iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// Applies `f` to the prose of a Markdown document, leaving code spans and
/// code blocks exactly as written: code is never cleaned or converted.
pub fn map_prose(markdown: &str, f: impl FnMut(&str) -> String) -> String {
    Prose::parse(markdown).map(f).to_markdown()
}

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

/// Renders a body. Raw HTML is sanitised, escaped or trusted as `raw_html`
/// says; a link or image whose URL the policy refuses (load reported it
/// already) keeps its text but loses its destination.
// Long: one pass over the parser events whose arms share its state (in
// code, in a link); split up, the state would travel through every piece.
/// The language a body is written in, as far as rendering cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyLang {
    Chinese,
    /// Chinese quoted in it (a name "as the report writes it") is marked
    /// with its own language, for screen readers, fonts and line breaking.
    Other,
}

pub fn render(
    markdown: &str,
    raw_html: RawHtml,
    lang: BodyLang,
    resolve: impl Fn(Kind, &str) -> Option<LinkTarget>,
) -> Rendered {
    // pulldown-cmark splits text at every special character; merged runs
    // let the checks below see whole words.
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match (events.last_mut(), event) {
            (Some(Event::Text(prev)), Event::Text(t)) => *prev = CowStr::from(format!("{prev}{t}")),
            (_, event) => events.push(event),
        }
    }
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut literal_emphasis = Vec::new();
    let mut in_code = false;
    let mut has_raw_html = false;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => match raw_html {
                RawHtml::Sanitise => {
                    has_raw_html = true;
                    out.push(event.clone());
                }
                RawHtml::Escape => out.push(Event::Text(h.clone())),
                RawHtml::Trust => out.push(event.clone()),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !dest_url.starts_with('@') && url::check_link(dest_url).is_err() => {
                out.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::Borrowed(""),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if url::check_link(dest_url).is_err() => {
                out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::Borrowed(""),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
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
    if lang == BodyLang::Other {
        out = mark_chinese(out);
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    if has_raw_html {
        // The whole body at once: raw HTML tags may open in one Markdown
        // block and close in another (`<details>` … `</details>`).
        html_out = sanitise::clean(&html_out);
    }
    Rendered {
        html: html_out,
        literal_emphasis,
    }
}

/// Runs of Chinese in text outside code and image descriptions (an `alt`
/// attribute cannot hold markup), each in a `<span lang>`.
fn mark_chinese(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut opaque = 0u32;
    for event in events {
        match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => opaque += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => opaque = opaque.saturating_sub(1),
            Event::Text(t) if opaque == 0 && t.chars().any(is_han) => {
                for (chinese, piece) in chinese_runs(t) {
                    if chinese {
                        out.push(Event::InlineHtml(CowStr::from(format!(
                            "<span lang=\"{}\">{}</span>",
                            crate::text::convert::chinese_tag(piece),
                            escape(piece)
                        ))));
                    } else {
                        out.push(Event::Text(CowStr::from(piece.to_owned())));
                    }
                }
                continue;
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// `text` cut into pieces, each marked whether it is a run of Chinese: Han
/// characters and the CJK punctuation between them (贾加尔·赛杭).
fn chinese_runs(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(is_han) {
        let tail = &rest[start..];
        // The run ends after its last Han character before anything that is
        // neither Han nor CJK punctuation.
        let mut end = 0;
        for (i, c) in tail.char_indices() {
            if is_han(c) {
                end = i + c.len_utf8();
            } else if !is_cjk(c) {
                break;
            }
        }
        if start > 0 {
            out.push((false, &rest[..start]));
        }
        out.push((true, &tail[..end]));
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

fn has_lone_star(t: &str) -> bool {
    // `*重要*` next to CJK punctuation: a star that CommonMark did not pair.
    t.char_indices().any(|(i, c)| {
        let (before, after) = (t.get(..i).unwrap_or(""), t.get(i + 1..).unwrap_or(""));
        c == '*'
            && (before.chars().last().is_some_and(is_cjk)
                || after.chars().next().is_some_and(is_cjk))
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

    #[test]
    fn pieces_are_found_where_they_are_in_the_text() {
        let md = "济南`代码`和济南\n\n```\n济南\n```\n济南 https://济南.cn 完";
        let prose = Prose::parse(md);
        let pieces = prose.pieces_in(md);
        assert!(pieces.len() >= 3, "{pieces:?}");
        for (at, piece) in &pieces {
            assert_eq!(&md[*at..*at + piece.len()], *piece);
        }
        // The pieces and the code between them make the text again.
        assert_eq!(prose.to_markdown(), md);
        // In a text the pieces are not end to end in, each is still found.
        let padded = format!("前言 {md}");
        for (at, piece) in prose.pieces_in(&padded) {
            assert_eq!(&padded[at..at + piece.len()], piece);
        }
    }

    #[test]
    fn urls_are_verbatim_like_code() {
        let md = "见 https://zh.wikipedia.org/wiki/济南市，或[济南](https://zh.wikipedia.org/wiki/济南市)和`代码`。";
        let prose: String = Prose::parse(md).pieces().collect();
        assert_eq!(prose, "见 ，或[济南]()和。");
        let upper = map_prose(md, |t| t.replace('济', "濟"));
        assert_eq!(upper.matches("wiki/济南市").count(), 2, "{upper}");
        assert!(upper.contains("[濟南]"), "{upper}");
    }

    fn target(_: Kind, slug: &str) -> Option<LinkTarget> {
        (slug == "jinan").then(|| LinkTarget {
            href: "../../cities/jinan/index.html".into(),
            name: "济南市".into(),
            lang: None,
        })
    }

    #[test]
    fn code_is_never_touched() {
        let md = "中文 `代码 -{` 文字\n\n```\n东 西\n```\n";
        let out = map_prose(md, |t| t.replace('文', "X"));
        assert_eq!(out, "中X `代码 -{` X字\n\n```\n东 西\n```\n");
    }

    #[test]
    fn outline_finds_code_and_entity_links() {
        let o = outline("见[济南](@cities/jinan)。`x`\n[x](https://a)");
        assert_eq!(o.links.len(), 1);
        assert_eq!(o.links[0].dest, "@cities/jinan");
        assert_eq!(o.links[0].offset, "见".len());
        // The code span and the destination https://a.
        assert_eq!(o.verbatim.len(), 2);
        assert_eq!(
            parse_entity_link("@cities/jinan"),
            Some((Kind::City, "jinan"))
        );
        assert_eq!(parse_entity_link("@towns/jinan"), None);
        assert_eq!(parse_entity_link("@cities/Jinan"), None);
    }

    #[test]
    fn plain_text_is_cut_at_a_sentence() {
        assert_eq!(
            plain_text("# Title\n\nOne *two* three.", 100),
            "Title One two three."
        );
        assert_eq!(
            plain_text("第一句话。第二句话很长很长很长。", 8),
            "第一句话。"
        );
        assert_eq!(plain_text("alpha beta gamma delta", 12), "alpha beta…");
    }

    #[test]
    fn entity_links_resolve_and_fill_empty_text() {
        let r = render(
            "见[](@cities/jinan)与[济南](@cities/jinan)。",
            RawHtml::Sanitise,
            BodyLang::Chinese,
            target,
        );
        assert_eq!(
            r.html,
            "<p>见<a href=\"../../cities/jinan/index.html\">济南市</a>与<a href=\"../../cities/jinan/index.html\">济南</a>。</p>\n"
        );
    }

    #[test]
    fn chinese_in_other_text_is_marked_with_its_script() {
        let md = "Governor 贾加尔·赛杭 (as written), 臺灣 and `代码`.\n\n![图](a.png)";
        let html = render(md, RawHtml::Sanitise, BodyLang::Other, target).html;
        assert_eq!(
            html,
            "<p>Governor <span lang=\"zh-Hans\">贾加尔·赛杭</span> (as written), <span lang=\"zh-Hant\">臺灣</span> and <code>代码</code>.</p>\n<p><img src=\"a.png\" alt=\"图\" /></p>\n"
        );
        // Chinese text is left as it is.
        let html = render("贾加尔·赛杭", RawHtml::Sanitise, BodyLang::Chinese, target).html;
        assert_eq!(html, "<p>贾加尔·赛杭</p>\n");
    }

    #[test]
    fn cjk_soft_breaks_dropped() {
        assert_eq!(
            render(
                "建立交流合\n作平台",
                RawHtml::Sanitise,
                BodyLang::Chinese,
                target
            )
            .html,
            "<p>建立交流合作平台</p>\n"
        );
        assert_eq!(
            render("two\nlines", RawHtml::Sanitise, BodyLang::Chinese, target).html,
            "<p>two\nlines</p>\n"
        );
        assert_eq!(
            render(
                "地方政府\n90余位",
                RawHtml::Sanitise,
                BodyLang::Chinese,
                target
            )
            .html,
            "<p>地方政府90余位</p>\n"
        );
    }

    #[test]
    fn surviving_emphasis_is_reported() {
        let r = render(
            "**「重要」**内容",
            RawHtml::Sanitise,
            BodyLang::Chinese,
            target,
        );
        assert_eq!(r.literal_emphasis.len(), 1);
        assert!(
            render("**重要**。", RawHtml::Sanitise, BodyLang::Chinese, target)
                .literal_emphasis
                .is_empty()
        );
    }

    #[test]
    fn raw_html_is_sanitised_escaped_or_trusted() {
        let md = "<details><summary>更多</summary>\n\n正文<sup>1</sup>\n\n</details>\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b>";
        let safe = render(md, RawHtml::Sanitise, BodyLang::Chinese, target).html;
        assert!(safe.contains("<details><summary>更多</summary>"), "{safe}");
        assert!(safe.contains("<sup>1</sup>"), "{safe}");
        assert!(safe.contains("<b>粗</b>"), "{safe}");
        assert!(
            !safe.contains("script") && !safe.contains("onclick"),
            "{safe}"
        );
        let escaped = render(md, RawHtml::Escape, BodyLang::Chinese, target).html;
        assert!(
            escaped.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{escaped}"
        );
        assert!(!escaped.contains("<details>"), "{escaped}");
        let trusted = render(md, RawHtml::Trust, BodyLang::Chinese, target).html;
        assert!(trusted.contains("<script>alert(1)</script>"), "{trusted}");
    }

    #[test]
    fn refused_urls_lose_their_destination() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](jav&#x61;script:alert(1))",
            "<vbscript:msgbox>",
            "![x](data:text/html,hi)",
        ] {
            let html = render(md, RawHtml::Trust, BodyLang::Chinese, target).html;
            for attr in ["href=\"", "src=\""] {
                for value in html.split(attr).skip(1) {
                    let value = value.split('"').next().unwrap_or_default();
                    assert_eq!(url::check_link(value), Ok(()), "{md} → {html}");
                }
            }
            assert!(
                html.contains("href=\"\"") || html.contains("src=\"\""),
                "{md} → {html}"
            );
        }
        let o = outline("见 [x](javascript:alert(1)) 与 ![y](a.png) <https://x.org>");
        let dests: Vec<(&str, usize)> =
            o.urls.iter().map(|u| (u.dest.as_str(), u.offset)).collect();
        assert_eq!(
            dests,
            [
                ("javascript:alert(1)", "见 [x](".len()),
                ("a.png", "见 [x](javascript:alert(1)) 与 ![y](".len()),
                (
                    "https://x.org",
                    "见 [x](javascript:alert(1)) 与 ![y](a.png) <".len()
                ),
            ]
        );
    }
}
