//! Writes a synthetic yearbook (tests/common/synthetic.rs) into a folder, for
//! benchmarks and trying things at scale:
//!
//!     cargo run --release --example synthetic -- OUT [ENTITIES] [LANGS]
//!
//! ENTITIES defaults to 10000, LANGS (body languages, comma-separated) to
//! `zh-Hans,en`. Then `nianjian build --root OUT`.

#[path = "../tests/common/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: synthetic OUT [ENTITIES] [LANGS]");
        std::process::exit(2);
    };
    let entities = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let langs = args.next().unwrap_or_else(|| "zh-Hans,en".to_owned());
    let bodies: Vec<&'static str> = ["zh-Hans", "zh-Hant", "en"]
        .into_iter()
        .filter(|l| langs.split(',').any(|x| x == *l))
        .collect();
    let root = std::path::Path::new(&out);
    if root.join("content").exists() {
        eprintln!("{out}/content exists; choose an empty folder");
        std::process::exit(2);
    }
    synthetic::generate(root, &synthetic::Spec { entities, bodies });
    let (p, c, k, e) = synthetic::counts(&synthetic::Spec {
        entities,
        bodies: Vec::new(),
    });
    println!("wrote {out}: {p} provinces, {c} cities, {k} councils, {e} events");
}
