//! The print edition, read back from the PDFs with poppler's `pdftotext`
//! and `lopdf`: names in each edition's script, index page numbers, the
//! outline, links, metadata, the Traditional text free of Simplified, and
//! the site's pictures drawn in the book with their labels.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use nianjian::build::{PrintOptions, Run};
use nianjian::graph::Graph;
use nianjian::model::{Edition, EventKind, Kind, Script};
use nianjian::text::convert::Converter;

/// The sample yearbook, built once with its PDFs for every test here.
struct Sample {
    _dir: tempfile::TempDir,
    output: PathBuf,
    graph: Graph,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("site");
        let mut run = Run::new(repo());
        run.print = PrintOptions {
            pdf: true,
            font_paths: Vec::new(),
        };
        let report = run.build(&output).unwrap_or_else(|d| {
            panic!(
                "sample failed: {}",
                nianjian::diag::render(&d, &run.sources, false)
            )
        });
        assert_eq!(report.pdfs, 3);
        let (graph, _) = run.graph().ok().expect("the sample resolves");
        Sample {
            _dir: dir,
            output,
            graph,
        }
    })
}

fn pdf_path(e: Edition) -> PathBuf {
    sample()
        .output
        .join(e.dir())
        .join(format!("yearbook-{}.pdf", e.dir()))
}

/// The text of every page, in order (`pdftotext` ends pages with a form feed).
fn pages(e: Edition) -> &'static [String] {
    static TEXT: OnceLock<HashMap<Edition, Vec<String>>> = OnceLock::new();
    let all = TEXT.get_or_init(|| {
        Edition::ALL
            .into_iter()
            .map(|e| (e, text_of_pages(&pdf_path(e))))
            .collect()
    });
    &all[&e]
}

/// The text of each page of `pdf`, by `pdftotext`.
fn text_of_pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    pages.pop(); // after the last form feed
    pages
}

/// Text without white space: line breaks fall anywhere in Chinese.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn document(e: Edition) -> Document {
    Document::load(pdf_path(e)).expect("lopdf reads the PDF")
}

/// A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding
/// (Latin-1 is close enough for the ASCII titles here).
fn text_string(obj: &Object) -> String {
    let bytes = obj.as_str().unwrap_or_default();
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| b as char).collect(),
    }
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj)
}

/// Each page's printed number, from the catalog's /PageLabels (a flat
/// number tree as Typst writes it: decimal or lower-case roman).
fn page_labels(doc: &Document) -> Vec<String> {
    let count = doc.get_pages().len();
    let catalog = doc.catalog().expect("catalog");
    let labels = deref(doc, catalog.get(b"PageLabels").expect("page labels"));
    let nums = deref(doc, labels.as_dict().unwrap().get(b"Nums").unwrap())
        .as_array()
        .unwrap();
    let ranges: Vec<(usize, &lopdf::Dictionary)> = nums
        .chunks(2)
        .map(|p| {
            let start = p[0].as_i64().unwrap() as usize;
            (start, deref(doc, &p[1]).as_dict().unwrap())
        })
        .collect();
    (0..count)
        .map(|page| {
            let Some(&(start, dict)) = ranges.iter().rev().find(|(s, _)| *s <= page) else {
                return String::new();
            };
            let first = dict.get(b"St").and_then(Object::as_i64).unwrap_or(1) as usize;
            let n = first + page - start;
            match dict.get(b"S").and_then(Object::as_name) {
                Ok(b"D") => n.to_string(),
                Ok(b"r") => roman(n),
                _ => String::new(),
            }
        })
        .collect()
}

