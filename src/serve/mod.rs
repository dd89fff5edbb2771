//! `nianjian serve`: build, serve over HTTP, watch `content/` and `themes/`,
//! rebuild what changed, and reload the open pages.

mod http;
pub mod live;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::{broadcast, watch};

use crate::diag;
use crate::source::SourceMap;
pub use http::LIVERELOAD_PATH;
use live::{LiveSite, Rebuild};

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub styled: bool,
}

/// How many ports after the asked one are tried when it is in use.
const PORT_TRIES: u16 = 10;

fn bind(addr: IpAddr, port: u16) -> Result<std::net::TcpListener, String> {
    let mut last = String::new();
    for p in port..port.saturating_add(PORT_TRIES) {
        match std::net::TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => {
                if p != port {
                    eprintln!("port {port} is in use; serving on {p} instead");
                }
                return Ok(l);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => last = e.to_string(),
            Err(e) => return Err(format!("cannot listen on {addr}:{p}: {e}")),
        }
    }
    Err(format!(
        "ports {port}–{} on {addr} are all in use ({last}); pass --port to choose another",
        port.saturating_add(PORT_TRIES - 1)
    ))
}

fn report(rebuild: &Rebuild, sources: &SourceMap, styled: bool, what: &str) -> Option<String> {
    if !rebuild.diagnostics.is_empty() {
        eprint!("{}", diag::render(&rebuild.diagnostics, sources, styled));
    }
    let ms = rebuild.elapsed.as_millis();
    if rebuild.failed() {
        let n = rebuild.diagnostics.errors().count();
        eprintln!(
            "{what}: build failed with {n} error{} in {ms} ms; still serving the last good build",
            if n == 1 { "" } else { "s" }
        );
        let plain: Vec<String> = rebuild
            .diagnostics
            .errors()
            .map(ToString::to_string)
            .collect();
        return Some(plain.join("\n"));
    }
    let scope = if rebuild.full {
        "full rebuild"
    } else {
        "incremental"
    };
    let removed = if rebuild.removed > 0 {
        format!(", {} removed", rebuild.removed)
    } else {
        String::new()
    };
    eprintln!(
        "{what}: {} pages rendered ({scope}{removed}) in {ms} ms (load and check {} ms, render {} ms)",
        rebuild.rendered,
        rebuild.check_time.as_millis(),
        rebuild.render_time.as_millis()
    );
    None
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
        n => format!("{}, … ({n} files)", names[..2].join(", ")),
    }
}

/// Runs until Ctrl-C. Returns an error message when it cannot start.
pub fn run(options: Options) -> Result<(), String> {
    let root = std::path::absolute(&options.root).map_err(|e| e.to_string())?;
    let private = tempfile::Builder::new()
        .prefix("nianjian-serve-")
        .tempdir()
        .map_err(|e| format!("cannot create the preview folder: {e}"))?;
    let dir = private.path().join("site");
    let mut site = LiveSite::new(&root, &dir);

    let first = site.rebuild(&[]);
    let first_errors = report(&first, &site.run.sources, options.styled, "initial build");
    if first.failed() {
        return Err(
            "the site does not build; fix the errors above and run `nianjian serve` again"
                .to_owned(),
        );
    }

    let listener = bind(options.bind, options.port)?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;

    let (reload_tx, _) = broadcast::channel(16);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let shared = http::Shared {
        errors: Arc::new(RwLock::new(first_errors)),
        reload: reload_tx.clone(),
        shutdown: shutdown_rx,
    };

    // Watcher: debounced events go to a thread that rebuilds.
    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(200), None, events_tx)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    for sub in ["content", "themes"] {
        let path = root.join(sub);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    let errors = shared.errors.clone();
    let styled = options.styled;
    let watch_root = root.clone();
    std::thread::spawn(move || {
        for result in events_rx {
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
            if !site.is_relevant(&paths) {
                continue;
            }
            let what = describe(&paths, &watch_root);
            let clear_errors = &mut || {
                if let Ok(mut e) = errors.write() {
                    *e = None;
                }
            };
            let rebuild = site.rebuild_with(&paths, clear_errors);
            if let Some(failed) = report(&rebuild, &site.run.sources, styled, &what)
                && let Ok(mut e) = errors.write()
            {
                *e = Some(failed);
            }
            let _ = reload_tx.send(());
        }
    });

    let url = format!("http://{local}/");
    eprintln!("serving {} at {url} (Ctrl-C to stop)", root.display());
    if options.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let app = http::router(&dir, shared);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                eprintln!("\nstopping");
                let _ = shutdown_tx.send(true);
            })
            .await
            .map_err(|e| e.to_string())
    })?;
    drop(debouncer);
    // `private` is removed here, with everything served from it.
    drop(private);
    Ok(())
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

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
