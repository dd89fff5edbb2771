//! Every text of every page of the sample, read as a browser and a screen
//! reader take it: the script of each text node agrees with the `lang` in
//! force there. A Simplified character in `zh-Hant` text, a Traditional one
//! in `zh-Hans` text, quotation marks of the other side's convention, or
//! Chinese in text marked English is a finding.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use nianjian::build::Run;
use nianjian::model::Script;
use nianjian::text::convert::Converter;
use scraper::node::Element;
use scraper::{Html, Node};

fn is_han(c: char) -> bool {
    nianjian::model::is_han(c)
}

/// What is wrong with one text node in `lang`: the characters that do not
/// belong, by the project's own converter (a character the table lists but
/// the configured variant keeps, like Taiwan's 秘, is not wrong).
struct Judge {
    converter: Converter,
    simplified_only: HashSet<char>,
    traditional_only: HashSet<char>,
    changes: HashMap<(char, Script), bool>,
}

impl Judge {
    fn converts(&mut self, c: char, to: Script) -> bool {
        let converter = &self.converter;
        *self.changes.entry((c, to)).or_insert_with(|| {
            converter
                .convert(&c.to_string(), to)
                .is_ok_and(|t| t != c.to_string())
        })
    }

    fn wrong(&mut self, text: &str, lang: &str) -> Vec<char> {
        let mut out = Vec::new();
        for c in text.chars() {
            let bad = match lang {
                // The sample's zh-Hant is Taiwan's (s2tw): 「」『』 there,
                // “”‘’ on the mainland.
                "zh-Hans" => {
                    matches!(c, '「' | '」' | '『' | '』')
                        || self.traditional_only.contains(&c) && self.converts(c, Script::Hans)
                }
                "zh-Hant" => {
                    matches!(c, '“' | '”')
                        || self.simplified_only.contains(&c) && self.converts(c, Script::Hant)
                }
                "en" => is_han(c),
                _ => false,
            };
            if bad {
                out.push(c);
            }
        }
        out
    }
}

/// The `lang` in force at a node, from its enclosing elements (nearest
/// first).
fn lang_at(enclosing: &[&Element]) -> Option<String> {
    enclosing
        .iter()
        .find_map(|e| e.attr("lang").map(str::to_owned))
}

/// Text nodes that are not prose: scripts, styles, code.
fn is_code(enclosing: &[&Element]) -> bool {
    enclosing
        .iter()
        .any(|e| matches!(e.name(), "script" | "style" | "code" | "pre" | "template"))
}

#[test]
fn every_text_node_is_in_the_script_of_its_lang() {
    let repo = common::repo();
    let built = common::build_into_temp(repo);
    let (graph, _) = Run::new(repo).graph().ok().expect("the sample resolves");
    let site = &graph.site;
    let mut judge = Judge {
        converter: Converter::new(&site.yearbook.conversion, &site.terms(), site.groups)
            .expect("converter"),
        simplified_only: common::one_script_only("STCharacters.txt"),
        traditional_only: common::one_script_only("TSCharacters.txt"),
        changes: HashMap::new(),
    };
    let mut findings = Vec::new();
    let mut nodes = 0usize;
    let mut langs: HashMap<String, usize> = HashMap::new();
    for entry in walkdir::WalkDir::new(&built.output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let page = entry.path();
        let html = Html::parse_document(&std::fs::read_to_string(page).expect("page"));
        for node in html.tree.root().descendants() {
            let Node::Text(text) = node.value() else {
                continue;
            };
            let enclosing: Vec<&Element> = node
                .ancestors()
                .filter_map(|a| a.value().as_element())
                .collect();
            if text.trim().is_empty() || is_code(&enclosing) {
                continue;
            }
            let Some(lang) = lang_at(&enclosing) else {
                findings.push(format!(
                    "{}: text without a lang: {:?}",
                    rel(page, &built.output),
                    &**text
                ));
                continue;
            };
            nodes += 1;
            *langs.entry(lang.clone()).or_default() += 1;
            let wrong = judge.wrong(text, &lang);
            if !wrong.is_empty() {
                findings.push(format!(
                    "{}: lang={lang}: {} in {:?}",
                    rel(page, &built.output),
                    wrong.iter().collect::<String>(),
                    text.trim()
                ));
            }
        }
    }
    // The scan saw the whole site, in all three languages.
    assert!(nodes > 50_000, "only {nodes} text nodes");
    for lang in ["zh-Hans", "zh-Hant", "en"] {
        assert!(
            langs.get(lang).copied().unwrap_or(0) > 5_000,
            "{lang}: {langs:?}"
        );
    }
    assert!(
        findings.is_empty(),
        "{} text nodes disagree with their lang:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

fn rel(page: &Path, root: &Path) -> String {
    page.strip_prefix(root)
        .unwrap_or(page)
        .display()
        .to_string()
}

/// Citations go through the same path as every text: converted into each
/// Chinese edition's script, marked with their language in the English one,
/// joined with the edition's own comma.
#[test]
fn citations_are_converted_and_marked() {
    let built = common::build_into_temp(common::repo());
    let page = |e: &str| {
        let path = built
            .output
            .join(e)
            .join("events/2024-kunming-friendship-city-signings/index.html");
        std::fs::read_to_string(path).expect("the event page")
    };
    // Written in Traditional, with ASCII punctuation between Chinese.
    assert!(page("zh-hans").contains("中国新增8对中外友好城市（省州），中老铁路沿线城市联盟成立，澎湃新闻（华文星空转载），2024年11月20日"));
    assert!(page("zh-hant").contains("中國新增8對中外友好城市（省州），中老鐵路沿線城市聯盟成立，澎湃新聞（華文星空轉載），2024年11月20日"));
    assert!(page("en").contains(
        r#"<span lang="zh-Hans">中国新增8对中外友好城市（省州），中老铁路沿线城市联盟成立</span>, <span lang="zh-Hans">澎湃新闻（华文星空转载）</span>, 20 November 2024"#
    ));
}
