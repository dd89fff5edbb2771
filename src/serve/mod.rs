//! `nianjian serve`: build, serve over HTTP, watch `content/` and `themes/`
//! (`watch`), rebuild what changed, and reload the open pages. The build
//! lives in a private folder (`preview`).

mod http;
pub mod live;
pub mod preview;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tokio::sync::{broadcast, watch as channel};

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
    // The search index of an incremental rebuild is written after the
    // pages are served.
    let served = if !rebuild.full && rebuild.served < rebuild.elapsed {
        format!("; pages served after {} ms", rebuild.served.as_millis())
    } else {
        String::new()
    };
    eprintln!(
        "{what}: {} files rendered ({scope}{removed}) in {ms} ms (load and check {} ms, render {} ms{served})",
        rebuild.rendered,
        rebuild.check_time.as_millis(),
        rebuild.render_time.as_millis()
    );
    None
}

/// Why serve could not start: a usage or configuration problem (exit 2), or
/// content that does not build (exit 1).
#[derive(Debug)]
pub enum StartError {
    Usage(String),
    Content(String),
}

/// Runs until Ctrl-C, SIGTERM or SIGHUP.
pub fn run(options: Options) -> Result<(), StartError> {
    crate::build::interrupt::install();
    let usage = |e: std::io::Error| StartError::Usage(e.to_string());
    let root = std::path::absolute(&options.root).map_err(usage)?;
    let preview = preview::PreviewDir::create().map_err(StartError::Usage)?;
    let dir = preview.site();
    let mut site = LiveSite::new(&root, &dir);
    let first = site.rebuild(&[]);
    let first_errors = report(&first, &site.run.sources, options.styled, "initial build");
    if first.failed() {
        return Err(StartError::Content(
            "the site does not build; fix the errors above and run `nianjian serve` again"
                .to_owned(),
        ));
    }
    let listener = bind(options.bind, options.port).map_err(StartError::Usage)?;
    let local = listener.local_addr().map_err(usage)?;
    listener.set_nonblocking(true).map_err(usage)?;
    let (reload_tx, _) = broadcast::channel(16);
    let (shutdown_tx, shutdown_rx) = channel::channel(false);
    let shared = http::Shared {
        errors: Arc::new(RwLock::new(first_errors)),
        reload: reload_tx.clone(),
        shutdown: shutdown_rx,
    };
    let sinks = watch::Sinks {
        errors: shared.errors.clone(),
        reload: reload_tx,
        styled: options.styled,
    };
    let watching = watch::start(&root, site, sinks).map_err(StartError::Usage)?;
    // From here a signal stops the server gracefully; it is handed over
    // before the address is announced, so that nobody can signal in between.
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut stop_tx = Some(stop_tx);
    crate::build::interrupt::on_first_signal(move || {
        if let Some(tx) = stop_tx.take() {
            let _ = tx.send(());
        }
    });
    announce(&root, local, options.open);
    serve_until_stopped(listener, http::router(&dir, shared), shutdown_tx, stop_rx)
        .map_err(StartError::Usage)?;
    drop(watching);
    // The private folder is removed here, with everything served from it.
    drop(preview);
    Ok(())
}

/// Says where the preview is. Listening on every interface (`--bind
/// 0.0.0.0`) is said out loud, with addresses a browser can open.
fn announce(root: &Path, local: SocketAddr, open: bool) {
    let urls = urls_to_open(local);
    let first = urls
        .first()
        .cloned()
        .unwrap_or_else(|| format!("http://{local}/"));
    if local.ip().is_unspecified() {
        eprintln!(
            "warning: listening on every network interface ({}): anyone who can reach this machine can see the preview",
            local.ip()
        );
        eprintln!("serving {} (Ctrl-C to stop) at:", root.display());
        for url in &urls {
            eprintln!("  {url}");
        }
    } else {
        eprintln!("serving {} at {first} (Ctrl-C to stop)", root.display());
    }
    if open {
        open_browser(&first);
    }
}

/// The addresses a browser can open: the one listened on, or, for every
/// interface, loopback first and then each interface's own.
fn urls_to_open(local: SocketAddr) -> Vec<String> {
    let url = |ip: IpAddr| format!("http://{}/", SocketAddr::new(ip, local.port()));
    if !local.ip().is_unspecified() {
        return vec![url(local.ip())];
    }
    let v6 = local.ip().is_ipv6();
    let loopback: IpAddr = if v6 {
        std::net::Ipv6Addr::LOCALHOST.into()
    } else {
        std::net::Ipv4Addr::LOCALHOST.into()
    };
    let mut ips = vec![loopback];
    for iface in if_addrs::get_if_addrs().unwrap_or_default() {
        let ip = iface.ip();
        // An IPv4 socket answers only IPv4; link-local v6 needs a zone.
        let usable = !iface.is_loopback()
            && !iface.is_link_local()
            && (ip.is_ipv4() || v6)
            && !ips.contains(&ip);
        if usable {
            ips.push(ip);
        }
    }
    ips.into_iter().map(url).collect()
}

/// Serves until `stop_rx` says a signal asked to stop (`build::interrupt`
/// hands the first one over), then stops gracefully.
fn serve_until_stopped(
    listener: std::net::TcpListener,
    app: axum::Router,
    shutdown_tx: channel::Sender<bool>,
    stop_rx: tokio::sync::oneshot::Receiver<()>,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_rx.await;
                eprintln!("\nstopping");
                let _ = shutdown_tx.send(true);
            })
            .await
            .map_err(|e| e.to_string())
    })
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
