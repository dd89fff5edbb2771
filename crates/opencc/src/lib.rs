//! Chinese script conversion with OpenCC's data and semantics, in pure Rust.
//!
//! The dictionaries and configurations of OpenCC (vendored in `data/`, see
//! `data/NOTICE` for the upstream commit) are compiled at build time into
//! double-array Aho-Corasick automata (`daachorse`); a [`Converter`] runs a
//! configuration the way upstream's library does: normalization of CJK
//! compatibility ideographs, maximum-match segmentation, dictionary groups
//! with their match policies, and the chain of conversion stages. Besides
//! [`Converter::convert`], [`Converter::trace`] tells how every part of the
//! output was made (which stage, dictionary and key; whether a one-to-many
//! character got its dictionary default).
//!
//! ```
//! use nianjian_opencc::{Config, Converter};
//! let cc = Converter::new(Config::S2t).unwrap();
//! assert_eq!(cc.convert("干部在晒干的衣服"), "幹部在曬乾的衣服");
//! ```

pub mod compile;
mod engine;
mod tables;
mod trace;

#[cfg(test)]
mod random_plans;

use std::fmt;

pub use engine::Stage;
pub use tables::{OPENCC_COMMIT, OPENCC_DATE, OneToMany};
pub use trace::{Span, Traced};

use engine::{Engine, NoRecord, Segmenter};
use tables::{ONE_TO_MANY, PLANS, Segmentation, table};
use trace::Tracer;

/// The configurations offered, named as upstream names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Config {
    /// Simplified to Traditional (OpenCC standard).
    S2t,
    /// Simplified to Traditional, Taiwan variant characters.
    S2tw,
    /// Simplified to Traditional, Taiwan characters and phrases.
    S2twp,
    /// Simplified to Traditional, Hong Kong variant characters.
    S2hk,
    /// Traditional (OpenCC standard) to Simplified.
    T2s,
    /// Traditional (Taiwan) to Simplified.
    Tw2s,
    /// Traditional (Taiwan) to Simplified, mainland phrases.
    Tw2sp,
    /// Traditional (Hong Kong) to Simplified.
    Hk2s,
}

/// Which way a configuration converts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    ToTraditional,
    ToSimplified,
}

impl Config {
    pub const ALL: [Config; 8] = [
        Config::S2t,
        Config::S2tw,
        Config::S2twp,
        Config::S2hk,
        Config::T2s,
        Config::Tw2s,
        Config::Tw2sp,
        Config::Hk2s,
    ];

    /// Upstream's name, e.g. `s2twp` (its `data/config/s2twp.json`).
    pub fn name(self) -> &'static str {
        PLANS[self.index()].name
    }

    pub fn from_name(name: &str) -> Option<Config> {
        Config::ALL.into_iter().find(|c| c.name() == name)
    }

    pub fn direction(self) -> Direction {
        match self {
            Config::S2t | Config::S2tw | Config::S2twp | Config::S2hk => Direction::ToTraditional,
            _ => Direction::ToSimplified,
        }
    }

    /// The single characters this configuration's dictionaries list several
    /// conversions for, where the first is written unless a phrase decides
    /// (e.g. 干 → 幹 乾 干 for `s2t`), in code point order per stage.
    pub fn one_to_many(self) -> &'static [OneToMany] {
        ONE_TO_MANY[self.index()]
    }

    fn index(self) -> usize {
        // PLANS is generated in the order of compile::CONFIGS, which is the
        // order of Config::ALL (checked by a test).
        self as usize
    }
}

impl Direction {
    /// The one-to-many characters of the direction's standard configuration
    /// (`s2t` or `t2s`).
    pub fn one_to_many(self) -> &'static [OneToMany] {
        match self {
            Direction::ToTraditional => Config::S2t.one_to_many(),
            Direction::ToSimplified => Config::T2s.one_to_many(),
        }
    }
}

/// The upstream regional phrase tables as text (`key<TAB>values`, in
/// Traditional characters): mainland usage to Taiwan's (s2twp's
/// `TWPhrases.txt`, 信息 → 資訊) and back (tw2sp's `TWPhrasesRev.txt`),
/// and the same for Hong Kong. Callers that apply regional vocabulary on
/// their own terms read them here rather than keeping a copy.
pub const TW_PHRASES: &str = include_str!("../data/dictionary/TWPhrases.txt");
pub const TW_PHRASES_REV: &str = include_str!("../data/dictionary/TWPhrasesRev.txt");
pub const HK_PHRASES: &str = include_str!("../data/dictionary/HKPhrases.txt");
pub const HK_PHRASES_REV: &str = include_str!("../data/dictionary/HKPhrasesRev.txt");

/// How contested a one-to-many character of `dictionary` is: the per mille
/// of that stage's phrases holding it in which it becomes another candidate
/// than its default ([`OneToMany::contested`]); `None` when the dictionary
/// gives it one conversion.
pub fn contested(dictionary: &str, character: &str) -> Option<u32> {
    static BY_KEY: std::sync::OnceLock<std::collections::HashMap<(&str, &str), u32>> =
        std::sync::OnceLock::new();
    let map = BY_KEY.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        for one in ONE_TO_MANY.iter().flat_map(|list| list.iter()) {
            let share = map.entry((one.dictionary, one.character)).or_insert(0);
            *share = one.contested.max(*share);
        }
        map
    });
    map.get(&(dictionary, character)).copied()
}

impl fmt::Display for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The embedded data could not be loaded (a build defect, not bad input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataError(pub String);

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "embedded OpenCC data: {}", self.0)
    }
}

impl std::error::Error for DataError {}

/// One configuration, ready to convert; cheap to construct once its tables
/// are loaded (they are shared by every converter in the process).
pub struct Converter {
    config: Config,
    engine: Engine,
}

impl Converter {
    pub fn new(config: Config) -> Result<Converter, DataError> {
        let plan = &PLANS[config.index()];
        let load = |ids: &[usize]| -> Result<Vec<_>, DataError> {
            ids.iter().map(|&i| table(i).map_err(DataError)).collect()
        };
        let segmenter = match plan.segmentation {
            Segmentation::None => Segmenter::None,
            Segmentation::FirstTier => Segmenter::FirstTier,
            Segmentation::Table(i) => Segmenter::Table(table(i).map_err(DataError)?),
        };
        Ok(Converter {
            config,
            engine: Engine {
                normalization: load(plan.normalization)?,
                segmenter,
                chain: load(plan.chain)?,
            },
        })
    }

    pub fn config(&self) -> Config {
        self.config
    }

    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.engine.convert_into(text, &mut out, &mut NoRecord);
        out
    }

    /// Converts `text`, appending to `out`.
    pub fn convert_into(&self, text: &str, out: &mut String) {
        self.engine.convert_into(text, out, &mut NoRecord);
    }

    /// Converts `text` and tells how: every dictionary match of every stage,
    /// with its place in the input and in the output.
    pub fn trace(&self, text: &str) -> Traced {
        let mut tracer = Tracer::default();
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.engine.convert_into(text, &mut out, &mut tracer);
        tracer.finish(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_order_matches_the_plans() {
        for (c, name) in Config::ALL.iter().zip(compile::CONFIGS) {
            assert_eq!(c.name(), name);
            assert_eq!(Config::from_name(name), Some(*c));
        }
    }
}
