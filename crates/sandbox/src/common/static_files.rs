//! The built console at `/` (`--static`) and folders under prefixes (`--static-at`).
//!
//! How a file may be cached (every other answer of the sandbox is `no-store`, `mark`):
//! a content-hashed file (`webhook-console-<hash>.js`, `..._bg.wasm`, `main-<hash>.css`,
//! and their `.gz`/`.br`) never changes under its name, so it is `immutable` for a year;
//! every other file (`index.html`, the versioned loader, `manifest.json`, `config.json`, a
//! portal's pages) is `no-cache`: kept, but revalidated (`Last-Modified`) before each use,
//! so a new build is seen at once.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
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
        let mut resp = self.file(req).await?;
        if matches!(resp.status(), StatusCode::OK | StatusCode::NOT_MODIFIED) {
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control(&path)),
            );
        }
        Ok(resp)
    }

    async fn file(&self, req: Request) -> Result<Response, Request> {
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

/// The `Cache-Control` of a static file at `path` (see the module).
pub fn cache_control(path: &str) -> &'static str {
    if is_content_hashed(path.rsplit('/').next().unwrap_or_default()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Trunk's names: `<stem>-<16 or more hex digits>` then the extension(s), the wasm's stem
/// ending in `_bg`.
fn is_content_hashed(name: &str) -> bool {
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".br"))
        .unwrap_or(name);
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
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

#[cfg(test)]
mod tests {
    use super::cache_control;

    #[test]
    fn caches_only_content_hashed_files_for_long() {
        let long = "public, max-age=31536000, immutable";
        for hashed in [
            "/webhook-console-3c1f0a9d8e7b6a5c.js",
            "/static/webhook-console-3c1f0a9d8e7b6a5c_bg.wasm",
            "/main-0123456789abcdef.css",
            "/main-0123456789abcdef.css.br",
            "/webhook-console-3c1f0a9d8e7b6a5c_bg.wasm.gz",
        ] {
            assert_eq!(cache_control(hashed), long, "{hashed}");
        }
        for stable in [
            "/",
            "/index.html",
            "/slashid.html",
            "/webhook-console-loader.v1.js",
            "/webhook-console-standalone.v1.js",
            "/manifest.json",
            "/config.json",
            "/portal/app-1234.js",
            "/webhooks/0123456789abcdef0123",
        ] {
            assert_eq!(cache_control(stable), "no-cache", "{stable}");
        }
    }
}
