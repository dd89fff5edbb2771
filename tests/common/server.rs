//! A `nianjian serve` child process for tests.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub base: String,
    /// What it printed up to and including the line with its address.
    pub startup: String,
    pub log: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `nianjian serve` on a free port and waits until it listens.
    pub fn start(root: &Path) -> Server {
        Server::start_on(root, 0)
    }

    pub fn start_on(root: &Path, port: u16) -> Server {
        Server::start_with(root, &["--port", &port.to_string()], &[])
    }

    /// `nianjian serve` with more arguments and environment variables
    /// (`TMPDIR` puts its private folder where a test can look).
    pub fn start_with(root: &Path, args: &[&str], envs: &[(&str, &Path)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nianjian"));
        command.arg("serve").args(args);
        if !args.contains(&"--port") {
            command.args(["--port", "0"]);
        }
        for (k, v) in envs {
            command.env(k, v);
        }
        let mut child = command
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start serve");
        let stderr = child.stderr.take().expect("piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut startup = String::new();
        let base = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed its address in time");
            startup.push_str(&line);
            startup.push('\n');
            if let Some(at) = line.find("http://") {
                break line[at..]
                    .split_whitespace()
                    .next()
                    .expect("url")
                    .trim_end_matches('/')
                    .to_owned();
            }
        };
        Server {
            child,
            base,
            startup,
            log: rx,
        }
    }

    /// GET a path: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut resp = agent
            .get(&format!("{}{path}", self.base))
            .call()
            .expect("request");
        let status = resp.status().as_u16();
        (status, resp.body_mut().read_to_string().unwrap_or_default())
    }

    /// Polls `path` until `pred` holds on its body, for at most 20 s.
    pub fn wait_for(&self, path: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, body) = self.get(path);
            if pred(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} at {path}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Everything the server printed so far.
    pub fn drain_log(&self) -> String {
        self.log.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// Ctrl-C, and the exit status.
    pub fn interrupt(self) -> (Option<i32>, String) {
        self.signal("INT")
    }

    /// Sends a signal (`TERM`, `HUP`, `INT`), and waits for the exit status.
    pub fn signal(mut self, name: &str) -> (Option<i32>, String) {
        let _ = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                std::thread::sleep(Duration::from_millis(100));
                return (status.code(), self.drain_log());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("serve did not stop on SIG{name}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
