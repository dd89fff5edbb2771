//! Regenerates the derived dictionaries in `data/generated/` from the
//! upstream files in `data/dictionary/` (what OpenCC's build makes with
//! `data/scripts/`), for `scripts/update-opencc-data`.
//!
//!     cargo run --release -p nianjian-opencc --example generate_tables -- crates/opencc/data

use std::path::PathBuf;

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: generate_tables <data folder>");
        std::process::exit(2);
    };
    let read =
        |path: &str| std::fs::read_to_string(dir.join(path)).map_err(|e| format!("{path}: {e}"));
    let made = match nianjian_opencc::compile::generate::all(&read) {
        Ok(made) => made,
        Err(e) => {
            eprintln!("cannot generate: {e}");
            std::process::exit(1);
        }
    };
    for (name, text) in made {
        let path = dir.join("generated").join(format!("{name}.txt"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
        println!("wrote {}", path.display());
    }
}
