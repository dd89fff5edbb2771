//! Stage 1, load: walk `content/`, read every file as UTF-8, parse YAML into
//! the typed structs of `model` and Markdown bodies with their front matter.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics, nearest, suggest_language};
use crate::model::{
    Body, City, Content, Council, Edition, Entity, Event, FrontMatter, GlossaryEntry, Kind,
    SourceLang, TextMap, Yearbook,
};

/// Slugs are file stems: `[a-z0-9]+(-[a-z0-9]+)*`, at most 80 characters.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
        })
}

/// Reads a file as UTF-8 text: a BOM is dropped and CRLF becomes LF, which
/// keeps line numbers as the author sees them.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(rel))?;
    decode_text(&bytes).map_err(|d| d.in_file(rel))
}

pub fn decode_text(bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::error(format!(
            "invalid UTF-8 at byte offset {offset}: every content file must be saved as UTF-8"
        ))
        .at(line, 1)
        .help("re-save the file as UTF-8 in your editor (GBK and Big5 are not accepted)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_owned()
    })
}

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // We render snippets ourselves, with the path relative to the site root.
    options.with_snippet = false;
    // YAML 1.2: `no` is the string "no", never `false`.
    options.strict_booleans = true;
    options
}

/// Parses YAML text into `T`, turning a parse error into a diagnostic that
/// points at the spot. `first_line` shifts line numbers for front matter.
pub fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options())
        .map_err(|e| yaml_diagnostic(&e, file, first_line))
}

fn yaml_diagnostic(e: &serde_saphyr::Error, file: &Path, first_line: usize) -> Diagnostic {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = e.without_snippet().to_string();
    // saphyr appends the position; we print our own.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw,
    };
    let (message, help) = explain_yaml_message(&message);
    let mut d = Diagnostic::error(message)
        .in_file(file)
        .at(line + first_line.saturating_sub(1), column);
    if let Some(help) = help {
        d = d.help(help);
    }
    d
}

