//! `nianjian check`: everything but writing.

use std::process::ExitCode;

use super::{Ui, summary};
use crate::build::Run;

pub fn run(ui: &Ui, all: bool) -> ExitCode {
    if let Some(code) = ui.without_content() {
        return code;
    }
    let run = Run::new(&ui.root);
    let diags = run.check_all();
    if all {
        eprint!(
            "{}",
            crate::diag::render_capped(&diags, &run.sources, ui.styled, usize::MAX)
        );
    } else {
        ui.report(&diags, &run.sources);
    }
    eprintln!("check: {}", summary(&diags));
    ui.exit_code(&diags)
}
