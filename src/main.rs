fn main() -> std::process::ExitCode {
    nianjian::cli::run()
}
