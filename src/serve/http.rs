//! The preview server: the private build folder through tower-http's
//! `ServeDir`, with the live-reload script and the error overlay injected
//! into HTML responses. Nothing of either is ever in `nianjian build` output.

use std::path::Path;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::{broadcast, watch};
use tower_http::services::{ServeDir, ServeFile};

pub const LIVERELOAD_PATH: &str = "/__nianjian/livereload";

/// Injected before `</body>`: reconnects if the server restarts, reloads
/// when told a new build (or a failed one) is ready.
const LIVERELOAD_SCRIPT: &str = r#"<script>(function () {
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__nianjian/livereload";
  function connect() {
    var ws = new WebSocket(url);
    ws.onopen = function () { window.nianjianLiveReload = true; };
    ws.onmessage = function (e) { if (e.data === "reload") { location.reload(); } };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();</script>"#;

/// State shared between the watcher and the server.
#[derive(Clone)]
pub struct Shared {
    /// Diagnostics of a failed build, as plain text; `None` when the last
    /// build succeeded.
    pub errors: Arc<RwLock<Option<String>>>,
    pub reload: broadcast::Sender<()>,
    pub shutdown: watch::Receiver<bool>,
}

pub fn router(dir: &Path, shared: Shared) -> Router {
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    Router::new()
        .route(LIVERELOAD_PATH, get(livereload))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(shared.clone(), inject))
        .with_state(shared)
}

async fn livereload(ws: WebSocketUpgrade, State(shared): State<Shared>) -> Response {
    ws.on_upgrade(move |socket| notify_reloads(socket, shared))
}

async fn notify_reloads(mut socket: WebSocket, shared: Shared) {
    let mut reloads = shared.reload.subscribe();
    let mut shutdown = shared.shutdown.clone();
    loop {
        tokio::select! {
            r = reloads.recv() => match r {
                Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    if socket.send(Message::Text("reload".into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
            msg = socket.recv() => if msg.is_none() { return },
        }
    }
}

fn escape(s: &str) -> String {
    crate::text::markdown::escape(s)
}

/// Adds the live-reload script (and the error overlay while the build is
/// broken) to every HTML page, and never lets the browser cache one.
async fn inject(State(shared): State<Shared>, mut request: Request, next: Next) -> Response {
    // Always answer with the current page, never "304 Not Modified": the
    // overlay comes and goes while the file stays the same.
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    request.headers_mut().remove(header::RANGE);
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 64 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let mut tail = String::from(LIVERELOAD_SCRIPT);
    let errors = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
    if let Some(errors) = errors {
        tail.push_str(&format!(
            "<div id=\"nianjian-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.2rem;background:#2b1416;color:#fff;border-top:4px solid #e5484d;font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:2147483647\"><strong>nianjian: the build failed; this is the last good build.</strong>\n\n{}</div>",
            escape(&errors)
        ));
    }
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &tail),
        None => html.push_str(&tail),
    }
    if status == StatusCode::NOT_FOUND {
        // The 404 page is served at any depth; its links are relative to the root.
        if let Some(i) = html.find("<head>") {
            html.insert_str(i + "<head>".len(), "<base href=\"/\">");
        }
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts.headers.remove(header::LAST_MODIFIED);
    parts.headers.remove(header::ACCEPT_RANGES);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(html))
}
