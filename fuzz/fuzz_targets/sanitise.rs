//! Arbitrary Markdown with raw HTML through the renderer, sanitised and
//! escaped: nothing may panic, and what comes out passes the sanitiser's own
//! policy (no script, handler, frame, style or `javascript:`-like URL
//! survives, whatever the spelling).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianjian::model::RawHtml;
use nianjian::text::{markdown, sanitise};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [RawHtml::Sanitise, RawHtml::Escape] {
        let html = markdown::render(text, mode, markdown::BodyLang::Other, |_, _| None).html;
        let left = sanitise::removed(&html);
        assert!(left.is_empty(), "{mode:?} left {left:?} in {html:?} from {text:?}");
        let lower = html.to_ascii_lowercase();
        for tag in ["<script", "<iframe", "<style", "<object", "<embed"] {
            assert!(!lower.contains(tag), "{tag} in {html:?} from {text:?}");
        }
    }
    let _ = markdown::outline(text);
    let _ = sanitise::removed(text);
});
