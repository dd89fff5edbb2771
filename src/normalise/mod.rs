//! Stage 2, normalise: every Chinese string and body is cleaned and put into
//! each edition's script (contract §5). Out comes the same content with each
//! `TextMap` replaced by a `Text` that holds one string per edition.

pub mod cleanup;
pub mod convert;
pub mod rewrite;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event as MdEvent, Options, Parser, Tag};
use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{find_line, read_text};
use crate::model::{
    Body, City, Content, Council, Edition, Entity, Event, Script, SourceLang, TextMap, Yearbook,
};
pub use convert::{Converter, UnclosedMarkup};

/// How an edition's text came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Written in this language.
    Authored,
    /// Derived from the other Chinese script (or from `zh`).
    Converted,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Localized {
    pub text: String,
    pub origin: Origin,
}

/// A text in every edition's script. Index with `Edition::index()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    pub values: [Option<Localized>; 3],
}

/// A text as one edition shows it: in its own language, or a fallback marked
/// with the language it is really in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    pub text: &'a str,
    /// `Some` when the text is not in the edition's language.
    pub lang: Option<Edition>,
}

/// Where an edition looks when its own language is missing: English falls
/// back to Simplified then Traditional; Chinese to the other script, then English.
fn fallback_order(e: Edition) -> [Edition; 3] {
    match e {
        Edition::ZhHans => [Edition::ZhHans, Edition::ZhHant, Edition::En],
        Edition::ZhHant => [Edition::ZhHant, Edition::ZhHans, Edition::En],
        Edition::En => [Edition::En, Edition::ZhHans, Edition::ZhHant],
    }
}

impl Text {
    pub fn get(&self, e: Edition) -> Option<&Localized> {
        self.values[e.index()].as_ref()
    }

    pub fn show(&self, e: Edition) -> Shown<'_> {
        for candidate in fallback_order(e) {
            if let Some(l) = self.get(candidate) {
                return Shown {
                    text: &l.text,
                    lang: (candidate != e).then_some(candidate),
                };
            }
        }
        // A `Text` is never empty: `TextMap` rejects an empty map.
        Shown {
            text: "",
            lang: None,
        }
    }

    /// A text the same in every edition (slugs, numbers).
    pub fn same(text: &str) -> Text {
        let l = Some(Localized {
            text: text.to_owned(),
            origin: Origin::Authored,
        });
        Text {
            values: [l.clone(), l.clone(), l],
        }
    }
}

/// One edition's body.
#[derive(Clone, Debug)]
pub struct BodyText {
    pub markdown: String,
    pub origin: Origin,
    /// Front-matter title override, in this edition's script.
    pub title: Option<String>,
    /// The file it was written in (for converted bodies, the source).
    pub file: PathBuf,
}

/// An entity's bodies: as loaded, and per edition.
#[derive(Clone, Debug, Default)]
pub struct Bodies {
    pub raw: Vec<Body>,
    pub values: [Option<BodyText>; 3],
}

impl Bodies {
    pub fn get(&self, e: Edition) -> Option<&BodyText> {
        self.values[e.index()].as_ref()
    }

    /// The body an edition shows, and the edition it is really in if that is
    /// a fallback.
    pub fn show(&self, e: Edition) -> Option<(&BodyText, Option<Edition>)> {
        fallback_order(e)
            .into_iter()
            .find_map(|c| self.get(c).map(|b| (b, (c != e).then_some(c))))
    }
}

/// Content after normalisation.
pub type Site = Content<Text, Bodies>;

/// Normalises texts and bodies; `root` is for reading sources in diagnostics.
struct Normaliser<'a> {
    root: &'a Path,
    converter: &'a Converter,
}

/// Script-specific characters, (own, foreign), summed over the texts of one
/// file that hold foreign ones, declared Simplified and declared Traditional.
#[derive(Default)]
struct ScriptTally {
    hans_declared: (usize, usize),
    hant_declared: (usize, usize),
}

