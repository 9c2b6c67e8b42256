//! A headless Chromium driven through Debian's chromedriver, for tests that
//! use the shop page as a person does. Each `Browser` starts its own
//! chromedriver on a free port and a throw-away browser profile, and stops
//! both (by process group) when dropped, even when the test fails.
//! Screenshots go under the cargo target directory, never into the repository.

use std::{
    io::{BufRead, BufReader},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, wd::WebDriverCompatibleCommand};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::helpers::{deadline, wait_until};

const INSTALL: &str = "the browser test needs Debian's chromium and chromium-driver: \
     run `apt-get install chromium chromium-driver` (scripts/ensure-services.sh installs them)";

pub struct Browser {
    pub client: Client,
    driver: Child,
    shots: PathBuf,
    _profile: TempDir,
}

/// `name` on PATH, if it is there.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    })
}

impl Browser {
    /// Starts chromedriver and a headless Chromium `width` x `height`;
    /// fails (never skips) when either is not installed.
    pub async fn start(width: u32, height: u32, shots: &str) -> Browser {
        let chromium =
            on_path("chromium").unwrap_or_else(|| panic!("chromium not found: {INSTALL}"));
        let chromedriver =
            on_path("chromedriver").unwrap_or_else(|| panic!("chromedriver not found: {INSTALL}"));
        let mut driver = Command::new(chromedriver)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // Its own process group, so dropping the test kills the browser too.
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let port = driver_port(&mut driver);
        let profile = TempDir::new().expect("temp dir");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    // Tests run as root in CI, where Chromium's sandbox cannot start.
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--disable-extensions",
                    "--no-first-run",
                    "--lang=en-US",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|err| panic!("no browser session ({err}): {INSTALL}"));
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join(shots);
        std::fs::create_dir_all(&shots).expect("screenshot directory");
        Browser {
            client,
            driver,
            shots,
            _profile: profile,
        }
    }

    /// Saves the page as `<name>.png` so a failure can be looked at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot written");
        eprintln!("screenshot: {}", path.display());
    }

    /// Runs `script` (a function body; `arguments` are `args`) until it
    /// returns something other than null or false, and answers that.
    pub async fn wait_js(&self, what: &str, script: &str, args: Vec<Value>) -> Value {
        let client = &self.client;
        let args = &args;
        wait_until(deadline(), what, || async move {
            match client.execute(script, args.clone()).await {
                Ok(Value::Null | Value::Bool(false)) => None,
                Ok(value) => Some(value),
                Err(err) => panic!("script for {what} failed: {err}"),
            }
        })
        .await
    }

    /// Lets pages of `origin` know they are at `latitude`, `longitude`, as
    /// a browser does once the person allowed it.
    pub async fn give_location(&self, origin: &str, latitude: f64, longitude: f64) {
        let commands = [
            DevTools {
                command: "Browser.grantPermissions",
                params: json!({ "origin": origin, "permissions": ["geolocation"] }),
            },
            DevTools {
                command: "Emulation.setGeolocationOverride",
                params: json!({ "latitude": latitude, "longitude": longitude, "accuracy": 10 }),
            },
        ];
        for command in commands {
            let name = command.command;
            self.client
                .issue_cmd(command)
                .await
                .unwrap_or_else(|err| panic!("{name}: {err}"));
        }
    }

    /// Ends the browser session (Chromium quits); dropping then stops chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }

    /// Runs `script` once and answers its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
    }
}

/// A Chrome DevTools command through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct DevTools {
    command: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.command, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// The port chromedriver prints once it listens.
fn driver_port(driver: &mut Child) -> u16 {
    let stdout = driver.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        // Keeps reading so chromedriver never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(port) = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok())
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(port);
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("chromedriver says which port it listens on")
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver and the Chromium it started share its process group.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}
