//! Gatus conditions and Uptime Kuma keywords on HTTP checks, against a real server on 127.0.0.1.

mod support;

use chrono::Utc;
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use support::{Mode, TestServer};

const HEALTH: &str =
    r#"{"status":"UP","version":"api-2.1","checks":[{"name":"db","ok":true}],"errors":[]}"#;
const SICK: &str = r#"{"status":"DOWN","checks":[]}"#;

async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    Prober::new()
        .unwrap()
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

fn spec(target: String, conditions: &[&str]) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target,
        timeout: Some("2s".into()),
        conditions: Some(conditions.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    }
}

#[tokio::test]
async fn json_body_conditions_pass() {
    let srv = TestServer::start(Mode::Body(200, HEALTH)).await;
    let r = check(spec(
        srv.url(),
        &[
            "[STATUS] == 200",
            "[BODY].status == UP",
            "[BODY].checks[0].ok == true",
            "len([BODY].checks) > 0",
            "len([BODY].errors) == 0",
            "has([BODY].version) == true",
            "[BODY].version == pat(api-*)",
            "[RESPONSE_TIME] < 2000",
            "[IP] == 127.0.0.1",
            "[CONNECTED] == true",
        ],
    ))
    .await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    assert_eq!(r.reason, "");
}

#[tokio::test]
async fn failing_conditions_are_named_with_the_value_seen() {
    let srv = TestServer::start(Mode::Body(200, SICK)).await;
    let r = check(spec(
        srv.url(),
        &[
            "[BODY].status == UP",
            "len([BODY].checks) > 0",
            "[STATUS] == 200",
        ],
    ))
    .await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(
        r.reason,
        "[BODY].status (DOWN) == UP; len([BODY].checks) (0) > 0"
    );
}

#[tokio::test]
async fn degraded_conditions_mark_degraded() {
    let srv = TestServer::start(Mode::Body(200, SICK)).await;
    let mut s = spec(srv.url(), &[]);
    s.conditions = None;
    s.degraded_conditions = Some(vec!["[BODY].status == UP".into()]);
    let r = check(s).await;
    assert_eq!(r.status, Status::Degraded, "{r:?}");
    assert_eq!(r.reason, "[BODY].status (DOWN) == UP");
}

#[tokio::test]
async fn a_status_condition_replaces_accepted_status() {
    let srv = TestServer::start(Mode::Body(503, SICK)).await;
    // [STATUS] mentioned: the condition decides, the default 200-299 does not apply.
    let r = check(spec(srv.url(), &["[STATUS] == any(200, 503)"])).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
    // Not mentioned: both apply, and both reasons are given.
    let r = check(spec(srv.url(), &["[BODY].status == UP"])).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(
        r.reason,
        "status 503, expected 200-299; [BODY].status (DOWN) == UP"
    );
}

#[tokio::test]
async fn keyword_and_inverted_keyword() {
    let srv = TestServer::start(Mode::Body(200, HEALTH)).await;
    let mut s = spec(srv.url(), &[]);
    s.conditions = None;
    s.keyword = Some("\"UP\"".into());
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.keyword = Some("maintenance".into());
    let r = check(s.clone()).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "keyword \"maintenance\" not found");
    s.invert_keyword = Some(true);
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.keyword = Some("api-2".into());
    let r = check(s).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "keyword \"api-2\" found, expected it absent");
}

#[tokio::test]
async fn non_json_body_fails_body_paths() {
    let srv = TestServer::start(Mode::Body(200, "OK")).await;
    let r = check(spec(srv.url(), &["[BODY].status == UP"])).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "[BODY].status (missing) == UP");
    let r = check(spec(srv.url(), &["[BODY] == OK"])).await;
    assert_eq!(r.status, Status::Up, "{r:?}");
}

#[test]
fn malformed_conditions_are_rejected_with_field_and_position() {
    let e = Monitor::try_from(spec(
        "http://127.0.0.1:1/".into(),
        &["[STATUS] == 200", "[BODY].status = UP"],
    ))
    .unwrap_err();
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(e.errors[0].field, "conditions");
    assert_eq!(
        e.errors[0].message,
        "condition 2 (\"[BODY].status = UP\"), at character 15: a single = is not an operator; write =="
    );
    let mut s = spec("tcp://127.0.0.1:1".into(), &[]);
    s.degraded_conditions = Some(vec!["[BODY].x == 1".into()]);
    let e = Monitor::try_from(s).unwrap_err();
    assert_eq!(e.errors[0].field, "degraded_conditions");
    assert!(e.errors[0]
        .message
        .contains("[BODY] is not available for tcp checks"));
}

#[test]
fn conditions_and_keyword_survive_export_and_import() {
    let mut s = spec("https://example.com/".into(), &["[STATUS] == 200"]);
    s.degraded_conditions = Some(vec!["[RESPONSE_TIME] < 300".into()]);
    s.keyword = Some("ok".into());
    s.invert_keyword = Some(true);
    let m = Monitor::try_from(s).unwrap();
    let back = MonitorSpec::from(&m);
    assert_eq!(back.conditions, Some(vec!["[STATUS] == 200".into()]));
    assert_eq!(
        back.degraded_conditions,
        Some(vec!["[RESPONSE_TIME] < 300".into()])
    );
    assert_eq!(back.keyword.as_deref(), Some("ok"));
    assert_eq!(back.invert_keyword, Some(true));
    let json = serde_json::to_string(&back).unwrap();
    let again: MonitorSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(Monitor::try_from(again).unwrap(), m);
}

/// Issue 10, item 5: a no-break space between a function and its parenthesis was counted in bytes
/// among character positions, and the parser sliced past the end of the condition and panicked:
/// in `lookout check --condition`, `monitors add`, the settings form and Gatus imports.
#[test]
fn non_ascii_whitespace_in_a_condition_is_a_field_error_not_a_panic() {
    for src in [
        "[STATUS] == any\u{00A0}()",
        "[STATUS] == pat\u{00A0}()",
        "len\u{2003}()  == 1",
    ] {
        let e = Monitor::try_from(spec("http://127.0.0.1:1/".into(), &[src])).unwrap_err();
        assert_eq!(e.errors[0].field, "conditions", "{src}: {e}");
    }
    // The same spacing before a real argument is fine.
    let m = Monitor::try_from(spec(
        "http://127.0.0.1:1/".into(),
        &["[STATUS] == any\u{00A0}(200, 204)"],
    ));
    assert!(m.is_ok(), "{m:?}");
    let file = "endpoints:\n  - name: x\n    url: https://example.org/\n    conditions:\n      - \"[STATUS] == any\u{00A0}()\"\n";
    let plan = lookout_core::import::import(file, None).unwrap();
    assert!(
        plan.unmapped.iter().any(|s| s.reason.contains("any()")),
        "{:?}",
        plan.unmapped
    );
}