impl ScriptTally {
    fn add(&mut self, declared: Script, (own, foreign): (usize, usize)) {
        let sum = match declared {
            Script::Hans => &mut self.hans_declared,
            Script::Hant => &mut self.hant_declared,
        };
        sum.0 += own;
        sum.1 += foreign;
    }
}

/// How an edition gets its text from one of the texts given.
struct Choice<'a, S> {
    source: &'a S,
    /// The script to produce; `None` for English (Simplified alternatives of
    /// `-{…}-` markup, which English text only uses to protect words).
    script: Option<Script>,
    /// Convert with the dictionaries, or only strip the markup.
    convert: bool,
    origin: Origin,
}

fn declared_script(lang: SourceLang) -> Option<Script> {
    match lang {
        SourceLang::Hans => Some(Script::Hans),
        SourceLang::Hant => Some(Script::Hant),
        SourceLang::En | SourceLang::Zh => None,
    }
}

/// Which given text each edition shows (contract §2): a script's own text as
/// written (converted when it is mostly the other script), else the other
/// script's or the `zh` text, converted; English only as written.
fn choose<'a, S>(
    given: &'a BTreeMap<SourceLang, S>,
    mismatched: &[SourceLang],
) -> [Option<Choice<'a, S>>; 3] {
    let mut out: [Option<Choice<'a, S>>; 3] = Default::default();
    for script in [Script::Hans, Script::Hant] {
        let (own, other) = match script {
            Script::Hans => (SourceLang::Hans, SourceLang::Hant),
            Script::Hant => (SourceLang::Hant, SourceLang::Hans),
        };
        out[script.edition().index()] = match given.get(&own) {
            Some(source) => Some(Choice {
                source,
                script: Some(script),
                convert: mismatched.contains(&own),
                origin: Origin::Authored,
            }),
            None => given
                .get(&other)
                .or_else(|| given.get(&SourceLang::Zh))
                .map(|source| Choice {
                    source,
                    script: Some(script),
                    convert: true,
                    origin: Origin::Converted,
                }),
        };
    }
    out[Edition::En.index()] = given.get(&SourceLang::En).map(|source| Choice {
        source,
        script: None,
        convert: false,
        origin: Origin::Authored,
    });
    out
}

impl Normaliser<'_> {
    /// One text as an edition shows it. Markup was checked before, so
    /// conversion cannot fail.
    fn produce(&self, text: &str, script: Option<Script>, convert: bool) -> String {
        match (script, convert) {
            (Some(s), true) => self
                .converter
                .convert(text, s)
                .unwrap_or_else(|_| text.to_owned()),
            (Some(s), false) => convert::strip_markup(text, s),
            (None, _) => convert::strip_markup(text, Script::Hans),
        }
    }

    /// Counts the script-specific characters of `text`, declared in
    /// `declared`: (own, foreign). Counting its own costs a second conversion,
    /// made only when there are foreign ones, which a correctly declared text
    /// (almost every text) has none of.
    fn script_counts(&self, text: &str, declared: Script) -> (usize, usize) {
        let differing = |converted: String| {
            text.chars()
                .zip(converted.chars())
                .filter(|(a, b)| a != b)
                .count()
        };
        let foreign = differing(self.converter.backend(declared).convert(text));
        if foreign == 0 {
            return (0, 0);
        }
        (
            differing(self.converter.backend(declared.other()).convert(text)),
            foreign,
        )
    }

    fn text(
        &self,
        map: &TextMap,
        file: &Path,
        diags: &mut Diagnostics,
        tally: &mut ScriptTally,
    ) -> Text {
        let cleaned: BTreeMap<SourceLang, String> = map
            .entries()
            .map(|(lang, t)| {
                self.check_damage(t, file, diags);
                (lang, cleanup::clean(t))
            })
            .collect();
        // Declared scripts that are mostly the other script: converted anyway.
        let mut mismatched = Vec::new();
        for (&lang, t) in &cleaned {
            if let Err(UnclosedMarkup(_)) = convert::segments(t) {
                diags.push(unclosed(self.root, file, t));
                return Text::same(t);
            }
            if let Some(declared) = declared_script(lang) {
                let counts = self.script_counts(t, declared);
                tally.add(declared, counts);
                if is_mismatch(counts) {
                    mismatched.push(lang);
                }
            }
        }
        Text {
            values: choose(&cleaned, &mismatched).map(|c| {
                c.map(|c| Localized {
                    text: self.produce(c.source, c.script, c.convert),
                    origin: c.origin,
                })
            }),
        }
    }

    fn check_damage(&self, text: &str, file: &Path, diags: &mut Diagnostics) {
        if let Some(c) = text.chars().find(|&c| cleanup::is_damaged(c)) {
            let source = read_text(self.root, file).unwrap_or_default();
            let (line, column) = source
                .lines()
                .enumerate()
                .find_map(|(i, l)| l.chars().position(|x| x == c).map(|p| (i + 1, p + 1)))
                .unwrap_or((0, 0));
            let what = if c == '\u{FFFD}' {
                "U+FFFD REPLACEMENT CHARACTER (a glyph lost in copying)".to_owned()
            } else {
                format!("private-use character U+{:04X}", c as u32)
            };
            diags.push(
                Diagnostic::warning(format!("damaged text: {what}"))
                    .in_file(file)
                    .at(line, column)
                    .help("restore the missing character from the original document"),
            );
        }
    }

    fn bodies(&self, raw: Vec<Body>, diags: &mut Diagnostics) -> Bodies {
        // Per language: the cleaned prose (parsed once), title, and file.
        let mut cleaned: BTreeMap<SourceLang, (Prose, Option<String>, &Body)> = BTreeMap::new();
        let mut mismatched = Vec::new();
        for body in &raw {
            self.check_damage(&body.markdown, &body.file, diags);
            let Ok(prose) =
                Prose::parse(&body.markdown).map(|t| Ok::<_, Infallible>(cleanup::clean(t)));
            if prose.pieces().any(|t| convert::segments(t).is_err()) {
                diags.push(unclosed(self.root, &body.file, &prose.to_markdown()));
                continue;
            }
            // Mismatch is judged per body file, so the warning names it.
            if let Some(declared) = declared_script(body.lang) {
                let counts = self.script_counts(&prose.pieces().collect::<String>(), declared);
                if is_mismatch(counts) {
                    mismatched.push(body.lang);
                }
                let mut tally = ScriptTally::default();
                tally.add(declared, counts);
                mismatch_warnings(&body.file, &tally, diags);
            }
            let title = body.front.title.as_deref().map(cleanup::clean);
            cleaned.insert(body.lang, (prose, title, body));
        }
        let values = choose(&cleaned, &mismatched).map(|c| {
            c.map(|c| {
                let (prose, title, body) = c.source;
                let produce = |t: &str| self.produce(t, c.script, c.convert);
                let Ok(markdown) = prose.map(|t| Ok::<_, Infallible>(produce(t)));
                BodyText {
                    markdown: markdown.to_markdown(),
                    origin: c.origin,
                    title: title.as_deref().map(produce),
                    file: body.file.clone(),
                }
            })
        });
        Bodies { raw, values }
    }
}

