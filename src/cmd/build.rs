//! `nianjian build`: content/ → output/.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Ui, summary};
use crate::build::{PrintOptions, Run};

pub fn run(ui: &Ui, output: Option<PathBuf>, print: PrintOptions) -> ExitCode {
    crate::build::interrupt::install();
    let output = output.unwrap_or_else(|| ui.root.join("output"));
    if let Some(code) = ui.without_content() {
        return code;
    }
    if let Err(d) = crate::build::write::check_output(&ui.root, &output) {
        ui.report_plain(&d.into());
        return ExitCode::from(super::USAGE_ERRORS);
    }
    let mut run = Run::new(&ui.root);
    run.print = print;
    match run.build(&output) {
        Ok(r) => {
            ui.report(&r.warnings, &run.sources);
            eprintln!(
                "built {} pages ({} files{}) into {} in {} ms ({})",
                r.pages,
                r.files,
                match r.pdfs {
                    0 => String::new(),
                    n => format!(", {n} PDFs"),
                },
                r.output.display(),
                r.elapsed.as_millis(),
                summary(&r.warnings)
            );
            if !r.sitemap {
                eprintln!(
                    "note: no sitemap.xml: it needs absolute URLs; set `base_url` in content/yearbook.yaml"
                );
            }
            if ui.deny_warnings && !r.warnings.is_empty() {
                eprintln!("failing because of --deny-warnings");
            }
            ui.exit_code(&r.warnings)
        }
        Err(diags) => {
            ui.report(&diags, &run.sources);
            eprintln!(
                "build failed: {}; output/ was left as it was",
                summary(&diags)
            );
            ExitCode::from(super::CONTENT_ERRORS)
        }
    }
}
