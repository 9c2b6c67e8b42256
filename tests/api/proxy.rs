//! A TCP proxy in front of PostgreSQL that a test controls: it can cut
//! every connection and refuse new ones (an outage, without touching the
//! shared server), and hold back the one server response that contains a
//! marker (a slow read whose snapshot is already taken).

use std::{net::SocketAddr, sync::Arc};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::watch,
};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Hold {
    Off,
    /// The next server response containing these bytes is held.
    Armed(Vec<u8>),
    Holding,
    Released,
}

struct Shared {
    upstream: SocketAddr,
    /// Bumped by `cut`: every open connection closes.
    cuts: watch::Sender<u64>,
    down: watch::Sender<bool>,
    hold: watch::Sender<Hold>,
}

pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// A proxy to the PostgreSQL of `database_url`.
    pub async fn to_database(database_url: &str) -> Proxy {
        let url = url::Url::parse(database_url).unwrap();
        let upstream =
            tokio::net::lookup_host((url.host_str().unwrap(), url.port().unwrap_or(5432)))
                .await
                .unwrap()
                .next()
                .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            upstream,
            cuts: watch::channel(0).0,
            down: watch::channel(false).0,
            hold: watch::channel(Hold::Off).0,
        });
        let accepting = tokio::spawn(accept(listener, shared.clone()));
        Proxy {
            port,
            shared,
            accepting,
        }
    }

    /// `database_url` with its host and port replaced by this proxy's.
    pub fn url(&self, database_url: &str) -> String {
        let mut url = url::Url::parse(database_url).unwrap();
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(self.port)).unwrap();
        url.to_string()
    }

    /// Closes every open connection and refuses new ones until `restore`.
    pub fn cut(&self) {
        self.shared.down.send_replace(true);
        self.shared.cuts.send_modify(|cuts| *cuts += 1);
    }

    pub fn restore(&self) {
        self.shared.down.send_replace(false);
    }

    /// Holds back the next server response containing `marker`, on
    /// whichever connection it comes, until `release`.
    pub fn hold_response_containing(&self, marker: &[u8]) {
        self.shared.hold.send_replace(Hold::Armed(marker.to_vec()));
    }

    /// Waits until a response is being held.
    pub async fn held(&self) {
        let mut hold = self.shared.hold.subscribe();
        hold.wait_for(|hold| *hold == Hold::Holding).await.unwrap();
    }

    pub fn release(&self) {
        self.shared.hold.send_replace(Hold::Released);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((client, _)) = listener.accept().await else {
            continue;
        };
        if *shared.down.borrow() {
            drop(client);
            continue;
        }
        tokio::spawn(pump(client, shared.clone()));
    }
}

async fn pump(client: TcpStream, shared: Arc<Shared>) {
    let mut cuts = shared.cuts.subscribe();
    cuts.mark_unchanged();
    let Ok(server) = TcpStream::connect(shared.upstream).await else {
        return;
    };
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let to_server = tokio::io::copy(&mut client_read, &mut server_write);
    let to_client = async {
        let mut buffer = vec![0u8; 64 * 1024];
        // The previous chunk's tail, for a marker split across two reads.
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let read = server_read.read(&mut buffer).await?;
            if read == 0 {
                return Ok::<_, std::io::Error>(());
            }
            let chunk = &buffer[..read];
            let armed = match &*shared.hold.borrow() {
                Hold::Armed(marker) => Some(marker.clone()),
                _ => None,
            };
            if let Some(marker) = armed {
                let seen = [tail.as_slice(), chunk].concat();
                let found = seen.windows(marker.len()).any(|window| window == marker);
                // Only the first connection to see the marker holds.
                if found
                    && shared
                        .hold
                        .send_if_modified(|hold| take_hold(hold, &marker))
                {
                    let mut hold = shared.hold.subscribe();
                    let _ = hold.wait_for(|hold| *hold != Hold::Holding).await;
                }
                tail = seen[seen.len().saturating_sub(marker.len())..].to_vec();
            }
            client_write.write_all(chunk).await?;
        }
    };
    tokio::select! {
        _ = to_server => {}
        _ = to_client => {}
        _ = cuts.changed() => {}
    }
}

fn take_hold(hold: &mut Hold, marker: &[u8]) -> bool {
    if *hold == Hold::Armed(marker.to_vec()) {
        *hold = Hold::Holding;
        true
    } else {
        false
    }
}
