//! One module per command. Each takes the parsed arguments and returns the
//! exit code; `Ui` carries what every command needs to talk to the user.

pub mod build;
pub mod check;
pub mod export;
pub mod normalize;
pub mod pdf;
pub mod serve;
pub mod status;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::source::SourceMap;

/// How commands talk to the user.
pub struct Ui {
    /// Site root, as given.
    pub root: PathBuf,
    /// Colour on stderr (a terminal, and no NO_COLOR).
    pub styled: bool,
    pub deny_warnings: bool,
}

/// Content errors (and warnings under `--deny-warnings`).
pub const CONTENT_ERRORS: u8 = 1;
/// Usage and configuration errors: a bad argument, no `content/`, a refused
/// output folder.
pub const USAGE_ERRORS: u8 = 2;

impl Ui {
    /// Prints diagnostics to stderr, each with its source line.
    pub fn report(&self, diags: &Diagnostics, sources: &SourceMap) {
        if !diags.is_empty() {
            eprint!("{}", diag::render(diags, sources, self.styled));
        }
    }

    /// Prints diagnostics that come before any file was read.
    pub fn report_plain(&self, diags: &Diagnostics) {
        self.report(diags, &SourceMap::new(&self.root));
    }

    /// `Some(exit 2)` when the root has no `content/` to read, said once.
    pub fn without_content(&self) -> Option<ExitCode> {
        if self.root.join("content").is_dir() {
            return None;
        }
        self.report_plain(&crate::load::no_content(&self.root).into());
        Some(ExitCode::from(USAGE_ERRORS))
    }

    /// The exit code for a run that found `diags`.
    pub fn exit_code(&self, diags: &Diagnostics) -> ExitCode {
        if diags.has_errors() || (self.deny_warnings && !diags.is_empty()) {
            ExitCode::from(CONTENT_ERRORS)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// "2 errors, 1 warning".
pub fn summary(diags: &Diagnostics) -> String {
    let e = diags.errors().count();
    let w = diags.warnings().count();
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

/// A path given on the command line (relative to the current folder) as a
/// path relative to the site root, which is how content files are named.
pub fn under_root(root: &Path, path: &Path) -> Result<PathBuf, Diagnostic> {
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    abs.strip_prefix(&root_abs)
        .map(|p| p.to_owned())
        .map_err(|_| {
            Diagnostic::error(format!(
                "{} is not inside the site root {}",
                path.display(),
                root.display()
            ))
        })
}
