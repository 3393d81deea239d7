//! What a build weighs on the wire, and the budget the console's must stay within.
//!
//! Counted: every `.wasm`, `.js` and `.css` file under the dist directory (recursively:
//! wasm-bindgen may add `snippets/`), each compressed on its own with gzip at level 9
//! (flate2's `Compression::best()`, like `gzip -9`), summed. Not counted: `index.html`
//! (the embedding page brings its own) and HTTP headers. A KiB is 1,024 bytes.
//!
//! The budget is on gzip -9, which any CDN compressing on the fly matches or beats; the
//! table also shows the `.gz` (Zopfli) and `.br` copies `dist` writes, what a CDN serving
//! them sends.

use crate::util::Result;
use flate2::{Compression, write::GzEncoder};
use std::path::{Path, PathBuf};
use std::{fs, io::Write};

/// The console's wasm + JS + CSS, gzip -9, in bytes: 250 KiB.
pub const BUDGET_GZIP: usize = 250 * 1024;
/// Where we want to be (reported, not enforced): 200 KiB.
pub const GOAL_GZIP: usize = 200 * 1024;

pub struct FileSize {
    /// Relative to the dist directory.
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    /// The `.gz` (Zopfli) and `.br` copies `dist` writes beside it, when there are.
    pub served_gz: Option<usize>,
    pub served_br: Option<usize>,
}

pub struct DistSize {
    pub files: Vec<FileSize>,
}

impl DistSize {
    pub fn measure(dir: &Path) -> Result<DistSize> {
        let mut paths = Vec::new();
        collect(dir, &mut paths)?;
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let bytes = fs::read(&path)?;
            files.push(FileSize {
                name: path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned(),
                raw: bytes.len(),
                gzip: gzip_len(&bytes)?,
                served_gz: len_of(&path.with_added_extension("gz")),
                served_br: len_of(&path.with_added_extension("br")),
            });
        }
        if !files.iter().any(|file| file.name.ends_with(".wasm")) {
            return Err(format!("no .wasm file in {}: was it built?", dir.display()).into());
        }
        Ok(DistSize { files })
    }

    pub fn raw_total(&self) -> usize {
        self.files.iter().map(|file| file.raw).sum()
    }

    pub fn gzip_total(&self) -> usize {
        self.files.iter().map(|file| file.gzip).sum()
    }

    /// What a CDN serving the `.gz` copies sends, when every file has one.
    pub fn served_gz_total(&self) -> Option<usize> {
        self.files.iter().map(|file| file.served_gz).sum()
    }

    pub fn served_br_total(&self) -> Option<usize> {
        self.files.iter().map(|file| file.served_br).sum()
    }

    /// The gzip total against the budget and the goal, one line.
    pub fn budget_line(&self) -> String {
        let gzip = self.gzip_total();
        let budget = if gzip <= BUDGET_GZIP {
            format!("within, {} to spare", kib(BUDGET_GZIP - gzip))
        } else {
            format!("OVER by {}", kib(gzip - BUDGET_GZIP))
        };
        let goal = if gzip <= GOAL_GZIP {
            "met".to_string()
        } else {
            format!("{} to go", kib(gzip - GOAL_GZIP))
        };
        format!(
            "wasm + JS + CSS: {} gzip -9; budget {}: {budget}; goal {}: {goal}\n",
            kib(gzip),
            kib(BUDGET_GZIP),
            kib(GOAL_GZIP)
        )
    }

    /// One line per file, then the total against the budget and the goal.
    pub fn table(&self, title: &str) -> String {
        let served = |bytes: Option<usize>| bytes.map(kib).unwrap_or_else(|| "-".into());
        let mut out = format!(
            "{title:<44} {:>11} {:>11} {:>11} {:>11}\n",
            "raw", "gzip -9", ".gz served", ".br served"
        );
        for file in &self.files {
            out += &format!(
                "{:<44} {:>11} {:>11} {:>11} {:>11}\n",
                file.name,
                kib(file.raw),
                kib(file.gzip),
                served(file.served_gz),
                served(file.served_br)
            );
        }
        let gzip = self.gzip_total();
        out += &format!(
            "{:<44} {:>11} {:>11} {:>11} {:>11}\n",
            "total (wasm + JS + CSS)",
            kib(self.raw_total()),
            kib(gzip),
            served(self.served_gz_total()),
            served(self.served_br_total())
        );
        out += &self.budget_line();
        out
    }
}

/// `cargo xtask test`'s size gate: prints the table, or fails with it when the dist is
/// over the budget.
pub fn check_budget(dir: &Path) -> Result {
    let size = DistSize::measure(dir)?;
    let table = size.table("dist/");
    if size.gzip_total() > BUDGET_GZIP {
        return Err(format!(
            "the console is over its size budget ({} bytes gzip > {BUDGET_GZIP}):\n{table}\
             find what grew with `twiggy top` / `twiggy monos` (README, Benchmarks and budgets)",
            size.gzip_total()
        )
        .into());
    }
    print!("{table}");
    crate::util::flush();
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    for entry in fs::read_dir(dir).map_err(|e| format!("read {}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "wasm" || ext == "js" || ext == "css")
        {
            out.push(path);
        }
    }
    Ok(())
}

fn len_of(path: &Path) -> Option<usize> {
    fs::metadata(path).ok().map(|meta| meta.len() as usize)
}

pub fn kib(bytes: usize) -> String {
    format!("{}.{} KiB", bytes / 1024, (bytes % 1024) * 10 / 1024)
}

#[cfg(test)]
mod tests {
    use super::{BUDGET_GZIP, check_budget};
    use std::fs;

    /// Bytes gzip cannot shrink (xorshift), so the gzip size is about `len`.
    fn noise(len: usize) -> Vec<u8> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    fn dist_with(name: &str, wasm_len: usize) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-size-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("app_bg.wasm"), noise(wasm_len)).unwrap();
        fs::write(dir.join("app.js"), "export default 1;\n").unwrap();
        dir
    }

    #[test]
    fn fails_a_dist_over_the_budget() {
        let dir = dist_with("over", BUDGET_GZIP + 1024);
        let err = check_budget(&dir).unwrap_err().to_string();
        assert!(err.contains("over its size budget"), "{err}");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn passes_a_dist_within_the_budget() {
        let dir = dist_with("within", BUDGET_GZIP - 4096);
        check_budget(&dir).unwrap();
        fs::remove_dir_all(dir).unwrap();
    }
}
