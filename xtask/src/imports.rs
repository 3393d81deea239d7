//! Short names for the wasm's imports (and the exports only the glue uses).
//!
//! wasm-bindgen names each JS function the wasm imports `__wbg_<name>_<16 hex digits>`,
//! once in the wasm's import section and once as a key of the JS glue's import object; its
//! closure shims are exported under their whole mangled paths. The hex digits are noise to
//! gzip: renaming them to `$0`, `$1`, ... in both files saves about 5 KB of the download.
//! The wasm is rewritten with wasmparser and wasm-encoder (every other section is copied
//! byte for byte); the JS must name each old name exactly once, or the build fails, so
//! that a new wasm-bindgen glue layout cannot break the console silently.

use crate::util::Result;
use std::fs;
use std::path::Path;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Parser, Payload};

/// The prefix of the exports that only the glue calls (closure shims).
const INTERNAL_EXPORT: &str = "wasm_bindgen_";

/// Renames the imports of `wasm` from the JS module `js`, and its internal exports, in
/// both files.
pub fn shorten(wasm_path: &Path, js_path: &Path) -> Result {
    let wasm = fs::read(wasm_path)?;
    let mut js = fs::read_to_string(js_path)?;
    let mut module = wasm_encoder::Module::new();
    let mut renamed = 0;
    for payload in Parser::new(0).parse_all(&wasm) {
        let payload = payload?;
        if let Payload::ImportSection(reader) = payload {
            let mut section = wasm_encoder::ImportSection::new();
            for import in reader.into_imports() {
                let import = import?;
                let short = format!("${renamed:x}");
                js = replace_key(&js, import.name, &short)
                    .map_err(|e| format!("{}: {e}", js_path.display()))?;
                let ty = RoundtripReencoder.entity_type(import.ty)?;
                section.import(import.module, &short, ty);
                renamed += 1;
            }
            module.section(&section);
        } else if let Payload::ExportSection(reader) = payload {
            // wasm-bindgen's closure shims are exported under their full mangled paths
            // (up to 330 characters); the glue is their only user.
            let mut section = wasm_encoder::ExportSection::new();
            for export in reader {
                let export = export?;
                let kind = RoundtripReencoder.export_kind(export.kind)?;
                if export.name.starts_with(INTERNAL_EXPORT) {
                    let short = format!("$e{renamed:x}");
                    js = replace_key(&js, export.name, &short)
                        .map_err(|e| format!("{}: {e}", js_path.display()))?;
                    section.export(&short, kind, export.index);
                    renamed += 1;
                } else {
                    section.export(export.name, kind, export.index);
                }
            }
            module.section(&section);
        } else if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection {
                id,
                data: &wasm[range],
            });
        }
    }
    fs::write(wasm_path, module.finish())?;
    fs::write(js_path, js)?;
    Ok(())
}

/// `js` with the one occurrence of the identifier `old` replaced by `new`.
fn replace_key(js: &str, old: &str, new: &str) -> std::result::Result<String, String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let found: Vec<usize> = js
        .match_indices(old)
        .map(|(at, _)| at)
        .filter(|&at| {
            !js[..at].chars().next_back().is_some_and(is_ident)
                && !js[at + old.len()..].chars().next().is_some_and(is_ident)
        })
        .collect();
    match found.as_slice() {
        [at] => Ok(format!("{}{new}{}", &js[..*at], &js[at + old.len()..])),
        _ => Err(format!(
            "the wasm import `{old}` is named {} times in the JS glue, not once",
            found.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::replace_key;

    #[test]
    fn replaces_the_one_whole_key() {
        let js = "{__wbg_a_1:function(){},__wbg_a_12:function(){}}";
        assert_eq!(
            replace_key(js, "__wbg_a_1", "$0").unwrap(),
            "{$0:function(){},__wbg_a_12:function(){}}"
        );
    }

    #[test]
    fn refuses_a_name_that_is_not_there_once() {
        assert!(replace_key("{x:1}", "__wbg_a_1", "$0").is_err());
        assert!(replace_key("__wbg_a_1;__wbg_a_1", "__wbg_a_1", "$0").is_err());
    }
}
