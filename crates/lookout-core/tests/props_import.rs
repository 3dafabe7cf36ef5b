//! Properties of imports (issue 10, "the systematic part"): whatever a Kener YAML/JSON, an
//! Uptime Kuma backup, a Gatus config or a Lookout export holds (the sample files with bytes
//! or values changed, or any text at all), reading it returns (no panic) and returns soon (no
//! hang), and a file is never read past its size cap. Lookout's own file round-trips: any valid
//! monitor, exported and imported, is the same monitor; redacted, it still imports and no secret
//! is left in it.
//!
//! 256 cases per property by default, a few seconds in CI. For a longer, bench-like run:
//! `PROPTEST_CASES=20000 cargo test -p lookout-core --release --test props_import`.

use std::collections::BTreeMap;
use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use lookout_core::import::{self, redact, Format, ImportError, MAX_FILE_BYTES};
use lookout_core::monitor::Monitor;
use lookout_core::spec::{AlertsSpec, MonitorFile, MonitorSpec, RecoverySpec, RuleSpec};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Far above what one case costs (milliseconds), far below "hung", on a busy 2-core machine.
const LIMIT: Duration = Duration::from_secs(10);

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

const FORMATS: [Option<Format>; 5] = [
    None,
    Some(Format::Lookout),
    Some(Format::Kener),
    Some(Format::UptimeKuma),
    Some(Format::Gatus),
];

/// Reads `text` every way an import can (detected, and as each format): none may panic or
/// hang, whatever is planned must be valid, as [`import::import`] promises, and only a Lookout
/// file may bring recovery actions.
fn read_every_way(text: String) {
    bounded("import", move || {
        let _ = import::detect(&text);
        for from in FORMATS {
            if let Ok(plan) = import::import(&text, from) {
                for spec in plan.monitors {
                    let name = spec.name.clone();
                    // Only Lookout's own file carries recovery actions; the other formats
                    // have none to map, whatever keys a file adds.
                    assert!(
                        plan.format == Format::Lookout || spec.recovery.is_none(),
                        "{:?} import gave {name:?} recovery actions",
                        plan.format
                    );
                    if let Err(e) = Monitor::try_from(spec) {
                        panic!("planned monitor {name:?} is not valid: {e}");
                    }
                }
            }
        }
    });
}

const FIXTURES: [&str; 4] = [
    "kener-v2.yaml",
    "kener-v4.json",
    "uptime-kuma-backup.json",
    "gatus.yaml",
];

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A Lookout export of the kind of file people share: one monitor of each kind, with recovery.
fn lookout_sample() -> String {
    json!({"monitors": [
        {"name": "web", "target": "https://example.com/health?x=1", "interval": "30s",
         "timeout": "5s", "method": "POST", "headers": {"Authorization": "Bearer t"},
         "body": "{}", "accepted_status": ["200-299"], "conditions": ["[STATUS] == 200"],
         "checkpoints": ["https://127.0.0.1/health"], "quorum": "all",
         "recovery": [{"run": ["systemctl", "restart", "web"], "cooldown": "5m"},
                      {"webhook": "https://hooks.test/x"}],
         "alerts": {"down": {"failure_threshold": 3, "remind_every": "1h"}}},
        {"name": "db", "target": "tcp://127.0.0.1:5432", "flap_max": 4, "flap_window": "10m"},
        {"name": "dns", "target": "dns://1.1.1.1/example.com?type=A", "expected": ["1.2.3.4"]},
        {"name": "ping", "target": "icmp://127.0.0.1", "count": 3, "loss_threshold": 20.0},
        {"name": "job", "target": "push://", "token": "abcdefghijklmnop", "grace": "2m"},
        {"name": "cert", "target": "tls://example.com:443", "cert_warn_days": 30}
    ]})
    .to_string()
}

fn samples() -> &'static Vec<String> {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        let mut v: Vec<String> = FIXTURES.iter().map(|f| fixture(f)).collect();
        v.push(lookout_sample());
        v
    })
}

