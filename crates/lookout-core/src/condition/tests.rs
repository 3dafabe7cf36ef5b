//! The language's own cases; Gatus's cases are ported in `tests/gatus_conditions.rs`, the
//! properties (no panic, no hang, round trips) in `tests/condition_props.rs`.

use std::time::Duration;

use super::eval::glob;
use super::*;

fn facts() -> Facts {
    Facts {
        status: Some(200),
        response_time: Some(Duration::from_millis(120)),
        body: Some(
            br#"{"status":"UP","name":"api-eu","data":[{"id":1},{"id":2}],"items":[],"ok":true,"errors":null}"#
                .to_vec(),
        ),
        cert_expiration_ms: Some(5 * 24 * 3600 * 1000),
        ip: Some("127.0.0.1".parse().unwrap()),
        dns_rcode: Some("NOERROR".into()),
        connected: Some(true),
    }
}

fn holds(src: &str) -> Result<(), String> {
    Condition::parse(src)
        .unwrap_or_else(|e| panic!("{src}: {e}"))
        .eval(&facts())
        .map_err(|u| u.to_string())
}

#[test]
fn the_examples_from_the_issue_hold() {
    for src in [
        "[STATUS] == 200",
        "[STATUS] == any(200, 429)",
        "[RESPONSE_TIME] < 500",
        "[BODY].status == UP",
        "[BODY].data[0].id == 1",
        "[BODY].data[1].id >= 2",
        "len([BODY].data) > 0",
        "len([BODY].items) == 0",
        // A JSON null is absent, as in Gatus.
        "has([BODY].errors) == false",
        "has([BODY].ok) == true",
        "has([BODY].nothing) == false",
        "[BODY].name == pat(api-*)",
        "[BODY].name != pat(web-*)",
        "[CERTIFICATE_EXPIRATION] > 48h",
        "[IP] == 127.0.0.1",
        "[DNS_RCODE] == NOERROR",
        "[CONNECTED] == true",
        "[BODY].ok == true",
        "[RESPONSE_TIME] < 1s",
        "200 == [STATUS]",
        "[status] == 200",
        "[STATUS] == 0xC8",
        "[STATUS] < 0o777",
        "[STATUS] == \"200\"",
    ] {
        assert_eq!(holds(src), Ok(()), "{src}");
    }
}

#[test]
fn failures_name_the_value_seen() {
    assert_eq!(
        holds("[BODY].status == DOWN").unwrap_err(),
        "[BODY].status (UP) == DOWN"
    );
    assert_eq!(
        holds("[STATUS] == any(500, 503)").unwrap_err(),
        "[STATUS] (200) == any(500, 503)"
    );
    assert_eq!(
        holds("[RESPONSE_TIME] < 100").unwrap_err(),
        "[RESPONSE_TIME] (120) < 100"
    );
    assert_eq!(
        holds("len([BODY].data) > 5").unwrap_err(),
        "len([BODY].data) (2) > 5"
    );
    assert_eq!(
        holds("[BODY].missing == 1").unwrap_err(),
        "[BODY].missing (missing) == 1"
    );
    assert_eq!(
        holds("[CERTIFICATE_EXPIRATION] > 240h").unwrap_err(),
        "[CERTIFICATE_EXPIRATION] (5days) > 240h"
    );
    // A missing value fails `!=` too: the check saw nothing to compare.
    assert!(holds("[BODY].missing != 1").is_err());
}

#[test]
fn an_unmet_condition_is_data_to_match() {
    let c = Condition::parse("[BODY].status == DOWN").unwrap();
    let u = c.eval(&facts()).unwrap_err();
    assert_eq!(
        u,
        Unmet {
            left: Side {
                written: "[BODY].status".into(),
                saw: Saw::Value("UP".into()),
            },
            op: Op::Eq,
            right: Side {
                written: "DOWN".into(),
                saw: Saw::Constant,
            },
        }
    );
    let c = Condition::parse("len([BODY].gone) > 1").unwrap();
    assert_eq!(c.eval(&facts()).unwrap_err().left.saw, Saw::Missing);
}

