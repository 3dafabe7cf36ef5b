//! Several checkpoints for one service and the quorum that decides DOWN, against real servers.

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use lookout_core::i18n::{word_in, Lang};
use lookout_core::model::Status;
use lookout_core::monitor::{check, check_spec, Monitor};
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use support::{Mode, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// An HTTP server that answers 200, but only after `delay`.
async fn slow_server(delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                tokio::time::sleep(delay).await;
                let _ = sock
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                    )
                    .await;
            });
        }
    });
    format!("http://{addr}/health")
}

fn spec(main: &TestServer, others: &[&TestServer], quorum: &str) -> MonitorSpec {
    MonitorSpec {
        name: "api".into(),
        target: main.url(),
        checkpoints: Some(others.iter().map(|s| s.url()).collect()),
        quorum: Some(quorum.into()),
        timeout: Some("2s".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_quorum_decides_down_and_the_reason_names_the_failing_checkpoints() {
    let ok = TestServer::start(Mode::Status(200)).await;
    let bad = TestServer::start(Mode::Status(503)).await;
    let bad2 = TestServer::start(Mode::Status(503)).await;

    // One of two failing: a majority is not reached, the partial outage reads DEGRADED.
    let r = check_spec(spec(&ok, &[&bad], "majority")).await.unwrap();
    assert_eq!(r.status, Status::Degraded, "{r:?}");
    assert_eq!(
        r.reason,
        format!(
            "1 of 2 checkpoints failed: {}: status 503, expected 200-299",
            bad.url()
        )
    );
    assert_eq!(r.details["checkpoints"].as_array().unwrap().len(), 2);

    // `any`: one is enough.
    let r = check_spec(spec(&ok, &[&bad], "any")).await.unwrap();
    assert_eq!(r.status, Status::Down);

    // `all`: two of three is not all; three of three is.
    let r = check_spec(spec(&ok, &[&bad, &bad2], "all")).await.unwrap();
    assert_eq!(r.status, Status::Degraded);
    let r = check_spec(spec(&bad, &[&bad2], "all")).await.unwrap();
    assert_eq!(r.status, Status::Down);
    assert!(
        r.reason.starts_with("2 of 2 checkpoints failed"),
        "{}",
        r.reason
    );

    // All passing: UP.
    let r = check_spec(spec(&ok, &[&ok], "majority")).await.unwrap();
    assert_eq!(r.status, Status::Up, "{r:?}");
}

// Each checkpoint's reason, and the count before them, read in Chinese; what is stored stays
// English.
#[tokio::test]
async fn the_checkpoints_reason_reads_in_chinese_each_checkpoint_on_its_own() {
    let bad = TestServer::start(Mode::Status(503)).await;
    let bad2 = TestServer::start(Mode::Status(503)).await;
    let r = check_spec(spec(&bad, &[&bad2], "all")).await.unwrap();
    let (one, two) = (bad.url(), bad2.url());
    assert_eq!(
        r.reason,
        format!(
            "2 of 2 checkpoints failed: {one}: status 503, expected 200-299; \
             {two}: status 503, expected 200-299"
        )
    );
    assert_eq!(
        word_in(Lang::ZhCn, &r.reason),
        format!(
            "2 个检查点中有 2 个失败：{one}: 状态码 503，预期为 200-299；\
             {two}: 状态码 503，预期为 200-299"
        )
    );
}

// The scheduler cuts a check at timeout + 1 s. Probed one after another, a main target that
// hangs for the whole timeout left no time for a checkpoint that answers in 1.5 s, and the
// check read DOWN "timed out" although the service answered on the other target.
#[tokio::test]
async fn checkpoints_are_probed_at_once_so_a_hanging_target_cannot_starve_them() {
    let hang = TestServer::start(Mode::Hang).await;
    let slow = slow_server(Duration::from_millis(1500)).await;
    let spec = MonitorSpec {
        name: "api".into(),
        target: hang.url(),
        checkpoints: Some(vec![slow.clone()]),
        quorum: Some("all".into()),
        timeout: Some("2s".into()),
        ..Default::default()
    };
    let m = Monitor::try_from(spec).unwrap();
    let prober = Prober::new().unwrap();
    let started = Instant::now();
    // As the scheduler bounds it (its backstop).
    let r = tokio::time::timeout(
        m.timeout + Duration::from_secs(1),
        check(&prober, &m, Utc::now()),
    )
    .await
    .expect("the check ends within the scheduler's backstop");
    let elapsed = started.elapsed();
    assert_eq!(r.status, Status::Degraded, "{r:?}");
    assert_eq!(
        r.reason,
        format!(
            "1 of 2 checkpoints failed: {}: timed out after 2s",
            hang.url()
        )
    );
    assert_eq!(r.details["checkpoints"][1]["status"], "UP", "{r:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
}
