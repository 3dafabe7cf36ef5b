//! Properties of the condition language (issue 10, "the systematic part"): whatever text a
//! Gatus file, a CLI flag or the settings form hands the parser, and whatever body a server
//! answers, parsing and evaluation return (no panic) and return soon (no hang); what parses
//! can be written back and parses to the same condition.
//!
//! 256 cases per property by default, a few seconds in CI. For a longer, bench-like run:
//! `PROPTEST_CASES=100000 cargo test -p lookout-core --release --test condition_props`.

use std::net::IpAddr;
use std::sync::mpsc;
use std::time::Duration;

use lookout_core::condition::{Condition, Facts};
use proptest::prelude::*;
use serde_json::Value as Json;

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

/// Text made mostly of the language's own pieces, so that the parser gets far into it, mixed
/// with any character at all.
fn condition_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "[STATUS]", "[BODY]", "[body]", "[IP]", "[CONNECTED]", "[RESPONSE_TIME]",
            "[CERTIFICATE_EXPIRATION]", "[DNS_RCODE]", "[DOMAIN_EXPIRATION]", "[HEADER]",
            ".", ".a", ".data", "[0]", "[1]", "[", "]", "(", ")", "len(", "has(", "pat(", "any(",
            "age(", "LEN (", "len", "has", "pat", "any", "==", "=", "!=", "!", "<", ">", "<=", ">=", ",", "\"", " ", "  ",
            "\u{a0}", "\u{2003}", "\t", "é", "→", "𝄞", "0x1F", "0o7", "0b1", "1_000", "200",
            "-1", "1.5", "1e3", "48h", "1h30m", "500ms", "5days", "*", "?", "UP", "true",
        ]).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

const KEYS: [&str; 8] = ["a", "b", "data", "id", "status", "0", "é", "x-y"];

fn reference() -> impl Strategy<Value = String> {
    let simple = prop::sample::select(vec![
        "[STATUS]",
        "[status]",
        "[RESPONSE_TIME]",
        "[IP]",
        "[CONNECTED]",
        "[CERTIFICATE_EXPIRATION]",
        "[DNS_RCODE]",
        "[BODY]",
    ])
    .prop_map(str::to_string);
    let step = prop_oneof![
        prop::sample::select(KEYS.to_vec()).prop_map(|k| format!(".{k}")),
        (0usize..4).prop_map(|i| format!("[{i}]")),
    ];
    let body = prop::collection::vec(step, 1..4).prop_map(|s| format!("[BODY]{}", s.concat()));
    prop_oneof![simple, body]
}

fn numeric_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u32>().prop_map(|n| format!("{n:#x}")),
        any::<u16>().prop_map(|n| format!("0o{n:o}")),
        any::<u8>().prop_map(|n| format!("0b{n:b}")),
        (-1e6f64..1e6).prop_map(|f| f.to_string()),
        prop::sample::select(vec![
            "48h", "1h30m", "1.5s", "500ms", "300us", "5days", "1_000"
        ])
        .prop_map(str::to_string),
    ]
}

fn word() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.:é→-]{1,10}"
}

/// `name(` with what a person (or a paste) may put between the name and the parenthesis.
fn call(name: &'static str) -> impl Strategy<Value = String> {
    (any::<bool>(), space()).prop_map(move |(upper, s)| {
        let n = if upper {
            name.to_ascii_uppercase()
        } else {
            name.to_string()
        };
        format!("{n}{s}(")
    })
}

fn value_side() -> impl Strategy<Value = String> {
    prop_oneof![
        reference(),
        (call("len"), reference()).prop_map(|(c, r)| format!("{c}{r})")),
        numeric_literal(),
        word(),
        word().prop_map(|w| format!("\" {w} \"")),
    ]
}

fn match_side() -> impl Strategy<Value = String> {
    prop_oneof![
        value_side(),
        (call("has"), reference()).prop_map(|(c, r)| format!("{c}{r})")),
        (call("pat"), "[A-Za-z0-9_.*?é]{1,10}").prop_map(|(c, p)| format!("{c}{p})")),
        (call("any"), prop::collection::vec(word(), 1..4))
            .prop_map(|(c, v)| format!("{c}{})", v.join(", "))),
    ]
}

fn space() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["", " ", "  ", "\u{a0}", "\t", "\u{2003}"])
}

