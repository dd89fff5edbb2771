//! The command line: parses arguments and runs the pipeline.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::{self, Diagnostics};
use crate::pipeline;

#[derive(Parser, Debug)]
#[command(
    name = "nianjian",
    version,
    about = "Static site generator for multilingual yearbooks of local-government exchange"
)]
pub struct Cli {
    /// Site root: the folder holding content/ (and optionally themes/)
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Fail when there are warnings, not only errors
    #[arg(long, global = true)]
    pub deny_warnings: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into output/
    Build {
        /// Output folder [default: <root>/output]
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Check content for errors without writing anything
    Check,
    /// Preview the site: build, serve, rebuild on every change, reload the browser
    Serve {
        /// Address to listen on (loopback by default)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port; if it is in use the next free one is taken
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Report what is translated, per entity and edition, and what needs work
    Status {
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Only these editions (zh-Hans, zh-Hant, en); repeatable
        #[arg(long = "lang")]
        langs: Vec<String>,
        /// Exit 1 when less than PERCENT of names and bodies are translated
        #[arg(long, value_name = "PERCENT")]
        fail_under: Option<f64>,
        /// List everything that needs work, not only the first items
        #[arg(long)]
        all: bool,
        /// Record that this translation is up to date with its source body
        #[arg(long, value_name = "FILE")]
        stamp: Option<PathBuf>,
    },
    /// Show what the clean-up passes would change in content files; --write applies it
    Normalize {
        /// Rewrite the files (atomically; only files that change)
        #[arg(long)]
        write: bool,
        /// Files or folders to clean [default: all of content/]
        paths: Vec<PathBuf>,
    },
}

/// Exit codes: 0 success, 1 content errors, 2 usage errors (clap's own).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let styled = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let report = |diags: &Diagnostics| {
        if !diags.is_empty() {
            eprint!("{}", diag::render(diags, &cli.root, styled));
        }
    };
    let summary = |diags: &Diagnostics| {
        let e = diags.errors().count();
        let w = diags.warnings().count();
        format!(
            "{e} error{}, {w} warning{}",
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" }
        )
    };
    match cli.command {
        Command::Build { ref output } => {
            let output = output.clone().unwrap_or_else(|| cli.root.join("output"));
            match pipeline::build(&cli.root, &output) {
                Ok(r) => {
                    report(&r.warnings);
                    eprintln!(
                        "built {} pages into {} in {} ms ({})",
                        r.pages,
                        r.output.display(),
                        r.elapsed.as_millis(),
                        summary(&r.warnings)
                    );
                    if cli.deny_warnings && !r.warnings.is_empty() {
                        eprintln!("failing because of --deny-warnings");
                        return ExitCode::from(1);
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    eprintln!(
                        "build failed: {}; output/ was left as it was",
                        summary(&diags)
                    );
                    ExitCode::from(1)
                }
            }
        }
        Command::Status {
            format,
            ref langs,
            fail_under,
            all,
            ref stamp,
        } => status(
            &cli.root,
            format,
            langs,
            fail_under,
            all,
            stamp.as_deref(),
            &report,
        ),
        Command::Serve { bind, port, open } => {
            let options = crate::serve::Options {
                root: cli.root.clone(),
                bind,
                port,
                open,
                styled,
            };
            match crate::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Normalize { write, ref paths } => normalize(&cli.root, write, paths, &report),
        Command::Check => {
            let diags = pipeline::check_all(&cli.root);
            report(&diags);
            eprintln!("check: {}", summary(&diags));
            if diags.has_errors() || (cli.deny_warnings && !diags.is_empty()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// A path given on the command line (relative to the current folder) as a
/// path relative to the site root, which is how content files are named.
fn under_root(
    root: &std::path::Path,
    path: &std::path::Path,
) -> Result<PathBuf, crate::diag::Diagnostic> {
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    abs.strip_prefix(&root_abs)
        .map(|p| p.to_owned())
        .map_err(|_| {
            crate::diag::Diagnostic::error(format!(
                "{} is not inside the site root {}",
                path.display(),
                root.display()
            ))
        })
}

/// The content files named by `paths` (relative to the current folder), or
/// all of them, as paths relative to `root`.
fn selected_files(root: &std::path::Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let all = crate::load::content_files(root).map_err(|d| Diagnostics::from_iter([d]))?;
    if paths.is_empty() {
        return Ok(all);
    }
    let mut chosen = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(Diagnostics::from_iter([crate::diag::Diagnostic::error(
                format!("no such file or folder: {}", p.display()),
            )]));
        }
        let rel = under_root(root, p).map_err(|d| Diagnostics::from_iter([d]))?;
        chosen.extend(all.iter().filter(|f| f.starts_with(&rel)).cloned());
    }
    chosen.sort();
    chosen.dedup();
    Ok(chosen)
}

fn normalize(
    root: &std::path::Path,
    write: bool,
    paths: &[PathBuf],
    report: &dyn Fn(&Diagnostics),
) -> ExitCode {
    let files = match selected_files(root, paths) {
        Ok(f) => f,
        Err(d) => {
            report(&d);
            return ExitCode::from(1);
        }
    };
    let (changes, errors) = crate::normalise::rewrite::plan(root, &files);
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
    report(&failed);
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

fn status(
    root: &std::path::Path,
    format: Format,
    langs: &[String],
    fail_under: Option<f64>,
    all: bool,
    stamp: Option<&std::path::Path>,
    report: &dyn Fn(&Diagnostics),
) -> ExitCode {
    let (site, diags) = pipeline::load_site(root);
    let Some(site) = site else {
        report(&diags);
        eprintln!("status needs content without errors; run `nianjian check`");
        return ExitCode::from(1);
    };
    if let Some(file) = stamp {
        let stamped = under_root(root, file)
            .and_then(|rel| crate::status::stamp(&site, root, &rel).map(|digest| (rel, digest)));
        return match stamped {
            Ok((rel, digest)) => {
                eprintln!("stamped {} with source_digest {digest}", rel.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                report(&Diagnostics::from_iter([d]));
                ExitCode::from(1)
            }
        };
    }
    let mut editions = Vec::new();
    for l in langs {
        match crate::model::Edition::from_tag(l) {
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
    match format {
        Format::Text => print!("{}", crate::status::report(&entries, &editions, all)),
        Format::Json => {
            let json = serde_json::json!({
                "editions": editions.iter().map(|e| e.tag()).collect::<Vec<_>>(),
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
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}
