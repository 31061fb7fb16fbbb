use std::process::ExitCode;

fn main() -> ExitCode {
    svcmatch::app::main()
}
