//! Arbitrary text through the normaliser and the Markdown renderer: clean-up
//! passes, conversion both ways with markup and glossary, code-aware prose
//! mapping, entity links. Nothing may panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nianjian::model::{Conversion, GlossaryEntry, Script};
use nianjian::source::line_col;
use nianjian::text::convert::Converter;
use nianjian::text::markdown::{self, map_prose};
use nianjian::text::cleanup;

fn converter() -> &'static Converter {
    static CONVERTER: OnceLock<Converter> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        let glossary = vec![GlossaryEntry {
            hans: "乌兰巴托".into(),
            hant: "烏蘭巴托".into(),
            en: None,
        }];
        Converter::new(&Conversion::default(), &glossary).expect("embedded dictionaries load")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cleaned = cleanup::clean(text);
    for script in [Script::Hans, Script::Hant] {
        let _ = converter().convert(&cleaned, script);
        let _ = map_prose(text, |t| {
            converter()
                .convert(t, script)
                .unwrap_or_else(|_| t.to_owned())
        });
    }
    let _ = markdown::render(
        text,
        nianjian::model::RawHtml::Sanitise,
        markdown::BodyLang::Other,
        |_, _| None,
    );
    for link in markdown::outline(text).links {
        let _ = line_col(text, link.offset);
    }
});
