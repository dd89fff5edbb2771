//! Diagnostics printed the way rustc prints them: the source line, a caret
//! under the spot, and the help.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::SourceMap;

/// How many diagnostics of one severity are shown before "and N more".
pub const CAP: usize = 50;

/// Renders diagnostics, errors first, each severity capped at [`CAP`].
pub fn render(diags: &Diagnostics, sources: &SourceMap, styled: bool) -> String {
    render_capped(diags, sources, styled, CAP)
}

/// Renders diagnostics, errors first, at most `cap` of each severity.
pub fn render_capped(diags: &Diagnostics, sources: &SourceMap, styled: bool, cap: usize) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for severity in [Severity::Error, Severity::Warning] {
        let all: Vec<&Diagnostic> = diags.iter().filter(|d| d.severity == severity).collect();
        for d in all.iter().take(cap) {
            let source = d.file.as_ref().and_then(|f| sources.get(f));
            out.push_str(&render_one(&renderer, d, source.as_deref()));
            out.push_str("\n\n");
        }
        if all.len() > cap {
            let what = if severity == Severity::Error {
                "errors"
            } else {
                "warnings"
            };
            out.push_str(&format!(
                "… and {} more {what} (`nianjian check --all` shows them all)\n\n",
                all.len() - cap
            ));
        }
    }
    out
}

fn render_one(renderer: &Renderer, d: &Diagnostic, source: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    let line_text = source
        .filter(|_| d.line > 0)
        .and_then(|s| s.lines().nth(d.line - 1))
        .map(|l| l.trim_end_matches('\r'));
    let title = level.primary_title(d.message.as_str());
    let group: Group = match line_text {
        Some(text) => {
            let start = text
                .char_indices()
                .nth(d.column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(text.len());
            // Underline the word at the spot, so a caret is wide enough to see.
            let end = text[start..]
                .char_indices()
                .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':'))
                .map(|(i, _)| start + i)
                .filter(|&e| e > start)
                .unwrap_or_else(|| {
                    text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8())
                });
            title.element(
                Snippet::source(text)
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        None if !path.is_empty() => {
            let where_ = if d.line > 0 {
                format!("{path}:{}:{}", d.line, d.column.max(1))
            } else {
                path.clone()
            };
            title.element(annotate_snippets::Origin::path(where_))
        }
        None => Group::with_title(title),
    };
    let mut report: Vec<Group> = vec![group];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report).to_string()
}
