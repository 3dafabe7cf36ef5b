//! Generators of valid monitor specs for the round-trip properties (`props_roundtrip.rs`):
//! every probe kind, with secrets in every place one can be (`S3CR3T…`), recovery actions,
//! checkpoints and durations in each spelling Lookout reads.

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use lookout_core::import::redact;
use lookout_core::monitor::Monitor;
use lookout_core::spec::{AlertsSpec, MonitorSpec, RecoverySpec, RuleSpec};
use proptest::prelude::*;

/// A PEM file with one CA certificate, for `ca_file` (validation reads it).
pub fn ca_file() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["ca.test".into()]).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let cert = params.self_signed(&key).unwrap();
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("ca.pem");
        std::fs::write(&path, cert.pem()).unwrap();
        path.to_str().unwrap().to_string()
    })
}

/// A duration of `secs` seconds as people write it, in one of the spellings Lookout reads.
pub fn written(secs: u64, style: u8) -> String {
    match style % 4 {
        0 => format!("{secs}s"),
        1 => format!("{}ms", secs * 1000),
        2 => humantime::format_duration(Duration::from_secs(secs)).to_string(),
        _ => format!(" {secs}s "),
    }
}

pub fn duration(lo: u64, hi: u64) -> impl Strategy<Value = String> {
    (lo..=hi, any::<u8>()).prop_map(|(s, style)| written(s, style))
}

pub fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "example.com",
            "127.0.0.1",
            "[::1]",
            "api.test",
            "xn--bcher-kva.example"
        ])
        .prop_map(String::from),
        // A label starting `xn--` must be valid punycode, which random letters are not (one
        // such is in the list above).
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){1,2}"
            .prop_filter("not an xn-- label", |h: &String| !h.starts_with("xn--")),
    ]
}

pub fn port() -> impl Strategy<Value = u16> {
    1u16..=65535
}

pub fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{6,12}".prop_map(|s| format!("S3CR3T{s}"))
}

/// An http(s) URL, with userinfo and query values that are secrets.
pub fn http_url(scheme: &'static str) -> impl Strategy<Value = String> {
    (
        host(),
        prop::option::of(port()),
        "(/[a-z0-9._-]{1,8}){0,3}",
        prop::option::of((secret(), prop::option::of(secret()))),
        prop::collection::vec(("[a-z_]{1,8}", secret()), 0..3),
    )
        .prop_map(move |(host, port, path, user, query)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let user = match user {
                None => String::new(),
                Some((u, None)) => format!("{u}@"),
                Some((u, Some(p))) => format!("{u}:{p}@"),
            };
            let query = if query.is_empty() {
                String::new()
            } else {
                let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("?{}", q.join("&"))
            };
            format!("{scheme}://{user}{host}{port}{path}{query}")
        })
}

pub fn rule() -> impl Strategy<Value = RuleSpec> {
    (
        prop::option::of(1i64..=10_000),
        prop::option::of(1i64..=10_000),
        prop::option::of(prop::sample::select(vec!["critical", "warning"])),
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::option::of(duration(1, 7 * 86_400)),
    )
        .prop_map(|(f, s, sev, inc, active, remind)| RuleSpec {
            failure_threshold: f,
            success_threshold: s,
            severity: sev.map(String::from),
            create_incident: inc,
            active,
            remind_every: remind,
        })
}

pub fn recovery() -> impl Strategy<Value = RecoverySpec> {
    let kind = prop_oneof![
        (
            prop::sample::select(vec!["systemctl", "/usr/bin/curl", "docker", "sh"]),
            prop::collection::vec(
                prop_oneof![
                    "[a-z.-]{1,12}",
                    "[^\\x00]{0,12}",
                    secret().prop_map(|s| format!("--token={s}")),
                    secret().prop_map(|s| format!("Authorization: Bearer {s}")),
                    secret().prop_map(|s| format!("https://hooks.test/{s}")),
                ],
                0..5
            )
        )
            .prop_map(|(p, args)| (Some([vec![p.to_string()], args].concat()), None)),
        (http_url("https"), secret()).prop_map(|(u, s)| (
            None,
            Some(format!("{}/{s}", u.split('?').next().unwrap_or("")))
        )),
    ];
    (
        kind,
        prop::option::of(1i64..=10_000),
        prop::option::of(duration(0, 86_400)),
        prop::option::of(1i64..=100),
        prop::option::of(duration(1, 3600)),
    )
        .prop_map(
            |((run, webhook), after, cooldown, max, timeout)| RecoverySpec {
                run,
                webhook,
                after_failures: after,
                cooldown,
                max_attempts: max,
                timeout,
            },
        )
}