/// Conditions that are right by construction: a placeholder on one side, `pat`, `any` and
/// `has` only with `==`/`!=`, numbers where an order is asked.
fn well_formed() -> impl Strategy<Value = String> {
    let ordered = (
        prop_oneof![reference(), reference().prop_map(|r| format!("len({r})"))],
        prop::sample::select(vec!["<", "<=", ">", ">="]),
        prop_oneof![reference(), numeric_literal()],
    );
    let equality = (
        prop_oneof![reference(), reference().prop_map(|r| format!("has({r})"))],
        prop::sample::select(vec!["==", "!="]),
        match_side(),
    );
    let sides = prop_oneof![
        ordered.prop_map(|(l, o, r)| (l, o, r)),
        equality.prop_map(|(l, o, r)| (l, o, r)),
    ];
    (sides, any::<bool>(), space(), space(), space(), space()).prop_map(
        |((l, op, r), swap, s1, s2, s3, s4)| {
            let (l, r) = if swap && (op == "==" || op == "!=") {
                (r, l)
            } else {
                (l, r)
            };
            format!("{s1}{l}{s2}{op}{s3}{r}{s4}")
        },
    )
}

/// A well-formed condition with a few characters deleted or inserted: the near misses people
/// type, which reach deep into the parser.
fn edited() -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        prop::option::of(prop_oneof![
            prop::sample::select(vec![
                '(', ')', '[', ']', '"', ',', '.', '=', ' ', '\u{a0}', '\u{2003}', 'é'
            ]),
            any::<char>(),
        ]),
    );
    (well_formed(), prop::collection::vec(edit, 1..4)).prop_map(|(s, edits)| {
        let mut chars: Vec<char> = s.chars().collect();
        for (at, insert) in edits {
            match insert {
                Some(c) => {
                    let i = at.index(chars.len() + 1);
                    chars.insert(i, c);
                }
                None if !chars.is_empty() => {
                    chars.remove(at.index(chars.len()));
                }
                None => {}
            }
        }
        chars.into_iter().collect()
    })
}

fn json() -> impl Strategy<Value = Json> {
    json_of(4, 48)
}