fn roman(mut n: usize) -> String {
    let table = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// (term, page, the line before) for every index line that ends in a page
/// number; the line before is the start of a term that wrapped.
fn index_lines(e: Edition, heading: &str) -> Vec<(String, String, String)> {
    let pages = pages(e);
    // The index starts on the first page with its heading on a line of its
    // own (the contents give it with a page number).
    let start = pages
        .iter()
        .position(|p| p.lines().any(|l| l.trim() == heading))
        .expect("an index");
    let mut out = Vec::new();
    let mut before = String::new();
    for page in &pages[start..] {
        for line in page.lines() {
            let body = line.trim_end();
            let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            let (term, number) = body.split_at(body.len() - digits);
            let term = term.trim_end_matches(['.', ' ', '\u{2060}']);
            if digits > 0 && !term.is_empty() && term.len() < body.len() - digits {
                out.push((term.to_owned(), number.to_owned(), before.clone()));
                before.clear();
            } else {
                before = body.trim().to_owned();
            }
        }
    }
    out
}

#[test]
fn every_entity_name_appears_in_its_editions_script() {
    let site = &sample().graph.site;
    for e in site.editions.clone() {
        let text = squeeze(&pages(e).concat());
        let mut checked = 0;
        for kind in Kind::ALL {
            for i in 0..sample().graph.len(kind) {
                let name = match kind {
                    Kind::City => site.cities[i].data.name.show(e),
                    Kind::Council => site.councils[i].data.name.show(e),
                    Kind::Event => site.events[i].data.title.show(e),
                };
                assert!(
                    text.contains(&squeeze(name.text)),
                    "{e}: `{}` is not in the PDF",
                    name.text
                );
                checked += 1;
            }
        }
        assert!(checked > 140, "{e}: only {checked} names");
    }
    // The script differs where it should.
    let hans = squeeze(&pages(Edition::ZhHans).concat());
    let hant = squeeze(&pages(Edition::ZhHant).concat());
    assert!(hans.contains("【济南市】") && !hans.contains("【濟南市】"));
    assert!(hant.contains("【濟南市】") && !hant.contains("【济南市】"));
    assert!(hant.contains("（見第") && hans.contains("（见第"));
}

#[test]
fn index_page_numbers_are_where_the_entries_start() {
    for (e, heading) in [(Edition::ZhHans, "名称索引"), (Edition::ZhHant, "名稱索引")] {
        let labels = page_labels(&document(e));
        let texts: Vec<String> = pages(e).iter().map(|p| squeeze(p)).collect();
        let lines = index_lines(e, heading);
        let mut checked = 0;
        for (term, number, before) in &lines {
            // An alias names the entry it stands for after the arrow; a
            // term that wrapped began on the line before.
            let whole = format!("{before}{term}");
            let title = [whole.as_str(), term]
                .into_iter()
                .map(|t| t.rsplit(" → ").next().unwrap_or(t).trim())
                .find(|t| {
                    let h = format!("【{}】", squeeze(t));
                    texts.iter().any(|p| p.contains(&h))
                })
                .unwrap_or_else(|| panic!("{e}: index term {term} opens no entry"));
            let page = labels
                .iter()
                .position(|l| l == number)
                .unwrap_or_else(|| panic!("{e}: no page is numbered {number}"));
            let heading = format!("【{}】", squeeze(title));
            assert!(
                texts[page].contains(&heading),
                "{e}: index says {title} is on page {number}, but that page does not open it"
            );
            // And it is the first page that shows the heading.
            assert!(texts[..page].iter().all(|t| !t.contains(&heading)));
            checked += 1;
        }
        assert!(checked > 150, "{e}: only {checked} index lines read");
    }
}

/// Every outline item: (depth, title), in order.
fn outline(doc: &Document) -> Vec<(usize, String)> {
    fn walk(doc: &Document, first: Option<ObjectId>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).expect("outline item");
            out.push((depth, text_string(item.get(b"Title").expect("title"))));
            let child = item.get(b"First").and_then(Object::as_reference).ok();
            walk(doc, child, depth + 1, out);
            next = item.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Outlines"))
        .and_then(Object::as_reference)
        .expect("an outline");
    let first = doc
        .get_dictionary(root)
        .and_then(|d| d.get(b"First"))
        .and_then(Object::as_reference)
        .ok();
    let mut out = Vec::new();
    walk(doc, first, 0, &mut out);
    out
}

#[test]
fn the_outline_lists_parts_sections_and_entries() {
    let doc = document(Edition::En);
    let items = outline(&doc);
    let parts: Vec<&str> = items
        .iter()
        .filter(|(d, _)| *d == 0)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        parts,
        [
            "Editor's note",
            "Contents",
            "Chronicle",
            "Local governments",
            "Councils",
            "Events",
            "Appendix",
            "Index of names"
        ]
    );
    // Entries sit under their part (and country or year).
    let jinan = items.iter().position(|(_, t)| t == "Jinan").expect("Jinan");
    let china = items[..jinan]
        .iter()
        .rposition(|(d, _)| *d == 1)
        .expect("a section");
    assert_eq!(items[china].1, "China");
    assert_eq!(items[jinan].0, 2);
    let graph = &sample().graph;
    let entities = Kind::ALL.iter().map(|&k| graph.len(k)).sum::<usize>();
    assert!(
        items.len() > entities,
        "{} outline items for {entities} entities",
        items.len()
    );
    let hans = outline(&document(Edition::ZhHans));
    assert!(hans.iter().any(|(d, t)| *d == 0 && t == "大事记"));
    assert!(hans.iter().any(|(d, t)| *d == 2 && t == "济南市"));
}

