//! ICMP echo against 127.0.0.1. This runs where ICMP sockets are allowed (root, CAP_NET_RAW or
//! `net.ipv4.ping_group_range`); elsewhere the check must say UNKNOWN with how to enable it.
//! Loss arithmetic (DEGRADED above the threshold, DOWN at 100%) is unit-tested in `probe::icmp`,
//! since every address in 127.0.0.0/8 answers.

use chrono::Utc;
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;

fn spec(target: &str) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target: target.into(),
        timeout: Some("3s".into()),
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

fn allowed(r: &CheckResult) -> bool {
    if r.status == Status::Unknown {
        assert!(r.reason.contains("ping_group_range"), "{r:?}");
        eprintln!("ICMP not allowed here: {}", r.reason);
        return false;
    }
    true
}

#[tokio::test]
async fn loopback_answers_every_echo() {
    let mut s = spec("icmp://127.0.0.1");
    s.count = Some(4);
    s.conditions = Some(vec![
        "[CONNECTED] == true".into(),
        "[IP] == 127.0.0.1".into(),
    ]);
    let r = check(s).await;
    if !allowed(&r) {
        return;
    }
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.details["sent"], 4);
    assert_eq!(r.details["received"], 4);
    assert_eq!(r.details["loss_percent"], 0.0);
    let min = r.details["rtt_min_ms"].as_f64().unwrap();
    let avg = r.details["rtt_avg_ms"].as_f64().unwrap();
    let max = r.details["rtt_max_ms"].as_f64().unwrap();
    assert!(min <= avg && avg <= max, "{r:?}");
}

#[tokio::test]
async fn hostnames_resolve() {
    let r = check(spec("icmp://localhost")).await;
    if !allowed(&r) {
        return;
    }
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.details["received"], 3);
}

#[test]
fn icmp_spec_validation_and_round_trip() {
    let mut s = spec("icmp://example.com:80");
    s.count = Some(0);
    s.loss_threshold = Some(150.0);
    let e = Monitor::try_from(s).unwrap_err();
    let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["target", "count", "loss_threshold"], "{e}");

    let mut s = spec("icmp://[::1]");
    s.count = Some(5);
    s.loss_threshold = Some(40.0);
    let m = Monitor::try_from(s).unwrap();
    assert_eq!(m.probe.kind(), "icmp");
    let back = MonitorSpec::from(&m);
    assert_eq!((back.count, back.loss_threshold), (Some(5), Some(40.0)));
    assert_eq!(Monitor::try_from(back).unwrap(), m);
}
