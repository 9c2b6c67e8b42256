//! The service as a separate process (for `kill -9` and multi-replica
//! tests), and waiting until an index directory matches PostgreSQL.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use sqlx::PgPool;

use crate::{
    helpers::{ADMIN_TOKEN, deadline, wait_until},
    snapshot::{database_snapshot, index_snapshot},
};

pub struct Service {
    /// The port of the running process (each start picks a free one).
    pub port: u16,
    pub log: PathBuf,
    log_offset: u64,
    env: Vec<(String, String)>,
    child: Option<Child>,
}

impl Service {
    /// Starts `catalog serve` on a port of its choosing and waits until it
    /// serves search. Scheduled jobs are off unless `env` sets them.
    pub async fn start(env: &[(&str, String)], log: PathBuf) -> Service {
        let mut service = Service::spawn(env, log);
        service.wait_until_serving().await;
        service
    }

    /// Starts `catalog serve` without waiting for anything.
    pub fn spawn(env: &[(&str, String)], log: PathBuf) -> Service {
        let mut all: Vec<(String, String)> = [
            "REINDEX_SCHEDULE",
            "INVENTORY_SUMMARY_SCHEDULE",
            "OUTBOX_PURGE_SCHEDULE",
            "SALES_SIGNAL_SCHEDULE",
        ]
        .into_iter()
        .map(|job| (job.to_owned(), "off".to_owned()))
        .collect();
        all.extend(env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        all.push(("BIND_ADDR".into(), "127.0.0.1:0".into()));
        all.push(("ADMIN_TOKEN".into(), ADMIN_TOKEN.into()));
        all.push(("LOG_FORMAT".into(), "json".into()));
        all.push(("RUST_LOG".into(), "info,sqlx=warn".into()));
        let mut service = Service {
            port: 0,
            log,
            log_offset: 0,
            env: all,
            child: None,
        };
        service.spawn_child();
        service
    }

    pub async fn restart(&mut self) {
        self.spawn_child();
        self.wait_until_serving().await;
    }

    fn spawn_child(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        self.port = 0;
        self.log_offset = log.metadata().unwrap().len();
        // Later entries of `env` override earlier ones.
        let child = Command::new(env!("CARGO_BIN_EXE_catalog"))
            .arg("serve")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("catalog starts");
        self.child = Some(child);
    }

    /// Reads the port from the process's "serving" log line, then waits
    /// until it answers search.
    pub async fn wait_until_serving(&mut self) {
        let (log, offset) = (self.log.clone(), self.log_offset);
        self.port = wait_until(deadline(), "the service to listen", || {
            let log = log.clone();
            async move { serving_port(&std::fs::read(&log).ok()?[offset as usize..]) }
        })
        .await;
        let url = self.url("/api/search/products/?page_size=1");
        wait_until(deadline(), "the service to serve search", || async {
            let response = reqwest::get(&url).await.ok()?;
            (response.status() == reqwest::StatusCode::OK).then_some(())
        })
        .await;
    }

    /// The process, e.g. to signal it.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Waits for the process to exit on its own; its exit status.
    pub async fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("a running service");
        wait_until(deadline(), "the service to exit", || {
            let status = child.try_wait().expect("process status");
            async move { status }
        })
        .await
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
        }
    }

    /// SIGSTOP: the process stays, frozen, like a replica that lags.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// SIGCONT after [`Service::pause`].
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        let status = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// The replica's `/api/index/status/`.
    pub async fn index_status(&self) -> serde_json::Value {
        reqwest::Client::new()
            .get(self.url("/api/index/status/"))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// The port in the last `serving` line of a JSON log.
fn serving_port(log: &[u8]) -> Option<u16> {
    String::from_utf8_lossy(log)
        .lines()
        .rev()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|line| line["message"] == "serving")
        .filter_map(|line| line["addr"].as_str()?.parse::<std::net::SocketAddr>().ok())
        .map(|addr| addr.port())
        .next()
}

/// The environment of replica `n` of a two-replica deployment.
pub fn replica_env(
    config: &catalog::config::Config,
    dir: &Path,
    n: usize,
    extra: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("DATABASE_URL", config.database_url.clone()),
        ("REDIS_URL", config.redis_url.clone()),
        ("REDIS_PREFIX", config.redis_prefix.clone()),
        (
            "INDEX_DIR",
            dir.join(format!("index-{n}")).display().to_string(),
        ),
    ];
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    env
}

/// Two replicas of one deployment, `catalog serve` each, logging into `dir`.
pub async fn two_replicas(
    config: &catalog::config::Config,
    dir: &Path,
    extra: &[(&'static str, &str)],
) -> (Service, Service) {
    let one = Service::start(&replica_env(config, dir, 1, extra), dir.join("one.log")).await;
    let two = Service::start(&replica_env(config, dir, 2, extra), dir.join("two.log")).await;
    (one, two)
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits until the index in `root` says exactly what PostgreSQL says.
pub async fn wait_until_index_matches(root: &Path, pool: &PgPool, deadline: Duration) {
    let mut last_difference = String::new();
    let outcome = tokio::time::timeout(deadline, async {
        loop {
            let expected = database_snapshot(pool).await;
            match index_snapshot(root) {
                Some(actual) if actual == expected => return,
                Some(actual) => {
                    let wrong = expected
                        .iter()
                        .filter(|(id, row)| actual.get(id) != Some(row))
                        .count();
                    let extra = actual
                        .keys()
                        .filter(|id| !expected.contains_key(id))
                        .count();
                    last_difference = format!("{wrong} documents missing or stale, {extra} extra");
                }
                None => last_difference = "no readable index".into(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(
        outcome.is_ok(),
        "the index never matched PostgreSQL: {last_difference}"
    );
}
