//! Hostile and broken servers, on real sockets on 127.0.0.1: whatever a server does, a check
//! ends DOWN (or DEGRADED, or UP where the answer is in fact good) with a reason in words,
//! within the monitor's timeout plus 100 ms, without a panic and with bounded memory (bodies
//! are read up to `defaults::BODY_CAP`).
//!
//! Time is asserted twice: the check's own measured latency within timeout + 100 ms, and the
//! wall clock around it within timeout + 500 ms, loose enough for a loaded 2-core machine.

mod certs;
mod support;

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use chrono::Utc;
use hickory_proto::op::{Message, OpCode, ResponseCode};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use support::{closed_port, Mode, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

const TIMEOUT: Duration = Duration::from_secs(1);

fn spec(target: String) -> MonitorSpec {
    MonitorSpec {
        name: "hostile".into(),
        target,
        timeout: Some("1s".into()),
        ..Default::default()
    }
}

/// One check, with the bounds every hostile case must keep.
async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    let prober = Prober::new().unwrap();
    let started = Instant::now();
    let r = prober
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await;
    let wall = started.elapsed();
    assert!(
        r.latency <= m.timeout + Duration::from_millis(100),
        "{}: took {:?} ({r:?})",
        m.target,
        r.latency
    );
    assert!(
        wall <= m.timeout + Duration::from_millis(500),
        "{}: took {wall:?} by the wall clock",
        m.target
    );
    r
}

fn assert_down(r: &CheckResult, reason: &str) {
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert_eq!(r.reason, reason, "{r:?}");
}

/// A TCP server on 127.0.0.1 running `serve` on each connection after reading the request head.
async fn raw<F, Fut>(serve: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            let mut buf = vec![0u8; 8192];
            let mut got = Vec::new();
            let head = async {
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return false,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                true
            };
            if head.await {
                tokio::spawn(serve(sock));
            }
        }
    });
    addr
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// The most memory the process has held, from /proc (Linux).
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib / 1024)
}

/// Well above what a test binary holds, far below what an unbounded body would take.
const MAX_PEAK_MIB: u64 = 300;

#[tokio::test]
async fn refused() {
    let port = closed_port().await;
    assert_down(
        &check(spec(format!("http://127.0.0.1:{port}/"))).await,
        "connection refused",
    );
    assert_down(
        &check(spec(format!("tcp://127.0.0.1:{port}"))).await,
        "connection refused",
    );
    assert_down(
        &check(spec(format!("tls://127.0.0.1:{port}"))).await,
        "connection refused",
    );
}

#[tokio::test]
async fn reset_in_the_middle_of_the_body() {
    let addr = raw(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\npartial")
            .await;
        let _ = s.flush().await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        // A zero linger turns the close into a reset.
        let _ = socket2::SockRef::from(&s).set_linger(Some(Duration::ZERO));
        drop(s);
    })
    .await;
    let mut s = spec(url(addr));
    s.keyword = Some("partial".into());
    let r = check(s).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert!(
        r.reason == "connection reset while reading the body"
            || r.reason == "connection closed before a response while reading the body",
        "{r:?}"
    );
}

#[tokio::test]
async fn hang_after_the_headers() {
    let addr = raw(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n")
            .await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
    })
    .await;
    let r = check(spec(url(addr))).await;
    assert_down(&r, "timed out after 1s reading the body");
    assert_eq!(r.details["status_code"], 200);
}

#[tokio::test]
async fn hang_before_the_headers() {
    let srv = TestServer::start(Mode::Hang).await;
    assert_down(&check(spec(srv.url())).await, "timed out after 1s");
}

