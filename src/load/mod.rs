//! Stage 1, load: walk `content/`, read every file once (into the
//! `SourceMap`), parse YAML into the typed structs of `model` and Markdown
//! bodies with their front matter and outline.
//!
//! A broken file does not hide the rest: everything that parsed is returned,
//! and the slugs of broken data files are remembered so that references to
//! them are not reported as unknown (docs/design.md, "Diagnostics").

mod body;
pub mod cache;
mod checks;
mod files;
mod yaml;
mod yaml_messages;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

pub use body::{Split, split_front_matter};
pub use files::{
    CONTENT_FOLDERS, FileRole, Walk, classify, content_files, control_characters, decode_text,
    is_valid_slug, no_content, read_text, walk_content,
};
pub use yaml::parse_yaml;

use crate::diag::{Diagnostic, Diagnostics, Outcome, nearest, suggest_language};
use crate::model::{
    Body, City, Content, Council, Edition, Entity, Event, GlossaryEntry, Groups, Kind, SourceLang,
    TextMap, Yearbook, pos_of,
};
use crate::source::SourceMap;
use cache::{Cache, Read};

/// `countries.yaml` as written: codes with where each was written.
#[derive(Clone)]
struct CountryList(Vec<(Spanned<String>, TextMap)>);

impl<'de> Deserialize<'de> for CountryList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = CountryList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of country code to its names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<CountryList, A::Error> {
                let mut list = Vec::new();
                while let Some(code) = access.next_key::<Spanned<String>>()? {
                    list.push((code, access.next_value()?));
                }
                Ok(CountryList(list))
            }
        }
        deserializer.deserialize_map(ListVisitor)
    }
}

/// `glossary.yaml` as written: a list of terms, or a map with `groups`
/// (built-in conversion groups turned on or off) and `terms`.
#[derive(Clone, Default)]
struct GlossaryFile {
    groups: Groups,
    terms: Vec<Spanned<GlossaryEntry>>,
}

impl<'de> Deserialize<'de> for GlossaryFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl<'de> Visitor<'de> for FileVisitor {
            type Value = GlossaryFile;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of terms, or a map with `groups` and `terms`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<GlossaryFile, A::Error> {
                let mut terms = Vec::new();
                while let Some(term) = access.next_element()? {
                    terms.push(term);
                }
                Ok(GlossaryFile {
                    groups: Groups::default(),
                    terms,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<GlossaryFile, A::Error> {
                const FIELDS: &[&str] = &["groups", "terms"];
                let mut file = GlossaryFile::default();
                while let Some(key) = access.next_key::<String>()? {
                    match key.as_str() {
                        "groups" => file.groups = access.next_value()?,
                        "terms" => file.terms = access.next_value()?,
                        other => return Err(serde::de::Error::unknown_field(other, FIELDS)),
                    }
                }
                Ok(file)
            }
        }
        deserializer.deserialize_any(FileVisitor)
    }
}

#[derive(Clone)]
enum Parsed {
    Yearbook(Box<Yearbook<TextMap>>),
    Countries(CountryList),
    Glossary(GlossaryFile),
    City(String, Box<City<TextMap>>),
    Council(String, Box<Council<TextMap>>),
    Event(String, Box<Event<TextMap>>),
    Body(Kind, String, Box<Body>),
    Ignored,
}

/// Reads and parses one file, recording its text in `sources`; control
/// characters in it are reported apart (`Read::also`), and the file is
/// still parsed. With a `cache`, a file whose text is the same as when it
/// was last parsed is not parsed again; a fresh parse comes with the hash
/// of its text, to be kept.
fn read_file(
    root: &Path,
    rel: &Path,
    sources: &SourceMap,
    cache: Option<&Cache>,
) -> (Read, Option<u64>) {
    let done = |parsed| Read {
        parsed,
        also: Vec::new(),
    };
    let content_rel = rel.strip_prefix("content").unwrap_or(rel);
    let role = match classify(content_rel) {
        Ok(Some(role)) => role,
        Ok(None) => return (done(Ok(Parsed::Ignored)), None),
        Err(d) => return (done(Err(d.in_file(rel))), None),
    };
    let text: Arc<str> = match read_text(root, rel) {
        Ok(text) => text.into(),
        Err(d) => return (done(Err(d)), None),
    };
    sources.insert(rel, text.clone());
    let hash = cache.map(|_| crate::source::fingerprint(text.as_bytes()));
    if let Some(read) = cache.zip(hash).and_then(|(c, h)| c.get(rel, h)) {
        return (read, None);
    }
    let also = control_characters(&text)
        .into_iter()
        .map(|d| d.in_file(rel))
        .collect();
    let read = Read {
        parsed: parse(role, rel, &text),
        also,
    };
    (read, hash)
}

/// Parses the text of a file in its role.
fn parse(role: FileRole, rel: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    Ok(match role {
        FileRole::Body(kind, slug, lang) => {
            Parsed::Body(kind, slug, Box::new(body::parse_body(rel, text, lang)?))
        }
        FileRole::Yearbook => Parsed::Yearbook(Box::new(parse_yaml(text, rel, 1)?)),
        FileRole::Countries => Parsed::Countries(parse_yaml(text, rel, 1)?),
        FileRole::Glossary => Parsed::Glossary(parse_yaml(text, rel, 1)?),
        FileRole::Data(Kind::City, slug) => Parsed::City(slug, Box::new(parse_yaml(text, rel, 1)?)),
        FileRole::Data(Kind::Council, slug) => {
            Parsed::Council(slug, Box::new(parse_yaml(text, rel, 1)?))
        }
        FileRole::Data(Kind::Event, slug) => {
            Parsed::Event(slug, Box::new(parse_yaml(text, rel, 1)?))
        }
    })
}

/// What the files parse into, gathered in path order.
#[derive(Default)]
struct Gathered {
    yearbook: Option<Yearbook<TextMap>>,
    countries: Option<CountryList>,
    glossary: GlossaryFile,
    cities: Vec<Entity<City<TextMap>>>,
    councils: Vec<Entity<Council<TextMap>>>,
    events: Vec<Entity<Event<TextMap>>>,
    bodies: Vec<(Kind, String, Body)>,
    /// Every data file's slug, parsed or not, and its file.
    seen: HashMap<(Kind, String), PathBuf>,
    broken: BTreeSet<(Kind, String)>,
    countries_broken: bool,
    /// yearbook.yaml did not parse, or was misnamed: it is not "missing".
    yearbook_broken: bool,
}

impl Gathered {
    /// Claims a slug for a data file; a second file with it is an error.
    fn claim(&mut self, kind: Kind, slug: &str, rel: &Path, diags: &mut Diagnostics) -> bool {
        if let Some(first) = self.seen.get(&(kind, slug.to_owned())) {
            diags.push(
                Diagnostic::error(format!(
                    "duplicate slug `{slug}`: also defined in {}",
                    first.display()
                ))
                .in_file(rel)
                .help("a slug is unique within its kind in every sub-folder; rename one of the two files"),
            );
            return false;
        }
        self.seen.insert((kind, slug.to_owned()), rel.to_owned());
        true
    }

