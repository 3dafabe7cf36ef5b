//! Recovery actions against real things: a real HTTP service stopped and brought back by a real
//! program that a recovery action runs, the whole self-healing loop through the runtime and a
//! real SQLite file; the safeguards (cooldown, max_attempts, timeout) observed from outside.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lookout_core::action;
use lookout_core::events::CoreEvent;
use lookout_core::model::ActionKind;
use lookout_core::model::{IncidentEventKind, IncidentState, Status};
use lookout_core::monitor::validate_file;
use lookout_core::runtime::{Runtime, RuntimeOptions};
use lookout_core::spec::RecoverySpec;
use lookout_core::spec::{parse_monitor_file, MonitorFile, MonitorSpec};
use lookout_core::storage::Store;
use support::{closed_port, collect, wait_for, Mode, TestServer};

async fn start(dir: &Path) -> (Runtime, Store) {
    let store = Store::open(&dir.join("lookout.db")).unwrap();
    let rt = Runtime::start(
        store.clone(),
        RuntimeOptions {
            push_port: Some(0),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    (rt, store)
}

/// A shell script the action runs as `["/bin/sh", script, args...]`: Lookout itself runs the
/// argv without a shell; the program here happens to be one. (Running the script through
/// /bin/sh rather than exec'ing it also avoids ETXTBSY from a freshly written executable.)
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    p
}

fn argv(script: &Path, args: &[&Path]) -> Vec<String> {
    std::iter::once("/bin/sh".to_string())
        .chain(std::iter::once(script.display().to_string()))
        .chain(args.iter().map(|a| a.display().to_string()))
        .collect()
}

fn recovery_event(e: &CoreEvent) -> bool {
    matches!(e, CoreEvent::RecoveryAction { .. })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_service_is_restarted_by_its_recovery_action() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, store) = start(dir.path()).await;
    let actions = action::spawn(&rt);
    let mut rx = rt.subscribe();
    let mut srv = TestServer::start(Mode::Status(200)).await;

    // The "restart" program: says what it does on both streams and asks the test's supervisor
    // (below) to bring the service back by touching a file.
    let flag = dir.path().join("restart-requested");
    let restart = script(
        dir.path(),
        "restart-api.sh",
        "echo \"restarting $LOOKOUT_MONITOR (attempt $LOOKOUT_ATTEMPT)\"\n\
         echo 'api.service: started' >&2\n\
         touch \"$1\"",
    );
    let run = argv(&restart, &[&flag]);
    // A long interval: the UP that resolves the incident can only come from the re-check that
    // follows the action.
    let m = rt
        .add_monitor(MonitorSpec {
            name: "api".into(),
            target: srv.url(),
            interval: Some("60s".into()),
            timeout: Some("500ms".into()),
            recovery: Some(vec![RecoverySpec {
                run: Some(run.clone()),
                cooldown: Some("1m".into()),
                max_attempts: Some(3),
                timeout: Some("5s".into()),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .await
        .unwrap();
    wait_for(&mut rx, Duration::from_secs(3), "UP", |e| {
        matches!(e, CoreEvent::StatusChanged { to: Status::Up, .. })
    })
    .await;

    srv.stop();
    let supervisor = tokio::spawn({
        let flag = flag.clone();
        async move {
            while !flag.exists() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            srv.restart().await;
            srv
        }
    });
    let stopped = Instant::now();
    rt.check_now(m.id).await.unwrap(); // the next check, without waiting a minute

    let CoreEvent::IncidentOpened { incident, .. } =
        wait_for(&mut rx, Duration::from_secs(3), "incident_opened", |e| {
            matches!(e, CoreEvent::IncidentOpened { .. })
        })
        .await
    else {
        unreachable!()
    };
    let ran = wait_for(
        &mut rx,
        Duration::from_secs(5),
        "recovery_action",
        recovery_event,
    )
    .await;
    let json = serde_json::to_value(&ran).unwrap();
    assert_eq!(json["event"], "recovery_action");
    assert_eq!(json["monitor"], "api");
    assert_eq!(json["incident"], incident.0);
    assert_eq!(json["exit_code"], 0);
    assert_eq!(json["ok"], true);
    assert_eq!(json["attempt"], 1);
    assert_eq!(json["action"]["run"], serde_json::json!(run));
    assert!(json["at"].is_string());
    let output = json["output"].as_str().unwrap();
    assert!(output.contains("restarting api (attempt 1)"), "{output}");
    assert!(output.contains("api.service: started"), "{output}");

    // `recovery_healed` follows `alert_resolved`; `incident_resolved` comes after the store
    // write, so the two may arrive in either order.
    let (mut resolved, mut healed) = (None, None);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while resolved.is_none() || healed.is_none() {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(e @ CoreEvent::IncidentResolved { .. })) => resolved = Some(e),
            Ok(Ok(e @ CoreEvent::RecoveryHealed { .. })) => healed = Some(e),
            Ok(_) => {}
            Err(_) => panic!("resolved: {resolved:?}, healed: {healed:?}"),
        }
    }
    assert!(
        matches!(resolved, Some(CoreEvent::IncidentResolved { incident: i, .. }) if i == incident)
    );
    assert!(
        stopped.elapsed() < Duration::from_secs(10),
        "healed in {:?}: the interval is 60 s, so a re-check confirmed it",
        stopped.elapsed()
    );
    let healed = serde_json::to_value(&healed).unwrap();
    assert_eq!(healed["event"], "recovery_healed");
    assert_eq!(healed["healed_by_action"], true);
    assert_eq!(healed["incident"], incident.0);
    assert!(
        healed["message"]
            .as_str()
            .unwrap()
            .contains("restarted automatically"),
        "{healed}"
    );
    assert_eq!(rt.snapshot().overall, Status::Up);

    let inc = store.incident(incident).unwrap();
    assert_eq!(inc.state, IncidentState::Resolved);
    let kinds: Vec<_> = inc.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            IncidentEventKind::FirstFailure,
            IncidentEventKind::Triggered,
            IncidentEventKind::RecoveryAction,
            IncidentEventKind::Resolved
        ]
    );
    let msg = &inc.events[2].message;
    assert!(msg.contains("restart-api.sh"), "{msg}");
    assert!(msg.contains("attempt 1 of 3"), "{msg}");
    assert!(msg.contains("exited 0 after"), "{msg}");
    assert!(msg.contains("restarting api"), "{msg}");

    actions.shutdown().await;
    rt.shutdown().await.unwrap();
    drop(supervisor.await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldown_and_max_attempts_hold_while_the_service_stays_down() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, store) = start(dir.path()).await;
    let actions = action::spawn(&rt);
    let mut rx = rt.subscribe();
    let log = dir.path().join("attempts.log");
    let broken = script(
        dir.path(),
        "restart-broken.sh",
        "echo attempt >> \"$1\"\necho 'still broken'\nexit 3",
    );
    rt.add_monitor(MonitorSpec {
        name: "db".into(),
        target: format!("tcp://127.0.0.1:{}", closed_port().await),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        recovery: Some(vec![RecoverySpec {
            run: Some(argv(&broken, &[&log])),
            after_failures: Some(2),
            cooldown: Some("1500ms".into()),
            max_attempts: Some(2),
            timeout: Some("5s".into()),
            ..Default::default()
        }]),
        ..Default::default()
    })
    .await
    .unwrap();

    let events = collect(&mut rx, Duration::from_secs(7)).await;
    let mut downs = 0;
    let mut attempts = Vec::new();
    for e in &events {
        match e {
            CoreEvent::CheckCompleted { result, .. } if result.status == Status::Down => downs += 1,
            CoreEvent::RecoveryAction {
                attempt,
                outcome,
                at,
                ..
            } => {
                if attempts.is_empty() {
                    assert!(downs >= 2, "ran after {downs} failed check(s), not 2");
                }
                assert_eq!(outcome.exit_code, Some(3));
                assert!(!outcome.ok);
                assert_eq!(outcome.output, "still broken");
                attempts.push((*attempt, *at));
            }
            _ => {}
        }
    }
    assert!(downs >= 5, "checks went on: {downs}");
    assert_eq!(
        attempts.iter().map(|a| a.0).collect::<Vec<_>>(),
        [1, 2],
        "max_attempts 2: {attempts:?}"
    );
    let gap = (attempts[1].1 - attempts[0].1).to_std().unwrap();
    assert!(gap >= Duration::from_millis(1500), "cooldown: {gap:?}");
    let ran = std::fs::read_to_string(&log).unwrap();
    assert_eq!(ran.lines().count(), 2, "the program ran twice");

    let inc = store
        .incidents(&Default::default())
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let recorded: Vec<_> = inc
        .events
        .iter()
        .filter(|e| e.kind == IncidentEventKind::RecoveryAction)
        .collect();
    assert_eq!(recorded.len(), 2);
    assert!(recorded[1].message.contains("attempt 2 of 2"));
    assert!(recorded[1].message.contains("exited 3"));
    assert!(recorded[1].message.contains("still broken"));

    actions.shutdown().await;
    rt.shutdown().await.unwrap();
}

fn gone_or_zombie(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{}/stat", pid.trim())) {
        Err(_) => true,
        // `pid (comm) S ...`: the state follows the last ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_past_its_timeout_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let (rt, _store) = start(dir.path()).await;
    let actions = action::spawn(&rt);
    let mut rx = rt.subscribe();
    let (pid_sh, pid_sleep) = (dir.path().join("sh.pid"), dir.path().join("sleep.pid"));
    let hang = script(
        dir.path(),
        "hang.sh",
        "echo started\necho $$ > \"$1\"\nsleep 30 &\necho $! > \"$2\"\nwait",
    );
    rt.add_monitor(MonitorSpec {
        name: "stuck".into(),
        target: format!("tcp://127.0.0.1:{}", closed_port().await),
        interval: Some("1s".into()),
        timeout: Some("300ms".into()),
        recovery: Some(vec![RecoverySpec {
            run: Some(argv(&hang, &[&pid_sh, &pid_sleep])),
            after_failures: Some(1),
            max_attempts: Some(1),
            timeout: Some("700ms".into()),
            ..Default::default()
        }]),
        ..Default::default()
    })
    .await
    .unwrap();

    let CoreEvent::RecoveryAction {
        outcome, action, ..
    } = wait_for(
        &mut rx,
        Duration::from_secs(5),
        "recovery_action",
        recovery_event,
    )
    .await
    else {
        unreachable!()
    };
    assert!(matches!(action, ActionKind::Run(_)));
    assert!(outcome.timed_out, "{outcome:?}");
    assert!(!outcome.ok);
    assert_eq!(outcome.exit_code, None, "killed by a signal");
    assert!(
        outcome.duration >= Duration::from_millis(700) && outcome.duration < Duration::from_secs(3),
        "{:?}",
        outcome.duration
    );
    assert_eq!(outcome.output, "started");
    assert!(outcome
        .summary(Duration::from_millis(700))
        .contains("killed at the 700ms timeout"));

    // The script and the sleep it left in the background are both gone.
    for pid_file in [&pid_sh, &pid_sleep] {
        let pid = std::fs::read_to_string(pid_file).unwrap();
        let deadline = Instant::now() + Duration::from_secs(3);
        while !gone_or_zombie(&pid) {
            assert!(
                Instant::now() < deadline,
                "process {} still running",
                pid.trim()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    actions.shutdown().await;
    rt.shutdown().await.unwrap();
}

#[tokio::test]
async fn output_keeps_only_the_last_twenty_lines() {
    let argv: Vec<String> = [
        "/bin/sh",
        "-c",
        "i=1; while [ $i -le 100 ]; do echo line $i; i=$((i+1)); done; echo err >&2; exit 0",
    ]
    .map(String::from)
    .to_vec();
    let out = action::exec::run_program(&argv, Duration::from_secs(5), &[]).await;
    assert!(out.ok);
    let lines: Vec<_> = out.output.lines().collect();
    assert_eq!(lines.len(), action::exec::TAIL_LINES);
    assert!(lines.contains(&"line 100") && lines.contains(&"err"));
    assert!(!lines.contains(&"line 50"));

    let missing = action::exec::run_program(
        &["/nonexistent/restart".to_string()],
        Duration::from_secs(1),
        &[],
    )
    .await;
    assert!(!missing.ok);
    assert!(missing
        .error
        .unwrap()
        .contains("cannot start /nonexistent/restart"));
}

#[test]
fn recovery_round_trips_through_export_and_import() {
    let text = r#"{"monitors": [{
        "name": "api", "target": "http://127.0.0.1:8080/health",
        "recovery": [
            {"run": ["systemctl", "--user", "restart", "api"], "after_failures": 1,
             "cooldown": "5m", "max_attempts": 3, "timeout": "30s"},
            {"webhook": "http://127.0.0.1:9/hook"}
        ]
    }]}"#;
    let monitors = validate_file(parse_monitor_file(text).unwrap()).unwrap();
    let m = &monitors[0];
    assert_eq!(m.recovery.len(), 2);
    assert_eq!(m.recovery[0].after_failures, Some(1));
    assert_eq!(m.recovery[1].after_failures, None);
    assert_eq!(m.recovery[1].cooldown, Duration::from_secs(300), "default");
    assert_eq!(m.recovery[1].max_attempts, 3, "default");
    assert_eq!(m.recovery[1].timeout, Duration::from_secs(30), "default");

    let exported = serde_json::to_string(&MonitorFile {
        monitors: vec![MonitorSpec::from(m)],
    })
    .unwrap();
    let again = validate_file(parse_monitor_file(&exported).unwrap()).unwrap();
    assert_eq!(&again[0], m);
    assert_eq!(MonitorSpec::from(&again[0]), MonitorSpec::from(m));
    let v: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(
        v["monitors"][0]["recovery"][0]["run"],
        serde_json::json!(["systemctl", "--user", "restart", "api"])
    );
    assert_eq!(
        v["monitors"][0]["recovery"][1]["webhook"],
        "http://127.0.0.1:9/hook"
    );

    // And through the store, which keeps the spec JSON.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("lookout.db")).unwrap();
    let id = store.add_monitor(m).unwrap();
    assert_eq!(store.monitor(id).unwrap().recovery, m.recovery);
}

#[test]
fn bad_recovery_actions_name_their_field() {
    let text = r#"{"monitors": [{
        "name": "api", "target": "http://127.0.0.1:8080/health",
        "recovery": [
            {"run": []},
            {"run": ["x"], "webhook": "http://h/"},
            {"webhook": "file:///etc/passwd", "max_attempts": 0, "cooldown": "soon", "timeout": "2h"}
        ]
    }]}"#;
    let errs = validate_file(parse_monitor_file(text).unwrap()).unwrap_err();
    let fields: Vec<_> = errs[0].errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "recovery[0].run",
            "recovery[1]",
            "recovery[2].webhook",
            "recovery[2].max_attempts",
            "recovery[2].cooldown",
            "recovery[2].timeout"
        ]
    );
    // Unknown keys are refused, not ignored: a typo must not silently disable a safeguard.
    let typo = r#"{"monitors": [{"name": "a", "target": "tcp://127.0.0.1:1",
        "recovery": [{"run": ["true"], "max_attempt": 1}]}]}"#;
    assert!(parse_monitor_file(typo)
        .unwrap_err()
        .message
        .contains("max_attempt"));
}
