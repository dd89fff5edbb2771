//! Markdown bodies to Typst markup. Content is untrusted text, so every
//! character that could start Typst syntax is escaped, and structure is
//! emitted as function calls (`#strong[..]`, `#list(..)`), never as markup
//! shorthands whose meaning depends on what surrounds them.
//!
//! The markup calls a few functions the book template passes in: `elink`
//! (a link to an entry, with its page), `subhead` (a heading inside a body).

use std::collections::HashMap;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::text::cleanup::is_cjk;
use crate::text::markdown::options as markdown_options;

/// Where an `@kind/slug` link points in the book.
pub struct EntityTarget {
    /// The entry's label.
    pub anchor: String,
    /// Its name, for links written with empty text.
    pub name: String,
}

/// Text as Typst markup that shows exactly these characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            // Quotes only become typographic quotes, which is wanted.
            '"' | '\'' => out.push(c),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal holding `text`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Converts a Markdown body. `resolve` maps an `@kind/slug` destination to
/// its entry; links it cannot resolve keep their text and lose the link.
pub fn to_typst(markdown: &str, resolve: impl Fn(&str) -> Option<EntityTarget>) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, markdown_options()).collect();
    let mut writer = Writer {
        resolve: &resolve,
        footnotes: HashMap::new(),
        out: String::with_capacity(markdown.len() * 2),
        stack: Vec::new(),
        code: None,
    };
    // Footnote texts first: Typst places a footnote's text at its reference.
    let body = writer.take_footnotes(&events);
    for (i, event) in body.iter().enumerate() {
        let before = body[..i].iter().rev().find_map(last_char);
        let after = body[i + 1..].iter().find_map(first_char);
        writer.event(event, before, after);
    }
    writer.out.trim().to_owned()
}

fn last_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(e: &Event<'_>) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// What an open container needs when it closes.
enum Open {
    /// Output position where the container's content starts.
    Content(usize),
    /// A link the reader can follow (`Some`) or plain text (`None`).
    Link(Option<String>, usize),
    /// A table: alignments, cells written so far, the current cell's start.
    Table(Vec<Alignment>, Vec<String>, usize, usize),
    /// A list of items (each item's markup) and its start number.
    List(Option<u64>, Vec<String>),
    Skip,
}

struct Writer<'r, F> {
    resolve: &'r F,
    footnotes: HashMap<String, String>,
    out: String,
    stack: Vec<Open>,
    /// The text of the code block being read, verbatim.
    code: Option<String>,
}

