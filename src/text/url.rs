//! Which URLs a yearbook may link to: `http`, `https`, `mailto` and
//! relative references, nothing else (no `javascript:`, `data:`,
//! `vbscript:`, `file:` …). One policy for YAML fields, Markdown links and
//! images, and the raw-HTML sanitiser.
//!
//! URLs are parsed the way browsers parse them (the WHATWG URL standard, by
//! the `url` crate): leading control characters and spaces are ignored and
//! tabs and newlines inside are dropped, so `java\tscript:` and
//! ` JAVASCRIPT:` are recognised for what they are.

/// The schemes a link may have.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Why a URL is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlProblem {
    /// A scheme that is not allowed (lower-cased, without the colon).
    Scheme(String),
    /// Not a URL at all (`http://` with no host, a bad port …).
    Malformed(String),
    /// A relative reference where only an absolute URL makes sense; with the
    /// `https://` form to suggest when it looks like a host name.
    NotAbsolute(Option<String>),
}

impl UrlProblem {
    /// The message and help of a diagnostic about `what` (a field name, or
    /// "link").
    pub fn explain(&self, what: &str, url: &str) -> (String, String) {
        let allowed = "links may use http://, https:// or mailto:, or be relative";
        match self {
            UrlProblem::Scheme(s) => (
                format!(
                    "{what} `{}` uses the `{s}:` scheme, which is not allowed",
                    short(url)
                ),
                format!(
                    "{allowed}; a `{s}:` link could run code or hide content in the reader's browser"
                ),
            ),
            UrlProblem::Malformed(why) => (
                format!("{what} `{}` is not a valid URL ({why})", short(url)),
                "write the whole address, such as https://example.org/page".to_owned(),
            ),
            UrlProblem::NotAbsolute(Some(fixed)) => (
                format!("{what} `{}` has no scheme", short(url)),
                format!("did you mean `{fixed}`?"),
            ),
            UrlProblem::NotAbsolute(None) => (
                format!("{what} `{}` is not an absolute URL", short(url)),
                "write the whole address, starting with https://".to_owned(),
            ),
        }
    }
}

/// At most 60 characters of a URL, for a message.
fn short(url: &str) -> String {
    let cut: String = url.chars().take(60).collect();
    if cut.len() < url.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// A link destination (Markdown, raw HTML): allowed scheme or relative.
pub fn check_link(url: &str) -> Result<(), UrlProblem> {
    match url::Url::parse(url) {
        Ok(u) if ALLOWED_SCHEMES.contains(&u.scheme()) => Ok(()),
        Ok(u) => Err(UrlProblem::Scheme(u.scheme().to_owned())),
        Err(url::ParseError::RelativeUrlWithoutBase) => Ok(()),
        Err(e) => Err(UrlProblem::Malformed(e.to_string())),
    }
}

/// A field that must hold an absolute address (`website`, `sources[].url`).
pub fn check_absolute(url: &str) -> Result<(), UrlProblem> {
    match url::Url::parse(url) {
        Err(url::ParseError::RelativeUrlWithoutBase) => Err(UrlProblem::NotAbsolute(
            host_like(url).then(|| format!("https://{}", url.trim())),
        )),
        // `localhost:8080/x`, `www.x.org:80`: a host and port read as a scheme.
        Ok(u) if !ALLOWED_SCHEMES.contains(&u.scheme()) && looks_like_host_port(url) => Err(
            UrlProblem::NotAbsolute(Some(format!("https://{}", url.trim()))),
        ),
        _ => check_link(url),
    }
}

/// `www.x.org`, `example.com/path`: a host name without its scheme.
fn host_like(url: &str) -> bool {
    let host = url.trim().split(['/', '?', '#']).next().unwrap_or_default();
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

fn looks_like_host_port(url: &str) -> bool {
    let Some((host, rest)) = url.trim().split_once(':') else {
        return false;
    };
    host_like(host) && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_pass() {
        for ok in [
            "https://example.org/a?b#c",
            "http://x.org",
            "mailto:a@b.org",
            "../cities/jinan/",
            "#top",
            "page.html",
            "/abs/path",
            "www.x.org",
        ] {
            assert_eq!(check_link(ok), Ok(()), "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JAVASCRIPT:alert(1)", "javascript"),
            (" \u{1}javascript:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("vbscript:msgbox", "vbscript"),
            ("data:text/html,<script>", "data"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(
                check_link(bad),
                Err(UrlProblem::Scheme(scheme.into())),
                "{bad}"
            );
        }
        assert!(matches!(
            check_link("http://"),
            Err(UrlProblem::Malformed(_))
        ));
    }

    #[test]
    fn a_website_needs_its_scheme() {
        assert_eq!(
            check_absolute("www.x.org"),
            Err(UrlProblem::NotAbsolute(Some("https://www.x.org".into())))
        );
        assert_eq!(
            check_absolute("www.x.org:8080/a"),
            Err(UrlProblem::NotAbsolute(Some(
                "https://www.x.org:8080/a".into()
            )))
        );
        assert_eq!(
            check_absolute("just words"),
            Err(UrlProblem::NotAbsolute(None))
        );
        assert_eq!(check_absolute("https://www.x.org"), Ok(()));
        assert_eq!(
            check_absolute("javascript:alert(1)"),
            Err(UrlProblem::Scheme("javascript".into()))
        );
    }
}
