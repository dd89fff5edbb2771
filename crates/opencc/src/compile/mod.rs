//! From OpenCC's data files to conversion tables. This module is shared by
//! the build script (which compiles the tables into the library) and the
//! maintainer's generator (`examples/generate_tables.rs`); it reads nothing
//! itself: callers hand it file contents.

pub mod config;
pub mod flatten;
pub mod generate;
pub mod ids;
pub mod lexicon;
pub mod simple;
pub mod testcases;

use config::{Dict, Plan, Policy};
use flatten::{Dictionaries, FlatTable};
use lexicon::Lexicon;

/// The configurations this crate compiles, as upstream names them.
pub const CONFIGS: [&str; 8] = [
    "s2t", "s2tw", "s2twp", "s2hk", "t2s", "tw2s", "tw2sp", "hk2s",
];

/// Where a dictionary lives below the data folder.
pub fn dictionary_path(name: &str) -> String {
    if generate::GENERATED.contains(&name) {
        format!("generated/{name}.txt")
    } else {
        format!("dictionary/{name}.txt")
    }
}

/// Reads the plans of `configs` and every dictionary they name, through
/// `read` (a path below the data folder to its text).
pub fn load(
    configs: &[&str],
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(Vec<Plan>, Dictionaries), String> {
    let mut plans = Vec::new();
    let mut dicts = Dictionaries::default();
    for name in configs {
        let plan = Plan::parse(name, &read(&format!("config/{name}.json"))?)?;
        let mut files = Vec::new();
        let trees = plan
            .normalization
            .iter()
            .chain(&plan.segmentation)
            .chain(&plan.chain);
        trees.for_each(|d| d.files(&mut files));
        for file in files {
            if dicts.index(&file).is_none() {
                let text = read(&dictionary_path(&file))?;
                let lexicon = Lexicon::parse(&file, &text)?;
                check_keys(&file, &lexicon)?;
                dicts.add(&file, lexicon);
            }
        }
        plans.push(plan);
    }
    Ok((plans, dicts))
}

/// The engine relies on keys that no ideographic description sequence can
/// enter (see [`ids`]).
fn check_keys(name: &str, lexicon: &Lexicon) -> Result<(), String> {
    for e in &lexicon.entries {
        let text = e.values.iter().fold(e.key.clone(), |s, v| s + v);
        if text.chars().any(ids::is_operator) {
            return Err(format!(
                "{name}: {} contains an ideographic description operator; \
                 the engine assumes none does",
                e.key
            ));
        }
    }
    Ok(())
}

/// Whether segmentation can be read off the first chain stage: when that
/// stage is a `short_circuit` group whose first member is the segmentation
/// dictionary, its first-member matches are exactly the segmentation's
/// matches, provided every other key is one character long (a longer one
/// could hide a segment that starts inside it).
pub fn fusable(plan: &Plan, seg: &Dict, dicts: &Dictionaries) -> Result<bool, String> {
    let Some(Dict::Group(Policy::ShortCircuit, items)) = plan.chain.first() else {
        return Ok(false);
    };
    if items.first() != Some(seg) {
        return Ok(false);
    }
    let first = FlatTable::build(&plan.chain[0], dicts)?;
    Ok(first
        .entries
        .iter()
        .all(|(key, e)| e.tier == 0 || key.chars().count() == 1))
}
