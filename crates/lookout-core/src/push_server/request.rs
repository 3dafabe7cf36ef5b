//! What a heartbeat request asks for, read from its method and request target alone.
//!
//! Pure (no socket, no clock, no board) so that every odd path and query can be tried against
//! it by the property tests below; [`super`] only adds the time, the board and the answer.

use crate::probe::push::MAX_PUSHED_LATENCY;

/// Longest push message kept, in characters; the rest is dropped.
pub(crate) const MAX_MSG_CHARS: usize = 500;

/// A push the request asks to record, for the token in its path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PushRequest {
    pub token: String,
    pub up: bool,
    pub msg: String,
    /// Clamped into `0..=MAX_PUSHED_LATENCY`; `None` when absent or not a number.
    pub latency_ms: Option<u64>,
    /// Set when a `latency` was given but was not a number, so the answer can say so.
    pub latency_ignored: bool,
}

/// An answer in words with its HTTP status; as an error, the answer to a request that records
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reply {
    pub code: u16,
    pub msg: &'static str,
}

pub(crate) const NOT_FOUND: Reply = Reply {
    code: 404,
    msg: "not found",
};

/// Reads `METHOD target` as a push: `GET|POST /push/TOKEN[?status=up|down&msg=...&latency=...]`.
///
/// `target` is the request's origin form (path and query). The path is normalised as a URL
/// path (dot segments resolved, `\` read as `/`) before it is matched; the token is whatever
/// follows `/push/` up to the query, so `/push/TOKEN/` names no token. Whether the token is
/// live is the board's business, not this function's.
pub(crate) fn interpret(method: &str, target: &str) -> Result<PushRequest, Reply> {
    if method != "GET" && method != "POST" {
        return Err(Reply {
            code: 405,
            msg: "use GET or POST",
        });
    }
    // Only the origin form: anything else would be read as a URL's authority
    // (`@host/push/T`), which no push client sends. Control characters never reach here from
    // the wire (the HTTP parser refuses them, and spaces); refusing them keeps the URL parser
    // from silently dropping tabs and newlines inside a token.
    // A path without a query that ends in spaces would lose them to the URL parser.
    let trimmed_path = !target.contains('?') && target.ends_with(' ');
    if !target.starts_with('/') || trimmed_path || target.chars().any(char::is_control) {
        return Err(Reply {
            code: 400,
            msg: "bad path",
        });
    }
    let url = url::Url::parse(&format!("http://127.0.0.1{target}")).map_err(|_| Reply {
        code: 400,
        msg: "bad path",
    })?;
    let token = url
        .path()
        .strip_prefix("/push/")
        .filter(|t| !t.contains('/'))
        .ok_or(NOT_FOUND)?;
    let mut push = PushRequest {
        token: token.to_string(),
        up: true,
        msg: String::new(),
        latency_ms: None,
        latency_ignored: false,
    };
    for (k, v) in url.query_pairs() {
        match &*k {
            "status" => match &*v {
                "up" => push.up = true,
                "down" => push.up = false,
                _ => {
                    return Err(Reply {
                        code: 400,
                        msg: "status must be up or down",
                    })
                }
            },
            "msg" => push.msg = v.chars().take(MAX_MSG_CHARS).collect(),
            "latency" | "ping" => {
                push.latency_ms = latency_ms(&v);
                push.latency_ignored = push.latency_ms.is_none();
            }
            _ => {}
        }
    }
    Ok(push)
}

