// mimalloc: the build allocates many small strings and views across
// threads; with glibc's malloc a fifth of the build's CPU went to the
// allocator (docs/performance.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nianjian::cli::run()
}