/// A change to the bytes of a file.
#[derive(Debug, Clone)]
enum ByteEdit {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let interesting = prop::sample::select(vec![
        b"\"".to_vec(),
        b"'".to_vec(),
        b":".to_vec(),
        b"- ".to_vec(),
        b"\n".to_vec(),
        b"\n  ".to_vec(),
        b"{".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b"]".to_vec(),
        b",".to_vec(),
        b"&a ".to_vec(),
        b"*a".to_vec(),
        b"!!binary ".to_vec(),
        b"99999999999999999999".to_vec(),
        b"-1".to_vec(),
        b"\xc2\xa0".to_vec(),
        b"\xe2\x86\x92".to_vec(),
        b"\xff".to_vec(),
        b"\0".to_vec(),
        b"%".to_vec(),
        b"://".to_vec(),
        b"null".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| ByteEdit::Flip(i, b)),
        (
            any::<usize>(),
            prop_oneof![interesting, prop::collection::vec(any::<u8>(), 1..8)]
        )
            .prop_map(|(i, b)| ByteEdit::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| ByteEdit::Delete(i, n)),
        (any::<usize>(), 1usize..256).prop_map(|(i, n)| ByteEdit::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &ByteEdit) {
    let len = bytes.len().max(1);
    match e {
        ByteEdit::Flip(i, b) => {
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes[i] = *b;
            }
        }
        ByteEdit::Insert(i, b) => {
            let i = i % (bytes.len() + 1);
            bytes.splice(i..i, b.iter().copied());
        }
        ByteEdit::Delete(i, n) => {
            let i = i % len;
            let end = (i + n).min(bytes.len());
            if i < end {
                bytes.drain(i..end);
            }
        }
        ByteEdit::Duplicate(i, n) => {
            let i = i % len;
            let end = (i + n).min(bytes.len());
            if i < end {
                let part = bytes[i..end].to_vec();
                bytes.splice(end..end, part);
            }
        }
    }
}

/// Values that have broken parsers before: the extremes of numbers, durations past any bound,
/// non-ASCII where ASCII is expected, the wrong type where a type is expected.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(1e308),
            json!(-1e308),
            json!(0.5),
            json!(""),
            json!(" "),
            json!("*/18446744073709551615 * * * *"),
            json!("0 */99999999999999999999 * * *"),
            json!("*/0 * * * *"),
            json!("10000000000000000000s"),
            json!("18446744073709551615ms"),
            json!("-5s"),
            json!("[STATUS] == any\u{a0}()"),
            json!("[BODY].é == 𝄞"),
            json!("len([BODY]) == 0x10"),
            json!("https://[::1"),
            json!("tcp://host:99999"),
            json!("dns://[::1]:53/x?type=NOPE"),
            json!("icmp://"),
            json!("push://"),
            json!("é"),
            json!("\u{0}"),
            json!([]),
            json!([1, "a", null]),
            json!({}),
            json!({"a": {"b": []}}),
        ]),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
    ]
}

/// Keys the four formats read, so that an added key reaches the mapping code.
const KEYS: &[&str] = &[
    "name", "type", "monitor_type", "type_data", "url", "hostname", "port", "interval",
    "timeout", "cron", "maxretries", "headers", "body", "method", "conditions", "client",
    "alerts", "failure-threshold", "success-threshold", "failureThreshold", "DOWN", "dns",
    "query-name", "query-type", "hosts", "hostsV4", "count", "degradedRemainingHours",
    "downRemainingHours", "jsonPath", "expectedValue", "accepted_statuscodes", "keyword",
    "dns_resolve_server", "dns_resolve_type", "upsideDown", "active", "enabled", "group",
    "target", "recovery", "run", "webhook", "checkpoints", "token", "grace", "monitors",
    "endpoints", "monitorList", "api", "ping", "tcp", "lookupRecord", "nameServer",
];

/// One value change: a path (each step picks a child by index) and what to put there; or a
/// key to add to the object reached.
#[derive(Debug, Clone)]
struct ValueEdit {
    path: Vec<usize>,
    key: Option<&'static str>,
    value: Value,
}

fn value_edit() -> impl Strategy<Value = ValueEdit> {
    (
        prop::collection::vec(any::<usize>(), 0..7),
        prop::option::of(prop::sample::select(KEYS)),
        odd_value(),
    )
        .prop_map(|(path, key, value)| ValueEdit { path, key, value })
}

