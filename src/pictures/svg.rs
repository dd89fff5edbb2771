//! A small SVG writer: elements are opened and closed in order (the writer
//! keeps the stack, so the output is always well-formed), every text and
//! attribute value is escaped by quick-xml, and characters XML 1.0 forbids
//! (controls, U+FFFE, U+FFFF) are dropped, since content is untrusted.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use super::Meta;

pub(crate) struct Svg {
    out: String,
    open: Vec<&'static str>,
}

/// An attribute list: names are ours (static), values may be anything.
pub(crate) type Attrs<'a> = &'a [(&'static str, &'a str)];

impl Svg {
    /// The root element with its title and description. Pictures whose marks
    /// are links are groups (see the module docs of `pictures`), others images.
    pub(crate) fn new(meta: &Meta, class: &str, size: (f64, f64), linked: bool) -> Svg {
        let id = ident(&meta.id);
        let (w, h) = (n(size.0), n(size.1));
        let view_box = format!("0 0 {w} {h}");
        let labelled = format!("{id}-title");
        let described = format!("{id}-desc");
        let class = format!("nj-pic {class}");
        let mut svg = Svg {
            out: String::with_capacity(8 * 1024),
            open: Vec::new(),
        };
        svg.open(
            "svg",
            &[
                ("xmlns", "http://www.w3.org/2000/svg"),
                ("class", &class),
                ("viewBox", &view_box),
                ("width", &w),
                ("height", &h),
                ("role", if linked { "group" } else { "img" }),
                ("aria-labelledby", &labelled),
                ("aria-describedby", &described),
            ],
        );
        svg.text_el("title", &[("id", &labelled)], &meta.title);
        svg.text_el("desc", &[("id", &described)], &meta.desc);
        svg
    }

    pub(crate) fn open(&mut self, tag: &'static str, attrs: Attrs) {
        self.start(tag, attrs);
        self.out.push('>');
        self.open.push(tag);
    }

    pub(crate) fn leaf(&mut self, tag: &'static str, attrs: Attrs) {
        self.start(tag, attrs);
        self.out.push_str("/>");
    }

    pub(crate) fn text_el(&mut self, tag: &'static str, attrs: Attrs, text: &str) {
        self.open(tag, attrs);
        self.out.push_str(&escape(text));
        self.close();
    }

    /// A link around what follows until the matching `close`, with a
    /// tooltip; `None` (or an unsafe href) gives a plain group instead, so
    /// callers close either the same way.
    pub(crate) fn open_link(&mut self, href: Option<&str>, tooltip: &str) {
        match href.and_then(safe_href) {
            Some(h) => self.open("a", &[("href", h)]),
            None => self.open("g", &[]),
        }
        self.text_el("title", &[], tooltip);
    }

    pub(crate) fn close(&mut self) {
        if let Some(tag) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(tag);
            self.out.push('>');
        }
    }

    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.close();
        }
        self.out
    }

    fn start(&mut self, tag: &'static str, attrs: Attrs) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }
}

/// Text made safe for XML content and attribute values (and so for HTML).
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\u{FFFE}' | '\u{FFFF}');
    if text.chars().all(allowed) {
        quick_xml::escape::escape(text)
    } else {
        let kept: String = text.chars().filter(|&c| allowed(c)).collect();
        Cow::Owned(quick_xml::escape::escape(kept.as_str()).into_owned())
    }
}

/// The href, unless it would run script or embed data when followed.
pub(crate) fn safe_href(href: &str) -> Option<&str> {
    let scheme: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(11)
        .collect::<String>()
        .to_ascii_lowercase();
    let bad = ["javascript:", "vbscript:", "data:"];
    (!bad.iter().any(|b| scheme.starts_with(b))).then_some(href)
}

/// An XML name from a caller's id: `nj-` and the id's ASCII letters, digits,
/// `-` and `_` (anything else becomes `-`).
pub(crate) fn ident(id: &str) -> String {
    let body: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("nj-{body}")
}

/// A coordinate: one decimal, no trailing `.0`, never `-0`.
pub(crate) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        return "0".into();
    }
    format!("{r}")
}

/// Estimated width of a label in user units: wide (CJK) characters take
/// about one em, others a little over half.
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.width() as f64 * 0.56 * font_size
}

/// The label, shortened with an ellipsis to about `max` user units (the
/// whole label stays in the tooltip and the table).
pub(crate) fn fit_text(text: &str, max: f64, font_size: f64) -> Cow<'_, str> {
    if text_width(text, font_size) <= max {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, font_size) > max - font_size {
            out.pop();
            break;
        }
    }
    Cow::Owned(out + "…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(2.345), "2.3");
        assert_eq!(n(f64::NAN), "0");
    }

    #[test]
    fn forbidden_characters_are_dropped_and_markup_escaped() {
        assert_eq!(
            escape("a\u{0}<b>&\"'\u{FFFF}\t"),
            "a&lt;b&gt;&amp;&quot;&apos;\t"
        );
        assert_eq!(ident("city/上海 x"), "nj-city----x");
    }

    #[test]
    fn unclosed_elements_are_closed() {
        let meta = Meta {
            id: "t".into(),
            title: "T".into(),
            desc: "D".into(),
        };
        let mut svg = Svg::new(&meta, "x", (10.0, 5.0), false);
        svg.open("g", &[]);
        svg.open_link(Some("data:text/html,x"), "tip");
        let out = svg.finish();
        assert!(
            out.ends_with("<g><g><title>tip</title></g></g></svg>"),
            "{out}"
        );
        assert!(
            out.contains("role=\"img\" aria-labelledby=\"nj-t-title\""),
            "{out}"
        );
    }

    #[test]
    fn wide_text_is_wider_and_long_text_is_cut() {
        assert!(text_width("上海", 10.0) > text_width("ab", 10.0) * 1.8);
        assert_eq!(
            fit_text("東北亞地區地方政府聯合會", 60.0, 10.0),
            "東北亞地…"
        );
        assert_eq!(fit_text("NEAR", 60.0, 10.0), "NEAR");
    }
}
