//! Lookout's own file round-trips (issue 10, "the systematic part"): any valid monitor,
//! exported and imported, is the same monitor; redacted, it still imports and no secret is left
//! in it. The hostile-input properties of the four formats are in `props_import.rs`.
//!
//! 256 cases per property by default. For a longer, bench-like run:
//! `PROPTEST_CASES=20000 cargo test -p lookout-core --release --test props_roundtrip`.

mod spec_gen;

use std::collections::BTreeMap;

use lookout_core::import::{self, redact, Format};
use lookout_core::monitor::Monitor;
use lookout_core::spec::{MonitorFile, MonitorSpec, RecoverySpec};
use proptest::prelude::*;
use spec_gen::{valid_specs, validated};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

/// The file `lookout export` writes for `monitors`.
fn exported(monitors: &[Monitor]) -> String {
    serde_json::to_string_pretty(&MonitorFile {
        monitors: monitors.iter().map(MonitorSpec::from).collect(),
    })
    .unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn export_then_import_is_the_identity(specs in valid_specs()) {
        let before = validated(&specs)?;
        let file = exported(&before);
        // As `lookout import` reads a Lookout file (strictly) ...
        let parsed = lookout_core::spec::parse_monitor_file(&file).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let after = lookout_core::monitor::validate_file(parsed)
            .map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&after, &before);
        // ... and as the import planner (the dashboard's) reads it, detected.
        let plan = import::import(&file, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(plan.format, Format::Lookout);
        prop_assert!(plan.skipped.is_empty() && plan.unmapped.is_empty(), "{:?}", plan);
        prop_assert_eq!(validated(&plan.monitors)?, before.clone());
        // Exported again, the file is the same text.
        prop_assert_eq!(exported(&after), file);
        // Every recovery action is one to consent to, before and after.
        let consents = import::recovery_needing_consent(&after);
        prop_assert_eq!(consents.len(), before.iter().map(|m| m.recovery.len()).sum::<usize>());
    }

    #[test]
    fn a_redacted_export_imports_and_holds_no_secret(specs in valid_specs()) {
        let monitors = validated(&specs)?;
        let redacted: Vec<MonitorSpec> = monitors.iter().map(|m| redact::redact(&MonitorSpec::from(m))).collect();
        let text = serde_json::to_string(&MonitorFile { monitors: redacted.clone() }).unwrap();
        prop_assert!(!text.contains("S3CR3T"), "a secret survived: {}", text);
        // Redacting twice changes nothing more.
        for r in &redacted {
            prop_assert_eq!(&redact::redact(r), r);
        }
        // The redacted file imports, each monitor the same kind with the same checks.
        let parsed = lookout_core::spec::parse_monitor_file(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = lookout_core::monitor::validate_file(parsed)
            .map_err(|e| TestCaseError::fail(format!("redacted file refused: {e:?}\n{text}")))?;
        for (a, b) in again.iter().zip(&monitors) {
            prop_assert_eq!(&a.name, &b.name);
            prop_assert_eq!(a.probe.kind(), b.probe.kind());
            prop_assert_eq!(a.interval, b.interval);
            prop_assert_eq!(&a.alerts, &b.alerts);
            prop_assert_eq!(a.recovery.len(), b.recovery.len());
        }
        // Whatever held a secret is named as a placeholder to fill in.
        for (r, m) in redacted.iter().zip(&monitors) {
            let original = MonitorSpec { token: None, ..MonitorSpec::from(m) };
            let had_secret = serde_json::to_string(&original).unwrap().contains("S3CR3T");
            prop_assert!(!had_secret || !import::placeholders(r).is_empty(), "{:?}", r);
        }
    }
}

/// Secrets in every place a monitor can hold one, redacted by name.
#[test]
fn no_known_secret_survives_redaction() {
    let spec = MonitorSpec {
        name: "api".into(),
        target: "https://alice:pw-target@api.test:8443/v1/health?api_key=key-target&region=eu#frag-target".into(),
        headers: Some(BTreeMap::from([
            ("Authorization".to_string(), "Bearer header-auth".to_string()),
            ("Cookie".to_string(), "session=header-cookie".to_string()),
            ("X-Custom".to_string(), "header-custom".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
        ])),
        body: Some("{\"password\":\"body-secret\"}".into()),
        method: Some("POST".into()),
        checkpoints: Some(vec!["https://bob:pw-checkpoint@10.0.0.1/v1/health?token=key-checkpoint".into()]),
        recovery: Some(vec![
            RecoverySpec {
                webhook: Some("https://carol:pw-hook@hooks.slack.com/services/T0/B0/hook-path?sig=hook-query".into()),
                ..RecoverySpec::default()
            },
            RecoverySpec {
                run: Some(
                    ["curl", "-H", "Authorization: Bearer run-header", "--password", "run-flag", "TOKEN=run-env", "https://h.test/run-url"]
                        .map(String::from)
                        .to_vec(),
                ),
                ..RecoverySpec::default()
            },
        ]),
        ..MonitorSpec::default()
    };
    let push = MonitorSpec {
        name: "job".into(),
        target: "push://".into(),
        token: Some("push-token-0123456789".into()),
        push_url: Some("http://127.0.0.1:47811/push/push-token-0123456789".into()),
        ..MonitorSpec::default()
    };
    let specs: Vec<MonitorSpec> = [spec, push]
        .iter()
        .map(|s| MonitorSpec::from(&Monitor::try_from(s.clone()).unwrap()))
        .map(|mut s| {
            s.push_url = (s.token.is_some())
                .then(|| "http://127.0.0.1:47811/push/push-token-0123456789".into());
            s
        })
        .collect();
    let redacted: Vec<MonitorSpec> = specs.iter().map(redact::redact).collect();
    let text = serde_json::to_string_pretty(&MonitorFile {
        monitors: redacted.clone(),
    })
    .unwrap();
    for secret in [
        "alice",
        "pw-target",
        "key-target",
        "eu",
        "frag-target",
        "header-auth",
        "header-cookie",
        "header-custom",
        "body-secret",
        "bob",
        "pw-checkpoint",
        "key-checkpoint",
        "carol",
        "pw-hook",
        "T0",
        "hook-path",
        "hook-query",
        "run-header",
        "run-flag",
        "run-env",
        "run-url",
        "push-token",
    ] {
        assert!(!text.contains(secret), "{secret} survived:\n{text}");
    }
    // What is not secret stays, so the file still says what is watched.
    let api = &redacted[0];
    assert_eq!(
        api.target,
        "https://REDACTED:REDACTED@api.test:8443/v1/health?api_key=REDACTED&region=REDACTED#REDACTED"
    );
    assert_eq!(api.headers.as_ref().unwrap()["Accept"], "application/json");
    assert_eq!(
        api.recovery.as_ref().unwrap()[0].webhook.as_deref(),
        Some("https://hooks.slack.com/REDACTED")
    );
    assert_eq!(
        import::placeholders(api),
        [
            "target",
            "checkpoints[0]",
            "headers.Authorization",
            "headers.Cookie",
            "headers.X-Custom",
            "body",
            "recovery[0].webhook",
            "recovery[1].run"
        ]
    );
    // The heartbeat loses its token, so the importer's is new, never a shared placeholder.
    assert_eq!(redacted[1].token, None);
    assert_eq!(redacted[1].push_url, None);
    let again = lookout_core::monitor::validate_file(MonitorFile { monitors: redacted }).unwrap();
    let lookout_core::probe::ProbeConfig::Push(p) = &again[1].probe else {
        panic!("not a heartbeat")
    };
    assert_eq!(p.token.len(), 24);
}
