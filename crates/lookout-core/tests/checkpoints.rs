//! Several checkpoints for one service and the quorum that decides DOWN, against real servers.

mod support;

use lookout_core::model::Status;
use lookout_core::monitor::check_spec;
use lookout_core::spec::MonitorSpec;
use support::{Mode, TestServer};

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