fn edit_value(v: &mut Value, e: &ValueEdit) {
    // The path as a JSON pointer, found by walking the value; then one mutable lookup.
    let mut pointer = String::new();
    let mut at = &*v;
    for step in &e.path {
        match at {
            Value::Array(a) if !a.is_empty() => {
                let i = step % a.len();
                pointer.push_str(&format!("/{i}"));
                at = &a[i];
            }
            Value::Object(o) if !o.is_empty() => {
                let (k, next) = o.iter().nth(step % o.len()).expect("index within len");
                pointer.push_str(&format!("/{}", k.replace('~', "~0").replace('/', "~1")));
                at = next;
            }
            _ => break,
        }
    }
    let Some(at) = v.pointer_mut(&pointer) else {
        return;
    };
    match (at, e.key) {
        (Value::Object(o), Some(k)) => {
            o.insert(k.to_string(), e.value.clone());
        }
        (at, _) => *at = e.value.clone(),
    }
}

/// A file as any of the samples, parsed (JSON or YAML) into a value.
fn parsed_sample(i: usize) -> Value {
    let text = &samples()[i % samples().len()];
    if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str(text).unwrap()
    } else {
        serde_yaml_ng::from_str(text).unwrap()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_read_without_panic_or_hang(text in ".{0,400}") {
        read_every_way(text);
    }

    #[test]
    fn any_bytes_are_read_without_panic_or_hang(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_every_way(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn sample_files_with_bytes_changed(i in 0usize..5, edits in prop::collection::vec(byte_edit(), 1..6)) {
        let mut bytes = samples()[i].clone().into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        read_every_way(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn sample_files_with_values_changed(
        i in 0usize..5,
        edits in prop::collection::vec(value_edit(), 1..6),
        yaml in any::<bool>(),
    ) {
        let mut v = parsed_sample(i);
        for e in &edits {
            edit_value(&mut v, e);
        }
        let text = if yaml {
            serde_yaml_ng::to_string(&v).unwrap()
        } else {
            serde_json::to_string_pretty(&v).unwrap()
        };
        read_every_way(text);
    }
}

// ---- size and shape bounds -------------------------------------------------------------------

#[test]
fn a_file_over_the_cap_is_refused_unread() {
    // An endless file: only the cap and one byte are read.
    let started = Instant::now();
    let err = import::read_text(std::io::repeat(b'x')).unwrap_err();
    assert_eq!(err, ImportError::TooLarge);
    assert!(
        err.to_string().contains("larger than 10 MiB"),
        "{err}"
    );
    assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());

    let big = format!("{{\"monitors\": [], \"x\": \"{}\"}}", "a".repeat(MAX_FILE_BYTES));
    assert_eq!(import::detect(&big), Err(ImportError::TooLarge));
    for from in FORMATS {
        assert_eq!(import::import(&big, from), Err(ImportError::TooLarge));
    }
    // At the cap exactly, a file is read.
    let at_cap = {
        let head = "{\"monitors\": [], \"x\": \"";
        let tail = "\"}";
        format!("{head}{}{tail}", "a".repeat(MAX_FILE_BYTES - head.len() - tail.len()))
    };
    assert_eq!(at_cap.len(), MAX_FILE_BYTES);
    let text = import::read_text(at_cap.as_bytes()).unwrap();
    let plan = bounded("at the cap", move || import::import(&text, None)).unwrap();
    assert!(plan.monitors.is_empty());
    assert_eq!(
        import::read_text(&b"\xff\xfe"[..]),
        Err(ImportError::NotText)
    );
}

#[test]
fn nesting_and_alias_bombs_are_refused_quickly() {
    let deep_json = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let deep_yaml = format!("endpoints: {}", "[".repeat(200_000));
    // The "billion laughs": each alias repeats the one before nine times.
    let mut laughs = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        laughs.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    laughs.push_str("endpoints: *i\n");
    for (what, text) in [("deep JSON", deep_json), ("deep YAML", deep_yaml), ("aliases", laughs)] {
        let started = Instant::now();
        let r = bounded(what, move || {
            (0..FORMATS.len())
                .map(|i| import::import(&text, FORMATS[i]).map(|p| p.monitors.len()))
                .collect::<Vec<_>>()
        });
        assert!(
            r.iter().all(|x| matches!(x, Err(_) | Ok(0))),
            "{what}: {r:?}"
        );
        assert!(started.elapsed() < LIMIT, "{what}: {:?}", started.elapsed());
    }
}

// ---- round trip: export -> import is the identity ------------------------------------------

/// A PEM file with one CA certificate, for `ca_file` (validation reads it).
fn ca_file() -> &'static str {
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
fn written(secs: u64, style: u8) -> String {
    match style % 4 {
        0 => format!("{secs}s"),
        1 => format!("{}ms", secs * 1000),
        2 => humantime::format_duration(Duration::from_secs(secs)).to_string(),
        _ => format!(" {secs}s "),
    }
}

fn duration(lo: u64, hi: u64) -> impl Strategy<Value = String> {
    (lo..=hi, any::<u8>()).prop_map(|(s, style)| written(s, style))
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["example.com", "127.0.0.1", "[::1]", "api.test", "xn--bcher-kva.example"])
            .prop_map(String::from),
        "[a-z][a-z0-9-]{0,10}(\\.[a-z]{2,5}){1,2}",
    ]
}

fn port() -> impl Strategy<Value = u16> {
    1u16..=65535
}

fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{6,12}".prop_map(|s| format!("S3CR3T{s}"))
}

