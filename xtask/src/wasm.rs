//! What every shipped wasm goes through after Trunk (the console's bundles and the bench
//! apps, so that they are compared alike): the exports nothing calls are dropped, then
//! wasm-opt, then (after terser, `dist`) short import names (`imports.rs`).
//!
//! Why not Trunk's own wasm-opt: the exports must go before it runs, or the code they
//! keep alive stays. Leptos' `server_fn` (always compiled in) links `wasm-streams`, whose
//! JS classes `IntoUnderlyingByteSource`, `IntoUnderlyingSink` and `IntoUnderlyingSource`
//! are exported to the glue; the console makes no server-function call, so nothing ever
//! creates one. Dropping them from the wasm and the glue, before wasm-opt, takes their
//! code out of the download (-1.4 KiB gzip, measured on 637bdf1).

use crate::util::{Cmd, Result, project_root};
use std::fs;
use std::path::Path;
use wasmparser::{Parser, Payload};

/// The glue's classes that nothing creates, by their JS name.
const UNUSED_CLASSES: &[&str] = &[
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// Drops the unused classes' exports from `wasm` and their code from the JS `glue`, then
/// optimizes `wasm` as Trunk would have (`-Oz`, then functions sorted by name: a type's
/// monomorphised copies side by side compress better).
pub fn finish(wasm: &Path, glue: &Path) -> Result {
    let js = fs::read_to_string(glue)?;
    let (js, dropped) = drop_classes(&js).map_err(|e| format!("{}: {e}", glue.display()))?;
    if dropped > 0 {
        drop_exports(wasm)?;
        fs::write(glue, js)?;
    }
    let optimized = wasm.with_extension("opt.wasm");
    Cmd::new(project_root().join("node_modules/.bin/wasm-opt"))
        .arg(format!("--output={}", optimized.display()))
        .arg("-Oz")
        .arg(wasm)
        .arg("--reorder-functions-by-name")
        .run()?;
    fs::rename(optimized, wasm)?;
    let module = fs::read(wasm)?;
    fs::write(wasm, drop_custom_sections(&module)?)?;
    Ok(())
}

/// `wasm` without its custom sections: `producers` (compiler versions), `target_features`
/// and Leptos' `__wasm_split_unstable` marker are read by tools, never by the browser
/// (about 250 bytes of every download).
fn drop_custom_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if matches!(payload, Payload::CustomSection(_)) {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection {
                id,
                data: &wasm[range],
            });
        }
    }
    Ok(module.finish())
}

/// Whether an export belongs to one of the unused classes (`intounderlyingsink_write`,
/// `__wbg_intounderlyingsink_free`).
fn is_unused_export(name: &str) -> bool {
    let name = name.strip_prefix("__wbg_").unwrap_or(name);
    UNUSED_CLASSES.iter().any(|class| {
        let class = class.to_ascii_lowercase();
        name.strip_prefix(&class)
            .is_some_and(|rest| rest.starts_with('_'))
    })
}

fn drop_exports(path: &Path) -> Result {
    let wasm = fs::read(path)?;
    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(&wasm) {
        let payload = payload?;
        if let Payload::ExportSection(reader) = payload {
            let mut section = wasm_encoder::ExportSection::new();
            for export in reader {
                let export = export?;
                if !is_unused_export(export.name) {
                    use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
                    let kind = RoundtripReencoder.export_kind(export.kind)?;
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
    fs::write(path, module.finish())?;
    Ok(())
}

/// The glue without the unused classes (wasm-bindgen's unminified layout: `export class
/// X {` to the `}` at the start of a line, `if (Symbol.dispose) X.prototype...;` and the
/// `const XFinalization = ...;` statement), and how many it dropped. A glue that still
/// names one of them afterwards fails the build.
fn drop_classes(js: &str) -> std::result::Result<(String, usize), String> {
    let mut out = String::with_capacity(js.len());
    let mut dropped = 0;
    let mut lines = js.split_inclusive('\n');
    while let Some(line) = lines.next() {
        let class = UNUSED_CLASSES.iter().find(|c| {
            line.starts_with(&format!("export class {c} "))
                || line.starts_with(&format!("const {c}Finalization "))
                || line.starts_with(&format!("if (Symbol.dispose) {c}.prototype"))
        });
        let Some(class) = class else {
            out.push_str(line);
            continue;
        };
        if line.starts_with("export class ") {
            dropped += 1;
            // To the class's closing brace, alone at the start of a line.
            if !lines.by_ref().any(|l| l.trim_end() == "}") {
                return Err(format!("the class {class} has no end"));
            }
        } else if !line.trim_end().ends_with(';')
            && !lines.by_ref().any(|l| l.trim_end().ends_with(';'))
        {
            return Err(format!("a statement about {class} has no end"));
        }
    }
    if let Some(left) = UNUSED_CLASSES.iter().find(|c| out.contains(*c)) {
        return Err(format!("the glue still uses {left} after dropping it"));
    }
    Ok((out, dropped))
}

#[cfg(test)]
mod tests {
    use super::{drop_classes, drop_custom_sections, is_unused_export};

    #[test]
    fn drops_custom_sections_and_keeps_the_code() {
        let mut module = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        module.section(&wasm_encoder::CustomSection {
            name: "producers".into(),
            data: b"rustc".as_slice().into(),
        });
        let wasm = module.finish();
        let kept = drop_custom_sections(&wasm).unwrap();
        assert!(kept.len() < wasm.len());
        let sections: Vec<_> = wasmparser::Parser::new(0)
            .parse_all(&kept)
            .filter_map(|p| p.unwrap().as_section().map(|(id, _)| id))
            .collect();
        assert_eq!(sections, [1], "the type section alone");
    }

    const GLUE: &str = "export class IntoUnderlyingSink {\n    free() {\n        wasm.__wbg_intounderlyingsink_free(1, 0);\n    }\n}\nif (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;\n\nexport function mount(a) { return wasm.mount(a); }\nconst IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')\n    ? { register: () => {}, unregister: () => {} }\n    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));\nconst x = 1;\n";

    #[test]
    fn drops_the_unused_classes_and_keeps_the_rest() {
        let (js, dropped) = drop_classes(GLUE).unwrap();
        assert_eq!(dropped, 1);
        assert_eq!(
            js,
            "\nexport function mount(a) { return wasm.mount(a); }\nconst x = 1;\n"
        );
    }

    #[test]
    fn refuses_a_glue_that_still_uses_a_dropped_class() {
        let glue = format!("{GLUE}new IntoUnderlyingSink();\n");
        assert!(drop_classes(&glue).unwrap_err().contains("still uses"));
    }

    #[test]
    fn knows_the_unused_exports_only() {
        for name in [
            "__wbg_intounderlyingbytesource_free",
            "intounderlyingbytesource_pull",
            "intounderlyingsink_write",
            "intounderlyingsource_cancel",
        ] {
            assert!(is_unused_export(name), "{name}");
        }
        for name in [
            "mount",
            "liveMounts",
            "__wbg_consolehandle_free",
            "intounderlying",
        ] {
            assert!(!is_unused_export(name), "{name}");
        }
    }
}
