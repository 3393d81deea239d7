//! What a build weighs on the wire, and the budget each provider's console must stay within.
//!
//! A provider's bundle is what a page that mounts it downloads: its wasm and JS glue, the
//! stylesheet, the loader and the standalone bootstrap; never another provider's files.
//! Each file is compressed on its own with gzip at level 9 (flate2's
//! `Compression::best()`, like `gzip -9`), summed. Not counted: the HTML page (the
//! embedding page brings its own), `manifest.json`/`config.json` and HTTP headers. A KiB
//! is 1,024 bytes. (`DistSize::measure` counts every `.wasm`, `.js` and `.css` of a
//! folder instead: the bench's hello-world app.)
//!
//! The budget is on gzip -9, which any CDN compressing on the fly matches or beats; the
//! table also shows the `.gz` (Zopfli) and `.br` copies `dist` writes, what a CDN serving
//! them sends.

use crate::dist::{Entry, LOADER, STANDALONE, read_entries};
use crate::util::Result;
use flate2::{Compression, write::GzEncoder};
use std::path::{Path, PathBuf};
use std::{fs, io::Write};

/// A provider's wasm + JS + CSS, gzip -9, in bytes: 250 KiB, but for SlashID.
pub const BUDGET_GZIP: usize = 250 * 1024;
/// SlashID's budget: 253 KiB. Its bundle was 248.3 KiB on d1815af; issue 12's review before
/// every save and its check for changes made meanwhile added 7.7 KB (255.9 KiB on 3eddaba,
/// the lost-updates merge); the cuts made for it (ea5ca54: `Debug` formatting out of the
/// shipped wasm, its custom sections dropped, shared code) won back 3.8 KB, to 252.1 KiB.
/// The other two providers carry the same review within 250 KiB. Lower it again when a
/// cut allows (`twiggy top` on the Trunk build, README, Benchmarks and budgets).
pub const SLASHID_BUDGET_GZIP: usize = 253 * 1024;
/// Where we want to be (reported, not enforced): 200 KiB.
pub const GOAL_GZIP: usize = 200 * 1024;
// SlashID's bundle did not grow from the provider seam: 254,511 B on 11b3e64 (the last
// one-provider build), 252,136 B once the seam and the other providers' builds landed
// (3a2eeef). Until then a ceiling held it there; since, it carries what later issues
// added to SlashID itself (bounded transport, connection epochs, masked secret inputs,
// bounded rules, the review before save...).

/// The gate of `provider`'s bundle.
pub fn budget_of(provider: &str) -> usize {
    if provider == "slashid" {
        SLASHID_BUDGET_GZIP
    } else {
        BUDGET_GZIP
    }
}

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

    /// The named files of `dir` (a provider's bundle).
    pub fn measure_files(dir: &Path, names: &[&str]) -> Result<DistSize> {
        let mut files = Vec::new();
        for name in names {
            let path = dir.join(name);
            let bytes = fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
            files.push(FileSize {
                name: (*name).to_owned(),
                raw: bytes.len(),
                gzip: gzip_len(&bytes)?,
                served_gz: len_of(&path.with_added_extension("gz")),
                served_br: len_of(&path.with_added_extension("br")),
            });
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

    /// The gzip total against `budget` and the goal, one line.
    pub fn budget_line(&self, budget: usize) -> String {
        let gzip = self.gzip_total();
        let verdict = if gzip <= budget {
            format!("within, {} to spare", kib(budget - gzip))
        } else {
            format!("OVER by {}", kib(gzip - budget))
        };
        let goal = if gzip <= GOAL_GZIP {
            "met".to_string()
        } else {
            format!("{} to go", kib(gzip - GOAL_GZIP))
        };
        format!(
            "wasm + JS + CSS: {} gzip -9; budget {}: {verdict}; goal {}: {goal}\n",
            kib(gzip),
            kib(budget),
            kib(GOAL_GZIP)
        )
    }

    /// [`Self::table`] of `provider`'s bundle, against its budget.
    pub fn provider_table(&self, provider: &str) -> String {
        self.table(&format!("{provider} bundle"), budget_of(provider))
    }

    /// One line per file, then the total against `budget` and the goal.
    pub fn table(&self, title: &str, budget: usize) -> String {
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
        out += &self.budget_line(budget);
        out
    }
}

/// What a page that mounts `entry`'s provider downloads (see the top of this file).
pub fn bundle(dir: &Path, entry: &Entry) -> Result<DistSize> {
    DistSize::measure_files(
        dir,
        &[&entry.wasm, &entry.js, &entry.css, LOADER, STANDALONE],
    )
}

/// Every provider's bundle of the dist, one table each (`cargo xtask dist`).
pub fn print_bundles(dir: &Path) -> Result {
    for entry in read_entries(dir)? {
        print!("{}", bundle(dir, &entry)?.provider_table(entry.provider));
    }
    crate::util::flush();
    Ok(())
}

/// `cargo xtask test`'s size gate: each provider's bundle within its budget
/// ([`budget_of`]); prints the tables, or fails with them.
pub fn check_budget(dir: &Path) -> Result {
    let mut tables = String::new();
    let mut over = Vec::new();
    for entry in read_entries(dir)? {
        let size = bundle(dir, &entry)?;
        tables += &size.provider_table(entry.provider);
        over.extend(over_budget(entry.provider, size.gzip_total()));
    }
    if !over.is_empty() {
        return Err(format!(
            "{}:\n{tables}find what grew with `twiggy top` / `twiggy monos` (README, Benchmarks and budgets)",
            over.join("; ")
        )
        .into());
    }
    print!("{tables}");
    crate::util::flush();
    Ok(())
}

/// Why a provider's bundle of `gzip` bytes fails the gate, if it does.
fn over_budget(provider: &str, gzip: usize) -> Option<String> {
    let budget = budget_of(provider);
    if gzip > budget {
        Some(format!(
            "the {provider} console is over its size budget ({gzip} bytes gzip > {budget})"
        ))
    } else {
        None
    }
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
    use super::{BUDGET_GZIP, DistSize, SLASHID_BUDGET_GZIP, over_budget};
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

    #[test]
    fn fails_a_bundle_over_the_budget() {
        let err = over_budget("instavm", BUDGET_GZIP + 1).unwrap();
        assert!(
            err.contains("instavm console is over its size budget"),
            "{err}"
        );
        assert_eq!(over_budget("instavm", BUDGET_GZIP), None);
    }

    #[test]
    fn holds_slashid_to_its_own_budget_and_the_others_to_the_common_one() {
        assert_eq!(over_budget("slashid", SLASHID_BUDGET_GZIP), None);
        assert!(over_budget("slashid", SLASHID_BUDGET_GZIP + 1).is_some());
        assert!(over_budget("droplit", BUDGET_GZIP + 1).is_some());
    }

    #[test]
    fn measures_only_the_named_files_of_a_bundle() {
        let dir = crate::util::scratch_dir("size");
        fs::write(dir.join("a_bg.wasm"), noise(20_000)).unwrap();
        fs::write(dir.join("b_bg.wasm"), noise(40_000)).unwrap();
        let size = DistSize::measure_files(&dir, &["a_bg.wasm"]).unwrap();
        assert_eq!(size.files.len(), 1);
        assert!(size.gzip_total() >= 20_000 && size.gzip_total() < 21_000);
        assert!(DistSize::measure(&dir).unwrap().gzip_total() >= 60_000);
        fs::remove_dir_all(dir).unwrap();
    }
}
