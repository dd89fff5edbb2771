//! Warnings about the text as written: damaged characters, and a text
//! declared in one script but written mostly in the other.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Script;
use crate::text::cleanup;

/// The first damaged character of `text` (U+FFFD or private use): its byte
/// offset and the warning to give.
pub(super) fn damage(text: &str) -> Option<(usize, Diagnostic)> {
    let (at, c) = text.char_indices().find(|&(_, c)| cleanup::is_damaged(c))?;
    let what = if c == '\u{FFFD}' {
        "U+FFFD REPLACEMENT CHARACTER (a glyph lost in copying)".to_owned()
    } else {
        format!("private-use character U+{:04X}", c as u32)
    };
    Some((
        at,
        Diagnostic::warning(format!("damaged text: {what}"))
            .help("restore the missing character from the original document"),
    ))
}

/// Script-specific characters, (own, foreign), summed over the texts of one
/// file that hold foreign ones, declared Simplified and declared Traditional.
#[derive(Default)]
pub(super) struct ScriptTally {
    hans_declared: (usize, usize),
    hant_declared: (usize, usize),
}

impl ScriptTally {
    pub(super) fn add(&mut self, declared: Script, (own, foreign): (usize, usize)) {
        let sum = match declared {
            Script::Hans => &mut self.hans_declared,
            Script::Hant => &mut self.hant_declared,
        };
        sum.0 += own;
        sum.1 += foreign;
    }
}

/// Mostly the other script: more than half of at least four script-specific characters.
pub(super) fn is_mismatch((own, foreign): (usize, usize)) -> bool {
    let total = own + foreign;
    total >= 4 && foreign * 2 > total
}

pub(super) fn mismatch_warnings(file: &Path, tally: &ScriptTally, diags: &mut Diagnostics) {
    for (declared, (own, foreign), other_name) in [
        ("zh-Hans", tally.hans_declared, "Traditional"),
        ("zh-Hant", tally.hant_declared, "Simplified"),
    ] {
        let total = own + foreign;
        if is_mismatch((own, foreign)) {
            let share = foreign * 100 / total;
            diags.push(
                Diagnostic::warning(format!(
                    "text declared {declared} is mostly {other_name}: {share}% of its script-specific characters ({foreign} of {total})"
                ))
                .in_file(file)
                .help(format!(
                    "it is still converted correctly; declare it as {} (or zh for mixed text)",
                    if declared == "zh-Hans" { "zh-Hant" } else { "zh-Hans" }
                )),
            );
        }
    }
}
