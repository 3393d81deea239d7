//! `cargo xtask dist`: the build that goes to the CDN, and what it weighs.
//!
//! [`finish`] turns the providers' Trunk builds (one per API, `build::PROVIDERS`) into
//! one self-contained, relocatable folder (also used by `run` and `test`, so that what is
//! tested is what ships):
//! - the stable, versioned loader `webhook-console-loader.v1.js` (from `src/host/`) and
//!   the standalone page's bootstrap, beside each provider's content-hashed wasm and JS
//!   glue and the one stylesheet;
//! - every JS file minified by terser (Trunk's own minifier gives up on wasm-bindgen's
//!   `export default`), and each wasm's imports given short names (`imports.rs`);
//! - standalone pages without Trunk's inline `<script type="module">` (strict CSP), with
//!   relative URLs only, so the folder works under any path prefix: `index.html` opens
//!   the provider `config.json` names, `<provider>.html` that provider;
//! - a default `config.json` (API base, provider...) that each environment may replace;
//! - `manifest.json`: each provider's bundle (`providers`, and `entry` = the default's,
//!   for v1 loaders), and every file's size and SRI hash (sha384);
//! - `.gz` (Zopfli) and `.br` beside every text and wasm file, for CDNs that serve them
//!   as is.

use crate::util::{Result, project_root};
use crate::{build, setup, size};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::fs;
use std::path::Path;

pub const LOADER: &str = "webhook-console-loader.v1.js";
pub const STANDALONE: &str = "webhook-console-standalone.v1.js";

pub fn run() -> Result {
    setup::run()?;
    build::console_release()?;
    size::print_bundles(&build::dist_dir())?;
    println!(
        "\nTo embed this release pinned ({}):\n{}",
        EMBED_SNIPPET,
        fs::read_to_string(build::dist_dir().join(EMBED_SNIPPET))?
    );
    Ok(())
}

/// The content-hashed files Trunk made for one provider.
pub struct Entry {
    pub provider: &'static str,
    pub js: String,
    pub wasm: String,
    pub css: String,
}

fn find_entry(provider: &'static str, dir: &Path) -> Result<Entry> {
    let mut js = None;
    let mut wasm = None;
    let mut css = None;
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("webhook-console-") && name.ends_with("_bg.wasm") {
            wasm = Some(name);
        } else if name.starts_with("webhook-console-") && name.ends_with(".js") {
            js = Some(name);
        } else if name.starts_with("main-") && name.ends_with(".css") {
            css = Some(name);
        }
    }
    let missing = |what: &str| format!("Trunk made no {what} in {}", dir.display());
    Ok(Entry {
        provider,
        js: js.ok_or_else(|| missing("webhook-console-*.js"))?,
        wasm: wasm.ok_or_else(|| missing("webhook-console-*_bg.wasm"))?,
        css: css.ok_or_else(|| missing("main-*.css"))?,
    })
}

/// The providers' bundles as `manifest.json` lists them (the first is the default).
pub fn read_entries(dist: &Path) -> Result<Vec<Entry>> {
    let manifest = fs::read_to_string(dist.join("manifest.json"))?;
    build::PROVIDERS
        .iter()
        .map(|provider| {
            let key = format!("\"{provider}\": {{ \"js\": ");
            let at = manifest
                .find(&key)
                .ok_or_else(|| format!("manifest.json lists no {provider} bundle"))?;
            // `"js": "A", "wasm": "B", "css": "C"`: the values are every other quoted text.
            let rest = &manifest[at + key.len() - 1..];
            let mut values = rest.split('"').skip(1).step_by(4);
            let mut next = || {
                values
                    .next()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("manifest.json: unreadable {provider} bundle"))
            };
            Ok(Entry {
                provider,
                js: next()?,
                wasm: next()?,
                css: next()?,
            })
        })
        .collect()
}