/// What each probe kind adds to a spec (its target and options); `interval` in seconds.
pub fn kind_spec() -> impl Strategy<Value = MonitorSpec> {
    let http = (
        prop::sample::select(vec!["http", "https"]),
        prop::option::of(prop::sample::select(vec![
            "GET", "POST", "PUT", "HEAD", "DELETE", "PATCH",
        ])),
        prop::option::of(
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(vec![
                        "Authorization",
                        "Cookie",
                        "X-Api-Key",
                        "Accept",
                        "Content-Type",
                        "User-Agent"
                    ])
                    .prop_map(String::from),
                    "X-[A-Za-z]{1,10}",
                ],
                secret(),
                1..4,
            )
            .prop_map(|h| {
                // The standard headers that never authenticate keep their values when redacted.
                h.into_iter()
                    .map(|(k, v)| {
                        let public = redact::PUBLIC_HEADERS
                            .iter()
                            .any(|p| p.eq_ignore_ascii_case(&k));
                        (k, if public { "text/plain".to_string() } else { v })
                    })
                    .collect::<BTreeMap<_, _>>()
            }),
        ),
        prop::option::of(secret().prop_map(|s| format!("{{\"password\": \"{s}\"}}"))),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["200-299", "418", "301", "500-599"]).prop_map(String::from),
            1..3,
        )),
        (
            any::<bool>(),
            prop::option::of(".{1,10}"),
            any::<bool>(),
            prop::option::of(any::<bool>()),
        ),
        (prop::option::of(0i64..=3650), any::<bool>()),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec![
                "[STATUS] == 200",
                "[BODY].status == UP",
                "[RESPONSE_TIME] < 500",
                "len([BODY]) > 0",
            ])
            .prop_map(String::from),
            1..3,
        )),
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_flat_map(
            |(
                scheme,
                method,
                headers,
                body,
                accepted,
                (ignore, keyword, invert, follow),
                (warn, ca),
                conds,
                cps,
            )| {
                let n = cps.len();
                (
                    http_url(scheme),
                    prop::collection::vec(http_url(scheme), n..=n),
                    Just((
                        scheme, method, headers, body, accepted, ignore, keyword, invert, follow,
                        warn, ca, conds,
                    )),
                )
            },
        )
        .prop_map(
            |(
                target,
                checkpoints,
                (
                    scheme,
                    method,
                    headers,
                    body,
                    accepted,
                    ignore,
                    keyword,
                    invert,
                    follow,
                    warn,
                    ca,
                    conds,
                ),
            )| {
                let https = scheme == "https";
                MonitorSpec {
                    target,
                    method: method.map(String::from),
                    headers,
                    body,
                    accepted_status: accepted,
                    ignore_tls: ignore.then_some(true),
                    invert_keyword: (invert && keyword.is_some()).then_some(true),
                    keyword,
                    follow_redirects: follow,
                    cert_warn_days: if https { warn } else { None },
                    ca_file: (https && ca).then(|| ca_file().to_string()),
                    conditions: conds,
                    checkpoints: (!checkpoints.is_empty()).then_some(checkpoints),
                    ..MonitorSpec::default()
                }
            },
        );
    let tcp = (
        host(),
        port(),
        prop::option::of(prop::sample::select(vec![
            "[CONNECTED] == true",
            "[RESPONSE_TIME] < 300",
        ])),
    )
        .prop_map(|(h, p, c)| MonitorSpec {
            target: format!("tcp://{h}:{p}"),
            conditions: c.map(|c| vec![c.to_string()]),
            ..MonitorSpec::default()
        });
    let tls = (
        host(),
        port(),
        prop::option::of(0i64..=3650),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(h, p, warn, ignore, ca)| MonitorSpec {
            target: format!("tls://{h}:{p}"),
            cert_warn_days: warn,
            ignore_tls: ignore.then_some(true),
            ca_file: ca.then(|| ca_file().to_string()),
            degraded_conditions: Some(vec!["[CERTIFICATE_EXPIRATION] > 48h".into()]),
            ..MonitorSpec::default()
        });
    let dns = (
        prop::option::of(prop::sample::select(vec![
            "1.1.1.1",
            "[::1]:5353",
            "127.0.0.1:53",
        ])),
        "[a-z]{1,10}\\.(com|test|example)",
        prop::sample::select(vec!["A", "AAAA", "TXT", "MX", "CNAME", "NS"]),
        prop::option::of(prop::collection::vec("[a-z0-9.]{1,12}", 1..3)),
        prop::option::of(prop::sample::select(vec!["any", "all"])),
    )
        .prop_map(|(server, name, t, expected, m)| MonitorSpec {
            target: format!("dns://{}/{name}?type={t}", server.unwrap_or("")),
            match_mode: expected.as_ref().and(m).map(String::from),
            expected,
            ..MonitorSpec::default()
        });
    // A percentage as people write it (up to two decimals): serde_json (without its
    // `float_roundtrip` feature) may read a 17-digit float back one unit in the last place off.
    let icmp = (
        host(),
        prop::option::of(1i64..=100),
        prop::option::of(0u32..=10_000),
    )
        .prop_map(|(h, count, loss)| MonitorSpec {
            target: format!("icmp://{h}"),
            count,
            loss_threshold: loss.map(|l| f64::from(l) / 100.0),
            ..MonitorSpec::default()
        });
    let push = (
        prop::option::of("[A-Za-z0-9_-]{16,30}".prop_map(|t| format!("S3CR3T{t}"))),
        prop::option::of(duration(1, 86_400)),
    )
        .prop_map(|(token, grace)| MonitorSpec {
            target: "push://".into(),
            token,
            grace,
            ..MonitorSpec::default()
        });
    prop_oneof![3 => http, 1 => tcp, 1 => tls, 1 => dns, 1 => icmp, 1 => push]
}

