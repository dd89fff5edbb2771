//! `nianjian status`: what is translated, per entity and edition, and what
//! needs work; `--stamp` records that a translation is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::model::{Bodies, Edition, Kind, Origin, Site, SourceLang, Text};

/// How an edition gets an entity's name or body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Written in this language.
    Authored,
    /// Derived from the other Chinese script.
    Converted,
    /// Not in this language: another language is shown.
    Fallback,
    /// No body in any language.
    Missing,
    /// A translation whose source body changed since it was stamped.
    Stale,
}

impl State {
    fn done(self) -> bool {
        matches!(self, State::Authored | State::Converted)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct StaleBody {
    /// The translation, relative to the site root.
    pub file: PathBuf,
    /// The body it was translated from, if it still exists.
    pub source: Option<PathBuf>,
    /// The digest stamped in the translation, if any.
    pub stamped: Option<String>,
    /// The digest of the source body now.
    pub current: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub kind: Kind,
    pub slug: String,
    pub file: PathBuf,
    pub edition: Edition,
    pub name: State,
    pub body: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale: Option<StaleBody>,
}

/// Digest of a body's Markdown, as stamped into `source_digest`.
/// Taken over the cleaned text, so that `nianjian normalize --write` on a
/// source, which changes only what the build cleans anyway, keeps its
/// translations' stamps valid.
pub fn digest(markdown: &str) -> String {
    let cleaned = crate::text::markdown::map_prose(markdown, crate::text::cleanup::clean);
    let hash = Sha256::digest(cleaned.as_bytes());
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn name_state(text: &Text, e: Edition) -> State {
    match text.get(e).map(|l| l.origin) {
        Some(Origin::Authored) => State::Authored,
        Some(Origin::Converted) => State::Converted,
        None => State::Fallback,
    }
}

fn edition_of(lang: SourceLang) -> Option<Edition> {
    match lang {
        SourceLang::Hans => Some(Edition::ZhHans),
        SourceLang::Hant => Some(Edition::ZhHant),
        SourceLang::En => Some(Edition::En),
        SourceLang::Zh => None,
    }
}

/// The stale translation shown in edition `e`, if any.
fn stale_body(bodies: &Bodies, e: Edition) -> Option<StaleBody> {
    let body = bodies.raw.iter().find(|b| edition_of(b.lang) == Some(e))?;
    let from = &body.front.translated_from.as_ref()?.value;
    let source = bodies.raw.iter().find(|b| b.lang.tag() == from);
    let current = source.map(|s| digest(&s.markdown));
    let stamped = body.front.source_digest.clone();
    if current.is_some() && current == stamped {
        return None;
    }
    Some(StaleBody {
        file: body.file.clone(),
        source: source.map(|s| s.file.clone()),
        stamped,
        current,
    })
}

fn body_state(bodies: &Bodies, e: Edition) -> (State, Option<StaleBody>) {
    if bodies.raw.is_empty() {
        return (State::Missing, None);
    }
    if let Some(stale) = stale_body(bodies, e) {
        return (State::Stale, Some(stale));
    }
    match bodies.get(e).map(|b| b.origin) {
        Some(Origin::Authored) => (State::Authored, None),
        Some(Origin::Converted) => (State::Converted, None),
        None => (State::Fallback, None),
    }
}

/// Every entity in every edition listed in `editions`.
pub fn entries(site: &Site, editions: &[Edition]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut add = |kind: Kind, slug: &str, file: &Path, name: &Text, bodies: &Bodies| {
        for &e in editions {
            let (body, stale) = body_state(bodies, e);
            out.push(Entry {
                kind,
                slug: slug.to_owned(),
                file: file.to_owned(),
                edition: e,
                name: name_state(name, e),
                body,
                stale,
            });
        }
    };
    for c in &site.cities {
        add(Kind::City, &c.slug, &c.file, &c.data.name, &c.bodies);
    }
    for c in &site.councils {
        add(Kind::Council, &c.slug, &c.file, &c.data.name, &c.bodies);
    }
    for ev in &site.events {
        add(Kind::Event, &ev.slug, &ev.file, &ev.data.title, &ev.bodies);
    }
    out
}

/// Share of names and bodies in the edition's own language, in percent.
/// Entities without any body count only by their name.
pub fn translated_percent(entries: &[Entry]) -> f64 {
    // Every entry has a name and should have a body: a body missing in every
    // language is untranslated, not left out of the count.
    let done = entries.iter().filter(|e| e.name.done()).count()
        + entries.iter().filter(|e| e.body.done()).count();
    let total = entries.len() * 2;
    if total == 0 {
        return 100.0;
    }
    done as f64 * 100.0 / total as f64
}

fn cell(n: usize, total: usize) -> String {
    let pct = (n * 100).checked_div(total).unwrap_or(0);
    format!("{n:>4} {pct:>3}%")
}

/// The plain-text report: a table per kind, then what needs work.
pub fn report(entries: &[Entry], editions: &[Edition], all: bool) -> String {
    let mut out = String::new();
    let kinds = [Kind::City, Kind::Council, Kind::Event];
    out.push_str(&format!(
        "Translation status: {:.1}% of names and bodies are in their edition's language \
         (each entry counts a name and a body; a body missing in every language is untranslated)\n",
        translated_percent(entries)
    ));
    for kind in kinds {
        let of_kind: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        let count = of_kind.len() / editions.len().max(1);
        out.push_str(&format!(
            "\n{} ({count})\n  {:<8} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} {:>9} {:>9}\n",
            kind.dir(),
            "edition",
            "name:auth",
            "converted",
            "fallback",
            "body:auth",
            "converted",
            "fallback",
            "missing",
            "stale"
        ));
        for &e in editions {
            let rows: Vec<&&Entry> = of_kind.iter().filter(|x| x.edition == e).collect();
            let n = |f: &dyn Fn(&Entry) -> bool| rows.iter().filter(|x| f(x)).count();
            let t = rows.len();
            out.push_str(&format!(
                "  {:<8} {} {} {} | {} {} {} {} {}\n",
                e.tag(),
                cell(n(&|x| x.name == State::Authored), t),
                cell(n(&|x| x.name == State::Converted), t),
                cell(n(&|x| x.name == State::Fallback), t),
                cell(n(&|x| x.body == State::Authored), t),
                cell(n(&|x| x.body == State::Converted), t),
                cell(n(&|x| x.body == State::Fallback), t),
                cell(n(&|x| x.body == State::Missing), t),
                cell(n(&|x| x.body == State::Stale), t),
            ));
        }
    }

    let limit = if all { usize::MAX } else { 15 };
    let mut section = |title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        out.push_str(&format!("\n{title} ({}):\n", lines.len()));
        for l in lines.iter().take(limit) {
            out.push_str(&format!("  {l}\n"));
        }
        if lines.len() > limit {
            out.push_str(&format!(
                "  … and {} more (--all lists them)\n",
                lines.len() - limit
            ));
        }
    };
    let stale: Vec<String> = entries
        .iter()
        .filter_map(|e| e.stale.as_ref())
        .map(|s| {
            let why = match (&s.source, &s.stamped) {
                (None, _) => "its source body no longer exists".to_owned(),
                (Some(src), None) => format!("never stamped; source {}", src.display()),
                (Some(src), Some(_)) => format!("source {} changed", src.display()),
            };
            let stamp = match &s.current {
                Some(d) => format!(
                    " — update it, then `nianjian status --stamp {}` (digest {d})",
                    s.file.display()
                ),
                None => String::new(),
            };
            format!("{}: {why}{stamp}", s.file.display())
        })
        .collect();
    section("Stale translations", stale);
    // One line per entity with no body at all, whatever the edition.
    let mut missing: BTreeMap<(Kind, &str), &Entry> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.body == State::Missing) {
        missing.entry((e.kind, &e.slug)).or_insert(e);
    }
    section(
        "No body in any language",
        missing
            .values()
            .map(|e| format!("{}/{} ({})", e.kind.dir(), e.slug, e.file.display()))
            .collect(),
    );
    section(
        "Bodies shown in another language",
        entries
            .iter()
            .filter(|e| e.body == State::Fallback)
            .map(|e| {
                format!(
                    "{} {}/{}: write {}.{}.md",
                    e.edition,
                    e.kind.dir(),
                    e.slug,
                    e.slug,
                    e.edition
                )
            })
            .collect(),
    );
    section(
        "Names shown in another language",
        entries
            .iter()
            .filter(|e| e.name == State::Fallback)
            .map(|e| {
                format!(
                    "{} {}/{}: add `{}:` to the name in {}",
                    e.edition,
                    e.kind.dir(),
                    e.slug,
                    e.edition,
                    e.file.display()
                )
            })
            .collect(),
    );
    out
}

/// Writes the current digest of its source into a translation's front
/// matter. Only the `source_digest` line changes; the write is atomic.
pub fn stamp(site: &Site, root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let bodies = site
        .cities
        .iter()
        .map(|e| &e.bodies)
        .chain(site.councils.iter().map(|e| &e.bodies))
        .chain(site.events.iter().map(|e| &e.bodies));
    let mut found = None;
    for b in bodies {
        if let Some(body) = b.raw.iter().find(|x| x.file == file) {
            found = Some((b, body));
        }
    }
    let Some((bodies, body)) = found else {
        return Err(Diagnostic::error("not a body file of this site")
            .in_file(file)
            .help("give the path of a translation, such as content/events/x.en.md"));
    };
    let Some(from) = body
        .front
        .translated_from
        .as_ref()
        .map(|f| f.value.as_str())
    else {
        return Err(Diagnostic::error("this body has no `translated_from` in its front matter")
            .in_file(file)
            .help("add `translated_from: zh-Hans` (the language it was translated from) to its front matter"));
    };
    let Some(source) = bodies.raw.iter().find(|b| b.lang.tag() == from) else {
        return Err(Diagnostic::error(format!("no {from} body to stamp against")).in_file(file));
    };
    let digest = digest(&source.markdown);
    let bytes = std::fs::read(root.join(file))
        .map_err(|e| Diagnostic::error(format!("cannot read: {e}")).in_file(file))?;
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::error("not UTF-8").in_file(file))?;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    // The front matter is lines 1.. up to the closing `---`.
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")
        .map(|(i, _)| i)
        .ok_or_else(|| Diagnostic::error("front matter is not closed").in_file(file))?;
    let new_line = format!("source_digest: {digest}{eol}");
    match (1..close).find(|&i| lines[i].trim_start().starts_with("source_digest:")) {
        Some(i) => lines[i] = new_line,
        None => {
            let after = (1..close)
                .find(|&i| lines[i].trim_start().starts_with("translated_from:"))
                .map_or(close, |i| i + 1);
            lines.insert(after, new_line);
        }
    }
    let change = crate::normalise::rewrite::FileChange {
        file: file.to_owned(),
        passes: Vec::new(),
        bytes: lines.concat().into_bytes(),
    };
    crate::normalise::rewrite::apply(root, &change)?;
    Ok(digest)
}