/// Makes the CDN folder described at the top of this file from the providers' Trunk
/// builds (`build::provider_dir`).
pub fn finish(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let mut entries = Vec::new();
    for provider in build::PROVIDERS {
        let built = build::provider_dir(provider);
        let entry = find_entry(provider, &built)?;
        for name in [&entry.js, &entry.wasm, &entry.css] {
            let target = dir.join(name);
            // The stylesheet is the same for every provider (same name, same bytes); a
            // glue or wasm name met twice would mean two providers' builds are one.
            if target.exists() && name != &entry.css {
                return Err(format!("{name} was built for two providers").into());
            }
            fs::copy(built.join(name), target)?;
        }
        entries.push(entry);
    }
    if entries.iter().any(|e| e.css != entries[0].css) {
        return Err("the providers' builds have different stylesheets".into());
    }
    for entry in &entries {
        crate::wasm::finish(&dir.join(&entry.wasm), &dir.join(&entry.js))?;
    }
    let host = project_root().join("src/host");
    fs::copy(host.join("loader.js"), dir.join(LOADER))?;
    fs::copy(host.join("standalone.js"), dir.join(STANDALONE))?;
    let mut scripts = vec![dir.join(LOADER), dir.join(STANDALONE)];
    scripts.extend(entries.iter().map(|e| dir.join(&e.js)));
    minify_js(&scripts)?;
    for entry in &entries {
        crate::imports::shorten(&dir.join(&entry.wasm), &dir.join(&entry.js))?;
    }
    // A release can be pinned (README, "Embedding"): the manifest lists the hash of every
    // file the loader loads, the loader carries the manifest's hash, and a host pins the
    // loader. So the manifest lists neither the loader nor the pages that name the
    // loader's hash (each would need its own hash first), nor `config.json`, which each
    // environment replaces.
    let mut files: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name != LOADER)
        .collect();
    files.sort();
    let mut listed = Vec::new();
    for name in &files {
        let bytes = fs::read(dir.join(name))?;
        let (gz, br) = compress_beside(dir, name, &bytes)?;
        listed.push(format!(
            "    {{ \"path\": {}, \"size\": {}, \"integrity\": \"{}\", \"gzip\": {gz}, \"br\": {br} }}",
            json_string(name),
            bytes.len(),
            sri(&bytes)
        ));
    }
    let bundle = |e: &Entry| {
        format!(
            "{{ \"js\": {}, \"wasm\": {}, \"css\": {} }}",
            json_string(&e.js),
            json_string(&e.wasm),
            json_string(&e.css)
        )
    };
    let providers: Vec<String> = entries
        .iter()
        .map(|e| format!("    {}: {}", json_string(e.provider), bundle(e)))
        .collect();
    // `entry` is the default provider's bundle: what a v1 loader from before the other
    // providers reads.
    let manifest = format!(
        "{{\n  \"name\": \"webhook-console\",\n  \"version\": {},\n  \"loader\": {},\n  \"entry\": {},\n  \"providers\": {{\n{}\n  }},\n  \"files\": [\n{}\n  ]\n}}\n",
        json_string(env!("CARGO_PKG_VERSION")),
        json_string(LOADER),
        bundle(&entries[0]),
        providers.join(",\n"),
        listed.join(",\n")
    );
    fs::write(dir.join("manifest.json"), &manifest)?;
    compress_beside(dir, "manifest.json", manifest.as_bytes())?;
    let manifest_integrity = sri(manifest.as_bytes());
    pin_manifest(&dir.join(LOADER), &manifest_integrity)?;
    let loader = fs::read(dir.join(LOADER))?;
    compress_beside(dir, LOADER, &loader)?;

    let hashes = Hashes {
        loader: sri(&loader),
        standalone: sri(&fs::read(dir.join(STANDALONE))?),
        css: sri(&fs::read(dir.join(&entries[0].css))?),
    };
    // The page at `/` opens the provider `config.json` names (the default's bundle is
    // announced); `<provider>.html` opens that provider whatever `config.json` says.
    let mut pages = vec![(
        "index.html".to_owned(),
        standalone_page(dir, &entries[0], &hashes, None)?,
    )];
    for entry in &entries {
        pages.push((
            format!("{}.html", entry.provider),
            standalone_page(dir, entry, &hashes, Some(entry.provider))?,
        ));
    }
    let config = format!(
        "{{\n  \"apiBase\": null,\n  \"orgId\": null,\n  \"provider\": {},\n  \"theme\": \"auto\",\n  \"hashRouting\": true\n}}\n",
        json_string(entries[0].provider)
    );
    pages.push(("config.json".to_owned(), config));
    for (name, text) in &pages {
        fs::write(dir.join(name), text)?;
        compress_beside(dir, name, text.as_bytes())?;
    }
    check_csp_clean(dir)?;
    fs::write(dir.join(EMBED_SNIPPET), embed_snippet(&hashes.loader))?;
    Ok(())
}

