//! A synthetic yearbook of any size, for benchmarks and for the property
//! test of incremental rebuilds: provinces and cities with ties, councils
//! with committees and members, events with participants, and bodies of
//! about 400 words per language with three links each. Deterministic.
//!
//! `examples/synthetic.rs` writes one to a folder; the benchmarks include
//! this file by path.
#![allow(dead_code)]

use std::path::Path;

/// What to generate.
pub struct Spec {
    /// Cities, councils and events together.
    pub entities: usize,
    /// Body languages: any of `zh-Hans`, `zh-Hant`, `en`.
    pub bodies: Vec<&'static str>,
}

/// How many of each kind `spec` makes: (provinces, cities, councils, events).
pub fn counts(spec: &Spec) -> (usize, usize, usize, usize) {
    let n = spec.entities.max(10);
    let provinces = (n / 100).max(1);
    let councils = (n / 10).max(1);
    let events = (n / 5).max(1);
    let cities = n - provinces - councils - events;
    (provinces, cities, councils, events)
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

const HAN: &str = "东西南北中华国际友好城市地方政府交流合作会议论坛";

/// A distinct four-character name for each number.
pub fn han_name(i: usize) -> String {
    let chars: Vec<char> = HAN.chars().collect();
    (0..4)
        .map(|k| chars[(i / chars.len().pow(k)) % chars.len()])
        .collect()
}

const ZH_SENTENCES: &[&str] = &[
    "双方就经贸、文化、教育和旅游等领域的交流合作进行了深入交谈",
    "会议通过了关于加强地方政府间务实合作的共同宣言",
    "与会代表参观了当地的高新技术产业园区和历史文化街区",
    "友好城市关系建立以来，两地在青少年交流方面成果丰硕",
    "各方一致同意进一步扩大人员往来，推动绿色低碳发展",
    "论坛围绕数字经济、乡村振兴和公共卫生展开了热烈讨论",
    "代表团还拜会了当地议会，并出席了欢迎宴会",
    "双方签署了友好交流合作协议，约定每年轮流举办交流活动",
];

const EN_SENTENCES: &[&str] = &[
    "The delegations discussed cooperation in trade, culture, education and tourism",
    "The meeting adopted a joint declaration on practical cooperation between local governments",
    "Participants visited a high-technology industrial park and the historic quarter of the city",
    "Since the friendship tie was established, youth exchanges between the two regions have flourished",
    "All sides agreed to expand people-to-people exchanges and to promote green, low-carbon development",
    "The forum held lively discussions on the digital economy, rural revitalisation and public health",
    "The delegation also called on the local assembly and attended a welcome banquet",
    "The two sides signed an agreement on friendly exchanges and agreed to take turns hosting events",
];

/// A body of about 400 words in `lang` with three links to cities.
fn body(lang: &str, i: usize, cities: usize) -> String {
    let link = |k: usize| format!("[](@cities/city-{})", (i * 31 + k * 977) % cities);
    let mut out = String::new();
    let (sentences, stop, count) = if lang == "en" {
        (EN_SENTENCES, ". ", 28usize)
    } else {
        (ZH_SENTENCES, "。", 24)
    };
    for s in 0..count {
        if s.is_multiple_of(8) && s > 0 {
            out.push_str("\n\n");
        }
        out.push_str(sentences[(i + s) % sentences.len()]);
        if s % 9 == 4 {
            out.push_str(if lang == "en" { " with " } else { "，并与" });
            out.push_str(&link(s / 9));
        }
        out.push_str(stop);
    }
    out.push('\n');
    if lang == "zh-Hant" {
        // Written in Traditional characters where the sample sentences
        // differ; good enough for a benchmark: conversion runs either way.
        out = out
            .replace('东', "東")
            .replace('会', "會")
            .replace('国', "國");
    }
    out
}

fn bodies(spec: &Spec, dir: &Path, slug: &str, i: usize, cities: usize) {
    for lang in &spec.bodies {
        write(
            &dir.join(format!("{slug}.{lang}.md")),
            &body(lang, i, cities),
        );
    }
}

/// Writes the yearbook into `root/content/`.
pub fn generate(root: &Path, spec: &Spec) {
    let c = root.join("content");
    let (provinces, cities, councils, events) = counts(spec);
    write(
        &c.join("yearbook.yaml"),
        "title: {zh-Hans: 合成年鉴, en: Synthetic Yearbook}\nlanguages: [zh-Hans, zh-Hant, en]\n",
    );
    write(
        &c.join("countries.yaml"),
        "CN: {zh-Hans: 中国, en: China}\nKR: {zh-Hans: 韩国, en: South Korea}\n",
    );
    let country = |p: usize| if p.is_multiple_of(2) { "CN" } else { "KR" };
    for p in 0..provinces {
        let dir = c.join(format!("cities/p{p}"));
        write(
            &dir.join(format!("province-{p}.yaml")),
            &format!(
                "name: {{zh-Hans: {}省, en: Province {p}}}\ncountry: {}\nlevel: province\nlocation: {{lat: {}, lon: {}}}\n",
                han_name(p),
                country(p),
                30 + p % 20,
                110 + p % 30
            ),
        );
    }
    for i in 0..cities {
        let p = i % provinces;
        let dir = c.join(format!("cities/p{p}"));
        let ties = if i.is_multiple_of(10) && cities > 7 {
            format!(
                "ties:\n  - city: city-{}\n    kind: sister\n    since: 2001\n",
                (i + 7) % cities
            )
        } else {
            String::new()
        };
        write(
            &dir.join(format!("city-{i}.yaml")),
            &format!(
                "name: {{zh-Hans: {}市, en: City {i}}}\ncountry: {}\nlevel: city\nparent: province-{p}\n{ties}",
                han_name(i + 100),
                country(p)
            ),
        );
        bodies(spec, &dir, &format!("city-{i}"), i, cities);
    }
    for n in 0..councils {
        let dir = c.join(format!("councils/c{}", n / 100));
        // Every 20th council is an association; the next ones its committees.
        let parent = if n.is_multiple_of(20) {
            String::new()
        } else {
            format!("parent: council-{}\n", n - n % 20)
        };
        let members: String = (0..(if n.is_multiple_of(20) { 40 } else { 2 }))
            .map(|k| format!("  - city: city-{}\n", (n * 131 + k * 7) % cities))
            .collect();
        write(
            &dir.join(format!("council-{n}.yaml")),
            &format!(
                "name: {{zh-Hans: {}联合会, en: Council {n}}}\nfounded: 1996\n{parent}members:\n{members}",
                han_name(n + 9000)
            ),
        );
        bodies(spec, &dir, &format!("council-{n}"), n, cities);
    }
    for e in 0..events {
        let year = 2000 + e % 25;
        let dir = c.join(format!("events/y{year}"));
        let parts: Vec<String> = (0..5)
            .map(|k| format!("city-{}", (e * 13 + k * 1001) % cities))
            .collect();
        let mut parts_unique = parts.clone();
        parts_unique.dedup();
        write(
            &dir.join(format!("event-{e}.yaml")),
            &format!(
                "title: {{zh-Hans: {}会议, en: Meeting {e}}}\nkind: meeting\ndate: {year}-{:02}-{:02}\ncity: city-{}\ncouncils: [council-{}]\nparticipants: [{}]\n",
                han_name(e + 30000),
                1 + e % 12,
                1 + e % 28,
                (e * 17) % cities,
                (e % councils) - (e % councils) % 20,
                parts_unique.join(", ")
            ),
        );
        bodies(spec, &dir, &format!("event-{e}"), e, cities);
    }
}
