//! How many conversion-lint warnings a text gives per 10,000 Han
//! characters: `cargo run --release --example lint_rate -- FILE...`.
//! A file is linted as Simplified when most of its script-specific
//! characters are Simplified, else as Traditional (English files have no
//! Han characters and are skipped).

use nianjian::model::{Conversion, Script, is_han};
use nianjian::normalise::lint;
use nianjian::text::convert::Converter;

fn main() {
    let converter = Converter::new(&Conversion::default(), &[], nianjian::model::Groups::none())
        .expect("embedded dictionaries");
    let (mut all_han, mut all_found) = (0usize, 0usize);
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("{path}: cannot read");
            continue;
        };
        let han = text.chars().filter(|c| is_han(*c)).count();
        if han == 0 {
            println!("{path}: no Han characters");
            continue;
        }
        // Characters that change when converted to each script are the other script's.
        let changed = |s: Script| {
            let out = converter.backend(s).convert(&text);
            text.chars()
                .zip(out.chars())
                .filter(|(a, b)| a != b)
                .count()
        };
        let script = if changed(Script::Hans) <= changed(Script::Hant) {
            Script::Hans
        } else {
            Script::Hant
        };
        let mut found = lint::default_choices(&converter, &text, script).len();
        found += match script {
            Script::Hans => lint::foreign_characters(&converter, &text, script).len(),
            Script::Hant => lint::round_trip(&converter, &text).len(),
        };
        println!(
            "{path}: {script:?}, {han} Han characters, {found} warnings, {:.1} per 10,000",
            found as f64 * 10_000.0 / han as f64
        );
        all_han += han;
        all_found += found;
    }
    if all_han > 0 {
        println!(
            "all: {all_han} Han characters, {all_found} warnings, {:.1} per 10,000",
            all_found as f64 * 10_000.0 / all_han as f64
        );
    }
}
