//! `nianjian normalize`: the clean-up passes applied to the source files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Ui, under_root};
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::cleanup::{PASSES, Pass};

/// The content files named by `paths` (relative to the current folder), or
/// all of them, as paths relative to `root`.
fn selected_files(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let all = crate::load::content_files(root)?;
    if paths.is_empty() {
        return Ok(all);
    }
    let mut chosen = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(
                Diagnostic::error(format!("no such file or folder: {}", p.display())).into(),
            );
        }
        let rel = under_root(root, p)?;
        chosen.extend(all.iter().filter(|f| f.starts_with(&rel)).cloned());
    }
    chosen.sort();
    chosen.dedup();
    Ok(chosen)
}

/// `--list-passes`.
pub fn list_passes() -> ExitCode {
    for pass in PASSES {
        let default = if pass.repairs { "default" } else { "       " };
        println!("{:<12} {default}  {}", pass.name, pass.about);
    }
    ExitCode::SUCCESS
}

/// The passes named by `--pass`, or the default ones.
fn chosen_passes(names: &[String]) -> Result<Vec<&'static Pass>, Diagnostics> {
    if names.is_empty() {
        return Ok(crate::normalise::rewrite::default_passes());
    }
    names
        .iter()
        .map(|name| {
            PASSES
                .iter()
                .find(|p| p.name == name.as_str())
                .ok_or_else(|| {
                    let known: Vec<&str> = PASSES.iter().map(|p| p.name).collect();
                    Diagnostics::from(
                        Diagnostic::error(format!("no clean-up pass is called `{name}`"))
                            .help(format!("passes: {}", known.join(", "))),
                    )
                })
        })
        .collect()
}

pub fn run(ui: &Ui, write: bool, pass_names: &[String], paths: &[PathBuf]) -> ExitCode {
    let root = ui.root.as_path();
    let passes = match chosen_passes(pass_names) {
        Ok(p) => p,
        Err(d) => {
            ui.report_plain(&d);
            return ExitCode::from(super::USAGE_ERRORS);
        }
    };
    let files = match selected_files(root, paths) {
        Ok(f) => f,
        Err(d) => {
            ui.report_plain(&d);
            return ExitCode::from(super::USAGE_ERRORS);
        }
    };
    let (changes, errors) = crate::normalise::rewrite::plan(root, &files, &passes);
    let mut failed = Diagnostics::from_iter(errors);
    for change in &changes {
        println!("{}", change.file.display());
        for pass in &change.passes {
            let changed = pass.diff.iter().filter(|l| l.starts_with('-')).count();
            println!(
                "  {}: {changed} line{} changed",
                pass.pass,
                if changed == 1 { "" } else { "s" }
            );
            for line in pass.diff.iter().take(6) {
                let short: String = line.chars().take(100).collect();
                println!(
                    "    {short}{}",
                    if short.len() < line.len() { "…" } else { "" }
                );
            }
            if pass.diff.len() > 6 {
                println!("    …");
            }
        }
        if write && let Err(d) = crate::normalise::rewrite::apply(root, change) {
            failed.push(d);
        }
    }
    ui.report_plain(&failed);
    let n = changes.len();
    match (n, write) {
        (0, _) => eprintln!("{} files checked: nothing to clean", files.len()),
        (_, true) => eprintln!(
            "rewrote {} of {} files",
            n - failed.errors().count(),
            files.len()
        ),
        (_, false) => eprintln!(
            "{n} of {} files would change; run `nianjian normalize --write` to rewrite them",
            files.len()
        ),
    }
    if failed.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
