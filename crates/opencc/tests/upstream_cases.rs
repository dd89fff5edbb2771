//! Upstream's own test suite (`data/testcases/testcases.json`) through the
//! conversion API: every case of the eight configurations must pass, but for
//! the explained entries of `compile::testcases::ALLOWED`, which stay under
//! 2 % of the cases.

use std::collections::BTreeMap;

use nianjian_opencc::compile::testcases::{ALLOWED, parse};
use nianjian_opencc::{Config, Converter};

fn cases() -> Vec<nianjian_opencc::compile::testcases::Case> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/testcases/testcases.json");
    let json = std::fs::read_to_string(path).expect("vendored testcases.json");
    parse(&json).expect("testcases.json parses")
}

#[test]
fn every_upstream_case_of_the_eight_configurations() {
    let converters: Vec<Converter> = Config::ALL
        .iter()
        .map(|&c| Converter::new(c).expect("embedded data"))
        .collect();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut allowed_seen = Vec::new();
    for case in cases() {
        for (config, expected) in &case.expected {
            let Some(cc) = converters.iter().find(|c| c.config().name() == config) else {
                continue; // a configuration we do not offer (hk2t, jp2t, …)
            };
            let got = cc.convert(&case.input);
            let count = counts.entry(cc.config().name()).or_default();
            count.0 += 1;
            let allowed = ALLOWED
                .iter()
                .any(|(id, c, _)| *id == case.id && c == config);
            if got == *expected {
                count.1 += 1;
                assert!(
                    !allowed,
                    "{} {config} passes: remove it from ALLOWED",
                    case.id
                );
            } else if allowed {
                allowed_seen.push((case.id.clone(), config.clone()));
            } else {
                failures.push(format!(
                    "{} {config}:\n  input    {}\n  expected {expected}\n  got      {got}",
                    case.id, case.input
                ));
            }
        }
    }
    let total: usize = counts.values().map(|c| c.0).sum();
    for (config, (n, pass)) in &counts {
        println!("{config}: {pass} of {n} pass");
    }
    println!(
        "all: {} of {total} pass; allowed: {}",
        counts.values().map(|c| c.1).sum::<usize>(),
        allowed_seen.len()
    );
    assert_eq!(
        total, 457,
        "the eight configurations have 457 cases at the vendored commit"
    );
    assert_eq!(allowed_seen.len(), ALLOWED.len(), "stale ALLOWED entries");
    assert!(
        ALLOWED.len() * 50 < total,
        "the allow-list must stay under 2 %"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