/// The page each internal link on `page` goes to.
fn link_targets(doc: &Document, page: ObjectId) -> Vec<ObjectId> {
    let mut out = Vec::new();
    for annot in doc.get_page_annotations(page).unwrap_or_default() {
        let dest = annot
            .get(b"Dest")
            .ok()
            .or_else(|| {
                let action = deref(doc, annot.get(b"A").ok()?).as_dict().ok()?;
                action.get(b"D").ok()
            })
            .map(|d| deref(doc, d));
        let dest = dest.map(|d| match d {
            Object::String(..) | Object::Name(_) => named_destination(doc, d).unwrap_or(d),
            _ => d,
        });
        if let Some(Ok(arr)) = dest.map(Object::as_array)
            && let Some(Ok(target)) = arr.first().map(Object::as_reference)
        {
            out.push(target);
        }
    }
    out
}

/// A named destination's target, from the catalog's /Names /Dests tree
/// (or the older /Dests dictionary).
fn named_destination<'a>(doc: &'a Document, name: &Object) -> Option<&'a Object> {
    let key: &[u8] = match name {
        Object::String(bytes, _) => bytes,
        Object::Name(bytes) => bytes,
        _ => return None,
    };
    fn search<'a>(doc: &'a Document, node: &'a Object, key: &[u8]) -> Option<&'a Object> {
        let node = deref(doc, node).as_dict().ok()?;
        if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
            for pair in names.chunks(2) {
                if pair[0].as_str().ok() == Some(key) {
                    let value = deref(doc, pair.get(1)?);
                    // A destination, or a dictionary holding it under /D.
                    return Some(match value.as_dict() {
                        Ok(d) => deref(doc, d.get(b"D").ok()?),
                        Err(_) => value,
                    });
                }
            }
        }
        let kids = node.get(b"Kids").and_then(Object::as_array).ok()?;
        kids.iter().find_map(|k| search(doc, k, key))
    }
    let catalog = doc.catalog().ok()?;
    if let Ok(names) = catalog.get(b"Names") {
        let dests = deref(doc, names).as_dict().ok()?.get(b"Dests").ok()?;
        return search(doc, dests, key);
    }
    let dests = deref(doc, catalog.get(b"Dests").ok()?).as_dict().ok()?;
    Some(deref(doc, dests.get(key).ok()?))
}

