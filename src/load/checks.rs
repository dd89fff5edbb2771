//! What load checks on values as written, before anything is built from
//! them: the theme is a folder name, every URL a user wrote passes the URL
//! policy (`text::url`), and raw HTML that the sanitiser will cut is named.

use std::path::{Component, Path};

use serde_saphyr::Spanned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    Body, City, Council, Entity, Event, GlossaryEntry, RawHtml, TextMap, Yearbook, pos_of,
};
use crate::text::{sanitise, url};

/// `theme:` names a folder under `themes/`: one plain name, never a path
/// (`/`, `../x`, `/tmp/x` would read templates from outside the site).
pub fn theme(yearbook: &Yearbook<TextMap>, file: &Path, diags: &mut Diagnostics) {
    let Some(theme) = &yearbook.theme else {
        return;
    };
    let name = theme.value.as_str();
    let mut parts = Path::new(name).components();
    let plain = matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(_)), None)
    ) && !name.contains(['/', '\\'])
        && !name.starts_with('.')
        && !name.chars().any(char::is_control);
    if !plain {
        diags.push(
            Diagnostic::error(format!(
                "theme `{name}` is not a folder name: a theme is a folder under themes/"
            ))
            .in_file(file)
            .at_pos(pos_of(theme))
            .help("write the name of a folder in themes/ (theme: mytheme for themes/mytheme/), or remove `theme:` for the built-in theme"),
        );
    }
}

fn absolute(what: &str, value: &Spanned<String>, file: &Path, diags: &mut Diagnostics) {
    if let Err(problem) = url::check_absolute(&value.value) {
        let (message, help) = problem.explain(what, &value.value);
        diags.push(
            Diagnostic::error(message)
                .in_file(file)
                .at_pos(pos_of(value))
                .help(help),
        );
    }
}

/// `website` and `sources[].url`: absolute http(s) (or mailto) addresses.
pub fn urls(
    cities: &[Entity<City<TextMap>>],
    councils: &[Entity<Council<TextMap>>],
    events: &[Entity<Event<TextMap>>],
    diags: &mut Diagnostics,
) {
    for c in cities {
        if let Some(w) = &c.data.website {
            absolute("website", w, &c.file, diags);
        }
    }
    for c in councils {
        if let Some(w) = &c.data.website {
            absolute("website", w, &c.file, diags);
        }
    }
    for e in events {
        for u in e.data.sources.iter().filter_map(|s| s.url.as_ref()) {
            absolute("source URL", u, &e.file, diags);
        }
    }
}

/// Link and image destinations of a body pass the URL policy; with
/// `raw_html: sanitise`, raw HTML the sanitiser cuts is named.
pub fn body(body: &Body, raw_html: RawHtml, diags: &mut Diagnostics) {
    for link in &body.outline.urls {
        if let Err(problem) = url::check_link(&link.dest) {
            let (message, help) = problem.explain("link", &link.dest);
            diags.push(
                Diagnostic::error(message)
                    .in_file(&body.file)
                    .at_pos(body.start.advance(&body.markdown, link.offset))
                    .help(help),
            );
        }
    }
    if raw_html != RawHtml::Sanitise {
        return;
    }
    for html in &body.outline.raw_html {
        let cut = sanitise::removed(&html.dest);
        if cut.is_empty() {
            continue;
        }
        diags.push(
            Diagnostic::warning(format!(
                "raw HTML removed from the page: {}",
                cut.join(", ")
            ))
            .in_file(&body.file)
            .at_pos(body.start.advance(&body.markdown, html.offset))
            .help("only safe HTML is kept (tables, sup, sub, br, details, images and links); see `markdown.raw_html` in docs/content-format.md"),
        );
    }
}

/// Glossary entries with both terms; an empty term (which would match
/// everywhere) is an error, and the entry is left out.
pub fn glossary(
    entries: Vec<Spanned<GlossaryEntry>>,
    diags: &mut Diagnostics,
) -> Vec<GlossaryEntry> {
    let file = Path::new("content/glossary.yaml");
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let e = &entry.value;
        let empty: Vec<&str> = [("zh-Hans", &e.hans), ("zh-Hant", &e.hant)]
            .into_iter()
            .filter(|(_, t)| t.trim().is_empty())
            .map(|(tag, _)| tag)
            .collect();
        if empty.is_empty() {
            out.push(entry.value);
            continue;
        }
        diags.push(
            Diagnostic::error(format!(
                "glossary entry with an empty {} term",
                empty.join(" and ")
            ))
            .in_file(file)
            .at_pos(pos_of(&entry))
            .help("give the term in both scripts, e.g. {zh-Hans: 乌兰巴托, zh-Hant: 烏蘭巴托}, or remove the entry"),
        );
    }
    out
}
