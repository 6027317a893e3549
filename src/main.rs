fn main() -> std::process::ExitCode {
    trustlint::cli::main()
}