#[test]
fn index_and_text_link_to_the_entries() {
    let e = Edition::ZhHans;
    let doc = document(e);
    let ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let texts: Vec<String> = pages(e).iter().map(|p| squeeze(p)).collect();
    let jinan = texts
        .iter()
        .position(|t| t.contains("【济南市】"))
        .expect("Jinan's entry");
    // Links to Jinan's page from elsewhere: its children, events, the index.
    let from: Vec<usize> = (0..ids.len())
        .filter(|&p| p != jinan && link_targets(&doc, ids[p]).contains(&ids[jinan]))
        .collect();
    let index = texts
        .iter()
        .position(|t| t.starts_with("名称索引"))
        .expect("index");
    assert!(from.iter().any(|&p| p >= index), "no index link: {from:?}");
    assert!(
        from.iter().any(|&p| p < index),
        "no link from the text: {from:?}"
    );
    let total: usize = ids.iter().map(|&id| link_targets(&doc, id).len()).sum();
    assert!(total > 500, "only {total} internal links");
}

#[test]
fn metadata_names_title_and_language_and_homes_link_the_pdfs() {
    for (e, title, lang) in [
        (Edition::ZhHans, "东北亚地方交流年鉴", "zh-CN"),
        (Edition::ZhHant, "東北亞地方交流年鑑", "zh-TW"),
        (Edition::En, "Northeast Asia Local Exchange Yearbook", "en"),
    ] {
        let out = Command::new("pdfinfo")
            .arg(pdf_path(e))
            .output()
            .expect("pdfinfo");
        let info = String::from_utf8_lossy(&out.stdout);
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{info}"
        );
        let doc = document(e);
        let catalog = doc.catalog().expect("catalog");
        assert_eq!(text_string(catalog.get(b"Lang").expect("/Lang")), lang);
        // PDF/A-2b: the XMP metadata says so.
        let metadata = deref(&doc, catalog.get(b"Metadata").expect("metadata"));
        let xmp = String::from_utf8_lossy(&metadata.as_stream().expect("stream").content);
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
        let home = std::fs::read_to_string(sample().output.join(e.dir()).join("index.html"))
            .expect("home page");
        let href = format!("href=\"../{0}/yearbook-{0}.pdf\"", e.dir());
        assert!(home.contains(&href), "{e} home does not link its PDF");
    }
}

/// Characters only Simplified Chinese writes: keys of the converter's own
/// character table (upstream OpenCC's STCharacters, vendored in
/// crates/opencc) that are not among their own Traditional forms (发, not
/// 干, which is 干 in Traditional too).
#[test]
fn traditional_text_has_no_simplified_characters() {
    let site = &sample().graph.site;
    let converter =
        Converter::new(&site.yearbook.conversion, &site.glossary, site.groups).expect("converter");
    let only = common::one_script_only("STCharacters.txt");
    // Citations included: they are converted like every other text.
    let text = squeeze(&pages(Edition::ZhHant).concat());
    let chars: Vec<char> = text.chars().collect();
    let found: Vec<String> = chars
        .iter()
        .enumerate()
        // 秘 is in the table, but Taiwan's standard keeps it: only what the
        // project's converter changes counts.
        .filter(|(_, c)| {
            only.contains(c)
                && converter
                    .convert(&c.to_string(), Script::Hant)
                    .is_ok_and(|t| t != c.to_string())
        })
        .map(|(i, c)| {
            let around: String = chars[i.saturating_sub(8)..(i + 8).min(chars.len())]
                .iter()
                .collect();
            let hant = converter
                .convert(&c.to_string(), Script::Hant)
                .expect("no markup");
            format!("{c} (Traditional {hant}) in {around}")
        })
        .collect();
    assert!(found.is_empty(), "Simplified characters: {found:?}");
    // The check can fail: the Simplified book is full of them.
    let hans = squeeze(&pages(Edition::ZhHans).concat());
    assert!(hans.chars().filter(|c| only.contains(c)).count() > 1000);
}

