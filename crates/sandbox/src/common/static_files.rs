//! The built console at `/` (`--static`) and folders under prefixes (`--static-at`).

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::common::config::StaticAt;

#[derive(Clone, Debug, Default)]
pub struct Statics {
    pub dir: Option<PathBuf>,
    pub at: Vec<StaticAt>,
}

impl Statics {
    /// The file a request names, or the request back when no folder serves it. Paths of
    /// the APIs are never served from `--static`, so an unknown API path stays the API's
    /// own 404.
    pub async fn serve(&self, req: Request) -> Result<Response, Request> {
        let path = req.uri().path().to_owned();
        let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
        // The longest matching prefix wins, so `/static/a` and `/static/a/b` may coexist.
        let mounted = self
            .at
            .iter()
            .filter(|s| path == s.prefix || path.starts_with(&format!("{}/", s.prefix)))
            .max_by_key(|s| s.prefix.len());
        if let Some(at) = mounted.filter(|_| is_read) {
            if path == at.prefix {
                // Relative URLs in the folder's pages resolve against the trailing slash.
                return Ok(axum::response::Redirect::permanent(&format!("{path}/")).into_response());
            }
            let rest = &path[at.prefix.len()..];
            let mut parts = req.uri().clone().into_parts();
            let rewritten = match req.uri().query() {
                Some(q) => format!("{rest}?{q}"),
                None => rest.to_owned(),
            };
            parts.path_and_query = rewritten.parse().ok();
            let (mut head, body) = req.into_parts();
            head.uri = axum::http::Uri::from_parts(parts).unwrap_or_default();
            return Ok(oneshot(folder(&at.dir), Request::from_parts(head, body)).await);
        }
        match &self.dir {
            Some(dir) if is_read && !crate::is_api_path(&path) => {
                // Client-side routes of the console (`/webhooks/ID`) get its index.html; a
                // missing asset (`/pkg/app.wasm`) stays a 404 rather than HTML the browser
                // would fail to load as wasm.
                let is_asset = path
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| last.contains('.'));
                Ok(if is_asset {
                    oneshot(folder(dir), req).await
                } else {
                    let index = ServeFile::new(dir.join("index.html"));
                    oneshot(folder(dir).fallback(index), req).await
                })
            }
            _ => Err(req),
        }
    }
}

async fn oneshot<S>(service: S, req: Request) -> Response
where
    S: tower::Service<Request, Error = std::convert::Infallible>,
    S::Response: IntoResponse,
{
    match service.oneshot(req).await {
        Ok(resp) => resp.into_response(),
        Err(never) => match never {},
    }
}

/// A static folder; `cargo xtask dist` puts `.br` and `.gz` beside the console's files,
/// sent to browsers that accept them.
fn folder(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}