/// An http(s) URL, with userinfo and query values that are secrets.
fn http_url(scheme: &'static str) -> impl Strategy<Value = String> {
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

fn rule() -> impl Strategy<Value = RuleSpec> {
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

fn recovery() -> impl Strategy<Value = RecoverySpec> {
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
        (http_url("https"), secret())
            .prop_map(|(u, s)| (None, Some(format!("{}/{s}", u.split('?').next().unwrap_or(""))))),
    ];
    (
        kind,
        prop::option::of(1i64..=10_000),
        prop::option::of(duration(0, 86_400)),
        prop::option::of(1i64..=100),
        prop::option::of(duration(1, 3600)),
    )
        .prop_map(|((run, webhook), after, cooldown, max, timeout)| RecoverySpec {
            run,
            webhook,
            after_failures: after,
            cooldown,
            max_attempts: max,
            timeout,
        })
}

/// What each probe kind adds to a spec (its target and options); `interval` in seconds.
fn kind_spec() -> impl Strategy<Value = MonitorSpec> {
    let http = (
        prop::sample::select(vec!["http", "https"]),
        prop::option::of(prop::sample::select(vec!["GET", "POST", "PUT", "HEAD", "DELETE", "PATCH"])),
        prop::option::of(prop::collection::btree_map(
            prop_oneof![
                prop::sample::select(vec!["Authorization", "Cookie", "X-Api-Key", "Accept", "Content-Type", "User-Agent"])
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
                    let public = redact::PUBLIC_HEADERS.iter().any(|p| p.eq_ignore_ascii_case(&k));
                    (k, if public { "text/plain".to_string() } else { v })
                })
                .collect::<BTreeMap<_, _>>()
        })),
        prop::option::of(secret().prop_map(|s| format!("{{\"password\": \"{s}\"}}"))),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["200-299", "418", "301", "500-599"]).prop_map(String::from),
            1..3,
        )),
        (any::<bool>(), prop::option::of(".{1,10}"), any::<bool>(), prop::option::of(any::<bool>())),
        (prop::option::of(0i64..=3650), any::<bool>()),
        prop::option::of(prop::collection::vec(
            prop::sample::select(vec!["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500", "len([BODY]) > 0"])
                .prop_map(String::from),
            1..3,
        )),
        prop::collection::vec(any::<u8>(), 0..3),
    )
        .prop_flat_map(|(scheme, method, headers, body, accepted, (ignore, keyword, invert, follow), (warn, ca), conds, cps)| {
            let n = cps.len();
            (
                http_url(scheme),
                prop::collection::vec(http_url(scheme), n..=n),
                Just((scheme, method, headers, body, accepted, ignore, keyword, invert, follow, warn, ca, conds)),
            )
        })
        .prop_map(|(target, checkpoints, (scheme, method, headers, body, accepted, ignore, keyword, invert, follow, warn, ca, conds))| {
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
        });
    let tcp = (host(), port(), prop::option::of(prop::sample::select(vec!["[CONNECTED] == true", "[RESPONSE_TIME] < 300"])))
        .prop_map(|(h, p, c)| MonitorSpec {
            target: format!("tcp://{h}:{p}"),
            conditions: c.map(|c| vec![c.to_string()]),
            ..MonitorSpec::default()
        });
    let tls = (host(), port(), prop::option::of(0i64..=3650), any::<bool>(), any::<bool>())
        .prop_map(|(h, p, warn, ignore, ca)| MonitorSpec {
            target: format!("tls://{h}:{p}"),
            cert_warn_days: warn,
            ignore_tls: ignore.then_some(true),
            ca_file: ca.then(|| ca_file().to_string()),
            degraded_conditions: Some(vec!["[CERTIFICATE_EXPIRATION] > 48h".into()]),
            ..MonitorSpec::default()
        });
    let dns = (
        prop::option::of(prop::sample::select(vec!["1.1.1.1", "[::1]:5353", "127.0.0.1:53"])),
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
    let icmp = (host(), prop::option::of(1i64..=100), prop::option::of(0.0f64..=100.0))
        .prop_map(|(h, count, loss)| MonitorSpec {
            target: format!("icmp://{h}"),
            count,
            loss_threshold: loss,
            ..MonitorSpec::default()
        });
    let push = (prop::option::of("[A-Za-z0-9_-]{16,30}".prop_map(|t| format!("S3CR3T{t}"))), prop::option::of(duration(1, 86_400)))
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
fn valid_spec() -> impl Strategy<Value = MonitorSpec> {
    (
        kind_spec(),
        "[A-Za-z0-9][A-Za-z0-9 ._/()é-]{0,30}",
        1u64..=86_400,
        any::<u8>(),
        (any::<u16>(), prop::option::of(any::<u16>())),
        prop::option::of((prop::option::of(rule()), prop::option::of(rule()))),
        (any::<bool>(), prop::option::of((1i64..=1000, duration(60, 86_400)))),
        prop::collection::vec(recovery(), 0..3),
        (prop::option::of(prop::sample::select(vec!["any", "all", "majority"])), prop::option::of(0i64..=5), any::<u16>()),
    )
        .prop_map(|(kind, name, interval, style, (t, lat), alerts, (paused, flap), recovery, (quorum, retries, after))| {
            let push = kind.target.starts_with("push:");
            let has_checkpoints = kind.checkpoints.is_some();
            // The timeout is at most the interval; confirm_after shorter than it.
            let timeout_ms = 1 + u64::from(t) * (interval * 1000 - 1) / u64::from(u16::MAX);
            let confirm_after_ms = 1 + u64::from(after) * (interval * 1000).saturating_sub(2) / u64::from(u16::MAX);
            MonitorSpec {
                name: name.trim().to_string(),
                interval: Some(written(interval, style)),
                timeout: Some(format!("{timeout_ms}ms")),
                degraded_latency: lat.filter(|_| !push).map(|l| format!("{}ms", u64::from(l) + 1)),
                alerts: alerts.map(|(down, degraded)| AlertsSpec { down, degraded }),
                paused: paused.then_some(true),
                flap_max: flap.as_ref().map(|f| f.0),
                flap_window: flap.map(|f| f.1),
                recovery: (!recovery.is_empty()).then_some(recovery),
                quorum: quorum.filter(|_| has_checkpoints).map(String::from),
                confirm_retries: retries.filter(|_| !push),
                confirm_after: (retries.is_some() && !push && interval > 1).then(|| format!("{confirm_after_ms}ms")),
                ..kind
            }
        })
}

fn valid_specs() -> impl Strategy<Value = Vec<MonitorSpec>> {
    prop::collection::vec(valid_spec(), 1..4).prop_map(|mut v| {
        let names: Vec<String> = v.iter().map(|s| s.name.clone()).collect();
        for (i, s) in v.iter_mut().enumerate() {
            // Unique names, and sometimes a dependency on an earlier monitor.
            s.name = format!("{} #{i}", s.name);
            if i > 0 && names[i].len() % 2 == 0 {
                s.depends_on = Some(format!("{} #{}", names[i - 1], i - 1));
            }
        }
        v
    })
}

fn validated(specs: &[MonitorSpec]) -> Result<Vec<Monitor>, TestCaseError> {
    specs
        .iter()
        .map(|s| {
            Monitor::try_from(s.clone())
                .map_err(|e| TestCaseError::fail(format!("generated spec {s:?} is not valid: {e}")))
        })
        .collect()
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
            s.push_url = (s.token.is_some()).then(|| "http://127.0.0.1:47811/push/push-token-0123456789".into());
            s
        })
        .collect();
    let redacted: Vec<MonitorSpec> = specs.iter().map(redact::redact).collect();
    let text = serde_json::to_string_pretty(&MonitorFile { monitors: redacted.clone() }).unwrap();
    for secret in [
        "alice", "pw-target", "key-target", "eu", "frag-target", "header-auth", "header-cookie",
        "header-custom", "body-secret", "bob", "pw-checkpoint", "key-checkpoint", "carol",
        "pw-hook", "T0", "hook-path", "hook-query", "run-header", "run-flag", "run-env",
        "run-url", "push-token",
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
