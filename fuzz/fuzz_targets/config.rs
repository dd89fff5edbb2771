//! Arbitrary bytes as `yearbook.yaml` and `glossary.yaml`: the YAML parse
//! with every message rewritten, and a glossary (empty terms, overlapping
//! terms, terms cut inside a character) applied to text in both scripts.
//! Nothing may panic.
#![no_main]

use std::path::Path;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use nianjian::diag::{Diagnostic, Diagnostics};
use nianjian::load::{decode_text, parse_yaml};
use nianjian::model::{Conversion, GlossaryEntry, Script, TextMap, Yearbook};
use nianjian::text::convert::Converter;

fn show(d: Diagnostic) {
    let sources = nianjian::source::SourceMap::new(Path::new("/nonexistent"));
    let _ = nianjian::diag::render(&Diagnostics::from_iter([d]), &sources, false);
}

const SAMPLE: &str = "东北亚地区地方政府联合会在乌兰巴托-{举行}-会议。國際友好城市大會 NEAR 2024";

fuzz_target!(|data: &[u8]| {
    let text = match decode_text(data) {
        Ok(t) => t,
        Err(d) => return show(d),
    };
    match parse_yaml::<Yearbook<TextMap>>(&text, Path::new("content/yearbook.yaml"), 1) {
        Ok(y) => {
            let _ = y.theme_name();
        }
        Err(d) => show(d),
    }
    let glossary = match parse_yaml::<Vec<GlossaryEntry>>(&text, Path::new("content/glossary.yaml"), 1)
    {
        Ok(g) => g,
        Err(d) => return show(d),
    };
    // The dictionaries load once per run of the fuzzer: the glossary is
    // what varies.
    let mut slot = CONVERTER.lock().unwrap_or_else(|p| p.into_inner());
    let base = match slot.take() {
        Some(c) => c,
        None => Converter::new(&Conversion::default(), &[]).expect("embedded dictionaries load"),
    };
    let converter = base
        .with_glossary(&glossary)
        .expect("a glossary of non-empty terms builds");
    for script in [Script::Hans, Script::Hant] {
        let _ = converter.convert(SAMPLE, script);
        let _ = converter.convert(&text, script);
        for g in &glossary {
            let _ = converter.convert(&format!("{}{}{}", g.hans, SAMPLE, g.hant), script);
        }
    }
    *slot = Some(converter);
});

static CONVERTER: Mutex<Option<Converter>> = Mutex::new(None);
