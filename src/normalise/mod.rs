//! Stage 2, normalise: every Chinese string and body is cleaned and put into
//! each edition's script (docs/content-format.md, "Chinese scripts").
//! Out comes the same content with each `TextMap` replaced by a `Text` that
//! holds one string per edition, and each entity's bodies by `Bodies`.

pub mod cache;
mod checks;
pub mod lint;
pub mod rewrite;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Outcome};
use crate::model::{
    Bodies, Body, BodyText, City, Content, Conversion, Council, Edition, Entity, Event,
    GlossaryEntry, Localized, Origin, Script, Site, Source, SourceLang, Text, TextMap, Written,
    Yearbook,
};
use crate::source::{Pos, SourceMap};
use crate::text::cleanup;
use crate::text::convert::{self, Converter};
use crate::text::markdown::Prose;
use crate::text::quotes::{self, Quotes};
use cache::{Cache, Shelf};
use checks::{ScriptTally, is_mismatch, mismatch_warnings};

/// Normalises texts and bodies of one site.
struct Normaliser<'a> {
    sources: &'a SourceMap,
    converter: &'a Converter,
    /// The yearbook's `conversion:` (it says each edition's quotation marks).
    conversion: Conversion,
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

/// The language of the other Chinese script (`zh` and `en` have none).
fn other_lang(lang: SourceLang) -> SourceLang {
    match lang {
        SourceLang::Hans => SourceLang::Hant,
        SourceLang::Hant => SourceLang::Hans,
        other => other,
    }
}

fn declared_script(lang: SourceLang) -> Option<Script> {
    match lang {
        SourceLang::Hans => Some(Script::Hans),
        SourceLang::Hant => Some(Script::Hant),
        SourceLang::En | SourceLang::Zh => None,
    }
}