fn unclosed(root: &Path, file: &Path, text: &str) -> Diagnostic {
    let at = text.find("-{").unwrap_or(0);
    let snippet: String = text[at..].chars().take(12).collect();
    let source = read_text(root, file).unwrap_or_default();
    let line = find_line(&source, &snippet);
    let column = source
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.find("-{").map(|b| l[..b].chars().count() + 1))
        .unwrap_or(1);
    Diagnostic::error("unclosed `-{`: protection markup needs its closing `}-`")
        .in_file(file)
        .at(line, column)
        .help("write -{text}- to keep text unconverted, or -{zh-Hans:简体;zh-Hant:繁體}- for one text per script")
}

/// A Markdown text cut into prose and code (code spans and code blocks), so
/// that prose can be cleaned and converted while code stays exactly as
/// written. Parsed once; mapping keeps the cut.
#[derive(Clone, Debug)]
pub struct Prose {
    /// (is code, text), in order.
    parts: Vec<(bool, String)>,
}

impl Prose {
    pub fn parse(markdown: &str) -> Prose {
        let mut parts = Vec::new();
        let mut last = 0;
        for range in code_ranges(markdown) {
            if range.start > last {
                parts.push((false, markdown[last..range.start].to_owned()));
            }
            parts.push((true, markdown[range.clone()].to_owned()));
            last = range.end;
        }
        if last < markdown.len() {
            parts.push((false, markdown[last..].to_owned()));
        }
        Prose { parts }
    }