#[tokio::test]
async fn a_body_dripped_one_byte_a_second() {
    let addr = raw(|mut s| async move {
        let _ = s
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n")
            .await;
        loop {
            if s.write_all(b"x").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await;
    assert_down(
        &check(spec(url(addr))).await,
        "timed out after 1s reading the body",
    );
}

// An endless 200 is a service that answers: read up to the cap, then judged on what was read.
#[tokio::test]
async fn an_endless_body_is_read_up_to_the_cap() {
    let srv = TestServer::start(Mode::Endless).await;
    let mut s = spec(srv.url());
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.keyword = Some("never there".into());
    assert_down(&check(s).await, "keyword \"never there\" not found");
    let peak = peak_rss_mib().unwrap_or(0);
    assert!(peak < MAX_PEAK_MIB, "peak RSS {peak} MiB");
}

#[tokio::test]
async fn a_redirect_loop() {
    let srv = TestServer::start(Mode::RedirectLoop).await;
    assert_down(&check(spec(srv.url())).await, "more than 10 redirects");
}

#[tokio::test]
async fn ten_thousand_headers() {
    let addr = raw(|mut s| async move {
        let mut head = String::from("HTTP/1.1 200 OK\r\n");
        for i in 0..10_000 {
            head.push_str(&format!("x-h{i}: v\r\n"));
        }
        head.push_str("content-length: 2\r\n\r\nok");
        let _ = s.write_all(head.as_bytes()).await;
    })
    .await;
    assert_down(
        &check(spec(url(addr))).await,
        "the response's headers are too large (too many or too long)",
    );
}

#[tokio::test]
async fn a_body_that_is_not_utf8() {
    let body: &[u8] = b"\xff\xfe{\"status\": \"UP\"} \xc3\x28 needle \x80";
    let addr = raw(move |mut s| async move {
        let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
        let _ = s.write_all(head.as_bytes()).await;
        let _ = s.write_all(body).await;
    })
    .await;
    let mut s = spec(url(addr));
    s.keyword = Some("needle".into());
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.keyword = Some("missing".into());
    assert_down(&check(s).await, "keyword \"missing\" not found");
    let mut s = spec(url(addr));
    s.conditions = Some(vec!["[BODY].status == UP".into()]);
    let r = check(s).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert!(r.reason.starts_with("[BODY].status"), "{r:?}");
}

/// `members` gzip members of 1 MiB of zeros each: small on the wire, `members` MiB unpacked.
fn gzip_bomb(members: usize) -> Vec<u8> {
    let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    one.write_all(&vec![0u8; 1 << 20]).unwrap();
    let one = one.finish().unwrap();
    one.repeat(members)
}

// The probe asks for no encoding and does not decode one it did not ask for, so a bomb is
// 1 MiB of opaque bytes; were decoding ever turned on, the cap counts decoded bytes (the
// probe reads what the client hands it), which the memory bound below would show.
#[tokio::test]
async fn a_gzip_bomb() {
    let bomb = std::sync::Arc::new(gzip_bomb(1024));
    let addr = raw(move |mut s| {
        let bomb = bomb.clone();
        async move {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n",
                bomb.len()
            );
            let _ = s.write_all(head.as_bytes()).await;
            let _ = s.write_all(&bomb).await;
        }
    })
    .await;
    let mut s = spec(url(addr));
    s.keyword = Some("needle".into());
    assert_down(&check(s).await, "keyword \"needle\" not found");
    let peak = peak_rss_mib().unwrap_or(0);
    assert!(peak < MAX_PEAK_MIB, "peak RSS {peak} MiB");
}

/// Both forms of a TLS check of `port`.
fn tls_targets(port: u16) -> [String; 2] {
    [
        format!("tls://localhost:{port}"),
        format!("https://localhost:{port}/"),
    ]
}

#[tokio::test]
async fn tls_expired() {
    let ca = certs::ca();
    let port = certs::serve(
        certs::signed(&ca, &["localhost"], -30, -3),
        certs::OK.to_vec(),
    )
    .await;
    for target in tls_targets(port) {
        let mut s = spec(target);
        s.ca_file = Some(ca.pem_file.path().display().to_string());
        assert_down(&check(s).await, "certificate expired 3 days ago");
    }
}

#[tokio::test]
async fn tls_for_another_host() {
    let ca = certs::ca();
    let port = certs::serve(
        certs::signed(&ca, &["other.test"], -1, 90),
        certs::OK.to_vec(),
    )
    .await;
    for target in tls_targets(port) {
        let mut s = spec(target);
        s.ca_file = Some(ca.pem_file.path().display().to_string());
        assert_down(
            &check(s).await,
            "certificate is for other.test, not localhost",
        );
    }
}

#[tokio::test]
async fn tls_self_signed() {
    // For the address: a self-signed "localhost" may meet a trusted snakeoil "localhost" among
    // the system's roots, which gives another (also worded) reason.
    let port = certs::serve(
        certs::self_signed(&["127.0.0.1"], -1, 90),
        certs::OK.to_vec(),
    )
    .await;
    for target in [
        format!("tls://127.0.0.1:{port}"),
        format!("https://127.0.0.1:{port}/"),
    ] {
        assert_down(
            &check(spec(target)).await,
            "certificate is not trusted (unknown issuer)",
        );
    }
}

#[tokio::test]
async fn tls_that_stalls_in_the_handshake() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s);
        }
    });
    let [tls, https] = tls_targets(port);
    assert_down(
        &check(spec(tls)).await,
        "timed out after 1s in the TLS handshake",
    );
    assert_down(&check(spec(https)).await, "timed out after 1s");
}

