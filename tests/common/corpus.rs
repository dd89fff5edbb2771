//! Text for conversion tests and the conversion benchmark, made from the
//! repository alone: the sample yearbook, and a deterministic generated text
//! that mixes its phrases with the characters OpenCC finds hardest, phrases
//! of the vendored OpenCC dictionaries, names, numbers, Latin words and
//! punctuation. An extra corpus (the seed documents
//! beside our own checkouts) is read only when it exists.
//!
//! The benchmark (`examples/bench_convert.rs`) includes this file by path, so
//! the optional lookup below is the one place tests and benchmarks name a
//! folder outside the repository.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A named list of lines to convert.
pub struct Corpus {
    pub name: String,
    pub lines: Vec<String>,
}

impl Corpus {
    pub fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count()).sum()
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every non-empty line of the files below `dir`, in file-name order.
fn lines_below(dir: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue; // not UTF-8 text: nothing to convert
        };
        lines.extend(
            text.lines()
                .map(str::trim_end)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    lines
}

/// The sample yearbook's content files.
pub fn sample_content() -> Corpus {
    Corpus {
        name: "sample content".to_owned(),
        lines: lines_below(&repo().join("content")),
    }
}

/// The optional extra corpus: the folder named by `NIANJIAN_EXTRA_CORPUS`,
/// else the seed documents that sit beside our own checkouts. A user's clone
/// has neither, and every test passes without them.
pub fn extra() -> Option<Corpus> {
    let dir = std::env::var_os("NIANJIAN_EXTRA_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/seeds"));
    dir.is_dir().then(|| Corpus {
        name: format!("extra corpus {}", dir.display()),
        lines: lines_below(&dir),
    })
}

/// SplitMix64: a fixed, tiny generator, so the corpus (and every other use
/// in the tests) is the same on every machine and in every run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Keys of the vendored phrase dictionaries (both scripts, regional ones
/// too), so that the text meets phrase matches and their boundaries.
fn dictionary_phrases() -> Vec<String> {
    let dir = repo().join("crates/opencc/data/dictionary");
    let mut keys = Vec::new();
    for name in ["STPhrases", "TSPhrases", "TWPhrases", "HKPhrases"] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("vendored {name}.txt: {e}"));
        keys.extend(
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split('\t').next())
                .filter(|k| !k.is_empty())
                .map(str::to_owned),
        );
    }
    keys
}

/// Characters whose conversion depends on the phrase around them, in both
/// scripts: the cases a converter gets wrong first.
const ONE_TO_MANY: &str = "干乾幹后後发發髮台臺颱里裡裏系係繫面麵余餘复復複历歷曆范範松鬆云雲只隻制製征徵谷穀冲沖衝钟鐘鍾托託准準出齣表錶丑醜卷捲吁籲涂塗叶葉胡鬍借藉斗鬥才纔丰豐奸姦了瞭困睏游遊周週朴樸咸鹹";

const LATIN: &[&str] = &[
    "NEAR",
    "Ulaanbaatar",
    "FTA",
    "AI",
    "Gangnam",
    "OpenCC",
    "Seoul",
    "APEC",
    "ESG",
    "Vientiane",
];

const PUNCT: &[&str] = &[
    "，", "。", "、", "；", "：", "？", "！", "「", "」", "“", "”", "（", "）", "…", "—", ", ",
    ". ", " ",
];

/// Runs of Han characters in `lines`, the phrases the generator reuses.
fn han_runs(lines: &[String]) -> Vec<Vec<char>> {
    let is_han = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
    let mut runs = Vec::new();
    for line in lines {
        let mut run = Vec::new();
        for c in line.chars() {
            if is_han(c) {
                run.push(c);
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs.retain(|r| r.len() >= 2);
    runs
}

/// A deterministic text of about `target_chars` characters: phrases cut from
/// the sample content, hard one-to-many characters set into them, dictionary
/// phrases, names, numbers, Latin words and punctuation, in lines of 40–160
/// characters.
pub fn generated(target_chars: usize) -> Corpus {
    let runs = han_runs(&sample_content().lines);
    assert!(
        !runs.is_empty(),
        "the sample content has Han text to draw from"
    );
    let hard: Vec<char> = ONE_TO_MANY.chars().collect();
    let phrases = dictionary_phrases();
    let mut rng = Rng(0x6e69_616e_6a69_616e);
    let mut lines = Vec::new();
    let mut total = 0;
    while total < target_chars {
        let want = 40 + rng.below(120);
        let mut line = String::new();
        let mut n = 0;
        while n < want {
            let piece: String = match rng.below(11) {
                // A phrase from the sample, 2–8 characters of it.
                0..=4 => {
                    let run = rng.pick(&runs);
                    let len = 2 + rng.below(7).min(run.len() - 2);
                    let start = rng.below(run.len() - len + 1);
                    run[start..start + len].iter().collect()
                }
                // A hard character next to a phrase fragment.
                5 | 6 => {
                    let run = rng.pick(&runs);
                    let c = *rng.pick(&hard);
                    let k = run[rng.below(run.len())];
                    if rng.below(2) == 0 {
                        format!("{c}{k}")
                    } else {
                        format!("{k}{c}")
                    }
                }
                7 => match rng.below(4) {
                    0 => format!("{}年", 1950 + rng.below(80)),
                    1 => format!("{}月{}日", 1 + rng.below(12), 1 + rng.below(28)),
                    2 => format!("{},{:03}", 1 + rng.below(99), rng.below(1000)),
                    _ => format!("{}.{}%", rng.below(100), rng.below(10)),
                },
                8 => (*rng.pick(LATIN)).to_owned(),
                9 => (*rng.pick(PUNCT)).to_owned(),
                // A phrase some dictionary has, whole.
                _ => rng.pick(&phrases).clone(),
            };
            n += piece.chars().count();
            line.push_str(&piece);
        }
        total += n;
        lines.push(line);
    }
    Corpus {
        name: format!("generated text ({total} characters)"),
        lines,
    }
}