#[test]
fn missing_chinese_fonts_name_the_package_and_font_path_finds_them() {
    let site = common::TestSite::new(&[]);
    let empty = site.path("no-fonts");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let config = site.path("fonts.conf");
    std::fs::write(
        &config,
        format!("<fontconfig><dir>{}</dir></fontconfig>", empty.display()),
    )
    .expect("write");
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_nianjian"))
            .args(["pdf", "--edition", "zh-hant", "-o", "book.pdf"])
            .args(extra)
            .current_dir(site.root())
            .env("FONTCONFIG_FILE", &config)
            .env("NO_COLOR", "1")
            .output()
            .expect("run nianjian");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("fonts-noto-cjk"), "{err}");
    assert!(!site.path("book.pdf").exists());
    let noto = "/usr/share/fonts/opentype/noto";
    let (code, err) = run(&["--font-path", noto]);
    assert_eq!(code, Some(0), "{err}");
    let text = Command::new("pdftotext")
        .arg(site.path("book.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(squeeze(&String::from_utf8_lossy(&text.stdout)).contains("【歷城區】"));
}

#[test]
fn the_preface_is_converted_with_the_names_pinned_like_the_site() {
    // s2twp alone makes 布尔干省 布林幹省 (布尔 is "Boolean" in its
    // Taiwan vocabulary); the province's own zh-Hant name pins it.
    let site = common::TestSite::new(&[
        (
            "content/cities/cn/bulgan.yaml",
            "name: {zh-Hans: 布尔干省, zh-Hant: 布爾干省}\ncountry: CN\nlevel: province\n",
        ),
        ("content/preface.zh-Hans.md", "本书记布尔干省的交往。\n"),
        (
            "content/yearbook.yaml",
            concat!(
                "title: {zh-Hans: 东北亚地方交流年鉴, en: Northeast Asia Local Exchange Yearbook}\n",
                "languages: [zh-Hans, zh-Hant, en]\n",
                "conversion: {zh-Hant: s2twp, zh-Hans: tw2sp}\n",
            ),
        ),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_nianjian"))
        .args(["pdf", "--edition", "zh-hant", "-o", "book.pdf"])
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run nianjian");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = Command::new("pdftotext")
        .arg(site.path("book.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    assert!(text.contains("本書記布爾干省的交往"), "{text}");
    assert!(!text.contains("布林幹省"), "{text}");
}

/// What a picture drew, read from the page's content stream: Typst marks
/// an image's drawing with its alt text (the caption here), so everything
/// between that mark and its end is the SVG's.
#[derive(Debug, Default)]
struct Drawn {
    /// The page (0-based) it is on.
    page: usize,
    /// Its text, decoded through the fonts' ToUnicode maps.
    text: String,
    /// Areas filled in the bar colour of the site's charts (#a4282c).
    bars: usize,
    /// Every path painted.
    paths: usize,
}

fn number(o: &Object) -> f32 {
    o.as_float()
        .or_else(|_| o.as_i64().map(|i| i as f32))
        .unwrap_or(f32::NAN)
}

/// A font's ToUnicode map: two-byte glyph code → text. Typst writes only
/// `bfchar` entries, with a PostScript header lopdf's own parser refuses.
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let Some(stream) = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| deref(doc, o).as_stream().ok())
    else {
        return HashMap::new();
    };
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&bytes);
    let hex = |h: &str| -> Vec<u8> {
        (0..h.len() / 2)
            .filter_map(|i| u8::from_str_radix(h.get(2 * i..2 * i + 2)?, 16).ok())
            .collect()
    };
    let mut map = HashMap::new();
    for block in text.split("beginbfchar").skip(1) {
        let block = block.split("endbfchar").next().unwrap_or_default();
        let tokens: Vec<&str> = block
            .split(['<', '>'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        for pair in tokens.chunks(2) {
            let (code, dst) = (hex(pair[0]), hex(pair.get(1).copied().unwrap_or_default()));
            let units: Vec<u16> = dst
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            if let [hi, lo] = code[..] {
                map.insert(
                    u16::from_be_bytes([hi, lo]),
                    String::from_utf16_lossy(&units),
                );
            }
        }
    }
    map
}

fn picture(doc: &Document, caption: &str) -> Option<Drawn> {
    for (n, (_, &page)) in doc.get_pages().iter().enumerate() {
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let maps: HashMap<Vec<u8>, HashMap<u16, String>> = fonts
            .iter()
            .map(|(name, font)| (name.clone(), to_unicode(doc, font)))
            .collect();
        let content = doc.get_page_content(page).expect("page content");
        let ops = Content::decode(&content)
            .expect("content stream")
            .operations;
        // Depth of marked content inside the picture; 0 outside it.
        let mut depth = 0usize;
        let mut drawn: Option<Drawn> = None;
        let (mut font, mut colour) = (Vec::new(), Vec::new());
        for op in &ops {
            let args = &op.operands;
            match op.operator.as_str() {
                "BDC" if depth == 0 => {
                    let alt = args
                        .get(1)
                        .and_then(|d| deref(doc, d).as_dict().ok())
                        .and_then(|d| d.get(b"Alt").ok())
                        .map(text_string);
                    if alt.as_deref() == Some(caption) {
                        depth = 1;
                        drawn = Some(Drawn {
                            page: n,
                            ..Drawn::default()
                        });
                    }
                }
                "BDC" | "BMC" if depth > 0 => depth += 1,
                "EMC" if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return drawn;
                    }
                }
                _ if depth == 0 => {}
                "Tf" => font = args[0].as_name().unwrap_or_default().to_vec(),
                "sc" | "scn" => colour = args.iter().map(number).collect(),
                "Tj" | "TJ" => {
                    let pieces = match &args[0] {
                        Object::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    let map = maps.get(&font)?;
                    let d = drawn.as_mut()?;
                    for bytes in pieces.into_iter().filter_map(|p| p.as_str().ok()) {
                        for code in bytes.chunks(2) {
                            let code = u16::from_be_bytes([code[0], *code.get(1).unwrap_or(&0)]);
                            d.text
                                .push_str(map.get(&code).map_or("\u{FFFD}", String::as_str));
                        }
                    }
                }
                "f" | "f*" | "B" | "B*" | "S" => {
                    let d = drawn.as_mut()?;
                    d.paths += 1;
                    let bar = [164.0, 40.0, 44.0].map(|c: f32| c / 255.0);
                    if op.operator.starts_with('f')
                        && colour.len() == 3
                        && colour.iter().zip(bar).all(|(a, b)| (a - b).abs() < 0.01)
                    {
                        d.bars += 1;
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The statistics chart of events by kind, in each book: under its caption,
/// one bar a kind the sample has, each named in the edition's script; and
/// China's map of ties with its cities' names, Chinese ones in Traditional
/// characters in the zh-Hant book.
#[test]
fn the_sites_pictures_are_drawn_with_captions_and_labels_in_the_editions_script() {
    let graph = &sample().graph;
    let site = &graph.site;
    let kinds = EventKind::ALL
        .iter()
        .filter(|&&k| site.events.iter().any(|e| e.data.kind == k))
        .count();
    let converter =
        Converter::new(&site.yearbook.conversion, &site.glossary, site.groups).expect("converter");
    let simplified = common::one_script_only("STCharacters.txt");
    let traditional = common::one_script_only("TSCharacters.txt");
    let cases = [
        (
            Edition::ZhHans,
            "活动（按类型）",
            ["会议", "访问", "签约", "论坛", "颁奖", "其他"],
            "中国地方政府的友好关系",
        ),
        (
            Edition::ZhHant,
            "活動（按類型）",
            ["會議", "訪問", "簽約", "論壇", "頒獎", "其他"],
            "中國地方政府的友好關係",
        ),
        (
            Edition::En,
            "Events by kind",
            ["Meeting", "Visit", "Signing", "Forum", "Award", "Other"],
            "Ties of the local governments of China",
        ),
    ];
    for (e, caption, labels, china) in cases {
        let doc = document(e);
        let chart = picture(&doc, caption)
            .unwrap_or_else(|| panic!("{e}: no picture with the alt text {caption}"));
        assert!(
            squeeze(&pages(e)[chart.page]).contains(&squeeze(caption)),
            "{e}: the chart's page does not print its caption"
        );
        assert_eq!(chart.bars, kinds, "{e}: bars of {chart:?}");
        for label in labels {
            assert!(chart.text.contains(label), "{e}: no {label} in {chart:?}");
        }
        // Its labels are names of the cities at both ends of China's located
        // ties, as the book spells them (the map leaves out a label that
        // would overlap another, so not every name is there).
        let map = picture(&doc, china).unwrap_or_else(|| panic!("{e}: no map of China"));
        assert!(squeeze(&pages(e)[map.page]).contains(&squeeze(china)));
        let city = |c: nianjian::model::Id<nianjian::model::City>| &site.cities[c.index()].data;
        let mut names: Vec<&str> = graph
            .all_ties()
            .iter()
            .filter(|t| [t.a, t.b].iter().any(|&c| city(c).country.value == "CN"))
            .filter(|t| [t.a, t.b].iter().all(|&c| city(c).location.is_some()))
            .flat_map(|t| [t.a, t.b])
            .map(|c| city(c).name.show(e).text)
            .collect();
        names.sort_unstable_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        let shown = names
            .iter()
            .filter(|n| map.text.replace('\u{AD}', "-").contains(*n))
            .count();
        // A font may give one glyph to the hyphen and the soft hyphen, and
        // the PDF's ToUnicode map names the latter.
        let text = map.text.replace('\u{AD}', "-");
        let rest = names.iter().fold(text, |rest, n| rest.replace(n, ""));
        assert!(shown >= 10, "{e}: {shown} names on the map: {map:?}");
        assert!(
            squeeze(&rest).is_empty(),
            "{e}: not a name on the map: {rest}"
        );
        assert!(map.paths > 50, "{e}: a map of {} paths", map.paths);
        let (wrong, script) = match e {
            Edition::ZhHans => (&traditional, Script::Hans),
            Edition::ZhHant => (&simplified, Script::Hant),
            Edition::En => continue,
        };
        // As in the text: only what the project's converter changes counts.
        let stray: String = format!("{}{}", chart.text, map.text)
            .chars()
            .filter(|c| {
                wrong.contains(c)
                    && converter
                        .convert(&c.to_string(), script)
                        .is_ok_and(|t| t != c.to_string())
            })
            .collect();
        assert!(
            stray.is_empty(),
            "{e}: characters of the other script: {stray}"
        );
    }
}

/// Books made one at a time (as a build does by itself when two books would
/// not fit in memory) are the same books, and the build does not wait for
/// ever: a book that must be alone waits for a lock on threads of its own,
/// which a build's rayon thread, lent to other tasks while it waits, could
/// not safely do.
#[test]
fn books_made_one_at_a_time_are_the_same_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = dir.path().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianjian"))
        .arg("--root")
        .arg(repo())
        .args(["build", "--pdf", "--output"])
        .arg(&output)
        .env("NIANJIAN_BOOKS_ALONE", "1")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run nianjian");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for nianjian") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("build --pdf with the books one at a time did not end in 300 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(status.success());
    for e in Edition::ALL {
        let pdf = output
            .join(e.dir())
            .join(format!("yearbook-{}.pdf", e.dir()));
        let alone = text_of_pages(&pdf);
        assert_eq!(alone.len(), pages(e).len(), "{e:?}");
        assert!(alone == pages(e), "{e:?}: the books' texts differ");
    }
}
