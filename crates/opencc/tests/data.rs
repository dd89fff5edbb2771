//! The vendored data is consistent: the generated dictionaries are what our
//! generator makes from the upstream files, and the embedded commit is the
//! one recorded beside them.

use std::path::Path;

use nianjian_opencc::compile::generate;

fn data() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

#[test]
fn generated_dictionaries_are_up_to_date() {
    let read = |p: &str| std::fs::read_to_string(data().join(p)).map_err(|e| format!("{p}: {e}"));
    let made = generate::all(&read).expect("the upstream files generate");
    assert_eq!(made.len(), generate::GENERATED.len());
    for (name, text) in made {
        let path = format!("generated/{name}.txt");
        let vendored = read(&path).expect("vendored");
        assert!(
            vendored == text,
            "{path} is stale: run scripts/update-opencc-data (or the generate_tables example)"
        );
    }
}

#[test]
fn embedded_commit_is_the_vendored_one() {
    let upstream = std::fs::read_to_string(data().join("UPSTREAM")).expect("UPSTREAM");
    assert!(upstream.contains(&format!("commit {}\n", nianjian_opencc::OPENCC_COMMIT)));
    assert_eq!(nianjian_opencc::OPENCC_COMMIT.len(), 40);
    let notice = std::fs::read_to_string(data().join("NOTICE")).expect("NOTICE");
    assert!(notice.contains("Apache") && notice.contains("UPSTREAM"));
    let license = std::fs::read_to_string(data().join("LICENSE")).expect("LICENSE");
    assert!(license.contains("Apache License"));
}
