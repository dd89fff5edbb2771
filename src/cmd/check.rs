//! `nianjian check`: everything but writing.

use std::process::ExitCode;

use super::{Ui, summary};
use crate::build::Run;

pub fn run(ui: &Ui) -> ExitCode {
    if let Some(code) = ui.without_content() {
        return code;
    }
    let run = Run::new(&ui.root);
    let diags = run.check_all();
    ui.report(&diags, &run.sources);
    eprintln!("check: {}", summary(&diags));
    ui.exit_code(&diags)
}
