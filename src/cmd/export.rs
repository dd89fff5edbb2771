//! `nianjian export`: data for other systems.

use std::path::PathBuf;
use std::process::ExitCode;

use super::Ui;
use crate::build::Run;

pub fn run(ui: &Ui, wikidata: bool, output: Option<PathBuf>) -> ExitCode {
    if !wikidata {
        eprintln!("error: say what to export: --wikidata");
        return ExitCode::from(super::USAGE_ERRORS);
    }
    let run = Run::new(&ui.root);
    let (graph, _) = match run.graph().ok() {
        Ok(ok) => ok,
        Err(diags) => {
            ui.report(&diags, &run.sources);
            eprintln!("export needs content without errors; run `nianjian check`");
            return ExitCode::from(super::CONTENT_ERRORS);
        }
    };
    let (statements, skipped) =
        crate::output::wikidata::quickstatements(&crate::view::data::yearbook(&graph));
    let lines = statements.lines().count();
    let written = match &output {
        Some(path) => {
            std::fs::write(path, &statements).map_err(|e| format!("{}: {e}", path.display()))
        }
        None => {
            print!("{statements}");
            Ok(())
        }
    };
    if let Err(e) = written {
        eprintln!("error: cannot write {e}");
        return ExitCode::from(super::USAGE_ERRORS);
    }
    eprintln!(
        "{lines} statements (P190, both directions); {skipped} ties left out because a city has no `wikidata:` id"
    );
    ExitCode::SUCCESS
}
