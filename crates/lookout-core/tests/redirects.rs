//! Redirects against real servers on 127.0.0.1: the monitor's headers stay with its own
//! origin, a body is never resent elsewhere, https never falls back to http, a loop ends, and
//! `follow_redirects: false` makes the 3xx itself the answer.

mod certs;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server keeping each request it got (head and body) as text, answering each with the
/// answer of the first route whose path prefix matches.
struct Recorder {
    port: u16,
    got: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    async fn start(answer: &str) -> Recorder {
        Recorder::routes(vec![("/", answer.to_string())]).await
    }

    async fn routes(routes: Vec<(&'static str, String)>) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes = Arc::new(routes);
        let got = Arc::new(Mutex::new(Vec::new()));
        let log = got.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    continue;
                };
                let (routes, log) = (routes.clone(), log.clone());
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let mut req = Vec::new();
                    let head_end = loop {
                        if let Some(i) = req.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => req.extend_from_slice(&buf[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&req[..head_end]).to_ascii_lowercase();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse().unwrap_or(0));
                    while req.len() < head_end + len {
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => req.extend_from_slice(&buf[..n]),
                        }
                    }
                    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                    log.lock()
                        .unwrap()
                        .push(String::from_utf8_lossy(&req).into_owned());
                    if let Some((_, answer)) = routes.iter().find(|(p, _)| path.starts_with(p)) {
                        let _ = sock.write_all(answer.as_bytes()).await;
                    }
                });
            }
        });
        Recorder { port, got }
    }

    fn requests(&self) -> Vec<String> {
        self.got.lock().unwrap().clone()
    }
}

fn redirect(status: u16, to: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
}

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";

fn spec(target: String) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target,
        timeout: Some("3s".into()),
        headers: Some(BTreeMap::from([("X-Secret".into(), "s3cret".into())])),
        ..Default::default()
    }
}

async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    Prober::new()
        .unwrap()
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

#[tokio::test]
async fn headers_stay_with_the_monitors_origin() {
    let other = Recorder::start(OK).await;
    let start = Recorder::start(&redirect(
        302,
        &format!("http://127.0.0.1:{}/landing?k=v", other.port),
    ))
    .await;
    let r = check(spec(format!("http://127.0.0.1:{}/start", start.port))).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.details["redirects"], 1, "{r:?}");
    // The query of the final URL may carry a token the server handed out: not stored.
    assert_eq!(
        r.details["final_url"],
        format!("http://127.0.0.1:{}/landing?…", other.port)
    );
    assert!(
        start.requests()[0].contains("x-secret: s3cret"),
        "{:?}",
        start.requests()
    );
    let at_other = other.requests();
    assert_eq!(at_other.len(), 1);
    assert!(
        !at_other[0].to_ascii_lowercase().contains("s3cret"),
        "the other origin got the secret header: {at_other:?}"
    );

    // A redirect within the origin keeps them.
    let hop = Recorder::routes(vec![
        ("/start", redirect(301, "/landing")),
        ("/landing", OK.to_string()),
    ])
    .await;
    let r = check(spec(format!("http://127.0.0.1:{}/start", hop.port))).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    let got = hop.requests();
    assert_eq!(got.len(), 2);
    assert!(
        got.iter().all(|q| q.contains("x-secret: s3cret")),
        "{got:?}"
    );
}

#[tokio::test]
async fn a_body_is_not_resent_to_another_origin() {
    let other = Recorder::start(OK).await;
    let to = format!("http://127.0.0.1:{}/elsewhere", other.port);
    for (status, followed) in [(307, false), (308, false), (303, true)] {
        let start = Recorder::start(&redirect(status, &to)).await;
        let mut s = spec(format!("http://127.0.0.1:{}/start", start.port));
        s.method = Some("POST".into());
        s.body = Some("password=hunter2".into());
        let before = other.requests().len();
        let r = check(s).await;
        assert!(start.requests()[0].contains("hunter2"));
        if followed {
            // 303 turns into a GET without the body, as browsers do.
            assert_eq!(r.status, Status::Up, "{status}: {r:?}");
            let q = &other.requests()[before];
            assert!(q.starts_with("GET /elsewhere"), "{q}");
            assert!(!q.contains("hunter2"), "{q}");
        } else {
            assert_eq!(r.status, Status::Down, "{status}: {r:?}");
            assert_eq!(
                r.reason,
                format!(
                    "redirect to another origin ({to}) would resend the request body; not followed"
                )
            );
            assert_eq!(other.requests().len(), before, "{status}");
        }
    }
}

