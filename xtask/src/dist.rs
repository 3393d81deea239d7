//! `cargo xtask dist`: the build that goes to the CDN, and what it weighs.

use crate::util::Result;
use crate::{build, setup};
use flate2::{Compression, write::GzEncoder};
use std::{fs, io::Write};

pub fn run() -> Result {
    setup::run()?;
    build::console_release()?;
    print_sizes()
}

/// Gzip at level 9 approximates what a CDN serves; raw size is what the browser compiles.
fn print_sizes() -> Result {
    let mut files: Vec<_> = fs::read_dir(build::dist_dir())?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "wasm" || ext == "js" || ext == "css")
        })
        .collect();
    files.sort();
    println!("{:<48} {:>10} {:>10}", "dist/", "raw", "gzip -9");
    let (mut raw_total, mut gzip_total) = (0, 0);
    for path in files {
        let bytes = fs::read(&path)?;
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(&bytes)?;
        let gzipped = encoder.finish()?.len();
        raw_total += bytes.len();
        gzip_total += gzipped;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("{name:<48} {:>10} {:>10}", kib(bytes.len()), kib(gzipped));
    }
    println!(
        "{:<48} {:>10} {:>10}",
        "total",
        kib(raw_total),
        kib(gzip_total)
    );
    Ok(())
}

fn kib(bytes: usize) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}
