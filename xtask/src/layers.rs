//! The console's layers, checked (ARCHITECTURE.md, "The console's layers"): a module of
//! `src/` names only modules below it (`crate::...`), and a provider's folder names no
//! other provider. Read from the source as text: a `use` or a path anywhere counts.

use std::fs;
use std::path::Path;

/// Bottom first; modules of one rank may name each other.
const LAYERS: &[&[&str]] = &[
    &["diff", "error", "format", "ids", "text"],
    &["http"],
    &["host"],
    &["browser"],
    &["ui"],
    &["shell"],
];
/// `providers/<api>/` sits above the shell; `providers/mod.rs` (the `Provider` enum) and
/// the binary above every provider.
const PROVIDER_RANK: usize = LAYERS.len();
const TOP_RANK: usize = LAYERS.len() + 1;

/// The rank of a module path below `crate::` (`ui::review`, `providers::instavm::form`),
/// and, for a provider's module, which provider.
fn rank_of(path: &str) -> Option<(usize, Option<&str>)> {
    let mut parts = path.split("::");
    let first = parts.next()?;
    if first == "providers" {
        return Some(match parts.next() {
            Some(api) if api.chars().all(|c| c.is_ascii_lowercase()) && api != "mod" => {
                (PROVIDER_RANK, Some(api))
            }
            _ => (TOP_RANK, None),
        });
    }
    LAYERS
        .iter()
        .position(|layer| layer.contains(&first))
        .map(|rank| (rank, None))
}

/// Where `file` (relative to `src/`) sits.
fn rank_of_file(file: &Path) -> (usize, Option<String>) {
    let parts: Vec<String> = file
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    match parts.as_slice() {
        [only] if only == "main" || only == "lib" => (TOP_RANK, None),
        [first, api, ..] if first == "providers" && parts.len() > 2 => {
            (PROVIDER_RANK, Some(api.clone()))
        }
        [first, ..] if first == "providers" => (TOP_RANK, None),
        [first, ..] => match rank_of(first) {
            Some((rank, _)) => (rank, None),
            None => panic!("{}: a module with no layer in LAYERS", file.display()),
        },
        [] => unreachable!("a file has a name"),
    }
}

/// Every `crate::a::b` path named in `text`, including those inside `crate::{...}`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    found.push(item.to_owned());
                }
            }
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        found.push(rest[..end].trim_end_matches(':').to_owned());
    }
    found
}

/// The console's imports that break its layers, as `file: path`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    crate::util::rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap().to_owned();
        let (rank, api) = rank_of_file(&relative);
        let text = fs::read_to_string(&file).unwrap();
        for path in crate_paths(&text) {
            let Some((target, target_api)) = rank_of(&path) else {
                found.push(format!(
                    "{}: crate::{path} has no layer",
                    relative.display()
                ));
                continue;
            };
            let above = target > rank;
            let other_provider =
                target_api.is_some() && api.is_some() && target_api != api.as_deref();
            if above || other_provider {
                found.push(format!("{}: crate::{path}", relative.display()));
            }
        }
    }
    found
}

#[test]
fn every_module_names_only_modules_below_it() {
    let found = violations(&crate::util::project_root().join("src"));
    assert!(
        found.is_empty(),
        "imports across the layers:\n{}",
        found.join("\n")
    );
}

#[test]
fn an_import_from_above_or_from_another_provider_is_found() {
    let dir = crate::util::scratch_dir("layers");
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "http.rs",
        "use crate::error::ApiError;\nuse crate::ui::busy::Busy;\n",
    );
    write("text.rs", "use crate::{error::ApiError, shell::frame};\n");
    write(
        "providers/droplit/form.rs",
        "use crate::providers::droplit::words;\nuse crate::providers::instavm::form;\n",
    );
    write("providers/mod.rs", "use crate::providers::droplit::app;\n");
    let mut found = violations(&dir);
    found.sort();
    assert_eq!(
        found,
        [
            "http.rs: crate::ui::busy::Busy",
            "providers/droplit/form.rs: crate::providers::instavm::form",
            "text.rs: crate::shell::frame",
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}