    /// Applies `f` to every piece of prose.
    pub fn map<E>(&self, mut f: impl FnMut(&str) -> Result<String, E>) -> Result<Prose, E> {
        let parts = self
            .parts
            .iter()
            .map(|(code, t)| Ok((*code, if *code { t.clone() } else { f(t)? })))
            .collect::<Result<_, E>>()?;
        Ok(Prose { parts })
    }

    /// The pieces of prose, without the code.
    pub fn pieces(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .filter(|(code, _)| !code)
            .map(|(_, t)| t.as_str())
    }

    pub fn to_markdown(&self) -> String {
        self.parts.iter().map(|(_, t)| t.as_str()).collect()
    }
}

/// Applies `f` to the prose of a Markdown document, leaving code spans and
/// code blocks exactly as written: code is never cleaned or converted.
pub fn map_prose<E>(markdown: &str, f: impl FnMut(&str) -> Result<String, E>) -> Result<String, E> {
    Ok(Prose::parse(markdown).map(f)?.to_markdown())
}

/// Byte ranges of code spans and code blocks, in order.
pub fn code_ranges(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        let is_code = matches!(event, MdEvent::Code(_) | MdEvent::Start(Tag::CodeBlock(_)));
        if is_code && ranges.last().is_none_or(|r| r.end <= range.start) {
            ranges.push(range);
        }
    }
    ranges
}

/// off: it turns Chinese quotation marks into the wrong glyphs.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Mostly the other script: more than half of at least four script-specific characters.
fn is_mismatch((own, foreign): (usize, usize)) -> bool {
    let total = own + foreign;
    total >= 4 && foreign * 2 > total
}

fn mismatch_warnings(file: &Path, tally: &ScriptTally, diags: &mut Diagnostics) {
    for (declared, (own, foreign), other_name) in [
        ("zh-Hans", tally.hans_declared, "Traditional"),
        ("zh-Hant", tally.hant_declared, "Simplified"),
    ] {
        let total = own + foreign;
        if is_mismatch((own, foreign)) {
            let share = foreign * 100 / total;
            diags.push(
                Diagnostic::warning(format!(
                    "text declared {declared} is mostly {other_name}: {share}% of its script-specific characters ({foreign} of {total})"
                ))
                .in_file(file)
                .help(format!(
                    "it is still converted correctly; declare it as {} (or zh for mixed text)",
                    if declared == "zh-Hans" { "zh-Hant" } else { "zh-Hans" }
                )),
            );
        }
    }
}

