//! The `lakeform` binary: everything lives in the library (`lakeform::cli`).

fn main() -> std::process::ExitCode {
    lakeform::cli::main()
}
