//! The dictionaries OpenCC's build derives from its sources
//! (`data/CMakeLists.txt`, `data/scripts/*.py`), made the same way, byte for
//! byte, without OpenCC's tools:
//!
//! - `TSCharactersExt`: the `@tofu-risk` entries of `TSCharacters`, without
//!   the character itself (`extract_tofu_risk.py`).
//! - `TWVariantsRev`, `HKVariantsRev`, `JPShinjitaiCharactersRev`: keys and
//!   values swapped, `@reverse-prefer` choosing the default (`reverse.py`).
//! - `STPhrases_GeneratedFromRegionalPhrases`: the `t2s` form of every
//!   `HKPhrases`/`TWPhrases` key of three characters or more, mapped back to
//!   that key, so that `s2t` keeps a regional phrase whole for the regional
//!   stage (`generate_st_phrases_from_regional_phrases.py`).

use std::collections::{BTreeMap, HashMap};

use super::lexicon::{Entry, Lexicon, lines};
use super::simple::SimplePlan;

const TOFU_RISK: &str = "# @tofu-risk:";
const REVERSE_PREFER: &str = "# @reverse-prefer:";

/// Generated dictionaries: (name, file name of the source, how to make it).
pub const GENERATED: &[&str] = &[
    "TSCharactersExt",
    "STPhrases_GeneratedFromRegionalPhrases",
    "TWVariantsRev",
    "HKVariantsRev",
    "JPShinjitaiCharactersRev",
];

/// Every generated dictionary, as (name, text), from the upstream files that
/// `read` returns (a path below the data folder to its text).
pub fn all(read: &dyn Fn(&str) -> Result<String, String>) -> Result<Vec<(String, String)>, String> {
    let mut made: Vec<(String, String)> = vec![(
        "TSCharactersExt".to_owned(),
        tofu_risk_extension(&read("dictionary/TSCharacters.txt")?)?,
    )];
    for (name, source) in [
        ("TWVariantsRev", "TWVariants"),
        ("HKVariantsRev", "HKVariants"),
        ("JPShinjitaiCharactersRev", "JPShinjitaiCharacters"),
    ] {
        let text = read(&format!("dictionary/{source}.txt"))?;
        made.push((name.to_owned(), reverse(source, &text)?));
    }
    // t2s needs TSCharactersExt, made above; the rest comes from `read`.
    let with_made = |path: &str| -> Result<String, String> {
        let generated = made
            .iter()
            .find(|(name, _)| path == format!("generated/{name}.txt"));
        match generated {
            Some((_, text)) => Ok(text.clone()),
            None => read(path),
        }
    };
    let (plans, dicts) = super::load(&["t2s"], &with_made)?;
    let t2s = SimplePlan::new(&plans[0], &dicts)?;
    let inputs = [
        ("HKPhrases.txt", read("dictionary/HKPhrases.txt")?),
        ("TWPhrases.txt", read("dictionary/TWPhrases.txt")?),
    ];
    let inputs: Vec<(&str, &str)> = inputs.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let st = st_phrases_from_regional(&inputs, |s| t2s.convert(s))?;
    made.push(("STPhrases_GeneratedFromRegionalPhrases".to_owned(), st));
    Ok(made)
}

/// `extract_tofu_risk.py`: the entry after each `# @tofu-risk:` line.
pub fn tofu_risk_extension(ts_characters: &str) -> Result<String, String> {
    let file_lines: Vec<&str> = ts_characters.lines().collect();
    let mut out = String::new();
    for (i, line) in file_lines.iter().enumerate() {
        if !line.starts_with(TOFU_RISK) {
            continue;
        }
        let next = file_lines
            .get(i + 1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .ok_or(format!("no entry after {TOFU_RISK} at line {}", i + 1))?;
        let (key, values) = next
            .split_once('\t')
            .ok_or(format!("no tab at line {}", i + 2))?;
        let mut values: Vec<&str> = values.split_whitespace().collect();
        if values.first() == Some(&key) {
            values.remove(0);
        }
        if values.is_empty() {
            return Err(format!("no extension value at line {}", i + 2));
        }
        out.push_str(&format!("{key}\t{}\n", values.join(" ")));
    }
    Ok(out)
}

/// `reverse.py`: every value becomes a key listing the keys it came from,
/// in file order, the `@reverse-prefer` one first; sorted by key.
pub fn reverse(name: &str, text: &str) -> Result<String, String> {
    let lexicon = Lexicon::parse(name, text)?;
    let mut swapped: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for entry in &lexicon.entries {
        for value in &entry.values {
            let keys = swapped.entry(value.as_str()).or_insert_with(|| {
                order.push(value.as_str());
                Vec::new()
            });
            keys.push(entry.key.as_str());
        }
    }
    // A later preference for the same key replaces an earlier one, as in a
    // Python dict; each is applied once, in first-seen order.
    let mut preferences: Vec<(&str, &str)> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix(REVERSE_PREFER) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if !(1..=2).contains(&fields.len()) {
            return Err(format!("{name}: bad reverse preference: {line}"));
        }
        let (key, preferred) = (fields[0], fields[fields.len() - 1]);
        match preferences.iter_mut().find(|(k, _)| *k == key) {
            Some(p) => p.1 = preferred,
            None => preferences.push((key, preferred)),
        }
    }
    for (key, preferred) in preferences {
        let keys = swapped
            .get_mut(key)
            .filter(|keys| keys.contains(&preferred))
            .ok_or(format!(
                "{name}: reverse preference {key} -> {preferred} has no mapping"
            ))?;
        if let Some(at) = keys.iter().position(|k| *k == preferred) {
            let chosen = keys.remove(at);
            keys.insert(0, chosen);
        }
    }
    let mut entries: Vec<Entry> = order
        .iter()
        .map(|v| Entry {
            key: (*v).to_owned(),
            values: swapped[v].iter().map(|k| (*k).to_owned()).collect(),
        })
        .collect();
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(lines(&entries))
}

