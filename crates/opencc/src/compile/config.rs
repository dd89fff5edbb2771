//! OpenCC configuration files (`data/config/*.json`), read as
//! `src/Config.cpp` reads them: an optional `normalization` chain, an
//! optional `mmseg` segmentation, and the `conversion_chain`, each naming
//! dictionaries or groups of them with a match policy.

use serde_json::Value;

/// How a group of dictionaries answers a prefix query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// The first dictionary (in order) with any match answers, with its
    /// longest match, even when a later one has a longer match.
    ShortCircuit,
    /// The longest match among all dictionaries; order breaks ties.
    Union,
}

/// A dictionary as a configuration names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Dict {
    /// A dictionary file, by name without extension ("STPhrases").
    File(String),
    Group(Policy, Vec<Dict>),
}

impl Dict {
    /// A stable text form, used to share one compiled table between
    /// configurations that name the same dictionary tree.
    pub fn signature(&self) -> String {
        match self {
            Dict::File(name) => name.clone(),
            Dict::Group(policy, items) => {
                let inner: Vec<String> = items.iter().map(Dict::signature).collect();
                let p = match policy {
                    Policy::ShortCircuit => "short_circuit",
                    Policy::Union => "union",
                };
                format!("{p}[{}]", inner.join(","))
            }
        }
    }

    /// Every dictionary file the tree names, in order.
    pub fn files(&self, out: &mut Vec<String>) {
        match self {
            Dict::File(name) => out.push(name.clone()),
            Dict::Group(_, items) => items.iter().for_each(|d| d.files(out)),
        }
    }
}

/// What one configuration does, in order.
#[derive(Clone, Debug)]
pub struct Plan {
    pub name: String,
    /// Conversions run over the whole text before anything else.
    pub normalization: Vec<Dict>,
    /// Maximum-match segmentation: each segment is converted on its own.
    pub segmentation: Option<Dict>,
    pub chain: Vec<Dict>,
}

impl Plan {
    /// Reads a configuration. Dictionaries marked `may_output_tofu` are
    /// kept, as the OpenCC library does by default.
    pub fn parse(name: &str, json: &str) -> Result<Plan, String> {
        let doc: Value = serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))?;
        let normalization = match doc.get("normalization") {
            Some(v) => chain(v).map_err(|e| format!("{name}: normalization: {e}"))?,
            None => Vec::new(),
        };
        let segmentation = match doc.get("segmentation") {
            Some(seg) => {
                let kind = seg.get("type").and_then(Value::as_str);
                if kind != Some("mmseg") {
                    return Err(format!("{name}: segmentation {kind:?} is not supported"));
                }
                let dict = seg
                    .get("dict")
                    .ok_or(format!("{name}: mmseg without dict"))?;
                Some(parse_dict(dict).map_err(|e| format!("{name}: segmentation: {e}"))?)
            }
            None => None,
        };
        let chain = doc
            .get("conversion_chain")
            .ok_or(format!("{name}: no conversion_chain"))
            .and_then(|v| chain(v).map_err(|e| format!("{name}: conversion_chain: {e}")))?;
        Ok(Plan {
            name: name.to_owned(),
            normalization,
            segmentation,
            chain,
        })
    }
}

fn chain(v: &Value) -> Result<Vec<Dict>, String> {
    let items = v.as_array().ok_or("not an array")?;
    items
        .iter()
        .map(|step| step.get("dict").ok_or("a step without dict".to_owned()))
        .map(|d| d.and_then(parse_dict))
        .collect()
}

fn parse_dict(v: &Value) -> Result<Dict, String> {
    let kind = v.get("type").and_then(Value::as_str).ok_or("no type")?;
    match kind {
        "group" => {
            let policy = match v.get("match_policy").and_then(Value::as_str) {
                None | Some("short_circuit") => Policy::ShortCircuit,
                Some("union") => Policy::Union,
                Some(other) => return Err(format!("unknown match_policy {other}")),
            };
            let items = v
                .get("dicts")
                .and_then(Value::as_array)
                .ok_or("group without dicts")?;
            let items = items
                .iter()
                .map(parse_dict)
                .collect::<Result<Vec<_>, _>>()?;
            if items.is_empty() {
                return Err("empty group".to_owned());
            }
            Ok(Dict::Group(policy, items))
        }
        "ocd2" | "ocd" | "text" => {
            let file = v.get("file").and_then(Value::as_str).ok_or("no file")?;
            let stem = file
                .rsplit_once('.')
                .map_or(file, |(stem, _)| stem)
                .to_owned();
            Ok(Dict::File(stem))
        }
        other => Err(format!("dictionary type {other} is not supported")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_groups_and_segmentation() {
        let plan = Plan::parse(
            "x",
            r#"{"name":"x",
              "normalization":[{"dict":{"type":"ocd2","file":"N.ocd2"}}],
              "segmentation":{"type":"mmseg","dict":{"type":"ocd2","file":"P.ocd2"}},
              "conversion_chain":[{"dict":{"type":"group","match_policy":"short_circuit",
                "dicts":[{"type":"group","match_policy":"union","dicts":[
                  {"type":"ocd2","file":"P.ocd2"},{"type":"ocd2","file":"G.ocd2"}]},
                  {"type":"ocd2","file":"C.ocd2","may_output_tofu":true}]}}]}"#,
        )
        .unwrap();
        assert_eq!(plan.normalization, [Dict::File("N".into())]);
        assert_eq!(plan.segmentation, Some(Dict::File("P".into())));
        assert_eq!(plan.chain[0].signature(), "short_circuit[union[P,G],C]");
    }
}