#[test]
fn missing_facts_fail() {
    let c = Condition::parse("[STATUS] == 200").unwrap();
    assert_eq!(
        c.eval(&Facts::default()).unwrap_err().to_string(),
        "[STATUS] (missing) == 200"
    );
    let c = Condition::parse("[BODY].a == 1").unwrap();
    let f = Facts {
        body: Some(b"not json".to_vec()),
        ..Facts::default()
    };
    assert!(c.eval(&f).is_err());
    let c = Condition::parse("[BODY] == pat(*json*)").unwrap();
    assert_eq!(c.eval(&f), Ok(()));
}

fn err(src: &str) -> ConditionError {
    Condition::parse(src).expect_err(src)
}

#[test]
fn parse_errors_are_variants_with_character_positions() {
    use ConditionError as E;
    assert_eq!(err("[STATUS] 200"), E::MissingOperator { position: 13 });
    assert_eq!(
        err("[STATUSS] == 200"),
        E::UnknownPlaceholder {
            position: 1,
            name: "[STATUSS]".into()
        }
    );
    assert!(err("[STATUSS] == 200")
        .to_string()
        .contains("unknown placeholder [STATUSS]"));
    assert_eq!(
        err("[STATUS] == "),
        E::MissingOperand {
            position: 13,
            side: OperandSide::After
        }
    );
    assert_eq!(
        err("[STATUS] < abc"),
        E::NotANumber {
            position: 12,
            text: "abc".into(),
            op: Op::Lt
        }
    );
    assert_eq!(
        err("[BODY].a[x] == 1"),
        E::BadIndex {
            position: 10,
            text: "x".into()
        }
    );
    assert_eq!(
        err("len([BODY].a > 1"),
        E::Unterminated {
            position: 4,
            opener: '('
        }
    );
    assert_eq!(err("[STATUS] = 200"), E::SingleEquals { position: 10 });
    assert_eq!(err("1 == 1"), E::NoPlaceholder { position: 1 });
    assert!(matches!(
        err("[BODY] > pat(a*)"),
        E::MatchNeedsEquality { position: 10, .. }
    ));
    assert!(matches!(
        err("has([BODY].a) >= 1"),
        E::HasNeedsEquality { position: 1, .. }
    ));
    assert!(matches!(
        err("[STATUS]x == 1"),
        E::TextAfterPlaceholder { position: 9, .. }
    ));
    assert_eq!(err(""), E::Empty { position: 1 });
    assert_eq!(err(" \u{3000} "), E::Empty { position: 1 });
    assert_eq!(
        err("lenght([BODY].a) > 1"),
        E::UnknownFunction {
            position: 1,
            name: "lenght".into()
        }
    );
    assert!(matches!(
        err("[DOMAIN_EXPIRATION] > 720h"),
        E::Unsupported { position: 1, .. }
    ));
    assert!(matches!(
        err("age([BODY].updated) < 1h"),
        E::Unsupported { position: 1, .. }
    ));
    assert!(matches!(
        err("[STATUS] == [HEADER].Content-Type"),
        E::Unsupported { position: 13, .. }
    ));
    assert_eq!(
        err("len([BODY].a) x == 1"),
        E::UnclosedCall {
            position: 16,
            function: "len"
        }
    );
    assert_eq!(err("[STATUS] == pat( )"), E::EmptyPattern { position: 17 });
    assert_eq!(
        err("[STATUS] == any(1,,2)"),
        E::EmptyAnyValue { position: 17 }
    );
    assert_eq!(err("[BODY]. == 1"), E::EmptyKey { position: 8 });
}

/// Positions count characters, whatever their size in bytes.
#[test]
fn positions_count_characters_not_bytes() {
    // "é" and "→" are 2 and 3 bytes.
    assert_eq!(
        err("[BODY].é→ = 1"),
        ConditionError::SingleEquals { position: 11 }
    );
    assert_eq!(
        err("[BODY].é→ ( == 1"),
        ConditionError::Unterminated {
            position: 11,
            opener: '('
        }
    );
    assert!(matches!(
        err("[STATUS] == any\u{00A0}()"),
        ConditionError::EmptyAnyValue { position: 18 }
    ));
    assert!(matches!(
        err("[STATUS] == pat\u{2003}(\u{2003})"),
        ConditionError::EmptyPattern { position: 18 }
    ));
    assert_eq!(
        holds("[STATUS] == any\u{00A0}(\u{00A0}200\u{00A0})"),
        Ok(())
    );
}

