//! Watching the site root and rebuilding on every change.
//!
//! The root is watched by itself (not recursively: `output/` and `.git/`
//! churn there), `content/` and `themes/` recursively. When either is
//! created (anew after a removal, or for the first time after serve
//! started), it is watched again from the event on the root. A rebuild
//! that panics is caught: its message goes to the terminal and the overlay,
//! and the next save rebuilds everything.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, notify::RecommendedWatcher,
};
use tokio::sync::broadcast;

use super::live::{LiveSite, Rebuild};
use super::report;
use crate::diag::{Diagnostic, Diagnostics};

/// How long the files must be quiet before a rebuild: an editor's save (a
/// temporary file renamed over the old one) and `git checkout` of a few
/// files are one change, and a reader waits no longer than needed.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// The folders of the root that are watched recursively.
const WATCHED: [&str; 2] = ["content", "themes"];

type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// What the rebuild thread needs besides the site.
pub struct Sinks {
    /// The overlay's text while the last build failed.
    pub errors: Arc<RwLock<Option<String>>>,
    pub reload: broadcast::Sender<()>,
    pub styled: bool,
}

/// The watcher; dropping it stops watching.
pub struct Watching {
    _watcher: Arc<Mutex<Watcher>>,
}

/// Starts watching `root` and rebuilding `site` on a thread of its own.
pub fn start(root: &Path, site: LiveSite, sinks: Sinks) -> Result<Watching, String> {
    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let watcher =
        new_debouncer(DEBOUNCE, None, events_tx).map_err(|e| format!("cannot watch files: {e}"))?;
    let watcher = Arc::new(Mutex::new(watcher));
    {
        let mut w = watcher.lock().unwrap_or_else(|p| p.into_inner());
        w.watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        for sub in WATCHED {
            watch_folder(&mut w, &root.join(sub));
        }
    }
    let thread_watcher = watcher.clone();
    let root = root.to_owned();
    std::thread::spawn(move || rebuild_loop(&root, site, &sinks, &thread_watcher, events_rx));
    Ok(Watching { _watcher: watcher })
}

/// Watches `dir` recursively when it is a folder; says so when it cannot.
fn watch_folder(w: &mut Watcher, dir: &Path) {
    if dir.is_dir()
        && let Err(e) = w.watch(dir, RecursiveMode::Recursive)
    {
        eprintln!("warning: cannot watch {}: {e}", dir.display());
    }
}

fn rebuild_loop(
    root: &Path,
    mut site: LiveSite,
    sinks: &Sinks,
    watcher: &Mutex<Watcher>,
    events: mpsc::Receiver<DebounceEventResult>,
) {
    for result in events {
        let paths: Vec<PathBuf> = match result {
            // Reads are events too (the rebuild's own reads among them);
            // only writes, renames and removals change the site.
            Ok(events) => events
                .into_iter()
                .filter(|e| is_change(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect(),
            Err(errs) => {
                for e in errs {
                    eprintln!("watch error: {e}");
                }
                continue;
            }
        };
        rewatch(root, &paths, watcher);
        if !site.is_relevant(&paths) {
            continue;
        }
        let what = describe(&paths, root);
        let rebuild = guarded(&mut site, &paths, &sinks.errors, &sinks.reload);
        if let Some(failed) = report(&rebuild, &site.run.sources, sinks.styled, &what)
            && let Ok(mut e) = sinks.errors.write()
        {
            *e = Some(failed);
            // The overlay shows the errors; a good build reloaded its pages
            // as soon as they were written.
            let _ = sinks.reload.send(());
        }
    }
}

/// `content/` or `themes/` (re)created: watch it again.
fn rewatch(root: &Path, paths: &[PathBuf], watcher: &Mutex<Watcher>) {
    for sub in WATCHED {
        let dir = root.join(sub);
        if paths.contains(&dir) && dir.is_dir() {
            let mut w = watcher.lock().unwrap_or_else(|p| p.into_inner());
            watch_folder(&mut w, &dir);
        }
    }
}

/// One rebuild, with a panic turned into a failed rebuild (the site is then
/// started afresh, so the next change rebuilds everything). The open pages
/// reload as soon as the changed pages are written.
fn guarded(
    site: &mut LiveSite,
    paths: &[PathBuf],
    errors: &RwLock<Option<String>>,
    reload: &broadcast::Sender<()>,
) -> Rebuild {
    let start = Instant::now();
    let clear_errors = &mut || {
        if let Ok(mut e) = errors.write() {
            *e = None;
        }
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        site.rebuild_with(paths, clear_errors, &mut || {
            let _ = reload.send(());
        })
    }));
    outcome.unwrap_or_else(|payload| {
        site.reset();
        panicked(payload.as_ref(), start)
    })
}

/// A rebuild that panicked, as a failed rebuild that says so.
pub fn panicked(payload: &(dyn std::any::Any + Send), start: Instant) -> Rebuild {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_owned());
    let d = Diagnostic::error(format!("internal error while rebuilding: {what}")).help(
        "this is a bug in nianjian; please report it with the file you changed. Save again to rebuild",
    );
    Rebuild::failure(Diagnostics::from(d), start)
}

fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind;
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

fn describe(paths: &[PathBuf], root: &Path) -> String {
    let mut names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => "change".to_owned(),
        1..=3 => names.join(", "),
        n => format!(
            "{}, … ({n} files)",
            names.get(..2).unwrap_or_default().join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_rebuild_becomes_a_failed_rebuild() {
        let payload = catch_unwind(|| panic!("byte index 1 is not a char boundary")).unwrap_err();
        let rebuild = panicked(payload.as_ref(), Instant::now());
        assert!(rebuild.failed());
        let message = rebuild.diagnostics.errors().next().unwrap().message.clone();
        assert_eq!(
            message,
            "internal error while rebuilding: byte index 1 is not a char boundary"
        );
    }
}