/// A valid monitor spec (asserted, not assumed: a generated spec that does not validate is a
/// fault of this generator or of validation, and fails the property).
pub fn valid_spec() -> impl Strategy<Value = MonitorSpec> {
    (
        kind_spec(),
        "[A-Za-z0-9][A-Za-z0-9 ._/()é-]{0,30}",
        1u64..=86_400,
        any::<u8>(),
        (any::<u16>(), prop::option::of(any::<u16>())),
        prop::option::of((prop::option::of(rule()), prop::option::of(rule()))),
        (
            any::<bool>(),
            prop::option::of((1i64..=1000, duration(60, 86_400))),
        ),
        prop::collection::vec(recovery(), 0..3),
        (
            prop::option::of(prop::sample::select(vec!["any", "all", "majority"])),
            prop::option::of(0i64..=5),
            any::<u16>(),
        ),
    )
        .prop_map(
            |(
                kind,
                name,
                interval,
                style,
                (t, lat),
                alerts,
                (paused, flap),
                recovery,
                (quorum, retries, after),
            )| {
                let push = kind.target.starts_with("push:");
                let has_checkpoints = kind.checkpoints.is_some();
                // The timeout is at most the interval; confirm_after shorter than it.
                let timeout_ms = 1 + u64::from(t) * (interval * 1000 - 1) / u64::from(u16::MAX);
                let confirm_after_ms = 1 + u64::from(after) * (interval * 1000).saturating_sub(2)
                    / u64::from(u16::MAX);
                MonitorSpec {
                    name: name.trim().to_string(),
                    interval: Some(written(interval, style)),
                    timeout: Some(format!("{timeout_ms}ms")),
                    degraded_latency: lat
                        .filter(|_| !push)
                        .map(|l| format!("{}ms", u64::from(l) + 1)),
                    alerts: alerts.map(|(down, degraded)| AlertsSpec { down, degraded }),
                    paused: paused.then_some(true),
                    flap_max: flap.as_ref().map(|f| f.0),
                    flap_window: flap.map(|f| f.1),
                    recovery: (!recovery.is_empty()).then_some(recovery),
                    quorum: quorum.filter(|_| has_checkpoints).map(String::from),
                    confirm_retries: retries.filter(|_| !push),
                    confirm_after: (retries.is_some() && !push && interval > 1)
                        .then(|| format!("{confirm_after_ms}ms")),
                    ..kind
                }
            },
        )
}

pub fn valid_specs() -> impl Strategy<Value = Vec<MonitorSpec>> {
    prop::collection::vec(valid_spec(), 1..4).prop_map(|mut v| {
        let names: Vec<String> = v.iter().map(|s| s.name.clone()).collect();
        for (i, s) in v.iter_mut().enumerate() {
            // Unique names, and sometimes a dependency on an earlier monitor.
            s.name = format!("{} #{i}", s.name);
            if i > 0 && names[i].len().is_multiple_of(2) {
                s.depends_on = Some(format!("{} #{}", names[i - 1], i - 1));
            }
        }
        v
    })
}

pub fn validated(specs: &[MonitorSpec]) -> Result<Vec<Monitor>, TestCaseError> {
    specs
        .iter()
        .map(|s| {
            Monitor::try_from(s.clone())
                .map_err(|e| TestCaseError::fail(format!("generated spec {s:?} is not valid: {e}")))
        })
        .collect()
}
