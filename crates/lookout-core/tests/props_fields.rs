//! Properties of the fields a user types (issue 10, "the systematic part"): durations, monitor
//! targets and the settings values. Whatever text a file, a flag or a form hands them,
//! validation returns (no panic) and returns soon (no hang); what it accepts lies within its
//! bounds and, written back out, reads back the same.
//!
//! 256 cases per property by default, a few seconds in CI. For a longer, bench-like run:
//! `PROPTEST_CASES=100000 cargo test -p lookout-core --release --test props_fields`.

use std::sync::mpsc;
use std::time::Duration;

use lookout_core::field::{defaults, format_duration, parse_duration};
use lookout_core::monitor::Monitor;
use lookout_core::settings;
use lookout_core::spec::{AlertsSpec, MonitorSpec, RecoverySpec, RuleSpec};
use proptest::prelude::*;

/// Far above what one case costs (microseconds), far below "hung", on a busy 2-core machine.
const LIMIT: Duration = Duration::from_secs(5);

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig::with_cases(cases)
}

/// Runs `f` on its own thread and fails the case if it panics or outlasts [`LIMIT`].
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(LIMIT) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: still running after {LIMIT:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// Text made mostly of numbers and units, so humantime gets far into it, with any character.
fn duration_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "0", "1", "5", "30", "59", "500", "1000", "366", "367", "8784", "10000000000000000000",
            "18446744073709551615", "18446744073709551616", "99999999999999999999999", "0.5",
            ".", "-", "+", " ", "  ", "\t", "ns", "us", "µs", "ms", "s", "sec", "m", "min", "h",
            "hr", "hours", "d", "day", "days", "w", "week", "M", "month", "months", "y", "year",
            "years", "é", "\u{a0}", "𝄞",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// A duration field's value: mostly duration-like, sometimes a plain well-formed one.
fn field_value() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        3 => duration_like().prop_map(Some),
        3 => (0u64..=400 * 24 * 3600).prop_map(|s| Some(format!("{s}s"))),
        1 => (0u64..=2000).prop_map(|ms| Some(format!("{ms}ms"))),
    ]
}

/// Each accepted duration within its field's bounds.
fn assert_within_bounds(m: &Monitor) {
    assert!((defaults::MIN_INTERVAL..=defaults::MAX_INTERVAL).contains(&m.interval));
    assert!(m.timeout >= defaults::MIN_TIMEOUT && m.timeout <= m.interval);
    if let Some(d) = m.degraded_latency {
        assert!((defaults::MIN_TIMEOUT..=defaults::MAX_INTERVAL).contains(&d));
    }
    for rule in [&m.alerts.down, &m.alerts.degraded] {
        if let Some(d) = rule.remind_every {
            assert!((defaults::MIN_REMIND_EVERY..=defaults::MAX_REMIND_EVERY).contains(&d));
        }
    }
    if let Some(d) = m.flap_window {
        assert!((defaults::MIN_FLAP_WINDOW..=defaults::MAX_FLAP_WINDOW).contains(&d));
    }
    assert!((defaults::MIN_TIMEOUT..=defaults::MAX_INTERVAL).contains(&m.confirm.retry_after));
    for a in &m.recovery {
        assert!(a.cooldown <= defaults::RECOVERY_MAX_COOLDOWN);
        assert!((defaults::MIN_TIMEOUT..=defaults::RECOVERY_MAX_TIMEOUT).contains(&a.timeout));
    }
    if let lookout_core::probe::ProbeConfig::Push(p) = &m.probe {
        if let Some(g) = p.grace {
            assert!((defaults::MIN_GRACE..=defaults::MAX_GRACE).contains(&g));
        }
    }
}

