//! What is wrong with a field, in both languages: the same invalid input names the same field
//! whatever the language; only the words change. English is the wording scripts and tests have
//! always read, byte for byte.
//!
//! Each test speaks its language on its own thread (`i18n::with_lang`), so they may run side
//! by side.

use chrono::{TimeZone, Utc};
use lookout_core::connectivity::parse_references;
use lookout_core::field::{ConfigError, FieldError};
use lookout_core::i18n::{self, Lang};
use lookout_core::maintenance::NewWindow;
use lookout_core::monitor::Monitor;
use lookout_core::spec::{parse_monitor_file, MonitorSpec, RecoverySpec};

fn spec(target: &str) -> MonitorSpec {
    MonitorSpec {
        name: "api".into(),
        target: target.into(),
        ..MonitorSpec::default()
    }
}

fn refused(spec: MonitorSpec) -> ConfigError {
    Monitor::try_from(spec).expect_err("invalid on purpose")
}

/// The one error of `spec`, as (field, message).
fn only(spec: MonitorSpec) -> (String, String) {
    let e = refused(spec);
    assert_eq!(e.errors.len(), 1, "{e:?}");
    (e.errors[0].field.clone(), e.errors[0].message.clone())
}

fn bad_interval() -> MonitorSpec {
    MonitorSpec {
        interval: Some("25h".into()),
        timeout: Some("1s".into()),
        ..spec("tcp://127.0.0.1:80")
    }
}

fn bad_condition() -> MonitorSpec {
    MonitorSpec {
        conditions: Some(vec!["[STATUS] = 200".into()]),
        ..spec("http://127.0.0.1/")
    }
}

fn bad_window() -> Vec<FieldError> {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
    NewWindow::parse("now", "", Some("FREQ=SECONDLY"), now).expect_err("invalid on purpose")
}

/// The representative cases, as (field, message) in the language in force.
fn cases() -> Vec<(String, String)> {
    let mut out = vec![
        only(bad_interval()),
        only(spec("ftp://example.com")),
        only(bad_condition()),
    ];
    out.extend(bad_window().into_iter().map(|e| (e.field, e.message)));
    out
}

#[test]
fn in_english_the_words_are_the_ones_always_shown() {
    i18n::with_lang(Lang::En, || {
        assert_eq!(
        cases(),
        [
            ("interval", "must be between 1s and 24h, got 25h"),
            (
                "target",
                "unknown scheme \"ftp\"; supported: http, https, tcp, tls, dns, icmp, push"
            ),
            (
                "conditions",
                "\"[STATUS] = 200\", at character 10: a single = is not an operator; write =="
            ),
            ("duration", "is required, like 30m or 2h"),
            (
                "rrule",
                "\"FREQ=SECONDLY\" repeats more often than hourly; a window repeats at most every \
                 hour (FREQ=HOURLY with one BYMINUTE and one BYSECOND, or a longer FREQ)"
            ),
        ]
        .map(|(f, m)| (f.to_string(), m.to_string()))
    );
    });
}

#[test]
fn in_chinese_the_same_fields_are_named_in_chinese() {
    i18n::with_lang(Lang::ZhCn, || {
        assert_eq!(
            cases(),
            [
                ("interval", "须在 1s 到 24h 之间，实际为 25h"),
                (
                    "target",
                    "未知的协议“ftp”；支持的有：http, https, tcp, tls, dns, icmp, push"
                ),
                (
                    "conditions",
                    "“[STATUS] = 200”，第 10 个字符处：单个 = 不是运算符；请写 =="
                ),
                ("duration", "为必填项，如 30m 或 2h"),
                (
                    "rrule",
                    "“FREQ=SECONDLY”重复得比每小时一次更频繁；维护时段最多每小时重复一次\
                 （FREQ=HOURLY 且只有一个 BYMINUTE 和一个 BYSECOND，或更长的 FREQ）"
                ),
            ]
            .map(|(f, m)| (f.to_string(), m.to_string()))
        );
        let e = refused(bad_interval());
        assert_eq!(
            e.to_string(),
            "监控“api”：interval：须在 1s 到 24h 之间，实际为 25h"
        );
    });
}

/// Many more invalid inputs, across every kind of field: in Chinese each names the same fields
/// as in English, and no message is left in English.
#[test]
fn every_kind_of_problem_is_worded_in_both_languages() {
    let specs = || {
        vec![
            MonitorSpec {
                name: String::new(),
                ..spec("")
            },
            MonitorSpec {
                name: "a\u{7}".into(),
                ..spec("tcp://127.0.0.1")
            },
            spec("tcp://127.0.0.1:70000"),
            spec("tcp://127.0.0.1:http"),
            spec("not a url"),
            spec("icmp://example.com:80"),
            spec("dns:///example.com?type=SRV"),
            spec("dns://1.1.1.1/"),
            MonitorSpec {
                method: Some("G T".into()),
                accepted_status: Some(vec!["299-200".into(), "abc".into()]),
                invert_keyword: Some(true),
                cert_warn_days: Some(5000),
                ca_file: Some("/nonexistent/ca.pem".into()),
                ..spec("http://example.com/")
            },
            MonitorSpec {
                timeout: Some("2m".into()),
                degraded_latency: Some("soon".into()),
                flap_max: Some(0),
                depends_on: Some("api".into()),
                quorum: Some("most".into()),
                confirm_retries: Some(9),
                checkpoints: Some(vec!["push://".into()]),
                ..spec("tcp://127.0.0.1:80")
            },
            MonitorSpec {
                count: Some(0),
                loss_threshold: Some(150.0),
                conditions: Some(vec![
                    "[STATUS] == 200".into(),
                    "len([BODY]) > x".into(),
                    "[DOMAIN_EXPIRATION] > 1h".into(),
                ]),
                ..spec("icmp://example.com")
            },
            MonitorSpec {
                token: Some("short".into()),
                grace: Some("0s".into()),
                ..spec("push://")
            },
            MonitorSpec {
                recovery: Some(vec![
                    RecoverySpec::default(),
                    RecoverySpec {
                        run: Some(vec![String::new()]),
                        ..RecoverySpec::default()
                    },
                    RecoverySpec {
                        webhook: Some("ftp://x".into()),
                        max_attempts: Some(0),
                        ..RecoverySpec::default()
                    },
                ]),
                ..spec("tcp://127.0.0.1:80")
            },
        ]
    };
    let all = |lang| {
        i18n::with_lang(lang, || {
            let mut out: Vec<FieldError> = specs()
                .into_iter()
                .flat_map(|s| refused(s).errors)
                .collect();
            out.extend(bad_window());
            out.extend(parse_references("10.0.0.1, [::1, http://x:1, host:0").unwrap_err());
            out.extend(parse_monitor_file("{\"monitors\": [").err());
            out
        })
    };
    let (en, zh) = (all(Lang::En), all(Lang::ZhCn));
    let fields = |v: &[FieldError]| v.iter().map(|e| e.field.clone()).collect::<Vec<_>>();
    assert_eq!(fields(&en), fields(&zh));
    assert!(en.len() > 30, "{} problems", en.len());
    for (en, zh) in en.iter().zip(&zh) {
        assert_ne!(en.message, zh.message, "{}: not translated", en.field);
        assert!(
            zh.message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {} has no Chinese",
            zh.field,
            zh.message
        );
    }
}
