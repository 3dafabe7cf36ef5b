use super::*;
use crate::spec::parse_monitor_file;

fn spec(target: &str) -> MonitorSpec {
    MonitorSpec {
        name: "api".into(),
        target: target.into(),
        ..Default::default()
    }
}

fn fields(e: ConfigError) -> Vec<String> {
    e.errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn defaults_are_applied() {
    let m = Monitor::try_from(spec("https://example.com/health")).unwrap();
    assert_eq!(m.interval, Duration::from_secs(60));
    assert_eq!(m.timeout, Duration::from_secs(10));
    assert_eq!(m.alerts.down, default_down_rule());
    assert_eq!(m.alerts.degraded, default_degraded_rule());
    assert!(!m.paused);
}

#[test]
fn default_timeout_is_capped_by_interval() {
    let mut s = spec("tcp://127.0.0.1:80");
    s.interval = Some("2s".into());
    let m = Monitor::try_from(s).unwrap();
    assert_eq!(m.timeout, Duration::from_secs(2));
}

#[test]
fn bad_fields_are_named() {
    let mut s = spec("ftp://example.com");
    s.interval = Some("500ms".into());
    s.timeout = Some("2s".into());
    s.alerts = Some(AlertsSpec {
        down: Some(RuleSpec {
            failure_threshold: Some(0),
            severity: Some("loud".into()),
            ..Default::default()
        }),
        degraded: None,
    });
    let f = fields(Monitor::try_from(s).unwrap_err());
    assert!(f.contains(&"target".to_string()), "{f:?}");
    assert!(f.contains(&"interval".to_string()), "{f:?}");
    assert!(f.contains(&"timeout".to_string()), "{f:?}");
    assert!(
        f.contains(&"alerts.down.failure_threshold".to_string()),
        "{f:?}"
    );
    assert!(f.contains(&"alerts.down.severity".to_string()), "{f:?}");
}

#[test]
fn port_out_of_range_is_rejected() {
    let e = Monitor::try_from(spec("tcp://127.0.0.1:70000")).unwrap_err();
    assert_eq!(fields(e), vec!["target"]);
    let e = Monitor::try_from(spec("tcp://127.0.0.1")).unwrap_err();
    assert_eq!(fields(e), vec!["target"]);
}

#[test]
fn unparsable_duration_names_the_field() {
    let mut s = spec("https://example.com");
    s.interval = Some("soon".into());
    let e = Monitor::try_from(s).unwrap_err();
    assert_eq!(e.errors[0].field, "interval");
    assert!(e.errors[0].message.contains("soon"));
}

#[test]
fn spec_round_trips() {
    let mut s = spec("https://example.com/x");
    s.interval = Some("30s".into());
    s.timeout = Some("500ms".into());
    s.method = Some("POST".into());
    s.body = Some("{}".into());
    s.accepted_status = Some(vec!["200-299".into(), "418".into()]);
    s.degraded_latency = Some("2s".into());
    let m = Monitor::try_from(s).unwrap();
    let back = MonitorSpec::from(&m);
    let again = Monitor::try_from(back.clone()).unwrap();
    assert_eq!(m, again);
    assert_eq!(back, MonitorSpec::from(&again));
    assert_eq!(back.interval.as_deref(), Some("30s"));
    assert_eq!(back.timeout.as_deref(), Some("500ms"));
}

#[test]
fn flap_cap_fields_are_validated_and_round_trip() {
    let m = Monitor::try_from(spec("tcp://127.0.0.1:80")).unwrap();
    assert_eq!(
        (m.flap_max, m.flap_window),
        (None, None),
        "the runtime's default"
    );
    let back = MonitorSpec::from(&m);
    assert_eq!((back.flap_max, back.flap_window), (None, None));

    let mut s = spec("tcp://127.0.0.1:80");
    s.flap_max = Some(2);
    s.flap_window = Some("90s".into());
    let m = Monitor::try_from(s).unwrap();
    assert_eq!(m.flap_max, Some(2));
    assert_eq!(m.flap_window, Some(Duration::from_secs(90)));
    let back = MonitorSpec::from(&m);
    assert_eq!(back.flap_max, Some(2));
    assert_eq!(back.flap_window.as_deref(), Some("1m 30s"));
    assert_eq!(Monitor::try_from(back).unwrap(), m);

    for (max, window, field) in [
        (Some(0), None, "flap_max"),
        (Some(-1), None, "flap_max"),
        (Some(1001), None, "flap_max"),
        (None, Some("59s"), "flap_window"),
        (None, Some("25h"), "flap_window"),
        (None, Some("often"), "flap_window"),
    ] {
        let mut s = spec("tcp://127.0.0.1:80");
        s.flap_max = max;
        s.flap_window = window.map(str::to_string);
        let e = Monitor::try_from(s).unwrap_err();
        assert_eq!(fields(e.clone()), vec![field], "{max:?} {window:?}: {e}");
    }
    let mut s = spec("tcp://127.0.0.1:80");
    s.flap_window = Some("30s".into());
    let e = Monitor::try_from(s).unwrap_err();
    assert_eq!(e.errors[0].message, "must be between 1m and 24h, got 30s");
}

#[test]
fn file_errors_name_every_monitor_and_duplicates() {
    let file = MonitorFile {
        monitors: vec![
            spec("https://a.example"),
            spec("https://b.example"),
            MonitorSpec {
                name: "c".into(),
                target: "nope".into(),
                ..Default::default()
            },
        ],
    };
    let errs = validate_file(file).unwrap_err();
    assert_eq!(errs.len(), 2);
    assert_eq!(errs[0].errors[0].field, "name");
    assert_eq!(errs[1].monitor.as_deref(), Some("c"));
}

#[test]
fn syntax_error_has_line_and_column() {
    let e = parse_monitor_file("{\n  \"monitors\": [\n    {\"name\": }\n  ]\n}").unwrap_err();
    assert!(e.message.contains("line 3"), "{}", e.message);
}

#[test]
fn fields_are_validated_and_round_trip() {
    let spec = MonitorSpec {
        name: "api".into(),
        target: "http://127.0.0.1:1/".into(),
        checkpoints: Some(vec!["http://[::1]:1/".into(), "nope".into()]),
        quorum: Some("most".into()),
        confirm_retries: Some(9),
        ..Default::default()
    };
    let e = Monitor::try_from(spec.clone()).unwrap_err();
    let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        ["checkpoints[1]", "quorum", "confirm_retries"],
        "{e}"
    );

    let ok = MonitorSpec {
        checkpoints: Some(vec!["http://[::1]:1/".into()]),
        quorum: Some("all".into()),
        confirm_retries: Some(2),
        confirm_after: Some("500ms".into()),
        ..spec
    };
    let m = Monitor::try_from(ok).unwrap();
    let back = MonitorSpec::from(&m);
    assert_eq!(Monitor::try_from(back).unwrap(), m);
    assert_eq!(m.confirm.quorum, crate::confirm::Quorum::All);
    assert_eq!(m.confirm.retry_after, Duration::from_millis(500));
}