/// Which given text each edition shows (docs/content-format.md, "Text
/// maps"): a script's own text as written (converted when it is mostly the
/// other script), else the other script's or the `zh` text, converted;
/// English only as written.
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
        let restyled = |s: Script| quotes::restyle(text, Quotes::of(s, &self.conversion));
        match (script, convert) {
            (Some(s), true) => {
                let text = restyled(s);
                self.converter
                    .convert(&text, s)
                    .unwrap_or_else(|_| text.into_owned())
            }
            (Some(s), false) => convert::strip_markup(&restyled(s), s),
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

    /// Where byte `offset` of a YAML text value is in its file: the value
    /// starts at `w.at`, one column later when quoted, on the next line when
    /// it is a block scalar.
    fn yaml_pos(&self, file: &Path, w: &Written, offset: usize) -> Pos {
        let line = self.sources.get(file).and_then(|s| {
            s.lines()
                .nth(w.at.line.saturating_sub(1))
                .map(str::to_owned)
        });
        let marker = line
            .as_deref()
            .and_then(|l| l.chars().nth(w.at.column.saturating_sub(1)));
        let start = match marker {
            Some('"' | '\'') => Pos::new(w.at.line, w.at.column + 1),
            Some('|' | '>') => {
                let next = self
                    .sources
                    .get(file)
                    .and_then(|s| s.lines().nth(w.at.line).map(str::to_owned))
                    .unwrap_or_default();
                let indent = next.chars().take_while(|c| *c == ' ').count();
                Pos::new(w.at.line + 1, indent + 1)
            }
            _ => w.at,
        };
        start.advance(&w.text, offset)
    }

    /// The conversion lint (`lint`) of one text written in `script`, at
    /// byte offsets of `text`. `other_given` when the other script has its
    /// own text (then nothing is converted from this one); `has_foreign`
    /// when the script count found characters of the other script (only
    /// then are they looked for one by one).
    fn lint_text(
        &self,
        text: &str,
        script: Script,
        other_given: bool,
        has_foreign: bool,
    ) -> Vec<lint::Finding> {
        let mut out = match script {
            Script::Hans if has_foreign => lint::foreign_characters(self.converter, text, script),
            Script::Hans => Vec::new(),
            Script::Hant => lint::round_trip(self.converter, text),
        };
        if !other_given {
            out.extend(lint::default_choices(self.converter, text, script));
        }
        out
    }

    /// Whether a text written in `declared` with these script counts is
    /// shown converted: when it is mostly the other script, or, in
    /// Simplified, when it has any of its characters (Traditional text keeps
    /// characters that are also Traditional, like 于).
    fn converted_anyway(declared: Script, counts: (usize, usize)) -> bool {
        is_mismatch(counts) || (declared == Script::Hans && counts.1 > 0)
    }

    fn text(
        &self,
        map: &TextMap,
        file: &Path,
        diags: &mut Diagnostics,
        tally: &mut ScriptTally,
    ) -> Text {
        if let Some(zh) = map.written(SourceLang::Zh)
            && let Some(script) = [SourceLang::Hans, SourceLang::Hant]
                .into_iter()
                .find(|l| map.get(*l).is_some())
        {
            diags.push(
                Diagnostic::error(format!(
                    "`zh` beside `{}`: the zh text is never shown",
                    script.tag()
                ))
                .in_file(file)
                .at_pos(zh.at)
                .help("zh is for Chinese of unknown script where no zh-Hans or zh-Hant is given: keep one of the two"),
            );
        }
        let mut cleaned: BTreeMap<SourceLang, String> = BTreeMap::new();
        for (lang, w) in map.entries() {
            if let Some((at, d)) = checks::damage(&w.text) {
                diags.push(d.in_file(file).at_pos(self.yaml_pos(file, w, at)));
            }
            if let Err(convert::UnclosedMarkup(at)) = convert::segments(&w.text) {
                diags.push(unclosed().in_file(file).at_pos(self.yaml_pos(file, w, at)));
                return Text::same(&w.text);
            }
            cleaned.insert(lang, cleanup::clean_in(&w.text, lang));
        }
        let mut mismatched = Vec::new();
        for (&lang, t) in &cleaned {
            let (Some(declared), Some(w)) = (declared_script(lang), map.written(lang)) else {
                continue;
            };
            let counts = self.script_counts(t, declared);
            tally.add(declared, counts);
            if Self::converted_anyway(declared, counts) {
                mismatched.push(lang);
            }
            // Linted as written, so that positions are those of the file.
            let other_given = map.get(other_lang(lang)).is_some();
            for f in self.lint_text(&w.text, declared, other_given, counts.1 > 0) {
                diags.push(
                    f.diagnostic
                        .in_file(file)
                        .at_pos(self.yaml_pos(file, w, f.at)),
                );
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

    fn bodies(&self, raw: Vec<Body>, diags: &mut Diagnostics) -> Bodies {
        // Per language: the cleaned prose, title, and file.
        let mut cleaned: BTreeMap<SourceLang, (Prose, Option<String>, &Body)> = BTreeMap::new();
        let mut mismatched = Vec::new();
        for body in &raw {
            if let Some((at, d)) = checks::damage(&body.markdown) {
                let at = body.start.advance(&body.markdown, at);
                diags.push(d.in_file(&body.file).at_pos(at));
            }
            let prose = Prose::split(&body.markdown, &body.outline.verbatim);
            if let Some(at) = first_unclosed(&prose, &body.markdown) {
                let at = body.start.advance(&body.markdown, at);
                diags.push(unclosed().in_file(&body.file).at_pos(at));
                continue;
            }
            let cleaned_prose = prose.map(|t| cleanup::clean_in(t, body.lang));
            // Mismatch is judged per body file, so the warning names it.
            if let Some(declared) = declared_script(body.lang) {
                let counts =
                    self.script_counts(&cleaned_prose.pieces().collect::<String>(), declared);
                if Self::converted_anyway(declared, counts) {
                    mismatched.push(body.lang);
                }
                let mut tally = ScriptTally::default();
                tally.add(declared, counts);
                mismatch_warnings(&body.file, &tally, diags);
                // Linted as written, so that positions are those of the file.
                let other_given = raw.iter().any(|b| b.lang == other_lang(body.lang));
                for (offset, piece) in prose.pieces_in(&body.markdown) {
                    for f in self.lint_text(piece, declared, other_given, counts.1 > 0) {
                        let at = body.start.advance(&body.markdown, offset + f.at);
                        diags.push(f.diagnostic.in_file(&body.file).at_pos(at));
                    }
                }
            }
            let prose = cleaned_prose;
            let title = body
                .front
                .title
                .as_deref()
                .map(|t| cleanup::clean_in(t, body.lang));
            cleaned.insert(body.lang, (prose, title, body));
        }
        let values = choose(&cleaned, &mismatched).map(|c| {
            c.map(|c| {
                let (prose, title, body) = c.source;
                let produce = |t: &str| self.produce(t, c.script, c.convert);
                BodyText {
                    markdown: prose.map(produce).to_markdown(),
                    origin: c.origin,
                    title: title.as_deref().map(produce),
                    file: body.file.clone(),
                }
            })
        });
        Bodies { raw, values }
    }
}

/// Byte offset in `markdown` of the first `-{` in prose without its `}-`.
fn first_unclosed(prose: &Prose, markdown: &str) -> Option<usize> {
    prose
        .pieces_in(markdown)
        .into_iter()
        .find_map(|(start, piece)| match convert::segments(piece) {
            Err(convert::UnclosedMarkup(at)) => Some(start + at),
            Ok(_) => None,
        })
}

fn unclosed() -> Diagnostic {
    Diagnostic::error("unclosed `-{`: protection markup needs its closing `}-`")
        .help("write -{text}- to keep text unconverted, or -{zh-Hans:简体;zh-Hant:繁體}- for one text per script")
}

/// Names given in both scripts pin their own conversion: each acts as a
/// glossary entry everywhere, so writing `zh-Hant: 布爾干省` once in
/// `bulgan.yaml` fixes every page that mentions the province. Country
/// names and the names of cities, councils and events count; a name the
/// same in both scripts pins too (it keeps the dictionaries off it).
pub fn name_pins(content: &Content) -> Vec<GlossaryEntry> {
    let names = content
        .cities
        .iter()
        .map(|c| &c.data.name)
        .chain(content.councils.iter().map(|c| &c.data.name))
        .chain(content.events.iter().map(|e| &e.data.title))
        .chain(content.countries.values());
    names
        .filter_map(|name| {
            let (hans, hant) = (name.get(SourceLang::Hans)?, name.get(SourceLang::Hant)?);
            // One character alone would pin it in every word it is part of.
            (hans.chars().nth(1).is_some() && !hans.contains("-{") && !hant.contains("-{")).then(
                || GlossaryEntry {
                    hans: hans.to_owned(),
                    hant: hant.to_owned(),
                    en: None,
                },
            )
        })
        .collect()
}

/// Normalises all content. Never fails as a whole: problems become diagnostics.
/// With a `cache` (`serve`), entities whose files and conversion did not
/// change since the last call are taken from it; `converter` must have been
/// made with the glossary the cache was prepared with (`Cache::prepare`).
pub fn normalise(
    content: Content,
    converter: &Converter,
    sources: &SourceMap,
    mut cache: Option<&mut Cache>,
) -> Outcome<Site> {
    let n = Normaliser {
        sources,
        converter,
        conversion: content.yearbook.conversion,
    };
    let mut diags = Diagnostics::new();
    let yb_file = content.yearbook_file.clone();
    let mut tally = ScriptTally::default();
    let mut text = |map: &TextMap, d: &mut Diagnostics| n.text(map, &yb_file, d, &mut tally);
    let yearbook = Yearbook {
        title: text(&content.yearbook.title, &mut diags),
        subtitle: content
            .yearbook
            .subtitle
            .as_ref()
            .map(|s| text(s, &mut diags)),
        languages: content.yearbook.languages,
        base_url: content.yearbook.base_url,
        theme: content.yearbook.theme,
        conversion: content.yearbook.conversion,
        pdf: content.yearbook.pdf,
        markdown: content.yearbook.markdown,
    };
    mismatch_warnings(&yb_file, &tally, &mut diags);
    let countries_file = Path::new("content/countries.yaml");
    let mut tally = ScriptTally::default();
    let countries = content
        .countries
        .iter()
        .map(|(k, v)| (k.clone(), n.text(v, countries_file, &mut diags, &mut tally)))
        .collect();
    mismatch_warnings(countries_file, &tally, &mut diags);
    let site = Site {
        yearbook,
        yearbook_file: content.yearbook_file,
        editions: content.editions,
        countries,
        glossary: content.glossary,
        pins: content.pins,
        groups: content.groups,
        cities: par_entities(
            content.cities,
            &n,
            &mut diags,
            cache.as_deref_mut().map(|c| &mut c.cities),
            normalise_city,
        ),
        councils: par_entities(
            content.councils,
            &n,
            &mut diags,
            cache.as_deref_mut().map(|c| &mut c.councils),
            normalise_council,
        ),
        events: par_entities(
            content.events,
            &n,
            &mut diags,
            cache.map(|c| &mut c.events),
            normalise_event,
        ),
        broken: content.broken,
        countries_broken: content.countries_broken,
    };
    Outcome::new(Some(site), diags)
}

/// A closure that normalises one text of the entity being normalised.
type TextFn<'a> = dyn FnMut(&TextMap) -> Text + 'a;

fn normalise_city(c: City<TextMap>, t: &mut TextFn<'_>) -> City {
    City {
        name: t(&c.name),
        native: c.native,
        country: c.country,
        level: c.level,
        type_name: c.type_name.as_ref().map(&mut *t),
        parent: c.parent,
        location: c.location,
        website: c.website,
        aliases: c.aliases.iter().map(&mut *t).collect(),
        ties: c.ties,
        wikidata: c.wikidata,
    }
}

fn normalise_council(c: Council<TextMap>, t: &mut TextFn<'_>) -> Council {
    Council {
        name: t(&c.name),
        short: c.short.as_ref().map(&mut *t),
        parent: c.parent,
        founded: c.founded,
        seat: c.seat,
        focus: c.focus.as_ref().map(&mut *t),
        website: c.website,
        members: c.members,
        wikidata: c.wikidata,
    }
}

fn normalise_event(e: Event<TextMap>, t: &mut TextFn<'_>) -> Event {
    Event {
        title: t(&e.title),
        kind: e.kind,
        date: e.date,
        end: e.end,
        city: e.city,
        venue: e.venue.as_ref().map(&mut *t),
        councils: e.councils,
        hosts: e.hosts,
        participants: e.participants,
        sources: e
            .sources
            .into_iter()
            .map(|s| Source {
                title: t(&s.title),
                publisher: s.publisher.as_ref().map(&mut *t),
                url: s.url,
                date: s.date,
            })
            .collect(),
        wikidata: e.wikidata,
    }
}

/// Normalises a list of entities in parallel. `map` rebuilds the data with a
/// text-normalising closure. Entities on the `shelf` with the same files are
/// taken from it; the others are put on it.
fn par_entities<A: Send, B: Send + Sync + Clone>(
    list: Vec<Entity<A>>,
    n: &Normaliser<'_>,
    diags: &mut Diagnostics,
    mut shelf: Option<&mut Shelf<B>>,
    map: impl Fn(A, &mut TextFn<'_>) -> B + Sync,
) -> Vec<Entity<B, Bodies>> {
    let lookup = shelf.as_deref();
    let results: Vec<(Entity<B, Bodies>, Diagnostics, Option<cache::Key>)> = list
        .into_par_iter()
        .map(|e| {
            let key = lookup.and_then(|_| {
                cache::Key::new(&e.file, e.bodies.iter().map(|b| &b.file), n.sources)
            });
            if let Some((entity, d)) = lookup.zip(key.as_ref()).and_then(|(s, k)| s.get(k)) {
                return (entity, d, None);
            }
            let mut d = Diagnostics::new();
            let mut tally = ScriptTally::default();
            let file = e.file.clone();
            let data = map(e.data, &mut |t: &TextMap| {
                n.text(t, &file, &mut d, &mut tally)
            });
            mismatch_warnings(&file, &tally, &mut d);
            let bodies = n.bodies(e.bodies, &mut d);
            let entity = Entity {
                slug: e.slug,
                file: e.file,
                data,
                bodies,
            };
            (entity, d, key)
        })
        .collect();
    if let Some(shelf) = shelf.as_deref_mut() {
        shelf.keep_only(results.iter().map(|(e, _, _)| &e.file));
    }
    results
        .into_iter()
        .map(|(e, d, key)| {
            if let Some((shelf, key)) = shelf.as_deref_mut().zip(key) {
                shelf.put(key, &e, &d);
            }
            diags.extend(d);
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_falls_back_to_simplified_with_its_lang() {
        let conv =
            Converter::new(&Conversion::default(), &[], crate::model::Groups::none()).unwrap();
        let sources = SourceMap::new(Path::new("."));
        let n = Normaliser {
            sources: &sources,
            converter: &conv,
            conversion: Conversion::default(),
        };
        let mut map = TextMap::default();
        map.set(SourceLang::Hant, "歷城區", Pos::new(1, 1));
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
            crate::model::Shown {
                text: "历城区",
                lang: Some(Edition::ZhHans)
            }
        );
    }
}