#[tokio::test]
async fn https_to_http_is_a_downgrade_and_fails_the_check() {
    let plain = Recorder::start(OK).await;
    let ca = certs::ca();
    let to = format!("http://127.0.0.1:{}/plain?token=abc", plain.port);
    let port = certs::serve(
        certs::signed(&ca, &["localhost"], -1, 90),
        redirect(302, &to).into_bytes(),
    )
    .await;
    let mut s = spec(format!("https://localhost:{port}/secure"));
    s.ca_file = Some(ca.pem_file.path().display().to_string());
    let r = check(s).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert_eq!(
        r.reason,
        format!(
            "redirect from https to http refused (a downgrade to http://127.0.0.1:{}/plain?…)",
            plain.port
        )
    );
    assert!(plain.requests().is_empty(), "the http server was asked");
}

#[tokio::test]
async fn a_redirect_loop_between_two_origins_ends_with_a_reason() {
    // Each sends to the other: a → b → a → ...
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port_b = l.local_addr().unwrap().port();
    let a = Recorder::start(&redirect(302, &format!("http://127.0.0.1:{port_b}/b"))).await;
    let b = {
        let answer = redirect(302, &format!("http://127.0.0.1:{}/a", a.port));
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = l.accept().await else {
                    continue;
                };
                let answer = answer.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 4096];
                    let _ = sock.read(&mut buf).await;
                    let _ = sock.write_all(answer.as_bytes()).await;
                });
            }
        })
    };
    let r = check(spec(format!("http://127.0.0.1:{}/a", a.port))).await;
    b.abort();
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert_eq!(r.reason, "more than 10 redirects");
    assert_eq!(r.details["redirects"], 10, "{r:?}");
    assert_eq!(a.requests().len(), 6);
}

#[tokio::test]
async fn follow_redirects_false_makes_the_3xx_the_answer() {
    let other = Recorder::start(OK).await;
    let start = Recorder::start(&redirect(301, &format!("http://127.0.0.1:{}/", other.port))).await;
    let mut s = spec(format!("http://127.0.0.1:{}/", start.port));
    s.follow_redirects = Some(false);
    let r = check(s.clone()).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert_eq!(r.reason, "status 301, expected 200-299");
    s.accepted_status = Some(vec!["301".into()]);
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.accepted_status = None;
    s.conditions = Some(vec!["[STATUS] == 301".into()]);
    assert_eq!(check(s).await.status, Status::Up);
    assert!(other.requests().is_empty());
}

#[test]
fn follow_redirects_is_validated_and_round_trips() {
    let mut s = spec("http://127.0.0.1:1/".into());
    let m = Monitor::try_from(s.clone()).unwrap();
    assert_eq!(
        MonitorSpec::from(&m).follow_redirects,
        None,
        "true is the default"
    );
    s.follow_redirects = Some(false);
    let m = Monitor::try_from(s.clone()).unwrap();
    let back = MonitorSpec::from(&m);
    assert_eq!(back.follow_redirects, Some(false));
    assert_eq!(Monitor::try_from(back).unwrap(), m);
    // In the file format too.
    let json = serde_json::to_string(&MonitorSpec::from(&m)).unwrap();
    assert!(json.contains("\"follow_redirects\":false"), "{json}");

    let tcp = MonitorSpec {
        name: "t".into(),
        target: "tcp://127.0.0.1:1".into(),
        follow_redirects: Some(false),
        ..Default::default()
    };
    let e = Monitor::try_from(tcp).unwrap_err();
    assert_eq!(e.errors[0].field, "follow_redirects", "{e}");
    assert_eq!(
        e.errors[0].message,
        "applies only to http:// and https:// targets"
    );
}