impl<F: Fn(&str) -> Option<EntityTarget>> Writer<'_, F> {
    /// Converts footnote definitions and returns the other events.
    fn take_footnotes<'e>(&mut self, events: &[Event<'e>]) -> Vec<Event<'e>> {
        let mut rest = Vec::with_capacity(events.len());
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i] {
                let end = events[i..]
                    .iter()
                    .position(|e| matches!(e, Event::End(TagEnd::FootnoteDefinition)))
                    .map_or(events.len(), |p| i + p);
                let mut inner = Writer {
                    resolve: self.resolve,
                    footnotes: HashMap::new(),
                    out: String::new(),
                    stack: Vec::new(),
                    code: None,
                };
                let part = &events[i + 1..end];
                for (k, event) in part.iter().enumerate() {
                    let before = part[..k].iter().rev().find_map(last_char);
                    let after = part[k + 1..].iter().find_map(first_char);
                    inner.event(event, before, after);
                }
                self.footnotes
                    .insert(label.to_string(), inner.out.trim().to_owned());
                i = end + 1;
            } else {
                rest.push(events[i].clone());
                i += 1;
            }
        }
        rest
    }

    fn event(&mut self, event: &Event<'_>, before: Option<char>, after: Option<char>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => {
                    let text = std::mem::take(code);
                    self.code = None;
                    self.block(&format!("#raw(block: true, {})", string(text.trim_end())));
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code = Some(String::new()),
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(t) => self.out.push_str(&escape(t)),
            Event::Code(t) => {
                self.out.push_str("#raw(");
                self.out.push_str(&string(t));
                self.out.push(')');
            }
            Event::SoftBreak => {
                // Chinese has no spaces between words: a line break inside a
                // paragraph joins the lines, as in the site's HTML.
                let joins = matches!((before, after), (Some(a), Some(b))
                    if (is_cjk(a) && (is_cjk(b) || b.is_ascii_digit()))
                        || (a.is_ascii_digit() && is_cjk(b)));
                if !joins {
                    self.out.push(' ');
                }
            }
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self
                .out
                .push_str("\n\n#line(length: 100%, stroke: 0.4pt)\n\n"),
            Event::FootnoteReference(label) => match self.footnotes.get(label.as_ref()) {
                Some(text) => {
                    self.out.push_str("#footnote[");
                    self.out.push_str(text);
                    self.out.push(']');
                }
                None => self.out.push_str(&escape(&format!("[^{label}]"))),
            },
            Event::TaskListMarker(done) => self.out.push_str(if *done { "☑ " } else { "☐ " }),
            // Raw HTML is not carried into print; math is not enabled.
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        let at = self.out.len();
        let open = match tag {
            Tag::Link { dest_url, .. } => {
                let dest = dest_url.as_ref();
                let target = if dest.starts_with('@') {
                    (self.resolve)(dest).map(|t| {
                        // A link written with empty text shows the entry's name.
                        (format!("#elink({})[", string(&t.anchor)), t.name)
                    })
                } else if is_web_link(dest) {
                    Some((format!("#link({})[", string(dest)), escape(dest)))
                } else {
                    None
                };
                Open::Link(
                    target.map(|(call, name)| {
                        self.out.push_str(&call);
                        name
                    }),
                    self.out.len(),
                )
            }
            Tag::Table(aligns) => Open::Table(aligns.clone(), Vec::new(), 0, at),
            Tag::TableHead | Tag::TableRow => Open::Skip,
            Tag::TableCell => Open::Content(at),
            Tag::List(start) => Open::List(*start, Vec::new()),
            Tag::Image { .. } | Tag::MetadataBlock(_) | Tag::HtmlBlock => Open::Skip,
            _ => Open::Content(at),
        };
        self.stack.push(open);
    }

    /// The markup written since `at`, removed from the output.
    fn cut(&mut self, at: usize) -> String {
        self.out.split_off(at.min(self.out.len()))
    }

    fn end(&mut self, tag: TagEnd) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        match (tag, open) {
            (TagEnd::Link, Open::Link(Some(name), at)) => {
                if self.out.len() == at {
                    self.out.push_str(&escape(&name));
                }
                self.out.push(']');
            }
            (TagEnd::Link, Open::Link(None, _)) => {}
            (TagEnd::TableCell, Open::Content(at)) => {
                let cell = self.cut(at);
                if let Some(Open::Table(_, cells, _, _)) = self.table_mut() {
                    cells.push(cell);
                }
            }
            (TagEnd::TableHead, _) => {
                if let Some(Open::Table(_, cells, header, _)) = self.table_mut() {
                    *header = cells.len();
                }
            }
            (TagEnd::Table, Open::Table(aligns, cells, header, at)) => {
                self.cut(at);
                self.out.push_str(&table(&aligns, &cells, header));
            }
            (TagEnd::Item, Open::Content(at)) => {
                let item = self.cut(at);
                if let Some(Open::List(_, items)) = self.stack.last_mut() {
                    items.push(item.trim().to_owned());
                }
            }
            (TagEnd::List(_), Open::List(start, items)) => {
                let items: Vec<String> = items.iter().map(|i| format!("[{i}]")).collect();
                let call = match start {
                    Some(n) => format!("#enum(start: {n}, {})", items.join(", ")),
                    None => format!("#list({})", items.join(", ")),
                };
                self.block(&call);
            }
            (_, Open::Content(at)) => {
                let inner = self.cut(at);
                self.close(tag, inner.trim());
            }
            (_, Open::Skip | Open::Link(..) | Open::Table(..) | Open::List(..)) => {}
        }
    }

    fn table_mut(&mut self) -> Option<&mut Open> {
        self.stack
            .iter_mut()
            .rev()
            .find(|o| matches!(o, Open::Table(..)))
    }

    /// A block on paragraphs of its own.
    fn block(&mut self, markup: &str) {
        self.out.push_str("\n\n");
        self.out.push_str(markup);
        self.out.push_str("\n\n");
    }

    fn close(&mut self, tag: TagEnd, inner: &str) {
        match tag {
            TagEnd::Paragraph => self.block(inner),
            TagEnd::Heading(level) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                self.block(&format!("#subhead({n})[{inner}]"));
            }
            TagEnd::Emphasis => self.out.push_str(&format!("#emph[{inner}]")),
            TagEnd::Strong => self.out.push_str(&format!("#strong[{inner}]")),
            TagEnd::Strikethrough => self.out.push_str(&format!("#strike[{inner}]")),
            TagEnd::BlockQuote(_) => self.block(&format!("#quote(block: true)[{inner}]")),
            _ => self.out.push_str(inner),
        }
    }
}

