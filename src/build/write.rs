//! Stage 5, write: the whole site goes into a fresh folder beside the output
//! folder, which is swapped in only when everything was written. A failed
//! build leaves the previous output exactly as it was; so does an
//! interrupted one (`interrupt`), and what a killed one left is removed by
//! the next. On Linux the swap is one atomic exchange: there is no instant
//! without an output folder.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use super::interrupt;
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

/// The output folder's own name, for its siblings' names.
fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// A sibling of `output` named after it, unique to this process and moment:
/// `.output.new-<pid>-<nanos>`.
fn sibling(output: &Path, tag: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    output.with_file_name(format!(
        ".{}.{tag}-{}-{nanos}",
        output_name(output),
        std::process::id()
    ))
}

/// Whether `name` is one of `sibling`'s names for `output`.
fn is_sibling_name(output: &Path, name: &str) -> bool {
    let prefix = format!(".{}.", output_name(output));
    let Some(rest) = name.strip_prefix(&prefix) else {
        return false;
    };
    let Some(stamp) = rest
        .strip_prefix("new-")
        .or_else(|| rest.strip_prefix("old-"))
    else {
        return false;
    };
    let mut parts = stamp.split('-');
    let digits =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Removes what interrupted or killed builds left beside `output`: folders
/// with nianjian's own sibling names *and* its marker, which no running
/// build holds (each build locks its marker while it works). Returns how
/// many were removed.
pub fn remove_leftovers(output: &Path) -> usize {
    let Some(parent) = output.parent() else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || !is_sibling_name(output, &name.to_string_lossy()) {
            continue;
        }
        let Ok(marker) = File::open(path.join(MARKER)) else {
            continue; // not ours: never touched
        };
        let written = marker.metadata().is_ok_and(|m| m.len() > 0);
        if written && marker.try_lock().is_ok() && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Where a build into `output` really goes: a symlinked output folder is
/// built into the folder it points to, and the link stays.
pub fn resolve_output(output: &Path) -> Result<PathBuf, Diagnostic> {
    let abs = std::path::absolute(output).map_err(|e| io_error("resolve", output, e))?;
    let is_link = std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(abs);
    }
    if let Ok(real) = abs.canonicalize() {
        return Ok(real);
    }
    // A link to a folder not made yet: its target, relative to the link.
    let target = std::fs::read_link(&abs).map_err(|e| io_error("read the link", &abs, e))?;
    let parent = abs.parent().unwrap_or(Path::new("/"));
    std::path::absolute(parent.join(target)).map_err(|e| io_error("resolve", output, e))
}

/// A fresh folder beside the output folder that files are written into as
/// they are made; `commit` swaps it in. Dropped without a commit (or
/// interrupted by a signal), it is removed, so a failed build leaves the
/// previous output as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Held while the build works: leftovers are folders whose marker no
    /// one holds.
    _lock: File,
    _on_signal: interrupt::Guard,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let output = resolve_output(output)?;
        if let Some(parent) = output.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        remove_leftovers(&output);
        let dir = sibling(&output, "new");
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))?;
        let on_signal = interrupt::remove_on_signal(&dir);
        let marker = dir.join(MARKER);
        // Locked before it is written: an empty marker belongs to a build
        // still starting, and is never taken for a leftover.
        let lock = File::create(&marker)
            .and_then(|f| {
                use std::io::Write;
                f.lock()?;
                (&f).write_all(
                    b"This folder is nianjian build output; it is replaced on every build.\n",
                )?;
                Ok(f)
            })
            .map_err(|e| {
                let _ = std::fs::remove_dir_all(&dir);
                io_error("write", &marker, e)
            })?;
        Ok(Staging {
            dir,
            output,
            committed: false,
            _lock: lock,
            _on_signal: on_signal,
        })
    }

    /// Writes one file, `/`-separated `path` inside the output folder.
    /// Called from many threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if interrupt::stopping() {
            return Err(Diagnostic::error("interrupted"));
        }
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

/// Puts `staging` in place of `output`. With an output already there, the
/// two are exchanged in one step where the system can (Linux), and the
/// previous site, now at the staging name, is removed.
fn swap(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return std::fs::rename(staging, output)
            .map_err(|e| io_error("move the new site into", output, e));
    }
    if exchange(staging, output).is_ok() {
        return remove_previous(staging);
    }
    let old = sibling(output, "old");
    std::fs::rename(output, &old).map_err(|e| io_error("move aside", output, e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, output);
        return Err(io_error("move the new site into", output, e));
    }
    remove_previous(&old)
}

fn remove_previous(old: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_dir_all(old) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error("remove the previous site at", old, e))
        }
        _ => Ok(()),
    }
}

/// Exchanges two folders atomically (renameat2 with RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere: not available; the two renames are the fallback.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Replaces single files inside an existing output folder, each atomically:
/// `serve`'s incremental rebuild.
pub fn replace_files(output: &Path, files: &[&Artifact]) -> Result<(), Diagnostic> {
    files.par_iter().try_for_each(|f| {
        let path = output.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
        }
        super::atomic::write(&path, &f.bytes).map_err(|e| io_error("write", &path, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sibling_names_are_recognised_and_nothing_else() {
        let out = Path::new("/site/output");
        let new = sibling(out, "new");
        let name = new.file_name().unwrap().to_string_lossy();
        assert!(is_sibling_name(out, &name), "{name}");
        assert!(is_sibling_name(out, ".output.old-12-345"));
        for other in [
            ".output.new-",
            ".output.new-1",
            ".output.new-a-1",
            ".out.new-1-2",
            "output",
            ".output.new-1-2-3",
        ] {
            assert!(!is_sibling_name(out, other), "{other}");
        }
    }

    #[test]
    fn a_swap_replaces_the_folder_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        for round in ["one", "two"] {
            let staging = Staging::new(&output).unwrap();
            staging.write("index.html", round.as_bytes()).unwrap();
            staging.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(output.join("index.html")).unwrap(),
                round
            );
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["output"]);
    }

    #[test]
    fn leftovers_are_removed_unless_in_use_or_not_ours() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let killed = dir.path().join(".output.new-1-2");
        std::fs::create_dir_all(&killed).unwrap();
        std::fs::write(killed.join(MARKER), "nianjian").unwrap();
        // Same name, no marker: not nianjian's, kept.
        let foreign = dir.path().join(".output.old-3-4");
        std::fs::create_dir_all(&foreign).unwrap();
        let working = Staging::new(&output).unwrap();
        assert!(!killed.exists());
        assert!(foreign.exists());
        // A build at work is never someone else's leftover.
        assert_eq!(remove_leftovers(&output), 0);
        assert!(working.dir.exists());
    }
}