/// Normalises all content. Never fails as a whole: problems become diagnostics.
pub fn normalise(content: Content, converter: &Converter, root: &Path) -> (Site, Diagnostics) {
    let n = Normaliser { root, converter };
    let mut diags = Diagnostics::new();

    let yb_file = content.yearbook_file.clone();
    let mut tally = ScriptTally::default();
    let yearbook = Yearbook {
        title: n.text(&content.yearbook.title, &yb_file, &mut diags, &mut tally),
        subtitle: content
            .yearbook
            .subtitle
            .as_ref()
            .map(|s| n.text(s, &yb_file, &mut diags, &mut tally)),
        languages: content.yearbook.languages,
        base_url: content.yearbook.base_url,
        theme: content.yearbook.theme,
        conversion: content.yearbook.conversion,
    };
    mismatch_warnings(&yb_file, &tally, &mut diags);
    let countries_file = PathBuf::from("content/countries.yaml");
    let mut tally = ScriptTally::default();
    let countries = content
        .countries
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                n.text(v, &countries_file, &mut diags, &mut tally),
            )
        })
        .collect();
    mismatch_warnings(&countries_file, &tally, &mut diags);

    let cities = par_entities(content.cities, &n, &mut diags, |c, t| City {
        name: t(&c.name),
        native: c.native,
        country: c.country,
        level: c.level,
        parent: c.parent,
        location: c.location,
        website: c.website,
        aliases: c.aliases,
        ties: c.ties,
    });
    let councils = par_entities(content.councils, &n, &mut diags, |c, t| Council {
        name: t(&c.name),
        short: c.short.as_ref().map(&mut *t),
        parent: c.parent,
        founded: c.founded,
        seat: c.seat,
        focus: c.focus.as_ref().map(&mut *t),
        website: c.website,
        members: c.members,
    });
    let events = par_entities(content.events, &n, &mut diags, |e, t| Event {
        title: t(&e.title),
        kind: e.kind,
        date: e.date,
        end: e.end,
        city: e.city,
        venue: e.venue.as_ref().map(&mut *t),
        councils: e.councils,
        hosts: e.hosts,
        participants: e.participants,
        sources: e.sources,
    });

    let site = Site {
        yearbook,
        yearbook_file: content.yearbook_file,
        editions: content.editions,
        countries,
        glossary: content.glossary,
        cities,
        councils,
        events,
    };
    (site, diags)
}

/// Normalises a list of entities in parallel. `map` rebuilds the data with a
/// text-normalising closure.
fn par_entities<A: Send, B: Send>(
    list: Vec<Entity<A>>,
    n: &Normaliser<'_>,
    diags: &mut Diagnostics,
    map: impl Fn(A, &mut dyn FnMut(&TextMap) -> Text) -> B + Sync,
) -> Vec<Entity<B, Bodies>> {
    let results: Vec<(Entity<B, Bodies>, Diagnostics)> = list
        .into_par_iter()
        .map(|e| {
            let mut d = Diagnostics::new();
            let mut tally = ScriptTally::default();
            let file = e.file.clone();
            let data = map(e.data, &mut |t: &TextMap| {
                n.text(t, &file, &mut d, &mut tally)
            });
            mismatch_warnings(&file, &tally, &mut d);
            let bodies = n.bodies(e.bodies, &mut d);
            (
                Entity {
                    slug: e.slug,
                    file: e.file,
                    data,
                    bodies,
                },
                d,
            )
        })
        .collect();
    results
        .into_iter()
        .map(|(e, d)| {
            diags.extend(d);
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Conversion;

    #[test]
    fn code_is_never_touched() {
        let md = "中文 `代码 -{` 文字\n\n```\n东 西\n```\n";
        let out = map_prose(md, |t| Ok::<_, ()>(t.replace('文', "X"))).unwrap();
        assert_eq!(out, "中X `代码 -{` X字\n\n```\n东 西\n```\n");
    }

    #[test]
    fn english_falls_back_to_simplified_with_its_lang() {
        let conv = Converter::new(&Conversion::default(), &[]).unwrap();
        let n = Normaliser {
            root: Path::new("."),
            converter: &conv,
        };
        let map = TextMap {
            hant: Some("歷城區".into()),
            ..Default::default()
        };
        let t = n.text(
            &map,
            Path::new("x.yaml"),
            &mut Diagnostics::new(),
            &mut ScriptTally::default(),
        );
        assert_eq!(t.get(Edition::ZhHans).unwrap().text, "历城区");
        assert_eq!(t.get(Edition::ZhHans).unwrap().origin, Origin::Converted);
        assert_eq!(
            t.show(Edition::En),
            Shown {
                text: "历城区",
                lang: Some(Edition::ZhHans)
            }
        );
    }
}
