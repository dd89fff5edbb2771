//! Ctrl-C, SIGTERM and SIGHUP: the folders a run is making (a staging
//! folder beside the output, serve's private preview folder) are removed
//! before the process exits, so an interrupted build leaves nothing behind.
//! A command that can stop gracefully (serve) asks for the first signal
//! itself; a second one cleans up and exits at once.
//!
//! kill -9 cannot be caught: what it leaves is removed by the next run
//! (`write::remove_leftovers`, `serve`'s start).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

type Handler = Box<dyn FnMut() + Send>;

/// Folders to remove on a signal.
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Called on the first signal instead of exiting.
static GRACEFUL: Mutex<Option<Handler>> = Mutex::new(None);
/// Set once a signal is cleaning up: writers stop making new folders.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Removes its folder from the list when dropped.
#[must_use]
pub struct Guard(PathBuf);

impl Drop for Guard {
    fn drop(&mut self) {
        let mut list = FOLDERS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = list.iter().position(|p| *p == self.0) {
            list.swap_remove(i);
        }
    }
}

/// Removes `folder` if a signal ends the process while the guard lives.
pub fn remove_on_signal(folder: &Path) -> Guard {
    FOLDERS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(folder.to_owned());
    Guard(folder.to_owned())
}

/// The first signal calls `handler` (which should make the command stop on
/// its own); the next ones clean up and exit.
pub fn on_first_signal(handler: impl FnMut() + Send + 'static) {
    *GRACEFUL.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(handler));
}

/// True once a signal is removing folders: do not create new ones.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::Relaxed)
}

/// Starts listening for signals (once per process).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(imp::install);
}

/// Removes every registered folder, then exits with 128 + the signal.
fn clean_up_and_exit(signal: i32) -> ! {
    STOPPING.store(true, Ordering::Relaxed);
    // Let writes under way finish, so none recreates a folder after it went.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let folders = std::mem::take(&mut *FOLDERS.lock().unwrap_or_else(|p| p.into_inner()));
    for folder in folders {
        let _ = std::fs::remove_dir_all(&folder);
    }
    eprintln!("\ninterrupted; nothing was changed");
    std::process::exit(128 + signal);
}

fn on_signal(signal: i32) {
    let handler = GRACEFUL.lock().unwrap_or_else(|p| p.into_inner()).take();
    match handler {
        Some(mut h) => h(),
        None => clean_up_and_exit(signal),
    }
}

#[cfg(unix)]
mod imp {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    pub fn install() {
        match Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            Ok(mut signals) => {
                std::thread::spawn(move || {
                    for signal in signals.forever() {
                        super::on_signal(signal);
                    }
                });
            }
            // Without handlers a signal kills the process as before; the
            // next run removes what it left.
            Err(e) => eprintln!(
                "warning: cannot catch Ctrl-C ({e}); an interrupted build leaves its folder until the next one"
            ),
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn install() {}
}
