//! Stage 5, write: the whole site goes into a fresh folder beside the output
//! folder, which is swapped in only when everything was written. A failed
//! build leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::output::Artifact;

/// Marks a folder as made by nianjian, so it may be replaced.
pub const MARKER: &str = ".nianjian-output";

/// Refuses output folders whose replacement would destroy sources: the site
/// root, an ancestor of it, a folder holding `content/`, or a non-empty
/// folder nianjian did not make.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
    let out_abs = std::path::absolute(output).unwrap_or_else(|_| output.to_owned());
    let root_real = root_abs.canonicalize().unwrap_or(root_abs);
    let out_real = out_abs.canonicalize().unwrap_or(out_abs.clone());
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            out_abs.display()
        ))
        .help("choose an output folder of its own, such as <root>/output"))
    };
    if out_real == root_real || root_real.starts_with(&out_real) {
        return refuse("it is the site root or contains it");
    }
    if out_real.join("content").exists() {
        return refuse("it contains a content/ folder");
    }
    if out_real.exists() {
        if !out_real.is_dir() {
            return refuse("it is a file");
        }
        let empty = std::fs::read_dir(&out_real)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out_real.join(MARKER).exists() {
            return refuse("it is not empty and was not made by nianjian");
        }
    }
    Ok(())
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot {what} {}: {e}", path.display()))
}

/// A sibling of `output` named after it, unique to this process and moment.
fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    output.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

/// A fresh folder beside the output folder that files are written into as
/// they are made; `commit` swaps it in. Dropped without a commit, it is
/// removed, so a failed build leaves the previous output as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let output = std::path::absolute(output).map_err(|e| io_error("resolve", output, e))?;
        if let Some(parent) = output.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        let dir = sibling(&output, "new");
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        let staging = Staging {
            dir,
            output,
            committed: false,
        };
        staging.write(
            MARKER,
            b"This folder is nianjian build output; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file, `/`-separated `path` inside the output folder.
    /// Called from many threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        write_file(&self.dir.join(path), bytes)
    }

    /// Swaps the staging folder in as the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        swap(&self.dir, &self.output)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Only our own staging folder is ever removed on failure.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| io_error("write", path, e))
}

fn swap(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return std::fs::rename(staging, output)
            .map_err(|e| io_error("move the new site into", output, e));
    }
    let old = sibling(output, "old");
    std::fs::rename(output, &old).map_err(|e| io_error("move aside", output, e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, output);
        return Err(io_error("move the new site into", output, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| io_error("remove the previous site at", &old, e))
}

/// Replaces single files inside an existing output folder, each atomically:
/// `serve`'s incremental rebuild.
pub fn replace_files(output: &Path, files: &[Artifact]) -> Result<(), Diagnostic> {
    files.par_iter().try_for_each(|f| {
        let path = output.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
        }
        super::atomic::write(&path, &f.bytes).map_err(|e| io_error("write", &path, e))
    })
}