    fn add(&mut self, rel: PathBuf, parsed: Parsed, diags: &mut Diagnostics) {
        fn entity<D>(slug: String, file: &Path, data: D) -> Entity<D> {
            Entity {
                slug,
                file: file.to_owned(),
                data,
                bodies: Vec::new(),
            }
        }
        match parsed {
            Parsed::Ignored => {}
            Parsed::Yearbook(y) => self.yearbook = Some(*y),
            Parsed::Countries(c) => self.countries = Some(c),
            Parsed::Glossary(g) => self.glossary = g,
            Parsed::City(slug, data) => {
                if self.claim(Kind::City, &slug, &rel, diags) {
                    self.cities.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Council(slug, data) => {
                if self.claim(Kind::Council, &slug, &rel, diags) {
                    self.councils.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Event(slug, data) => {
                if self.claim(Kind::Event, &slug, &rel, diags) {
                    self.events.push(entity(slug, &rel, *data));
                }
            }
            Parsed::Body(kind, slug, body) => self.bodies.push((kind, slug, *body)),
        }
    }

    /// A data file that did not parse: its slug still exists, so its bodies
    /// are not orphans and references to it are not unknown.
    fn add_broken(&mut self, rel: &Path) {
        let content_rel = rel.strip_prefix("content").unwrap_or(rel);
        let role = classify(content_rel)
            .ok()
            .flatten()
            .or_else(|| files::intended_role(content_rel));
        self.countries_broken |= matches!(role, Some(FileRole::Countries));
        self.yearbook_broken |= matches!(role, Some(FileRole::Yearbook));
        if let Some(FileRole::Data(kind, slug)) = role {
            self.seen
                .entry((kind, slug.clone()))
                .or_insert_with(|| rel.to_owned());
            self.broken.insert((kind, slug));
        }
    }
}

/// Loads `root/content/`. The value is missing only when there is no
/// `content/` to read; otherwise it holds every file that parsed.
pub fn load(root: &Path, sources: &SourceMap) -> Outcome<Content> {
    load_cached(root, sources, None)
}

/// `load`, with files whose text did not change taken from `cache`
/// (`serve`), which is then brought up to date.
pub fn load_cached(
    root: &Path,
    sources: &SourceMap,
    cache: Option<&mut Cache>,
) -> Outcome<Content> {
    let walk = match walk_content(root) {
        Ok(w) => w,
        Err(d) => return Outcome::failed(d.into()),
    };
    let mut diags = Diagnostics::from_iter(walk.warnings);
    let lookup = cache.as_deref();
    let parsed: Vec<(&PathBuf, Read, Option<u64>)> = walk
        .files
        .par_iter()
        .map(|rel| {
            let (read, fresh) = read_file(root, rel, sources, lookup);
            (rel, read, fresh)
        })
        .collect();
    if let Some(cache) = cache {
        cache.keep_only(&walk.files);
        for (rel, read, fresh) in &parsed {
            if let Some(hash) = fresh {
                cache.put(rel, *hash, read);
            }
        }
    }
    let mut g = Gathered::default();
    for (rel, read, _) in parsed {
        let Read {
            parsed: result,
            also,
        } = read;
        // A parse error at a control character already reported says
        // nothing more.
        let said = |d: &Diagnostic| {
            also.iter()
                .any(|a| (a.line, a.column) == (d.line, d.column))
        };
        match result {
            Ok(p) => g.add(rel.clone(), p, &mut diags),
            Err(d) => {
                if !said(&d) {
                    diags.push(d);
                }
                g.add_broken(rel);
            }
        }
        diags.extend(Diagnostics::from_iter(also));
    }
    let raw_html = g
        .yearbook
        .as_ref()
        .map(|y| y.markdown.raw_html)
        .unwrap_or_default();
    for (_, _, body) in &g.bodies {
        checks::body(body, raw_html, &mut diags);
    }
    checks::urls(&g.cities, &g.councils, &g.events, &mut diags);
    attach_bodies(&mut g, &mut diags);
    let yearbook_file = PathBuf::from("content/yearbook.yaml");
    let countries = countries(g.countries.take(), &mut diags);
    let yearbook = g.yearbook.take().unwrap_or_else(|| {
        if !g.yearbook_broken {
            diags.push(Diagnostic::error("missing content/yearbook.yaml").help(
                "every site needs content/yearbook.yaml with at least `title` and `languages`",
            ));
        }
        // Checking goes on without it; the errors stop the build.
        placeholder_yearbook()
    });
    let editions = editions(&yearbook, &yearbook_file, &mut diags);
    checks::theme(&yearbook, &yearbook_file, &mut diags);
    if let Some(base) = &yearbook.base_url
        && let Err(why) = check_base_url(&base.value)
    {
        diags.push(
            Diagnostic::error(format!("`base_url` {why}"))
                .in_file(&yearbook_file)
                .at_pos(pos_of(base))
                .help("write the address the output folder is published at, such as https://example.org/yearbook/"),
        );
    }
    let content = Content {
        yearbook,
        yearbook_file,
        editions,
        countries,
        glossary: checks::glossary(g.glossary.terms, &mut diags),
        pins: Vec::new(),
        groups: g.glossary.groups,
        cities: g.cities,
        councils: g.councils,
        events: g.events,
        broken: g.broken,
        countries_broken: g.countries_broken,
    };
    Outcome::new(Some(content), diags)
}

/// `base_url` is an absolute http(s) URL of a folder: it ends in `/`, so
/// page paths can be appended to it.
fn check_base_url(base: &str) -> Result<(), String> {
    let url = url::Url::parse(base).map_err(|e| format!("is not a URL ({e})"))?;
    if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
        return Err("must start with https:// (or http://) and name a host".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query (?…) or fragment (#…)".to_owned());
    }
    if !base.ends_with('/') {
        return Err(format!("must end with `/`: {base}/"));
    }
    Ok(())
}

fn placeholder_yearbook() -> Yearbook<TextMap> {
    Yearbook {
        title: TextMap::default(),
        subtitle: None,
        languages: Vec::new(),
        base_url: None,
        theme: None,
        conversion: Default::default(),
        pdf: false,
        markdown: Default::default(),
    }
}

/// Country codes checked for form: two upper-case letters.
fn countries(list: Option<CountryList>, diags: &mut Diagnostics) -> BTreeMap<String, TextMap> {
    let mut out = BTreeMap::new();
    for (code, names) in list.map(|l| l.0).unwrap_or_default() {
        if code.value.len() != 2 || !code.value.bytes().all(|b| b.is_ascii_uppercase()) {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` is not an ISO 3166-1 alpha-2 country code",
                    code.value
                ))
                .in_file("content/countries.yaml")
                .at_pos(pos_of(&code))
                .help("country codes are two upper-case letters: CN, KR, JP, MN, RU"),
            );
        }
        out.insert(code.value, names);
    }
    out
}

/// The editions `languages` lists, each once.
fn editions(yearbook: &Yearbook<TextMap>, file: &Path, diags: &mut Diagnostics) -> Vec<Edition> {
    let mut editions = Vec::new();
    for lang in &yearbook.languages {
        match Edition::from_tag(&lang.value) {
            Some(e) if !editions.contains(&e) => editions.push(e),
            Some(_) => diags.push(
                Diagnostic::error(format!("language `{}` is listed twice", lang.value))
                    .in_file(file)
                    .at_pos(pos_of(lang)),
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
                        .in_file(file)
                        .at_pos(pos_of(lang))
                        .help(help),
                );
            }
        }
    }
    if editions.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("`languages` lists no edition")
                .in_file(file)
                .help("for example: languages: [zh-Hans, zh-Hant, en]"),
        );
    }
    editions
}

/// Gives each body to its entity; a body whose entity does not exist, or a
/// second body in one language, is an error.
fn attach_bodies(g: &mut Gathered, diags: &mut Diagnostics) {
    let mut owner: HashMap<(Kind, &str), usize> = HashMap::new();
    owner.extend(
        g.cities
            .iter()
            .enumerate()
            .map(|(i, e)| ((Kind::City, e.slug.as_str()), i)),
    );
    owner.extend(
        g.councils
            .iter()
            .enumerate()
            .map(|(i, e)| ((Kind::Council, e.slug.as_str()), i)),
    );
    owner.extend(
        g.events
            .iter()
            .enumerate()
            .map(|(i, e)| ((Kind::Event, e.slug.as_str()), i)),
    );
    let owner: HashMap<(Kind, String), usize> = owner
        .into_iter()
        .map(|((k, s), i)| ((k, s.to_owned()), i))
        .collect();
    let mut first_of: HashMap<(Kind, String, SourceLang), PathBuf> = HashMap::new();
    for (kind, slug, body) in std::mem::take(&mut g.bodies) {
        if !g.seen.contains_key(&(kind, slug.clone())) {
            diags.push(orphan_body(kind, &slug, &body, &g.seen));
            continue;
        }
        let key = (kind, slug.clone(), body.lang);
        if let Some(first) = first_of.get(&key) {
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
        first_of.insert(key, body.file.clone());
        // A body of a broken data file has no entity to join.
        let Some(&i) = owner.get(&(kind, slug)) else {
            continue;
        };
        match kind {
            Kind::City => g.cities[i].bodies.push(body),
            Kind::Council => g.councils[i].bodies.push(body),
            Kind::Event => g.events[i].bodies.push(body),
        }
    }
    zh_beside_a_script(&first_of, diags);
}

/// A `zh` body beside a `zh-Hans` or `zh-Hant` one is never shown: each
/// Chinese edition takes its own script's body first. Two bodies for one
/// edition are an error naming both.
fn zh_beside_a_script(
    first_of: &HashMap<(Kind, String, SourceLang), PathBuf>,
    diags: &mut Diagnostics,
) {
    let mut found: Vec<Diagnostic> = Vec::new();
    for ((kind, slug, lang), zh_file) in first_of {
        if *lang != SourceLang::Zh {
            continue;
        }
        let scripts: Vec<&PathBuf> = [SourceLang::Hans, SourceLang::Hant]
            .iter()
            .filter_map(|l| first_of.get(&(*kind, slug.clone(), *l)))
            .collect();
        if scripts.is_empty() {
            continue;
        }
        let others: Vec<String> = scripts.iter().map(|p| p.display().to_string()).collect();
        found.push(
            Diagnostic::error(format!(
                "two Chinese bodies for one edition: {} and {}",
                zh_file.display(),
                others.join(" and ")
            ))
            .in_file(zh_file)
            .help("a zh body is used only where no zh-Hans or zh-Hant body exists: merge the two, or remove one"),
        );
    }
    found.sort_by(|a, b| a.file.cmp(&b.file));
    diags.extend(Diagnostics::from_iter(found));
}

fn orphan_body(
    kind: Kind,
    slug: &str,
    body: &Body,
    seen: &HashMap<(Kind, String), PathBuf>,
) -> Diagnostic {
    let slugs = seen
        .keys()
        .filter(|(k, _)| *k == kind)
        .map(|(_, s)| s.as_str());
    let help = match nearest(slug, slugs) {
        Some(n) => format!(
            "did you mean `{n}`? a body needs `{}/{slug}.yaml` beside it",
            kind.dir()
        ),
        None => format!(
            "create content/{}/{slug}.yaml, or rename this body to match an existing one",
            kind.dir()
        ),
    };
    Diagnostic::error(format!(
        "body file without its YAML file: no {} `{slug}`",
        kind.dir()
    ))
    .in_file(&body.file)
    .help(help)
}
