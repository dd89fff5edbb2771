//! Arbitrary bytes as every kind of content file: UTF-8 decoding, YAML into
//! each entity type, front matter splitting and parsing, and the rendering of
//! whatever diagnostic comes out. Nothing may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use nianjian::diag::{Diagnostic, Diagnostics};
use nianjian::load::{decode_text, parse_yaml, split_front_matter};
use nianjian::model::{City, Council, Event, FrontMatter, GlossaryEntry, TextMap, Yearbook};

fn show(d: Diagnostic) {
    let sources = nianjian::source::SourceMap::new(Path::new("/nonexistent"));
    let _ = nianjian::diag::render(&Diagnostics::from_iter([d]), &sources, false);
}

fuzz_target!(|data: &[u8]| {
    let text = match decode_text(data) {
        Ok(t) => t,
        Err(d) => return show(d),
    };
    let p = Path::new("content/fuzz.yaml");
    if let Err(d) = parse_yaml::<City<TextMap>>(&text, p, 1) {
        show(d);
    }
    let _ = parse_yaml::<Council<TextMap>>(&text, p, 1);
    let _ = parse_yaml::<Event<TextMap>>(&text, p, 1);
    let _ = parse_yaml::<Yearbook<TextMap>>(&text, p, 1);
    let _ = parse_yaml::<Vec<GlossaryEntry>>(&text, p, 1);
    match split_front_matter(&text) {
        Ok(split) => {
            if let Some((front, line)) = split.front
                && let Err(d) = parse_yaml::<FrontMatter>(front, p, line)
            {
                show(d);
            }
        }
        Err(d) => show(d),
    }
});
