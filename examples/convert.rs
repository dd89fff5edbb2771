//! Converts standard input with one OpenCC configuration of the built-in
//! backend, without glossary or markup: `convert s2t < in.txt > out.txt`.
//! Used to compare the backend with the reference `opencc` tool by hand.

use std::io::{Read, Write};

use nianjian::model::{HansConfig, HantConfig};
use nianjian::text::convert::{Backend, hans_backend, hant_backend};

fn backend(name: &str) -> Option<Box<dyn Backend>> {
    let hant: Option<HantConfig> = serde_json::from_value(serde_json::json!(name)).ok();
    let hans: Option<HansConfig> = serde_json::from_value(serde_json::json!(name)).ok();
    match (hant, hans) {
        (Some(c), _) => hant_backend(c).ok(),
        (_, Some(c)) => hans_backend(c).ok(),
        _ => None,
    }
}

fn main() {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some(backend) = backend(&name) else {
        eprintln!("usage: convert s2t|s2tw|s2twp|s2hk|t2s|tw2s|tw2sp|hk2s < input");
        std::process::exit(2);
    };
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("cannot read standard input: {e}");
        std::process::exit(1);
    }
    let out = input
        .lines()
        .map(|l| backend.convert(l))
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(std::io::stdout(), "{out}");
}
