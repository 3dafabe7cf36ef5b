//! Properties of imports (issue 10, "the systematic part"): whatever a Kener YAML/JSON, an
//! Uptime Kuma backup, a Gatus config or a Lookout export holds (the sample files with bytes
//! or values changed, or any text at all), reading it returns (no panic) and returns soon (no
//! hang), and a file is never read past its size cap. The export -> import round trip is in
//! `props_roundtrip.rs`.
//!
//! 256 cases per property by default, a few seconds in CI. For a longer, bench-like run:
//! `PROPTEST_CASES=20000 cargo test -p lookout-core --release --test props_import`.

use std::sync::{mpsc, OnceLock};
use std::time::{Duration, Instant};

use lookout_core::import::{self, Format, ImportError, MAX_FILE_BYTES};
use lookout_core::monitor::Monitor;
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
    "name",
    "type",
    "monitor_type",
    "type_data",
    "url",
    "hostname",
    "port",
    "interval",
    "timeout",
    "cron",
    "maxretries",
    "headers",
    "body",
    "method",
    "conditions",
    "client",
    "alerts",
    "failure-threshold",
    "success-threshold",
    "failureThreshold",
    "DOWN",
    "dns",
    "query-name",
    "query-type",
    "hosts",
    "hostsV4",
    "count",
    "degradedRemainingHours",
    "downRemainingHours",
    "jsonPath",
    "expectedValue",
    "accepted_statuscodes",
    "keyword",
    "dns_resolve_server",
    "dns_resolve_type",
    "upsideDown",
    "active",
    "enabled",
    "group",
    "target",
    "recovery",
    "run",
    "webhook",
    "checkpoints",
    "token",
    "grace",
    "monitors",
    "endpoints",
    "monitorList",
    "api",
    "ping",
    "tcp",
    "lookupRecord",
    "nameServer",
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
    assert!(err.to_string().contains("larger than 10 MiB"), "{err}");
    assert!(started.elapsed() < LIMIT, "{:?}", started.elapsed());

    let big = format!(
        "{{\"monitors\": [], \"x\": \"{}\"}}",
        "a".repeat(MAX_FILE_BYTES)
    );
    assert_eq!(import::detect(&big), Err(ImportError::TooLarge));
    for from in FORMATS {
        assert_eq!(import::import(&big, from), Err(ImportError::TooLarge));
    }
    // At the cap exactly, a file is read.
    let at_cap = {
        // Padded with white space: a Lookout file has no other key to pad with.
        let head = "{\"monitors\": []";
        let tail = "}";
        format!(
            "{head}{}{tail}",
            " ".repeat(MAX_FILE_BYTES - head.len() - tail.len())
        )
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
    let mut laughs = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        laughs.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    laughs.push_str("endpoints: *i\n");
    for (what, text) in [
        ("deep JSON", deep_json),
        ("deep YAML", deep_yaml),
        ("aliases", laughs),
    ] {
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
