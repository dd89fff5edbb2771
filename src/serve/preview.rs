//! serve's private folder in the system's temporary folder
//! (`nianjian-serve-*`): removed when serve stops, on Ctrl-C, SIGTERM and
//! SIGHUP (`build::interrupt`), and, when a serve was killed outright, by the
//! next serve to start. Each serve holds a lock on a file in its folder, so a
//! folder is only removed once no process uses it.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::build::interrupt;

const PREFIX: &str = "nianjian-serve-";
const LOCK: &str = ".nianjian-serve.lock";

pub struct PreviewDir {
    dir: tempfile::TempDir,
    _lock: File,
    _on_signal: interrupt::Guard,
}

impl PreviewDir {
    /// A fresh private folder, after removing what killed serves left.
    pub fn create() -> Result<PreviewDir, String> {
        let tmp = std::env::temp_dir();
        remove_stale(&tmp);
        let dir = tempfile::Builder::new()
            .prefix(PREFIX)
            .tempdir_in(&tmp)
            .map_err(|e| format!("cannot create the preview folder: {e}"))?;
        let on_signal = interrupt::remove_on_signal(dir.path());
        // Locked before it says who holds it: a lock file with nothing in
        // it belongs to a serve still starting, and is never removed.
        let lock = File::create(dir.path().join(LOCK))
            .and_then(|f| {
                f.lock()?;
                writeln!(&f, "nianjian serve, process {}", std::process::id())?;
                Ok(f)
            })
            .map_err(|e| format!("cannot lock the preview folder: {e}"))?;
        Ok(PreviewDir {
            dir,
            _lock: lock,
            _on_signal: on_signal,
        })
    }

    /// Where the site is written and served from.
    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// Removes `nianjian-serve-*` folders in `tmp` whose lock no process holds.
/// Returns how many.
pub fn remove_stale(tmp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let is_ours = entry.file_name().to_string_lossy().starts_with(PREFIX)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_ours {
            continue;
        }
        let path = entry.path();
        let Ok(lock) = File::open(path.join(LOCK)) else {
            continue;
        };
        let finished_starting = lock.metadata().is_ok_and(|m| m.len() > 0);
        if finished_starting && lock.try_lock().is_ok() && std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unlocked_folders_of_finished_serves_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(format!("{PREFIX}dead"));
        std::fs::create_dir_all(&dead).unwrap();
        std::fs::write(dead.join(LOCK), "nianjian serve, process 1\n").unwrap();
        let starting = tmp.path().join(format!("{PREFIX}starting"));
        std::fs::create_dir_all(&starting).unwrap();
        std::fs::write(starting.join(LOCK), "").unwrap();
        let other = tmp.path().join(format!("{PREFIX}not-ours"));
        std::fs::create_dir_all(&other).unwrap();
        let alive = tmp.path().join(format!("{PREFIX}alive"));
        std::fs::create_dir_all(&alive).unwrap();
        std::fs::write(alive.join(LOCK), "nianjian serve, process 2\n").unwrap();
        let held = File::open(alive.join(LOCK)).unwrap();
        held.lock().unwrap();
        assert_eq!(remove_stale(tmp.path()), 1);
        assert!(!dead.exists());
        assert!(starting.exists() && other.exists() && alive.exists());
    }
}
