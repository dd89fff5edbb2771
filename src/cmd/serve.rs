//! `nianjian serve`: live preview.

use std::net::IpAddr;
use std::process::ExitCode;

use super::Ui;

pub fn run(ui: &Ui, bind: IpAddr, port: u16, open: bool) -> ExitCode {
    let options = crate::serve::Options {
        root: ui.root.clone(),
        bind,
        port,
        open,
        styled: ui.styled,
    };
    match crate::serve::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(super::CONTENT_ERRORS)
        }
    }
}
