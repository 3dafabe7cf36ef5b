//! `lookout run --metrics-listen` scraped by a real Prometheus (Debian's `prometheus` package,
//! installed by `scripts/deps.sh test`): a watched server stops, and Prometheus's query API
//! reads `lookout_monitor_up == 0` back; `promtool check metrics` accepts what was scraped.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{closed_port, event_is, run, write_file, Engine, HttpServer};
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(15);

/// A Prometheus server, killed when dropped.
struct Prometheus {
    child: Child,
    addr: String,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prometheus {
    /// Scrapes `target` every second, its data in `dir`.
    fn start(dir: &Path, target: &str) -> Prometheus {
        let config = write_file(
            dir,
            "prometheus.yml",
            &format!(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n\
                 scrape_configs:\n  - job_name: lookout\n    honor_labels: true\n    \
                 static_configs:\n      - targets: ['{target}']\n"
            ),
        );
        let addr = format!("127.0.0.1:{}", closed_port());
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start prometheus");
        Prometheus { child, addr }
    }

    /// An instant query's result vector; `None` while Prometheus is not answering yet.
    fn query(&self, promql: &str) -> Option<Vec<Value>> {
        let q: String = promql
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let (code, body) = get(&self.addr, &format!("/api/v1/query?query={q}"), None)?;
        let v: Value = serde_json::from_str(&body).ok()?;
        (code == 200).then(|| v["data"]["result"].as_array().cloned().unwrap_or_default())
    }

    /// Polls `promql` until `pred` holds on its result, within `within`.
    fn wait_for(
        &self,
        promql: &str,
        within: Duration,
        pred: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        let deadline = Instant::now() + within;
        let mut last = None;
        loop {
            if let Some(r) = self.query(promql) {
                if pred(&r) {
                    return r;
                }
                last = Some(r);
            }
            assert!(
                Instant::now() < deadline,
                "Prometheus never answered {promql} as expected within {within:?}; last: {last:?}"
            );
            thread::sleep(Duration::from_millis(250));
        }
    }
}

/// An HTTP/1.0 GET (so no chunked answer); `None` if nothing listens yet.
fn get(host: &str, path: &str, accept: Option<&str>) -> Option<(u16, String)> {
    let mut conn = TcpStream::connect(host).ok()?;
    conn.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let accept = accept
        .map(|a| format!("Accept: {a}\r\n"))
        .unwrap_or_default();
    write!(conn, "GET {path} HTTP/1.0\r\nHost: {host}\r\n{accept}\r\n").ok()?;
    let mut resp = String::new();
    conn.read_to_string(&mut resp).ok()?;
    let code = resp.split_whitespace().nth(1)?.parse().ok()?;
    let (head, body) = resp.split_once("\r\n\r\n")?;
    let _ = head;
    Some((code, body.to_string()))
}

fn promtool_check(body: &str) {
    let mut child = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool comes with prometheus");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics: {}{}\n{body}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn prometheus_reads_a_down_monitor_through_its_query_api() {
    if Command::new("prometheus")
        .arg("--version")
        .output()
        .is_err()
    {
        println!(
            "SKIPPED prometheus_reads_a_down_monitor_through_its_query_api: no prometheus binary \
             (install it with scripts/deps.sh test, or apt-get install prometheus)"
        );
        return;
    }
    let mut server = HttpServer::start();
    let d = tempfile::tempdir().unwrap();
    let file = write_file(
        d.path(),
        "monitors.json",
        &format!(
            r#"{{"monitors":[{{"name":"web \"one\"","target":"{}","interval":"1s","timeout":"500ms"}}]}}"#,
            server.url()
        ),
    );
    let r = run(d.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let metrics = format!("127.0.0.1:{}", closed_port());
    let mut engine = Engine::start_with(
        d.path(),
        &["--metrics-listen", &metrics, "--metrics-instance", "box-a"],
    );
    let prom_dir = tempfile::tempdir().unwrap();
    let prom = Prometheus::start(prom_dir.path(), &metrics);
    engine.wait_for("web UP", WAIT, |v| {
        event_is(v, "status_changed", "web \"one\"") && v["to"] == "UP"
    });

    // The body as a client asking for nothing gets it, and as Prometheus asks for it.
    let (code, text) = get(&metrics, "/metrics", None).expect("metrics answer");
    assert_eq!(code, 200, "{text}");
    assert!(
        text.contains(
            r#"lookout_monitor_up{instance="box-a",monitor="web \"one\"",kind="http"} 1.0"#
        ),
        "{text}"
    );
    promtool_check(&text);
    let (_, open) = get(
        &metrics,
        "/metrics",
        Some("application/openmetrics-text; version=1.0.0"),
    )
    .expect("metrics answer");
    assert!(open.ends_with("# EOF\n"), "{open}");
    assert_eq!(get(&metrics, "/", None).map(|r| r.0), Some(404));

    let up = |v: &[Value]| {
        v.iter()
            .any(|s| s["metric"]["monitor"] == "web \"one\"" && s["metric"]["instance"] == "box-a")
    };
    prom.wait_for("lookout_monitor_up == 1", WAIT, up);
    server.stop();
    engine.wait_for("web DOWN", WAIT, |v| {
        event_is(v, "status_changed", "web \"one\"") && v["to"] == "DOWN"
    });
    let down = prom.wait_for("lookout_monitor_up == 0", WAIT, up);
    assert_eq!(down.len(), 1, "{down:?}");
    // The failures were counted, and the fleet rule of the README reads them.
    prom.wait_for("lookout_monitor_failures_total > 0", WAIT, up);
    let rule = prom.wait_for(
        "count by (monitor) (lookout_monitor_up == 0) >= 1",
        WAIT,
        |v| v.iter().any(|s| s["metric"]["monitor"] == "web \"one\""),
    );
    assert_eq!(rule.len(), 1, "{rule:?}");
    let (_, text) = get(&metrics, "/metrics", None).expect("metrics answer");
    promtool_check(&text);
    engine.terminate();
}

#[test]
fn the_metrics_listen_setting_serves_metrics_without_the_flag() {
    let d = tempfile::tempdir().unwrap();
    let r = run(
        d.path(),
        &["settings", "set", "metrics_listen", "nowhere at all"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("metrics_listen"), "{}", r.stderr);

    let port = closed_port();
    let r = run(
        d.path(),
        &["settings", "set", "metrics_listen", &port.to_string()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let addr = format!("127.0.0.1:{port}");
    let list = run(d.path(), &["settings", "list", "--json"]).json();
    let setting = list["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "metrics_listen")
        .cloned()
        .unwrap();
    assert_eq!(setting["value"], addr.as_str());
    assert_eq!(setting["applies"], "next_start");

    let mut engine = Engine::start_with(d.path(), &[]);
    let deadline = std::time::Instant::now() + WAIT;
    let text = loop {
        if let Some((200, text)) = get(&addr, "/metrics", None) {
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no /metrics on {addr} from the setting"
        );
        thread::sleep(Duration::from_millis(100));
    };
    assert!(text.contains("lookout_"), "{text}");
    engine.terminate();
    assert_eq!(
        run(d.path(), &["settings", "unset", "metrics_listen"]).code,
        0
    );
}
