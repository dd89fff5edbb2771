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
        Command::Check => {
            let (graph, diags) = pipeline::check(&cli.root);
            let diags = match graph {
                Some(g) => match pipeline::render(&cli.root, &g) {
                    Ok((_, _, d)) => {
                        let mut all = diags;
                        all.extend(d);
                        all
                    }
                    Err(d) => {
                        let mut all = diags;
                        all.extend(d);
                        all
                    }
                },
                None => diags,
            };
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