/// `generate_st_phrases_from_regional_phrases.py` with `t2s` given as a
/// function; `inputs` are (file name, text) in the order the build passes
/// them (HKPhrases, TWPhrases).
pub fn st_phrases_from_regional(
    inputs: &[(&str, &str)],
    t2s: impl Fn(&str) -> String,
) -> Result<String, String> {
    let mut collisions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text) in inputs {
        for entry in Lexicon::parse(name, text)?.entries {
            let converted = t2s(&entry.key);
            // Short regional keys could split longer Simplified words before
            // STPhrases gets a chance to match them.
            if converted.chars().count() < 3 {
                continue;
            }
            collisions.entry(converted).or_default().push(entry.key);
        }
    }
    let conflicts: Vec<String> = collisions
        .iter()
        .filter(|(_, keys)| keys.iter().any(|k| *k != keys[0]))
        .map(|(key, keys)| format!("{key}: {}", keys.join(" ")))
        .collect();
    if !conflicts.is_empty() {
        return Err(format!(
            "conflicting regional phrase simplified projections:\n{}",
            conflicts.join("\n")
        ));
    }
    let names: Vec<&str> = inputs.iter().map(|(n, _)| *n).collect();
    let mut out = String::new();
    out.push_str("# Open Chinese Convert (OpenCC) Dictionary\n");
    out.push_str("# File: STPhrases_GeneratedFromRegionalPhrases.txt\n");
    out.push_str("# Format: key\tvalue(s) (values separated by spaces)\n");
    out.push_str("# License: Apache-2.0 (see LICENSE)\n");
    out.push_str(&format!(
        "# Source: generated from {} keys via t2s.json\n",
        names.join(", ")
    ));
    out.push_str("# Used in configs: s2hkp.json, s2twp.json\n");
    out.push_str("#\n");
    out.push_str("# This generated ST phrase dictionary preserves Simplified-input spans\n");
    out.push_str("# before applying regional phrase vocabulary.\n");
    out.push('\n');
    for (key, keys) in &collisions {
        out.push_str(&format!("{key}\t{}\n", keys[0]));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tofu_risk() {
        let ts = "# x\n# @tofu-risk: y\n㑮\t㑮 𫝈\n乾\t干 乾\n";
        assert_eq!(tofu_risk_extension(ts).unwrap(), "㑮\t𫝈\n");
    }

    #[test]
    fn reverse_with_preference() {
        // 著 comes from 着 and from 著: file order, unless a preference says.
        let tw = "着\t著\n著\t著\n";
        assert_eq!(reverse("t", tw).unwrap(), "著\t着 著\n");
        let tw = "# @reverse-prefer: 著\n着\t著\n著\t著\n";
        assert_eq!(reverse("t", tw).unwrap(), "著\t著 着\n");
        let tw = "# @reverse-prefer: 著 着\n# @reverse-prefer: 著 著\n着\t著\n著\t著\n";
        assert_eq!(reverse("t", tw).unwrap(), "著\t著 着\n");
        assert!(reverse("t", "# @reverse-prefer: 着 X\n着\t著\n").is_err());
    }

    #[test]
    fn regional_projection() {
        let hk = "單車徑\t單車徑\n";
        let tw = "自行車道\t腳踏車道\n車道\t車道\n";
        let out = st_phrases_from_regional(&[("HK", hk), ("TW", tw)], |s| {
            s.replace('單', "单")
                .replace('車', "车")
                .replace('徑', "径")
        })
        .unwrap();
        assert!(
            out.ends_with("\n单车径\t單車徑\n自行车道\t自行車道\n"),
            "{out}"
        );
    }
}
