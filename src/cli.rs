//! The command line: clap types, and dispatch to one module per command in `cmd/`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::cmd::{self, Ui};

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
        /// Also make the print edition, one PDF per edition (as `pdf: true` in yearbook.yaml)
        #[arg(long)]
        pdf: bool,
        /// A folder with more fonts for the PDFs; repeatable
        #[arg(long, value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Make the print edition (PDF) of one edition
    Pdf {
        /// The edition: zh-hans, zh-hant or en
        #[arg(long)]
        edition: String,
        /// The PDF file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// A folder with more fonts; repeatable
        #[arg(long, value_name = "DIR")]
        font_path: Vec<PathBuf>,
    },
    /// Check content for errors without writing anything
    Check {
        /// Show every diagnostic, not the first 50 of each kind
        #[arg(long)]
        all: bool,
    },
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
    /// Export data for other systems
    Export {
        /// Twin-town ties as QuickStatements for Wikidata (P190)
        #[arg(long)]
        wikidata: bool,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show what the clean-up passes would change in content files; --write applies it
    Normalize {
        /// Rewrite the files (atomically; only files that change)
        #[arg(long)]
        write: bool,
        /// Run only this pass (repeatable) [default: the passes that repair damage]
        #[arg(long = "pass", value_name = "NAME")]
        passes: Vec<String>,
        /// List the passes, what each does, and which run by default
        #[arg(long)]
        list_passes: bool,
        /// Files or folders to clean [default: all of content/]
        paths: Vec<PathBuf>,
    },
}

/// Exit codes: 0 success, 1 content errors, 2 usage and configuration errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui {
        root: cli.root.clone(),
        styled: std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        deny_warnings: cli.deny_warnings,
    };
    match cli.command {
        Command::Build {
            output,
            pdf,
            font_path,
        } => {
            let print = crate::build::PrintOptions {
                pdf,
                font_paths: font_path,
            };
            cmd::build::run(&ui, output, print)
        }
        Command::Pdf {
            edition,
            output,
            font_path,
        } => cmd::pdf::run(&ui, &edition, &output, &font_path),
        Command::Check { all } => cmd::check::run(&ui, all),
        Command::Serve { bind, port, open } => cmd::serve::run(&ui, bind, port, open),
        Command::Status {
            format,
            langs,
            fail_under,
            all,
            stamp,
        } => cmd::status::run(
            &ui,
            cmd::status::Args {
                json: matches!(format, Format::Json),
                langs,
                fail_under,
                all,
                stamp,
            },
        ),
        Command::Normalize {
            write,
            passes,
            list_passes,
            paths,
        } => {
            if list_passes {
                cmd::normalize::list_passes()
            } else {
                cmd::normalize::run(&ui, write, &passes, &paths)
            }
        }
        Command::Export { wikidata, output } => cmd::export::run(&ui, wikidata, output),
    }
}
