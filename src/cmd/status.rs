//! `nianjian status`: the translation report, and `--stamp`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Ui, under_root};
use crate::build::Run;

/// What `status` was asked.
pub struct Args {
    pub json: bool,
    pub langs: Vec<String>,
    pub fail_under: Option<f64>,
    pub all: bool,
    pub stamp: Option<PathBuf>,
}

// Long: the command's three modes (stamp, report, JSON) and their exit
// codes read best in one place.
pub fn run(ui: &Ui, args: Args) -> ExitCode {
    if let Some(code) = ui.without_content() {
        return code;
    }
    let root = ui.root.as_path();
    let run = Run::new(root);
    let (site, _) = match run.site().ok() {
        Ok(ok) => ok,
        Err(diags) => {
            ui.report(&diags, &run.sources);
            eprintln!("status needs content without errors; run `nianjian check`");
            return ExitCode::from(super::CONTENT_ERRORS);
        }
    };
    let Args {
        json,
        langs,
        fail_under,
        all,
        stamp,
    } = args;
    if let Some(file) = stamp.as_deref() {
        let stamped = under_root(root, file)
            .and_then(|rel| crate::status::stamp(&site, root, &rel).map(|digest| (rel, digest)));
        return match stamped {
            Ok((rel, digest)) => {
                eprintln!("stamped {} with source_digest {digest}", rel.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                ui.report(&d.into(), &run.sources);
                ExitCode::from(super::CONTENT_ERRORS)
            }
        };
    }
    let mut editions = Vec::new();
    for l in &langs {
        // Edition names in any case: zh-hant, zh-Hant, ZH-HANT.
        let edition = crate::model::Edition::ALL
            .into_iter()
            .find(|e| e.tag().eq_ignore_ascii_case(l));
        match edition {
            Some(e) if site.editions.contains(&e) => editions.push(e),
            _ => {
                eprintln!(
                    "error: `{l}` is not an edition of this site (editions: {})",
                    site.editions
                        .iter()
                        .map(|e| e.tag())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                return ExitCode::from(2);
            }
        }
    }
    if editions.is_empty() {
        editions = site.editions.clone();
    }
    let entries = crate::status::entries(&site, &editions);
    let percent = crate::status::translated_percent(&entries);
    match json {
        false => print!("{}", crate::status::report(&entries, &editions, all)),
        true => {
            let json = serde_json::json!({
                "editions": editions,
                "translated_percent": (percent * 10.0).round() / 10.0,
                "entries": entries,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
    }
    match fail_under {
        Some(min) if percent < min => {
            eprintln!("translated {percent:.1}% is under --fail-under {min}%");
            ExitCode::from(super::CONTENT_ERRORS)
        }
        _ => ExitCode::SUCCESS,
    }
}