/// Rewrites serde's terse messages into ones a translator can act on.
fn explain_yaml_message(message: &str) -> (String, Option<String>) {
    let backticked = |s: &str| -> Option<String> {
        let start = s.find('`')? + 1;
        let end = start + s[start..].find('`')?;
        Some(s[start..end].to_owned())
    };
    let expected_list = |s: &str| -> Vec<String> {
        s.split_once("expected one of ")
            .map(|(_, list)| {
                list.split(',')
                    .map(|w| w.trim().trim_matches('`').to_owned())
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let field = backticked(rest).unwrap_or_default();
        let known = expected_list(rest);
        let is_language_map = known.iter().any(|k| k == "zh-Hant");
        let language = if is_language_map {
            suggest_language(&field)
        } else {
            None
        };
        let help = match language.or_else(|| nearest(&field, known.iter().map(String::as_str))) {
            Some(n) => format!("did you mean `{n}`?"),
            // `{en: a, b}`: the comma ended the value and `b` became a key.
            None if field.contains(' ') => format!(
                "a comma inside {{ … }} ends a value: put text that contains commas in quotes, or write the map one key per line (known fields here: {})",
                known.join(", ")
            ),
            None => format!("known fields here: {}", known.join(", ")),
        };
        return (format!("unknown field `{field}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let value = backticked(rest).unwrap_or_default();
        let known = expected_list(rest);
        let help = match nearest(&value, known.iter().map(String::as_str)) {
            Some(n) => format!("did you mean `{n}`? allowed values: {}", known.join(", ")),
            None => format!("allowed values: {}", known.join(", ")),
        };
        return (format!("unknown value `{value}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("duplicate key `{key}`"),
            Some("each key may appear once in a map; merge the two entries".to_owned()),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = backticked(rest).unwrap_or_default();
        return (
            format!("missing required field `{field}`"),
            Some(format!("add `{field}:` to this map")),
        );
    }
    (message.to_owned(), None)
}

/// What a file under `content/` is, judged by its path.
#[derive(Debug, PartialEq, Eq)]
pub enum FileRole {
    Yearbook,
    Countries,
    Glossary,
    Data(Kind, String),
    Body(Kind, String, SourceLang),
}

/// The role of a file from its path relative to `content/`; `None` for files
/// nianjian does not read, an error for a bad slug or language suffix.
pub fn classify(rel_to_content: &Path) -> Result<Option<FileRole>, Diagnostic> {
    let name = rel_to_content
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut components = rel_to_content.components();
    let first = components
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or_default();
    let top_level = rel_to_content
        .parent()
        .is_none_or(|p| p.as_os_str().is_empty());
    if top_level {
        return Ok(match name {
            "yearbook.yaml" => Some(FileRole::Yearbook),
            "countries.yaml" => Some(FileRole::Countries),
            "glossary.yaml" => Some(FileRole::Glossary),
            _ => None,
        });
    }
    let Some(kind) = Kind::from_dir(first) else {
        return Ok(None);
    };
    if let Some(stem) = name.strip_suffix(".yaml") {
        check_slug(stem)?;
        return Ok(Some(FileRole::Data(kind, stem.to_owned())));
    }
    if let Some(stem) = name.strip_suffix(".md") {
        let Some((slug, lang)) = stem.split_once('.') else {
            return Err(
                Diagnostic::error(format!("body file `{name}` has no language suffix")).help(
                    "name body files `<slug>.<lang>.md`, with lang one of zh-Hans, zh-Hant, en, zh",
                ),
            );
        };
        check_slug(slug)?;
        let lang = SourceLang::from_tag(lang).ok_or_else(|| {
            let help = match suggest_language(lang).or_else(|| nearest(lang, SourceLang::TAGS)) {
                Some(n) => format!(
                    "did you mean `{slug}.{n}.md`? the language is one of zh-Hans, zh-Hant, en, zh"
                ),
                None => "the language is one of zh-Hans, zh-Hant, en, zh".to_owned(),
            };
            Diagnostic::error(format!("unknown language suffix `{lang}` in `{name}`")).help(help)
        })?;
        return Ok(Some(FileRole::Body(kind, slug.to_owned(), lang)));
    }
    Ok(None)
}

fn check_slug(slug: &str) -> Result<(), Diagnostic> {
    if is_valid_slug(slug) {
        return Ok(());
    }
    let suggestion: String = slug
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let help = if is_valid_slug(&suggestion) {
        format!(
            "rename the file to `{suggestion}`: a slug is lower-case ASCII letters and digits joined by single hyphens, at most 80 characters"
        )
    } else {
        "a slug is lower-case ASCII letters and digits joined by single hyphens, at most 80 characters".to_owned()
    };
    Err(Diagnostic::error(format!("invalid slug `{slug}`")).help(help))
}

/// A body file split at its front matter.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, and the line it starts on.
    pub front: Option<(&'a str, usize)>,
    pub markdown: &'a str,
    /// 1-based line where `markdown` starts.
    pub markdown_line: usize,
}

/// Splits `---` front matter from a body.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, Diagnostic> {
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Split {
            front: None,
            markdown: text,
            markdown_line: 1,
        });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                front: Some((&rest[..offset], 2)),
                markdown: &rest[offset + line.len()..],
                markdown_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("front matter is not closed")
        .at(1, 1)
        .help("end the front matter with a line holding only `---`"))
}

fn parse_body(root: &Path, rel: &Path, lang: SourceLang) -> Result<Body, Diagnostic> {
    let text = read_text(root, rel)?;
    let split = split_front_matter(&text).map_err(|d| d.in_file(rel))?;
    let (markdown, first_line) = (split.markdown, split.markdown_line);
    let front = match split.front {
        Some((yaml, line)) if !yaml.trim().is_empty() => {
            parse_yaml::<FrontMatter>(yaml, rel, line)?
        }
        _ => FrontMatter::default(),
    };
    if let Some(from) = &front.translated_from
        && SourceLang::from_tag(from).is_none()
    {
        return Err(
            Diagnostic::error(format!("unknown language `{from}` in `translated_from`"))
                .in_file(rel)
                .at(find_line(&text, "translated_from"), 1)
                .help("use one of zh-Hans, zh-Hant, en, zh"),
        );
    }
    Ok(Body {
        lang,
        file: rel.to_owned(),
        front,
        markdown: markdown.to_owned(),
        first_line,
    })
}

/// 1-based line of the first occurrence of `needle`, or 0.
pub fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map(|i| text[..i].matches('\n').count() + 1)
        .unwrap_or(0)
}

enum Parsed {
    Yearbook(Box<Yearbook<TextMap>>),
    Countries(BTreeMap<String, TextMap>),
    Glossary(Vec<GlossaryEntry>),
    City(String, Box<City<TextMap>>),
    Council(String, Box<Council<TextMap>>),
    Event(String, Box<Event<TextMap>>),
    Body(Kind, String, Body),
    Ignored,
}

fn parse_file(root: &Path, rel: &Path, content_rel: &Path) -> Result<Parsed, Diagnostic> {
    let role = classify(content_rel).map_err(|d| d.in_file(rel))?;
    let yaml = |root: &Path| read_text(root, rel);
    Ok(match role {
        None => Parsed::Ignored,
        Some(FileRole::Body(kind, slug, lang)) => {
            Parsed::Body(kind, slug, parse_body(root, rel, lang)?)
        }
        Some(FileRole::Yearbook) => Parsed::Yearbook(Box::new(parse_yaml(&yaml(root)?, rel, 1)?)),
        Some(FileRole::Countries) => Parsed::Countries(parse_yaml(&yaml(root)?, rel, 1)?),
        Some(FileRole::Glossary) => Parsed::Glossary(parse_yaml(&yaml(root)?, rel, 1)?),
        Some(FileRole::Data(Kind::City, slug)) => {
            Parsed::City(slug, Box::new(parse_yaml(&yaml(root)?, rel, 1)?))
        }
        Some(FileRole::Data(Kind::Council, slug)) => {
            Parsed::Council(slug, Box::new(parse_yaml(&yaml(root)?, rel, 1)?))
        }
        Some(FileRole::Data(Kind::Event, slug)) => {
            Parsed::Event(slug, Box::new(parse_yaml(&yaml(root)?, rel, 1)?))
        }
    })
}

/// Every file under `content/`, relative to the root, sorted. Hidden files
/// (editor swap files, `.DS_Store`) are skipped; symlinks are not followed.
pub fn content_files(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(
            Diagnostic::error(format!("no `content/` folder in {}", root.display()))
                .help("run nianjian in a site root, or pass --root DIR"),
        );
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Diagnostic::error(format!("cannot walk content/: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_owned();
            files.push(rel);
        }
    }
    Ok(files)
}

/// Loads `root/content/`. Returns the content if no file had an error, and
/// every diagnostic found either way.
pub fn load(root: &Path) -> (Option<Content>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let files = match content_files(root) {
        Ok(f) => f,
        Err(d) => {
            diags.push(d);
            return (None, diags);
        }
    };
    let parsed: Vec<(PathBuf, Result<Parsed, Diagnostic>)> = files
        .par_iter()
        .map(|rel| {
            let content_rel = rel.strip_prefix("content").unwrap_or(rel);
            (rel.clone(), parse_file(root, rel, content_rel))
        })
        .collect();

    let mut yearbook = None;
    let mut countries = BTreeMap::new();
    let mut glossary = Vec::new();
    let mut cities = Vec::new();
    let mut councils = Vec::new();
    let mut events = Vec::new();
    let mut bodies: Vec<(Kind, String, Body)> = Vec::new();
    let mut seen: HashMap<(Kind, String), PathBuf> = HashMap::new();
    let yearbook_file = PathBuf::from("content/yearbook.yaml");

    for (rel, result) in parsed {
        let parsed = match result {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                // Its slug still exists, so its bodies are not reported as orphans.
                let content_rel = rel.strip_prefix("content").unwrap_or(&rel);
                if let Ok(Some(FileRole::Data(kind, slug))) = classify(content_rel) {
                    seen.entry((kind, slug)).or_insert_with(|| rel.clone());
                }
                continue;
            }
        };
        let mut claim = |kind: Kind, slug: &str| -> bool {
            match seen.get(&(kind, slug.to_owned())) {
                Some(first) => {
                    diags.push(
                        Diagnostic::error(format!(
                            "duplicate slug `{slug}`: also defined in {}",
                            first.display()
                        ))
                        .in_file(&rel)
                        .help("a slug is unique within its kind in every sub-folder; rename one of the two files"),
                    );
                    false
                }
                None => {
                    seen.insert((kind, slug.to_owned()), rel.clone());
                    true
                }
            }
        };
        match parsed {
            Parsed::Ignored => {}
            Parsed::Yearbook(y) => yearbook = Some(*y),
            Parsed::Countries(c) => countries = c,
            Parsed::Glossary(g) => glossary = g,
            Parsed::City(slug, data) => {
                if claim(Kind::City, &slug) {
                    cities.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Council(slug, data) => {
                if claim(Kind::Council, &slug) {
                    councils.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Event(slug, data) => {
                if claim(Kind::Event, &slug) {
                    events.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Body(kind, slug, body) => bodies.push((kind, slug, body)),
        }
    }

    attach_bodies(
        bodies,
        &seen,
        &mut cities,
        &mut councils,
        &mut events,
        &mut diags,
    );

    for code in countries.keys() {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            let path = PathBuf::from("content/countries.yaml");
            let line = read_text(root, &path)
                .map(|t| find_line(&t, &format!("{code}:")))
                .unwrap_or(0);
            diags.push(
                Diagnostic::error(format!(
                    "`{code}` is not an ISO 3166-1 alpha-2 country code"
                ))
                .in_file(path)
                .at(line, 1)
                .help("country codes are two upper-case letters: CN, KR, JP, MN, RU"),
            );
        }
    }

    let Some(yearbook) = yearbook else {
        if !diags
            .iter()
            .any(|d| d.file.as_deref() == Some(yearbook_file.as_path()))
        {
            diags.push(Diagnostic::error("missing content/yearbook.yaml").help(
                "every site needs content/yearbook.yaml with at least `title` and `languages`",
            ));
        }
        return (None, diags);
    };
    let mut editions = Vec::new();
    for lang in &yearbook.languages {
        match Edition::from_tag(&lang.value) {
            Some(e) if !editions.contains(&e) => editions.push(e),
            Some(_) => diags.push(
                Diagnostic::error(format!("language `{}` is listed twice", lang.value))
                    .in_file(&yearbook_file)
                    .at(
                        lang.referenced.line() as usize,
                        lang.referenced.column() as usize,
                    ),
            ),
            None => {
                let tags = Edition::ALL.map(Edition::tag);
                let help =
                    match suggest_language(&lang.value).or_else(|| nearest(&lang.value, tags)) {
                        Some(n) => format!("did you mean `{n}`? editions: zh-Hans, zh-Hant, en"),
                        None => "editions: zh-Hans, zh-Hant, en".to_owned(),
                    };
                diags.push(
                    Diagnostic::error(format!("unknown edition language `{}`", lang.value))
                        .in_file(&yearbook_file)
                        .at(
                            lang.referenced.line() as usize,
                            lang.referenced.column() as usize,
                        )
                        .help(help),
                );
            }
        }
    }
    if editions.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("`languages` lists no edition")
                .in_file(&yearbook_file)
                .help("for example: languages: [zh-Hans, zh-Hant, en]"),
        );
    }
    if diags.has_errors() {
        return (None, diags);
    }
    let content = Content {
        yearbook,
        yearbook_file,
        editions,
        countries,
        glossary,
        cities,
        councils,
        events,
    };
    (Some(content), diags)
}

fn entity<D>(slug: String, file: &Path, data: D) -> Entity<D> {
    Entity {
        slug,
        file: file.to_owned(),
        data,
        bodies: Vec::new(),
    }
}

fn attach_bodies(
    bodies: Vec<(Kind, String, Body)>,
    seen: &HashMap<(Kind, String), PathBuf>,
    cities: &mut [Entity<City<TextMap>>],
    councils: &mut [Entity<Council<TextMap>>],
    events: &mut [Entity<Event<TextMap>>],
    diags: &mut Diagnostics,
) {
    fn push<D>(list: &mut [Entity<D>], slug: &str, body: Body) {
        if let Some(e) = list.iter_mut().find(|e| e.slug == slug) {
            e.bodies.push(body);
        }
    }
    let mut body_seen: HashMap<(Kind, String, SourceLang), PathBuf> = HashMap::new();
    for (kind, slug, body) in bodies {
        if !seen.contains_key(&(kind, slug.clone())) {
            let slugs = seen
                .keys()
                .filter(|(k, _)| *k == kind)
                .map(|(_, s)| s.as_str());
            let help = match nearest(&slug, slugs) {
                Some(n) => format!(
                    "did you mean `{n}`? a body needs `{}/{slug}.yaml` beside it",
                    kind.dir()
                ),
                None => format!(
                    "create content/{}/{slug}.yaml, or rename this body to match an existing one",
                    kind.dir()
                ),
            };
            diags.push(
                Diagnostic::error(format!(
                    "body file without its YAML file: no {} `{slug}`",
                    kind.dir()
                ))
                .in_file(&body.file)
                .help(help),
            );
            continue;
        }
        let key = (kind, slug.clone(), body.lang);
        if let Some(first) = body_seen.get(&key) {
            diags.push(
                Diagnostic::error(format!(
                    "second {} body for `{slug}`: also in {}",
                    body.lang.tag(),
                    first.display()
                ))
                .in_file(&body.file),
            );
            continue;
        }
        body_seen.insert(key, body.file.clone());
        match kind {
            Kind::City => push(cities, &slug, body),
            Kind::Council => push(councils, &slug, body),
            Kind::Event => push(events, &slug, body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("gangnam-seoul"));
        assert!(is_valid_slug("near14"));
        for bad in [
            "", "Gangnam", "a--b", "-a", "a-", "a.b", "..", "首尔", "a b",
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert!(!is_valid_slug(&"a".repeat(81)));
    }

    #[test]
    fn front_matter_is_split() {
        let split = split_front_matter("---\ntitle: x\n---\nHello\n").unwrap();
        assert_eq!(split.front, Some(("title: x\n", 2)));
        assert_eq!(split.markdown, "Hello\n");
        assert_eq!(split.markdown_line, 4);
        assert!(split_front_matter("---\ntitle: x\n").is_err());
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let d = decode_text(b"ok\n\xff").unwrap_err();
        assert!(d.message.contains("byte offset 3"), "{}", d.message);
        assert_eq!(d.line, 2);
    }

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let (m, help) = explain_yaml_message(
            "unknown field `particpants`, expected one of title, kind, participants",
        );
        assert_eq!(m, "unknown field `particpants`");
        assert_eq!(help.as_deref(), Some("did you mean `participants`?"));
    }
}
