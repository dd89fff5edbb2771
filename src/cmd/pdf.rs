//! `nianjian pdf --edition zh-hant -o FILE`: the print edition of one edition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Ui, summary};
use crate::build::{Run, Theming};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Edition;
use crate::output::print::{self, Print};
use crate::view::Views;

pub fn run(ui: &Ui, edition: &str, output: &Path, font_paths: &[PathBuf]) -> ExitCode {
    let run = Run::new(&ui.root);
    match make(&run, edition, output, font_paths) {
        Ok(warnings) => {
            ui.report(&warnings, &run.sources);
            eprintln!("wrote {} ({})", output.display(), summary(&warnings));
            ui.exit_code(&warnings)
        }
        Err(diags) => {
            ui.report(&diags, &run.sources);
            eprintln!("no PDF made: {}", summary(&diags));
            ExitCode::from(super::CONTENT_ERRORS)
        }
    }
}

fn make(
    run: &Run,
    edition: &str,
    output: &Path,
    font_paths: &[PathBuf],
) -> Result<Diagnostics, Diagnostics> {
    let (graph, mut diags) = run.graph().ok()?;
    let fail = |d: Diagnostic, before: &Diagnostics| {
        let mut all = before.clone();
        all.push(d);
        all.sort();
        all
    };
    let e = Edition::ALL
        .into_iter()
        .find(|e| e.tag().eq_ignore_ascii_case(edition) || e.dir() == edition)
        .filter(|e| graph.site.editions.contains(e))
        .ok_or_else(|| {
            let dirs: Vec<&str> = graph.site.editions.iter().map(|e| e.dir()).collect();
            Diagnostic::error(format!("`{edition}` is not an edition of this site"))
                .help(format!("editions: {}", dirs.join(", ")))
        })
        .map_err(|d| fail(d, &diags))?;
    let theming = Theming::load(&run.root, &graph).map_err(|mut d| {
        d.extend(diags.clone());
        d
    })?;
    let mut views = Views::new(&graph, &theming.strings).map_err(|d| fail(d, &diags))?;
    views.pdf = true;
    let printer = Print::new(&run.root, font_paths).map_err(|d| fail(d, &diags))?;
    let warnings = print::write_one(&printer, &views, e, output).map_err(|d| fail(d, &diags))?;
    diags.extend(warnings);
    diags.sort();
    Ok(diags)
}