/// JSON values nested up to `depth`, with about `size` nodes in all.
fn json_of(depth: u32, size: u32) -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(Json::from),
        any::<String>().prop_map(Json::String),
        numeric_literal().prop_map(Json::String),
        word().prop_map(Json::String),
    ];
    leaf.prop_recursive(depth, size, 6, |inner| {
        let key = prop_oneof![
            3 => prop::sample::select(KEYS.to_vec()).prop_map(str::to_string),
            1 => any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((key, inner), 0..6)
                .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => json().prop_map(|j| serde_json::to_vec(&j).unwrap()),
        1 => any::<Vec<u8>>(),
        1 => any::<String>().prop_map(String::into_bytes),
        // Nesting past serde_json's depth limit, closed or not.
        1 => (0usize..400, any::<bool>()).prop_map(|(n, closed)| {
            let mut b = "[".repeat(n);
            if closed {
                b.push_str(&"]".repeat(n));
            }
            b.into_bytes()
        }),
    ]
}

fn facts() -> impl Strategy<Value = Facts> {
    (
        any::<Option<u16>>(),
        any::<Option<u64>>(),
        prop::option::of(body()),
        any::<Option<i64>>(),
        any::<Option<IpAddr>>(),
        prop::option::of(prop::sample::select(vec![
            "NOERROR", "NXDOMAIN", "SERVFAIL", "",
        ])),
        any::<Option<bool>>(),
    )
        .prop_map(|(status, ms, body, cert, ip, rcode, connected)| Facts {
            status,
            response_time: ms.map(Duration::from_millis),
            body,
            cert_expiration_ms: cert,
            ip,
            dns_rcode: rcode.map(str::to_string),
            connected,
        })
}

proptest! {
    #![proptest_config(config())]

    /// Any text at all: an answer, soon; a mistake points inside the text (or just past it).
    #[test]
    fn parsing_any_text_returns(s in prop_oneof![any::<String>(), condition_like(), edited()]) {
        let chars = s.chars().count();
        let src = s.clone();
        if let Err(e) = bounded("parse", move || Condition::parse(&src)) {
            prop_assert!((1..=chars + 1).contains(&e.position()), "{e:?} in {s:?}");
            prop_assert!(e.to_string().starts_with("at character "));
        }
    }

    /// What parses is written back (as given, and in its canonical spelling) and parses to a
    /// condition that answers alike.
    #[test]
    fn what_parses_round_trips(
        s in prop_oneof![condition_like(), well_formed(), edited()],
        f in facts(),
    ) {
        let Ok(c) = Condition::parse(&s) else { return Ok(()) };
        prop_assert_eq!(Condition::parse(&c.to_string()), Ok(c.clone()));
        let canonical = c.canonical();
        let again = Condition::parse(&canonical);
        prop_assert!(again.is_ok(), "{s:?} -> {canonical:?}: {again:?}");
        let again = again.unwrap();
        prop_assert_eq!(again.canonical(), canonical.clone());
        prop_assert_eq!(again.placeholders(), c.placeholders());
        let (c1, c2) = (c.clone(), again.clone());
        let (answer, again_answer) = bounded("eval", move || (c1.eval(&f), c2.eval(&f)));
        prop_assert_eq!(answer, again_answer, "{:?} vs {:?}", s, canonical);
    }

    /// Conditions written right always parse.
    #[test]
    fn well_formed_conditions_parse(s in well_formed()) {
        let got = Condition::parse(&s);
        prop_assert!(got.is_ok(), "{s:?}: {got:?}");
    }

    /// Any condition against anything a check may have seen: an answer, soon, and a failure
    /// says what it saw.
    #[test]
    fn evaluating_returns(s in prop_oneof![well_formed(), edited(), condition_like()], f in facts()) {
        let Ok(c) = Condition::parse(&s) else { return Ok(()) };
        if let Err(unmet) = bounded("eval", move || c.eval(&f)) {
            prop_assert!(!unmet.to_string().is_empty());
        }
    }

    /// Issue 10, item 12: hexadecimal, octal and binary integers, in a body or in the
    /// condition, equal their decimal value.
    #[test]
    fn integers_in_any_base_equal_their_decimal(n in any::<i64>()) {
        let sign = if n < 0 { "-" } else { "" };
        let m = n.unsigned_abs();
        for written in [format!("{sign}{m:#x}"), format!("{sign}0o{m:o}"), format!("{sign}{m:#b}")] {
            let in_body = Facts { body: Some(format!(r#"{{"n": "{written}"}}"#).into_bytes()), ..Facts::default() };
            let c = Condition::parse(&format!("[BODY].n == {n}")).unwrap();
            prop_assert_eq!(c.eval(&in_body), Ok(()), "{}", written);
            let in_condition = Facts { body: Some(format!(r#"{{"n": {n}}}"#).into_bytes()), ..Facts::default() };
            let c = Condition::parse(&format!("[BODY].n == {written}")).unwrap();
            prop_assert_eq!(c.eval(&in_condition), Ok(()), "{}", written);
            let c = Condition::parse(&format!("[BODY].n >= {written}")).unwrap();
            prop_assert_eq!(c.eval(&in_body), Ok(()), "{}", written);
        }
    }

    /// Issue 10, item 12: `len([BODY])` of a body that is a JSON array counts its elements.
    #[test]
    fn len_of_a_top_level_array_counts_its_elements(items in prop::collection::vec(json_of(1, 3), 0..12)) {
        let n = items.len();
        let f = Facts { body: Some(serde_json::to_vec(&Json::Array(items)).unwrap()), ..Facts::default() };
        let c = Condition::parse(&format!("len([BODY]) == {n}")).unwrap();
        prop_assert_eq!(c.eval(&f), Ok(()));
    }
}

/// Inputs far beyond real ones (a body at the 1 MiB cap), once each: still an answer, soon.
#[test]
fn huge_inputs_return_soon() {
    for src in [
        "(".repeat(200_000),
        "[".repeat(200_000),
        format!("[BODY]{} == 1", ".a".repeat(100_000)),
        format!("[BODY]{} == 1", "[0]".repeat(100_000)),
        format!("[STATUS] == any({})", "1,".repeat(100_000) + "2"),
        "é\u{a0}".repeat(100_000),
    ] {
        bounded("parse", move || Condition::parse(&src).is_ok());
    }
    let nested = "[".repeat(1 << 20).into_bytes();
    let wide = format!("[{}1]", "1,".repeat(100_000)).into_bytes();
    for b in [nested, wide] {
        for src in [
            "len([BODY]) > 0",
            "[BODY][0] == 1",
            "[BODY] == pat(*1*2*3*)",
            "has([BODY][1]) == true",
        ] {
            let c = Condition::parse(src).unwrap();
            let f = Facts {
                body: Some(b.clone()),
                ..Facts::default()
            };
            bounded("eval", move || c.eval(&f).is_ok());
        }
    }
}
