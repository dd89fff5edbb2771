//! Stage 2, normalise: every Chinese string and body is cleaned and put into
//! each edition's script (contract §5). Out comes the same content with each
//! `TextMap` replaced by a `Text` that holds one string per edition.

pub mod cleanup;
pub mod convert;
pub mod rewrite;

use std::collections::BTreeMap;
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

/// Normalises one text. `file` is for diagnostics.
struct Normaliser<'a> {
    root: &'a Path,
    converter: &'a Converter,
}

/// Per-file tally of characters only one script uses, for mismatch warnings.
#[derive(Default)]
struct ScriptTally {
    /// Text declared Simplified: characters that t2s would change.
    hans_declared: (usize, usize),
    /// Text declared Traditional: characters that s2t would change.
    hant_declared: (usize, usize),
}

impl Normaliser<'_> {
    fn text(
        &self,
        map: &TextMap,
        file: &Path,
        diags: &mut Diagnostics,
        tally: &mut ScriptTally,
    ) -> Text {
        let mut values: [Option<Localized>; 3] = Default::default();
        let cleaned: BTreeMap<SourceLang, String> = map
            .entries()
            .map(|(lang, t)| {
                self.check_damage(t, file, diags);
                (lang, cleanup::clean(t))
            })
            .collect();
        // Declared scripts that are mostly the other script: converted anyway.
        let mut mismatched = Vec::new();
        for (lang, t) in &cleaned {
            if let Err(UnclosedMarkup(_)) = convert::segments(t) {
                diags.push(unclosed(self.root, file, t));
                return Text::same(t);
            }
            let (declared, sum) = match lang {
                SourceLang::Hans => (Script::Hans, &mut tally.hans_declared),
                SourceLang::Hant => (Script::Hant, &mut tally.hant_declared),
                _ => continue,
            };
            let counts = self.script_counts(t, declared);
            sum.0 += counts.0;
            sum.1 += counts.1;
            if is_mismatch(counts) {
                mismatched.push(*lang);
            }
        }
        for script in [Script::Hans, Script::Hant] {
            let own = match script {
                Script::Hans => SourceLang::Hans,
                Script::Hant => SourceLang::Hant,
            };
            let other = match script {
                Script::Hans => SourceLang::Hant,
                Script::Hant => SourceLang::Hans,
            };
            values[script.edition().index()] = if let Some(t) = cleaned.get(&own) {
                let text = if mismatched.contains(&own) {
                    self.converter
                        .convert(t, script)
                        .unwrap_or_else(|_| t.clone())
                } else {
                    convert::strip_markup(t, script)
                };
                Some(Localized {
                    text,
                    origin: Origin::Authored,
                })
            } else {
                cleaned
                    .get(&other)
                    .or_else(|| cleaned.get(&SourceLang::Zh))
                    .map(|t| Localized {
                        // Markup was checked above, so conversion cannot fail.
                        text: self
                            .converter
                            .convert(t, script)
                            .unwrap_or_else(|_| t.clone()),
                        origin: Origin::Converted,
                    })
            };
        }
        values[Edition::En.index()] = cleaned.get(&SourceLang::En).map(|t| Localized {
            text: convert::strip_markup(t, Script::Hans),
            origin: Origin::Authored,
        });
        Text { values }
    }

    /// Counts, in text declared `declared`, how many characters belong only
    /// to that script (`.0`) and how many only to the other (`.1`).
    fn script_counts(&self, text: &str, declared: Script) -> (usize, usize) {
        let to_other = self.converter.backend(declared.other()).convert(text);
        let to_self = self.converter.backend(declared).convert(text);
        let own = text
            .chars()
            .zip(to_other.chars())
            .filter(|(a, b)| a != b)
            .count();
        let foreign = text
            .chars()
            .zip(to_self.chars())
            .filter(|(a, b)| a != b)
            .count();
        (own, foreign)
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
        let mut cleaned: BTreeMap<SourceLang, (String, Option<String>, &Body)> = BTreeMap::new();
        let mut mismatched_bodies = Vec::new();
        for body in &raw {
            self.check_damage(&body.markdown, &body.file, diags);
            let md = map_prose(&body.markdown, |t| Ok::<_, ()>(cleanup::clean(t)))
                .unwrap_or_else(|_| body.markdown.clone());
            if let Err(UnclosedMarkup(_)) =
                map_prose(&md, |t| convert::segments(t).map(|_| String::new()))
            {
                diags.push(unclosed(self.root, &body.file, &md));
                continue;
            }
            // Mismatch is judged per body file, so the warning names it.
            let mut tally = ScriptTally::default();
            match body.lang {
                SourceLang::Hans => {
                    tally.hans_declared = self.script_counts(&prose_only(&md), Script::Hans)
                }
                SourceLang::Hant => {
                    tally.hant_declared = self.script_counts(&prose_only(&md), Script::Hant)
                }
                _ => {}
            }
            if is_mismatch(tally.hans_declared) || is_mismatch(tally.hant_declared) {
                mismatched_bodies.push(body.lang);
            }
            mismatch_warnings(&body.file, &tally, diags);
            let title = body.front.title.as_deref().map(cleanup::clean);
            cleaned.insert(body.lang, (md, title, body));
        }
        let mut values: [Option<BodyText>; 3] = Default::default();
        for script in [Script::Hans, Script::Hant] {
            let (own, other) = match script {
                Script::Hans => (SourceLang::Hans, SourceLang::Hant),
                Script::Hant => (SourceLang::Hant, SourceLang::Hans),
            };
            let conv = |t: &str| self.converter.convert(t, script);
            let keep = |t: &str| {
                if mismatched_bodies.contains(&own) {
                    conv(t)
                } else {
                    Ok::<_, UnclosedMarkup>(convert::strip_markup(t, script))
                }
            };
            values[script.edition().index()] = if let Some((md, title, body)) = cleaned.get(&own) {
                Some(BodyText {
                    markdown: map_prose(md, keep).unwrap_or_else(|_| md.clone()),
                    origin: Origin::Authored,
                    title: title.as_deref().map(|t| convert::strip_markup(t, script)),
                    file: body.file.clone(),
                })
            } else {
                cleaned
                    .get(&other)
                    .or_else(|| cleaned.get(&SourceLang::Zh))
                    .map(|(md, title, body)| BodyText {
                        markdown: map_prose(md, conv).unwrap_or_else(|_| md.clone()),
                        origin: Origin::Converted,
                        title: title
                            .as_deref()
                            .map(|t| conv(t).unwrap_or_else(|_| t.to_owned())),
                        file: body.file.clone(),
                    })
            };
        }
        values[Edition::En.index()] =
            cleaned
                .get(&SourceLang::En)
                .map(|(md, title, body)| BodyText {
                    markdown: map_prose(md, |t| {
                        Ok::<_, ()>(convert::strip_markup(t, Script::Hans))
                    })
                    .unwrap_or_else(|_| md.clone()),
                    origin: Origin::Authored,
                    title: title.clone(),
                    file: body.file.clone(),
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

/// Applies `f` to the prose of a Markdown document, leaving code spans and
/// code blocks exactly as written: code is never cleaned or converted.
pub fn map_prose<E>(
    markdown: &str,
    mut f: impl FnMut(&str) -> Result<String, E>,
) -> Result<String, E> {
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for range in code_ranges(markdown) {
        if range.start > last {
            out.push_str(&f(&markdown[last..range.start])?);
        }
        out.push_str(&markdown[range.clone()]);
        last = range.end;
    }
    if last < markdown.len() {
        out.push_str(&f(&markdown[last..])?);
    }
    Ok(out)
}

fn prose_only(markdown: &str) -> String {
    map_prose(markdown, |t| Ok::<_, ()>(t.to_owned())).unwrap_or_default()
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

/// The Markdown dialect of body files (contract §4). Smart punctuation stays
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
    let countries_file = PathBuf::from("content/countries.yaml");
    let countries = content
        .countries
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                n.text(v, &countries_file, &mut diags, &mut ScriptTally::default()),
            )
        })
        .collect();

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