/// Where `dist` writes the tags that embed this release pinned (README, "Embedding").
pub const EMBED_SNIPPET: &str = "embed-pinned.html";

/// The `<script>` a host copies to run exactly this release: the loader, pinned.
pub fn embed_snippet(loader_integrity: &str) -> String {
    format!(
        "<!-- This release, pinned: the browser refuses the loader if it changed, and the loader\n     every file it loads (manifest.json, the provider's JS and wasm, the stylesheet). -->\n<script type=\"module\" src=\"https://cdn.example.com/webhook-console/{}/{LOADER}\" integrity=\"{loader_integrity}\" crossorigin=\"anonymous\"></script>\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// The placeholder in `src/host/loader.js` that becomes the manifest's hash.
const MANIFEST_HASH_PLACEHOLDER: &str = "__WEBHOOK_CONSOLE_MANIFEST_INTEGRITY__";

/// Writes the manifest's hash into the (minified) loader; it must hold the placeholder
/// exactly once, or the build fails (a loader that pins nothing must not ship).
fn pin_manifest(loader: &Path, manifest_integrity: &str) -> Result {
    let text = fs::read_to_string(loader)?;
    match text.matches(MANIFEST_HASH_PLACEHOLDER).count() {
        1 => Ok(fs::write(
            loader,
            text.replace(MANIFEST_HASH_PLACEHOLDER, manifest_integrity),
        )?),
        n => Err(format!(
            "{} names {MANIFEST_HASH_PLACEHOLDER} {n} times, not once",
            loader.display()
        )
        .into()),
    }
}

/// The hashes the standalone pages name.
struct Hashes {
    loader: String,
    standalone: String,
    css: String,
}

/// The standalone page: the console is the whole page (light DOM), its stylesheet and
/// modules referenced relatively, with their SRI hashes (so the browser checks every
/// file: the loader checks the manifest and the wasm, which Chromium's `as="fetch"`
/// preloads cannot carry a hash for). Every file the start needs is
/// announced in the head, so the browser fetches them at once instead of one after the
/// other (bootstrap -> config.json, loader -> manifest.json, glue -> wasm). With
/// `provider`, the page opens that provider, not `config.json`'s.
fn standalone_page(
    dir: &Path,
    entry: &Entry,
    hashes: &Hashes,
    provider: Option<&str>,
) -> Result<String> {
    let fixed = provider
        .map(|p| format!(" data-provider=\"{p}\""))
        .unwrap_or_default();
    let js_integrity = sri(&fs::read(dir.join(&entry.js))?);
    Ok(format!(
        r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Webhook Console</title>
    <!-- No favicon request: a 404 would be logged as a console error, which tests forbid. -->
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="./{css}" integrity="{css_integrity}">
    <link rel="modulepreload" href="./{LOADER}" integrity="{loader_integrity}">
    <link rel="modulepreload" href="./{js}" integrity="{js_integrity}">
    <link rel="preload" href="./config.json" as="fetch" crossorigin>
    <link rel="preload" href="./manifest.json" as="fetch" crossorigin>
    <link rel="preload" href="./{wasm}" as="fetch" type="application/wasm" crossorigin>
    <script type="module" src="./{STANDALONE}" integrity="{standalone_integrity}"></script>
  </head>
  <body>
    <div id="webhook-console"{fixed}></div>
  </body>
</html>
"#,
        css = entry.css,
        css_integrity = hashes.css,
        loader_integrity = hashes.loader,
        standalone_integrity = hashes.standalone,
        js = entry.js,
        wasm = entry.wasm,
    ))
}

/// What a strict CSP (`script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`) forbids:
/// inline scripts and `style` attributes in the page, eval-like calls and `style`
/// attributes in the JS and in the wasm's strings (where the view templates are).
fn check_csp_clean(dir: &Path) -> Result {
    let html = fs::read_to_string(dir.join("index.html"))?;
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or_default();
        if !tag.contains("src=") {
            return Err("dist/index.html has an inline <script>: strict CSP forbids it".into());
        }
    }
    for e in fs::read_dir(dir)? {
        let path = e?.path();
        let Some(ext) = path.extension().and_then(|x| x.to_str()) else {
            continue;
        };
        if !matches!(ext, "html" | "js" | "wasm") {
            continue;
        }
        let text = String::from_utf8_lossy(&fs::read(&path)?).into_owned();
        let comments_stripped: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for bad in [
            "style=",
            "eval(",
            "new Function(",
            "setAttribute('style'",
            "setAttribute(\"style\"",
        ] {
            if comments_stripped.contains(bad) {
                return Err(format!(
                    "{} contains `{bad}`, which a strict CSP forbids",
                    path.display()
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Minifies ES modules in place with the repo's terser (npm, pinned): what admins download
/// carries no comments or long local names (-3.8 KB gzip over the three files).
pub fn minify_js(paths: &[std::path::PathBuf]) -> Result {
    let terser = project_root().join("node_modules/.bin/terser");
    for path in paths {
        crate::util::Cmd::new(&terser)
            .arg(path)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(path)
            .run()?;
    }
    Ok(())
}

/// Writes `name.gz` (Zopfli) and `name.br` (brotli q11) when `name` is text or wasm;
/// returns their sizes (0 when not written).
fn compress_beside(dir: &Path, name: &str, bytes: &[u8]) -> Result<(usize, usize)> {
    let compressible = [".html", ".js", ".css", ".json", ".wasm", ".svg", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if !compressible {
        return Ok((0, 0));
    }
    let gz = gzip(bytes)?;
    let br = brotli(bytes)?;
    fs::write(dir.join(format!("{name}.gz")), &gz)?;
    fs::write(dir.join(format!("{name}.br")), &br)?;
    Ok((gz.len(), br.len()))
}

/// Zopfli: slower to compress than gzip -9 (seconds, once per build), about 4 % smaller,
/// and any gzip decoder reads it.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        bytes,
        &mut out,
    )?;
    Ok(out)
}

/// Brotli at quality 11, window 22.
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Subresource Integrity: `sha384-` + base64 of the SHA-384 digest.
fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{MANIFEST_HASH_PLACEHOLDER, pin_manifest};
    use std::fs;

    #[test]
    fn pins_the_manifest_hash_into_the_loader_once() {
        let dir = crate::util::scratch_dir("pin");
        let loader = dir.join("loader.js");
        fs::write(
            &loader,
            format!("fetch(m,{{integrity:\"{MANIFEST_HASH_PLACEHOLDER}\"}})"),
        )
        .unwrap();
        pin_manifest(&loader, "sha384-abc").unwrap();
        assert_eq!(
            fs::read_to_string(&loader).unwrap(),
            "fetch(m,{integrity:\"sha384-abc\"})"
        );
        // Already pinned (or a loader without the placeholder): the build fails.
        assert!(pin_manifest(&loader, "sha384-def").is_err());
        fs::remove_dir_all(dir).unwrap();
    }
}
