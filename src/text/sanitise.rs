//! Raw HTML in Markdown, made safe (`markdown.raw_html: sanitise`, the
//! default): `ammonia` keeps what prose needs (tables, `sup`/`sub`, `br`,
//! `details`/`summary`, images and links with safe URLs) and drops scripts,
//! event handlers, frames and styles. `removed` tells, for one fragment of
//! raw HTML as written, what the sanitiser will drop, so a translator hears
//! about it instead of finding it silently gone.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::url::{ALLOWED_SCHEMES, check_link};

/// Tags whose content goes with them.
const DROPPED_WITH_CONTENT: [&str; 8] = [
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
];

/// Attributes kept on every element (besides ammonia's `lang` and `title`):
/// heading and footnote anchors, code-block languages, writing direction.
const GENERIC: [&str; 3] = ["id", "class", "dir"];

/// The only CSS kept: the alignment pulldown-cmark writes on table cells.
const STYLE_PROPERTIES: [&str; 1] = ["text-align"];

/// The one sanitiser, built once and shared by every thread.
pub fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(ALLOWED_SCHEMES.into_iter().collect())
            .link_rel(None)
            .add_clean_content_tags(&DROPPED_WITH_CONTENT)
            .add_generic_attributes(&GENERIC)
            .add_tag_attributes("details", &["open"])
            .add_tag_attributes("img", &["title", "loading"])
            .add_tag_attributes("th", &["style"])
            .add_tag_attributes("td", &["style"])
            .filter_style_properties(STYLE_PROPERTIES.into_iter().collect())
            .add_tags(&["tfoot", "caption"]);
        b
    })
}

/// `html` with everything unsafe removed.
pub fn clean(html: &str) -> String {
    sanitiser().clean(html).to_string()
}

/// Collects the start tags of a fragment.
#[derive(Default)]
struct Tags(RefCell<Vec<Tag>>);

impl TokenSink for Tags {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            self.0.borrow_mut().push(tag);
        }
        TokenSinkResult::Continue
    }
}

/// What the policy allows, read from the sanitiser itself so the two agree.
struct Policy {
    tags: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    per_tag: HashMap<&'static str, HashSet<&'static str>>,
}

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let b = sanitiser();
        Policy {
            tags: b.clone_tags(),
            generic: b.clone_generic_attributes(),
            per_tag: b.clone_tag_attributes(),
        }
    })
}

/// What sanitising drops from one fragment of raw HTML as written:
/// `<script>`, `onclick=` on `<b>`, `href="javascript:…"`, each once.
pub fn removed(fragment: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Tags::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let p = policy();
    let mut out: Vec<String> = Vec::new();
    let mut note = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for tag in tokenizer.sink.0.take() {
        let name: &str = &tag.name;
        if !p.tags.contains(name) {
            note(format!("<{name}>"));
            continue;
        }
        for attr in &tag.attrs {
            let attr_name: &str = &attr.name.local;
            let allowed = p.generic.contains(attr_name)
                || p.per_tag.get(name).is_some_and(|a| a.contains(attr_name));
            if !allowed {
                note(format!("`{attr_name}` on <{name}>"));
            } else if matches!(attr_name, "href" | "src" | "cite")
                && check_link(&attr.value).is_err()
            {
                note(format!(
                    "the link `{attr_name}=\"{}\"` on <{name}>",
                    short(&attr.value)
                ));
            } else if attr_name == "style" && !is_alignment(&attr.value) {
                note(format!("`style` on <{name}>"));
            }
        }
    }
    out
}

fn is_alignment(style: &str) -> bool {
    style.split(';').all(|decl| {
        let decl = decl.trim();
        decl.is_empty()
            || decl
                .split_once(':')
                .is_some_and(|(prop, _)| prop.trim().eq_ignore_ascii_case("text-align"))
    })
}

fn short(s: &str) -> Cow<'_, str> {
    if s.chars().count() <= 40 {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().take(40).collect::<String>() + "…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_html_is_kept_and_active_content_dropped() {
        let kept = "<table><tr><th style=\"text-align: center\">a</th><td>b<sup>1</sup><sub>2</sub><br></td></tr></table><details><summary>s</summary>x</details><img src=\"a.png\" alt=\"a\"><a href=\"https://x.org/\">x</a>";
        let out = clean(kept);
        for part in [
            "<th style=\"text-align:center\">",
            "<sup>1</sup>",
            "<sub>2</sub>",
            "<br>",
            "<details><summary>s</summary>x</details>",
            "<img src=\"a.png\" alt=\"a\">",
            "<a href=\"https://x.org/\">x</a>",
        ] {
            assert!(out.contains(part), "{part} in {out}");
        }
        assert!(removed(kept).is_empty(), "{:?}", removed(kept));
        for (bad, gone) in [
            ("<script>alert(1)</script>", "alert"),
            ("<b onclick=\"alert(1)\">x</b>", "onclick"),
            ("<iframe src=\"https://evil.example\"></iframe>", "iframe"),
            ("<style>body{display:none}</style>", "display"),
            ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
            ("<a href=\"JAVASCRIPT:alert(1)\">x</a>", "JAVASCRIPT"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "script:"),
            ("<a href=\"vbscript:msgbox\">x</a>", "vbscript"),
            ("<a href=\"data:text/html,<script>\">x</a>", "data:"),
            ("<p style=\"position:fixed\">x</p>", "fixed"),
        ] {
            let out = clean(bad);
            assert!(!out.contains(gone), "{bad} → {out}");
            assert!(!removed(bad).is_empty(), "{bad} is reported");
        }
    }
}