fn is_web_link(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !dest.chars().any(char::is_whitespace)
}

fn table(aligns: &[Alignment], cells: &[String], header: usize) -> String {
    let columns = aligns.len().max(1);
    let align: Vec<&str> = aligns
        .iter()
        .map(|a| match a {
            Alignment::Center => "center",
            Alignment::Right => "right",
            _ => "left",
        })
        .collect();
    let cell = |c: &String| format!("[{}]", c.trim());
    let head: Vec<String> = cells[..header.min(cells.len())].iter().map(cell).collect();
    let rest: Vec<String> = cells[header.min(cells.len())..].iter().map(cell).collect();
    let mut call = format!("#table(columns: {columns}, align: ({}), ", align.join(", "));
    if align.len() == 1 {
        // `(left)` is not an array in Typst; a one-element array needs a comma.
        call = format!("#table(columns: 1, align: ({},), ", align[0]);
    }
    if !head.is_empty() {
        call.push_str(&format!("table.header({}), ", head.join(", ")));
    }
    call.push_str(&rest.join(", "));
    call.push(')');
    call
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(dest: &str) -> Option<EntityTarget> {
        (dest == "@cities/jinan").then(|| EntityTarget {
            anchor: "city-jinan".into(),
            name: "济南市".into(),
        })
    }

    fn convert(md: &str) -> String {
        let out = to_typst(md, target);
        // Whatever the input, the markup parses without errors.
        #[cfg(feature = "pdf")]
        {
            let (errors, _) = typst::syntax::parse(&out).errors_and_warnings();
            assert!(
                errors.is_empty(),
                "markup does not parse: {out}: {errors:?}"
            );
        }
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("#set page(x) = *b* $m$ @l <a> [c] 1. - + / ~ \\ `r` _e_ 'q' \"q\""),
            "\\#set page\\(x\\) \\= \\*b\\* \\$m\\$ \\@l \\<a\\> \\[c\\] 1\\. \\- \\+ \\/ \\~ \\\\ \\`r\\` \\_e\\_ 'q' \"q\""
        );
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        // Autolinks, shorthands and comments never form.
        let out = convert("see https://example.org -- a // b /* c */ ... #{1+1}");
        assert!(!out.contains("https://"), "{out}");
        assert!(out.contains("\\/\\/ b"), "{out}");
    }

    #[test]
    fn structure_becomes_function_calls() {
        let out = convert("# 概况\n\n**重点**与*强调*，~~删除~~。\n\n- 一\n- 二\n\n3. 三\n4. 四\n");
        assert!(out.contains("#subhead(1)[概况]"), "{out}");
        assert!(
            out.contains("#strong[重点]与#emph[强调]，#strike[删除]。"),
            "{out}"
        );
        assert!(out.contains("#list([一], [二])"), "{out}");
        assert!(out.contains("#enum(start: 3, [三], [四])"), "{out}");
    }

    #[test]
    fn links_tables_footnotes_code() {
        let out = convert(
            "见[](@cities/jinan)、[济南](@cities/jinan)、[x](@cities/nowhere)、[站](https://a.org/?q=1)、[f](file:///etc)。\n",
        );
        assert!(out.contains("见#elink(\"city-jinan\")[济南市]、#elink(\"city-jinan\")[济南]、x、#link(\"https://a.org/?q=1\")[站]、f。"), "{out}");
        let out = convert("| a | b |\n|:-|-:|\n| 1 | *2* |\n");
        assert_eq!(
            out,
            "#table(columns: 2, align: (left, right), table.header([a], [b]), [1], [#emph[2]])"
        );
        let out = convert("正文[^1]。\n\n[^1]: 出处 *一*。\n");
        assert_eq!(out, "正文#footnote[出处 #emph[一]。]。");
        let out = convert("```\nlet a = \"]\";\n```\n");
        assert_eq!(out, "#raw(block: true, \"let a = \\\"]\\\";\")");
        assert_eq!(convert("`#x`"), "#raw(\"#x\")");
    }

    #[test]
    fn cjk_line_breaks_join() {
        assert_eq!(convert("建立交流合\n作平台"), "建立交流合作平台");
        assert_eq!(convert("two\nlines"), "two lines");
        assert_eq!(convert("<b>raw</b> html"), "raw html");
    }
}