#[test]
fn canonical_text_parses_to_the_same_condition() {
    for (src, canonical) in [
        ("LEN( [body].data )>0", "len([BODY].data) > 0"),
        ("[BODY].a==\" padded \"", "[BODY].a == \" padded \""),
        ("[BODY].a == \"[not a ref\"", "[BODY].a == \"[not a ref\""),
        ("[BODY].a == \"len(x)\"", "[BODY].a == \"len(x)\""),
        ("any( 1 ,2 )==[STATUS]", "any(1, 2) == [STATUS]"),
        ("[IP]==pat(10.*)", "[IP] == pat(10.*)"),
    ] {
        let c = Condition::parse(src).unwrap();
        assert_eq!(c.canonical(), canonical, "{src}");
        let again = Condition::parse(&c.canonical()).unwrap();
        assert_eq!(again.canonical(), canonical);
        assert_eq!(again.eval(&facts()), c.eval(&facts()), "{src}");
    }
}

#[test]
fn globs() {
    assert!(glob("api-*", "api-eu"));
    assert!(glob("*", ""));
    assert!(glob("a?c", "abc"));
    assert!(glob("*b*d", "abcbd"));
    assert!(!glob("api-*", "web-eu"));
    assert!(!glob("a?c", "ac"));
    assert!(glob("?", "é"));
}

#[test]
fn spec_fields_name_errors_and_round_trip() {
    let spec = MonitorSpec {
        conditions: Some(vec!["[STATUS] == 200".into(), "[BODY].x ==".into()]),
        degraded_conditions: Some(vec!["[DNS_RCODE] == NOERROR".into()]),
        ..MonitorSpec::default()
    };
    let mut errs = Vec::new();
    let c = Conditions::from_spec(
        &spec,
        "http",
        &[Placeholder::Status, Placeholder::Body],
        &mut errs,
    );
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].field, "conditions");
    assert_eq!(
        errs[0].message,
        "condition 2 (\"[BODY].x ==\"), at character 12: expected a value after the operator"
    );
    assert_eq!(errs[1].field, "degraded_conditions");
    assert_eq!(
        errs[1].message,
        "\"[DNS_RCODE] == NOERROR\", [DNS_RCODE] is not available for http checks"
    );
    let mut back = MonitorSpec::default();
    c.write_spec(&mut back);
    assert_eq!(back.conditions, Some(vec!["[STATUS] == 200".to_string()]));
}

#[test]
fn one_body_parse_serves_every_condition() {
    let list: Vec<Condition> = [
        "[BODY].status == UP",
        "len([BODY].data) == 3",
        "[STATUS] == 201",
    ]
    .iter()
    .map(|s| Condition::parse(s).unwrap())
    .collect();
    assert_eq!(
        failing(&list, &facts()),
        ["len([BODY].data) (2) == 3", "[STATUS] (200) == 201"]
    );
}

/// A failed condition is written down in English, as always, and reads in Chinese: what the
/// check could not see and an expired certificate in words, the condition as written.
#[test]
fn failed_conditions_read_in_chinese_and_stay_english() {
    use crate::i18n::{word_in, Lang};
    let expired = Facts {
        cert_expiration_ms: Some(-(3 * 24 + 2) * 3600 * 1000),
        ..facts()
    };
    let list = [
        "[BODY].gone == 1",
        "[CERTIFICATE_EXPIRATION] > 48h",
        "[RESPONSE_TIME] <= 100",
        "[STATUS] != any(200, 204)",
    ]
    .map(|c| Condition::parse(c).unwrap());
    let reasons = failing(&list, &expired).join("; ");
    assert_eq!(
        reasons,
        "[BODY].gone (missing) == 1; [CERTIFICATE_EXPIRATION] (expired 3days 2h ago) > 48h; \
         [RESPONSE_TIME] (120) <= 100; [STATUS] (200) != any(200, 204)"
    );
    assert_eq!(
        word_in(Lang::ZhCn, &reasons),
        "[BODY].gone（缺失） == 1；[CERTIFICATE_EXPIRATION]（已过期3天2小时） > 48h；\
         [RESPONSE_TIME] (120) <= 100；[STATUS] (200) != any(200, 204)"
    );
}