/// A pushed latency in milliseconds, clamped into `0..=MAX_PUSHED_LATENCY`: a job's own
/// timing is a detail, so a silly value is bounded, and one that is no number at all is
/// dropped rather than costing the heartbeat itself (which would read as silence, a false
/// DOWN).
fn latency_ms(v: &str) -> Option<u64> {
    let ms = v.trim().parse::<f64>().ok().filter(|ms| ms.is_finite())?;
    let max = MAX_PUSHED_LATENCY.as_millis() as f64;
    // In range, so the cast neither saturates nor wraps.
    Some(ms.clamp(0.0, max) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOKEN: &str = "AbCdEfGhIjKlMnOpQrStUvWx";

    fn bounded(latency_ms: Option<u64>) -> bool {
        latency_ms.is_none_or(|l| l <= MAX_PUSHED_LATENCY.as_millis() as u64)
    }

    fn token_of(target: &str) -> Option<String> {
        interpret("GET", target).ok().map(|p| p.token)
    }

    #[test]
    fn the_push_path_and_its_query() {
        let p = interpret(
            "POST",
            &format!("/push/{TOKEN}?status=down&msg=disk%20full&latency=42"),
        )
        .unwrap();
        assert_eq!(
            p,
            PushRequest {
                token: TOKEN.into(),
                up: false,
                msg: "disk full".into(),
                latency_ms: Some(42),
                latency_ignored: false,
            }
        );
        assert_eq!(token_of(&format!("/push/{TOKEN}")).as_deref(), Some(TOKEN));
        // As before the listener moved to hyper: dot segments resolve, a trailing slash or a
        // deeper path names no token.
        assert_eq!(
            token_of(&format!("/x/../push/{TOKEN}")).as_deref(),
            Some(TOKEN)
        );
        assert_eq!(interpret("GET", &format!("/push/{TOKEN}/")), Err(NOT_FOUND));
        assert_eq!(
            interpret("GET", &format!("/push/{TOKEN}/x")),
            Err(NOT_FOUND)
        );
        assert_eq!(interpret("GET", "/nothing"), Err(NOT_FOUND));
        assert_eq!(interpret("HEAD", "/push/x").unwrap_err().code, 405);
        assert_eq!(
            interpret("GET", "/push/x?status=maybe").unwrap_err().code,
            400
        );
        assert_eq!(interpret("GET", "@evil/push/x").unwrap_err().code, 400);
        assert_eq!(interpret("GET", "/push/a\tb").unwrap_err().code, 400);
    }

    #[test]
    fn a_pushed_latency_is_clamped_to_an_hour_and_nonsense_is_dropped() {
        let hour = MAX_PUSHED_LATENCY.as_millis() as u64;
        for (given, kept) in [
            ("42", Some(42)),
            ("42.9", Some(42)),
            (" 7 ", Some(7)),
            ("3600000", Some(hour)),
            ("3600001", Some(hour)),
            ("1e300", Some(hour)),
            ("18446744073709551616", Some(hour)),
            ("-5", Some(0)),
            ("-1e300", Some(0)),
            ("NaN", None),
            ("inf", None),
            ("-inf", None),
            ("", None),
            ("fast", None),
        ] {
            let p = interpret("GET", &format!("/push/{TOKEN}?latency={given}")).unwrap();
            assert_eq!(p.latency_ms, kept, "latency={given}");
            assert_eq!(p.latency_ignored, kept.is_none(), "latency={given}");
        }
    }

    /// Paths near `/push/TOKEN`: a prefix, a token or a near miss of one, a suffix, each from
    /// a few likely mistakes or arbitrary pieces (separators, escapes, non-ASCII text). No `.`
    /// (dot segments are resolved, tested above) and no `?` or `#` (the query is tried apart).
    fn near_push_path() -> impl Strategy<Value = String> {
        let piece = || {
            prop_oneof![
                Just("/".to_string()),
                Just("push".to_string()),
                Just("%2F".to_string()),
                Just("%41".to_string()),
                Just("%".to_string()),
                "[a-zA-Z0-9_-]{0,8}",
                "[é☃𝄞ß\u{202e} ]{1,3}",
            ]
        };
        let prefix = prop_oneof![
            Just("/push/".to_string()),
            Just("/push".to_string()),
            Just("push/".to_string()),
            Just("//push/".to_string()),
            Just("/Push/".to_string()),
            Just("/x/push/".to_string()),
            Just("/push//".to_string()),
            piece().prop_map(|p| format!("/push/{p}")),
            piece(),
        ];
        let middle = prop_oneof![
            4 => Just(TOKEN.to_string()),
            1 => Just(TOKEN[1..].to_string()),
            1 => Just(format!("{TOKEN}x")),
            1 => Just(TOKEN.to_lowercase()),
            1 => Just(String::new()),
            1 => piece(),
        ];
        let suffix = prop_oneof![
            4 => Just(String::new()),
            1 => Just("/".to_string()),
            1 => Just("/x".to_string()),
            1 => Just("%2F".to_string()),
            1 => piece(),
        ];
        (prefix, middle, suffix).prop_map(|(p, m, s)| format!("{p}{m}{s}"))
    }

    /// Request targets of every kind: arbitrary text, URL-ish text, and the push path with a
    /// value as long as a request head may be (8 KiB; hyper refuses longer ones first).
    fn any_target() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,64}",
            "/.{0,256}",
            "[/%a-zA-Z0-9?&=#.;+\\\\]{0,128}",
            ("[a-z]{0,8}", 0usize..8000, "[0-9.e+-]{0,8}").prop_map(|(k, n, tail)| format!(
                "/push/{TOKEN}?{k}={}{tail}&msg={}",
                "9".repeat(n),
                "%F0%9F%98%80".repeat(n / 12)
            )),
        ]
    }

    /// Query text: arbitrary pairs, escaped and not, with the keys the listener reads.
    fn query() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("status"),
            Just("msg"),
            Just("latency"),
            Just("ping"),
            Just("other")
        ];
        let value = prop_oneof![
            Just("up".to_string()),
            Just("down".to_string()),
            "[0-9]{1,400}",
            "-?[0-9]{1,3}(\\.[0-9]+)?(e[+-]?[0-9]{1,4})?",
            ".{0,64}".prop_map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect()),
            "[%a-f0-9 +&=;]{0,32}",
        ];
        prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Anything at all, huge included: an answer, never a panic, and what is kept is bounded.
        #[test]
        fn any_request_gets_an_answer(method in "[A-Z]{0,8}|GET|POST", target in any_target()) {
            match interpret(&method, &target) {
                Ok(p) => {
                    prop_assert!(p.msg.chars().count() <= MAX_MSG_CHARS);
                    prop_assert!(bounded(p.latency_ms));
                    prop_assert!(!p.token.contains('/'));
                }
                Err(r) => prop_assert!(matches!(r.code, 400 | 404 | 405)),
            }
        }

        /// The token is recognised exactly when the path is `/push/TOKEN`, whatever the query.
        #[test]
        fn the_token_is_recognised_exactly_on_its_path(
            path in near_push_path(),
            q in prop::option::of(query()),
        ) {
            let target = match &q {
                Some(q) => format!("{path}?{q}"),
                None => path.clone(),
            };
            let is_push_path = path == format!("/push/{TOKEN}");
            match interpret("GET", &target) {
                Ok(p) => prop_assert_eq!(p.token == TOKEN, is_push_path, "{}", target),
                // Refused for its query (a status neither up nor down) or its shape, never
                // taken for another path.
                Err(r) => prop_assert!(!is_push_path || r.code == 400, "{} -> {:?}", target, r),
            }
        }

        /// Any query on the token's path records a push for that token, or is refused for its
        /// `status` alone; msg and latency are always bounded.
        #[test]
        fn any_query_on_the_token_path_is_a_push_or_a_bad_status(q in query()) {
            match interpret("POST", &format!("/push/{TOKEN}?{q}")) {
                Ok(p) => {
                    prop_assert_eq!(p.token, TOKEN);
                    prop_assert!(bounded(p.latency_ms));
                }
                Err(r) => {
                    prop_assert_eq!(r.msg, "status must be up or down");
                    prop_assert!(q.contains("status="));
                }
            }
        }
    }
}