/// Written back as a spec and validated again, a monitor is the same monitor.
fn assert_round_trips(m: &Monitor) {
    let again = Monitor::try_from(MonitorSpec::from(m))
        .unwrap_or_else(|e| panic!("{m:?} written back does not validate: {e}"));
    assert_eq!(&again, m);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_parses_as_a_duration_within_the_ceiling_or_not_at_all(s in duration_like()) {
        let t = s.clone();
        if let Ok(d) = bounded("parse_duration", move || parse_duration("interval", &t)) {
            prop_assert!(d <= defaults::MAX_DURATION, "{s:?} -> {d:?}");
        }
    }

    #[test]
    fn any_string_at_all_parses_or_is_refused(s in any::<String>()) {
        let t = s.clone();
        let r = bounded("parse_duration", move || parse_duration("grace", &t));
        if let Err(e) = r {
            prop_assert_eq!(e.field, "grace");
        }
    }

    #[test]
    fn a_duration_written_out_reads_back_the_same(
        nanos in 0u128..=defaults::MAX_DURATION.as_nanos()
    ) {
        let d = Duration::from_nanos(nanos as u64);
        prop_assert_eq!(parse_duration("interval", &format_duration(d)), Ok(d));
    }

    #[test]
    fn every_duration_field_is_bounded_and_round_trips(
        interval in field_value(),
        timeout in field_value(),
        degraded_latency in field_value(),
        remind_every in field_value(),
        flap_window in field_value(),
        confirm_after in field_value(),
        cooldown in field_value(),
        action_timeout in field_value(),
        grace in field_value(),
        push in any::<bool>(),
    ) {
        let spec = MonitorSpec {
            name: "api".into(),
            target: if push { "push://".into() } else { "tcp://127.0.0.1:9".into() },
            interval,
            timeout,
            degraded_latency,
            alerts: Some(AlertsSpec {
                down: Some(RuleSpec { remind_every, ..Default::default() }),
                degraded: None,
            }),
            flap_window,
            confirm_retries: confirm_after.as_ref().map(|_| 1),
            confirm_after,
            recovery: Some(vec![RecoverySpec {
                run: Some(vec!["true".into()]),
                cooldown,
                timeout: action_timeout,
                ..Default::default()
            }]),
            grace: if push { grace } else { None },
            ..Default::default()
        };
        let result = bounded("Monitor::try_from", move || Monitor::try_from(spec));
        match result {
            Ok(m) => {
                assert_within_bounds(&m);
                assert_round_trips(&m);
            }
            Err(e) => {
                prop_assert!(!e.errors.is_empty());
                for f in &e.errors {
                    prop_assert!(!f.field.is_empty() && !f.message.is_empty(), "{f:?}");
                }
            }
        }
    }
}

/// Text shaped like a target URL of every scheme, with the pieces URLs break on.
fn target_like() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "http://", "https://", "tcp://", "tls://", "dns://", "icmp://", "push://", "HTTPS://",
        "dns:///", "http:", "tcp:", "ftp://", "", "://",
    ]);
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "example.com", "127.0.0.1", "localhost", "[::1]", "[::1", "::1", "[fe80::1%25eth0]",
            "8.8.8.8", "xn--bcher-kva.example", "bücher.example", "a..b", ".", "-", "_", "@",
            "user:pass@", ":", ":0", ":80", ":443", ":65535", ":65536", ":99999999999", ":-1",
            "/", "/path", "/a/../b", "?", "?type=A", "?type=AAAA", "?type=MX", "?type=TXT",
            "?type=bogus", "?type=", "&", "=", "#", "#frag", "%", "%zz", "%00", "%2F", " ",
            "\t", "\n", "é", "\u{a0}", "\u{202e}", "𝄞", "0x7f000001", "4294967296", "0",
            "999.999.999.999",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    (scheme, prop::collection::vec(piece, 0..10))
        .prop_map(|(scheme, pieces)| format!("{scheme}{}", pieces.concat()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_target_validates_or_is_refused_and_what_validates_round_trips(
        target in target_like()
    ) {
        let spec = MonitorSpec {
            name: "t".into(),
            target: target.clone(),
            ..Default::default()
        };
        match bounded("Monitor::try_from", move || Monitor::try_from(spec)) {
            Ok(m) => assert_round_trips(&m),
            Err(e) => {
                for f in &e.errors {
                    prop_assert!(!f.field.is_empty() && !f.message.is_empty(), "{target:?}: {f:?}");
                }
            }
        }
    }

    #[test]
    fn any_string_as_a_target_returns(target in any::<String>()) {
        let spec = MonitorSpec {
            name: "t".into(),
            target,
            ..Default::default()
        };
        let _ = bounded("Monitor::try_from", move || Monitor::try_from(spec));
    }
}

/// Text shaped like each setting's values: ports and reference lists.
fn setting_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "0", "1", "53", "443", "47811", "65535", "65536", "-1", "+1", "0x50", "1e3",
            "10.0.0.1", "10.0.0.1:53", "[::1]:53", "::1", "[::1]", "gw.lab.example:443",
            "GW.Lab.Example", "example.com:0", "example.com:99999", ":53", "host:", ",", ", ",
            ",,", ";", " ", "\n", "\t", "é", "\u{a0}", "𝄞", "tcp://x:1", "*", "",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_setting_value_is_normalized_once_for_all_or_refused_naming_the_key(
        key in prop::sample::select(settings::KEYS.to_vec()),
        value in prop_oneof![3 => setting_like(), 1 => any::<String>()],
    ) {
        let v = value.clone();
        match bounded("settings::normalize", move || settings::normalize(key, &v)) {
            Ok(normal) => {
                // What is stored is what `set` would store again.
                prop_assert_eq!(settings::normalize(key, &normal), Ok(normal.clone()));
            }
            Err(e) => {
                prop_assert!(!e.errors.is_empty());
                for f in &e.errors {
                    prop_assert_eq!(f.field.as_str(), key, "{:?}: {:?}", value, f);
                }
            }
        }
    }

    #[test]
    fn an_unknown_setting_is_refused_naming_it(key in any::<String>(), value in any::<String>()) {
        prop_assume!(!settings::KEYS.contains(&key.as_str()));
        let e = settings::normalize(&key, &value).unwrap_err();
        prop_assert_eq!(&e.errors[0].field, &key);
    }
}