/// A DNS server on UDP only (TCP refused) answering each query with `answer(query)`, or
/// staying silent on `None`.
async fn dns(answer: fn(&Message) -> Option<Vec<u8>>) -> SocketAddr {
    let udp = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let addr = udp.local_addr().unwrap();
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        loop {
            let Ok((n, from)) = udp.recv_from(&mut buf).await else {
                continue;
            };
            let Ok(q) = Message::from_vec(&buf[..n]) else {
                continue;
            };
            if let Some(bytes) = answer(&q) {
                let _ = udp.send_to(&bytes, from).await;
            }
        }
    });
    addr
}

fn reply(q: &Message, edit: fn(&mut Message)) -> Vec<u8> {
    let mut r = Message::response(q.metadata.id, OpCode::Query);
    if let Some(query) = q.queries.first() {
        r.add_query(query.clone());
    }
    edit(&mut r);
    r.to_vec().unwrap()
}

#[tokio::test]
async fn dns_servfail() {
    let srv = dns(|q| {
        Some(reply(q, |r| {
            r.metadata.response_code = ResponseCode::ServFail
        }))
    })
    .await;
    assert_down(
        &check(spec(format!("dns://{srv}/a.test"))).await,
        "SERVFAIL for a.test A",
    );
}

#[tokio::test]
async fn dns_truncated() {
    // Truncated with no TCP to fall back to.
    let srv = dns(|q| Some(reply(q, |r| r.metadata.truncation = true))).await;
    assert_down(
        &check(spec(format!("dns://{srv}/a.test"))).await,
        "truncated answer, and TCP failed: connection refused",
    );
    // Cut short on the wire.
    let srv = dns(|q| {
        let mut bytes = reply(q, |_| {});
        bytes.truncate(bytes.len() - 3);
        Some(bytes)
    })
    .await;
    let r = check(spec(format!("dns://{srv}/a.test"))).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert!(r.reason.starts_with("malformed DNS answer: "), "{r:?}");
}

#[tokio::test]
async fn dns_that_never_answers() {
    let srv = dns(|_| None).await;
    assert_down(
        &check(spec(format!("dns://{srv}/a.test"))).await,
        "timed out after 1s",
    );
}

#[test]
fn the_suite_uses_a_small_timeout() {
    // The bounds above are only meaningful with a timeout short enough to wait out.
    assert_eq!(
        Monitor::try_from(spec("tcp://127.0.0.1:1".into()))
            .unwrap()
            .timeout,
        TIMEOUT
    );
}
