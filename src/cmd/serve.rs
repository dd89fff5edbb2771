//! `nianjian serve`: live preview.

use std::net::IpAddr;
use std::process::ExitCode;

use super::Ui;
use crate::serve::StartError;

pub fn run(ui: &Ui, bind: IpAddr, port: u16, open: bool) -> ExitCode {
    if let Some(code) = ui.without_content() {
        return code;
    }
    let options = crate::serve::Options {
        root: ui.root.clone(),
        bind,
        port,
        open,
        styled: ui.styled,
    };
    match crate::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(StartError::Content(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(super::CONTENT_ERRORS)
        }
        Err(StartError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(super::USAGE_ERRORS)
        }
    }
}
