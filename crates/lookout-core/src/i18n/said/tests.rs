use super::*;

fn arg<'a>(lang: Lang, name: &str, value: &'a str) -> Arg<'a> {
    arg_in(lang, name, value, MAX_DEPTH, &mut Work::default())
}

/// A value of the kind a variable's name says, as a producer would pass it.
fn sample(name: &str) -> String {
    if name.starts_with("reason") {
        "connection refused".into()
    } else if name.starts_with("span") {
        "1m 3s".into()
    } else if name.starts_with("status") {
        "DOWN".into()
    } else {
        // Unlike any catalogue text, so it cannot be mistaken for one.
        format!("<{name}>")
    }
}

fn vars(parts: &[Part]) -> Vec<&str> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Var(v) => Some(v.as_str()),
            Part::Text(_) => None,
        })
        .collect()
}

#[test]
fn written_down_messages_read_one_way_only() {
    assert!(shapes().len() > 1, "no written-down messages were found");
    for s in shapes() {
        for w in s.parts.windows(2) {
            assert!(
                !matches!(w, [Part::Var(_), Part::Var(_)]),
                "{}: two variables side by side cannot be read back",
                s.id
            );
        }
        assert!(
            literal_len(&s.parts) > 0,
            "{}: a message that is only a variable would match any text",
            s.id
        );
    }
}

/// Every message, written down in English with any arguments, is recognised as itself and
/// reads in Chinese as the Chinese message with the same arguments worded again.
#[test]
fn every_written_down_message_reads_back_as_itself_in_chinese() {
    for s in shapes() {
        if s.id == "reason-separator" {
            continue;
        }
        let names = vars(&s.parts);
        let values: Vec<String> = names.iter().map(|n| sample(n)).collect();
        let args: Vec<(&str, Arg)> = names
            .iter()
            .zip(&values)
            .map(|(n, v)| (*n, arg(Lang::En, n, v)))
            .collect();
        let english = tr_in(Lang::En, &s.id, &args);
        let (found, got) = shapes()
            .iter()
            .find_map(|t| fit(&t.parts, &english).map(|a| (t, a)))
            .unwrap_or_else(|| panic!("{}: {english:?} is not recognised", s.id));
        assert_eq!(found.id, s.id, "{english:?} was taken for another message");
        for (name, value) in &got {
            assert_eq!(
                Some(*value),
                names
                    .iter()
                    .zip(&values)
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.as_str()),
                "{}: {name}",
                s.id
            );
        }
        let zh_args: Vec<(&str, Arg)> = names
            .iter()
            .zip(&values)
            .map(|(n, v)| (*n, arg(Lang::ZhCn, n, v)))
            .collect();
        assert_eq!(
            word_in(Lang::ZhCn, &english),
            tr_in(Lang::ZhCn, &s.id, &zh_args),
            "{}",
            s.id
        );
    }
}

#[test]
fn english_reads_as_written_and_unknown_text_is_kept() {
    let text = said!("timeline-first-failure", reason = "status 503");
    assert_eq!(text, "First failed check: status 503");
    assert!(matches!(word_in(Lang::En, &text), Cow::Borrowed(t) if t == text));
    let theirs = "upstream said: teapot; try later";
    assert_eq!(word_in(Lang::ZhCn, theirs), theirs);
    assert_eq!(word_in(Lang::ZhCn, ""), "");
}

#[test]
fn nested_texts_lengths_and_status_words_are_worded_again() {
    let text = said!("timeline-first-failure", reason = said!("reason-refused"));
    assert_eq!(word_in(Lang::ZhCn, &text), "首次检查失败：连接被拒绝");
    // A server's own words inside ours stay as they were.
    let text = said!("timeline-first-failure", reason = "HTTP/2 GOAWAY");
    assert_eq!(word_in(Lang::ZhCn, &text), "首次检查失败：HTTP/2 GOAWAY");
}

#[test]
fn reasons_joined_by_a_check_are_worded_each() {
    let text = format!("{}; {}", said!("reason-refused"), "teapot");
    assert_eq!(word_in(Lang::ZhCn, &text), "连接被拒绝；teapot");
}

/// A reason inside another reads the way that recognises the most of it, not the way whose
/// message alone has the most text: a checkpoint's target is not taken for a DNS code, nor a
/// re-check's note for a date, nor the offline note for an expected value.
#[test]
fn a_reason_inside_another_reads_the_way_that_recognises_most() {
    let zh = |text: &str| word_in(Lang::ZhCn, text).into_owned();
    let nx = said!("reason-dns-rcode-a", rcode = "NXDOMAIN", name = "x.test");
    let at = |resolver: &str| {
        said!(
            "reason-checkpoint",
            target = format!("dns://{resolver}/x.test"),
            reason = nx.as_str()
        )
    };
    assert_eq!(at("1.1.1.1"), "dns://1.1.1.1/x.test: NXDOMAIN for x.test A");
    assert_eq!(
        zh(&at("1.1.1.1")),
        "dns://1.1.1.1/x.test: x.test 的 A 记录查询返回 NXDOMAIN"
    );
    let both = format!("{}; {}", at("1.1.1.1"), at("8.8.8.8"));
    let text = said!(
        "reason-checkpoints-failed",
        failed = 2,
        total = 2,
        reason = both
    );
    assert_eq!(
        zh(&text),
        "2 个检查点中有 2 个失败：dns://1.1.1.1/x.test: x.test 的 A 记录查询返回 NXDOMAIN；\
         dns://8.8.8.8/x.test: x.test 的 A 记录查询返回 NXDOMAIN"
    );

    let late = said!(
        "reason-cert-not-yet-valid-from",
        date = "2027-01-01 00:00 UTC"
    );
    let text = said!("reason-confirmed", reason = late);
    assert_eq!(
        text,
        "certificate is not valid yet (valid from 2027-01-01 00:00 UTC) (confirmed by a re-check)"
    );
    assert_eq!(
        zh(&text),
        "证书尚未生效（生效时间：2027-01-01 00:00 UTC）（已经复查确认）"
    );

    let missing = said!(
        "reason-dns-missing-expected",
        missing = "10.0.0.1",
        answers = "10.0.0.2"
    );
    let text = said!("reason-offline", reason = missing);
    assert_eq!(zh(&text), "本机离线：应答（10.0.0.2）中缺少 10.0.0.1");
}

/// Reasons joined by "; " that are all ours read one by one, however alike: no message takes
/// in the next through a variable.
#[test]
fn joined_reasons_all_ours_read_one_by_one() {
    let zh = |text: &str| word_in(Lang::ZhCn, text).into_owned();
    let slow = |target: &str, ms: u64| {
        let reason = said!("reason-slow", ms = ms, limit = 1);
        said!("reason-checkpoint", target = target, reason = reason)
    };
    let text = format!(
        "{}; {}",
        slow("https://a.test/", 5),
        slow("tcp://b.test:80", 6)
    );
    assert_eq!(
        text,
        "https://a.test/: slow: 5 ms, over the 1 ms limit; tcp://b.test:80: slow: 6 ms, over the 1 ms limit"
    );
    assert_eq!(
        zh(&text),
        "https://a.test/: 响应慢：5 毫秒，超过 1 毫秒的上限；tcp://b.test:80: 响应慢：6 毫秒，超过 1 毫秒的上限"
    );
    // A message of ours that holds "; " itself stays one message.
    let text = said!("reason-check-crashed", error = "index out of bounds: 3");
    assert_eq!(
        zh(&text),
        "Lookout 内部执行检查时出错（index out of bounds: 3），将在下一个周期继续"
    );
    // A server's text holding "; " is kept whole unless a part is ours.
    assert_eq!(
        zh("upstream said: teapot; try later"),
        "upstream said: teapot; try later"
    );
}

/// Anyone's words reach here (a server's error, a job's pushed message, a command's output):
/// a text built to nest our messages thousands deep, or to make every variable try every
/// place, is worded within bounds, never overflowing the stack (which aborts the process).
#[test]
fn hostile_texts_are_worded_within_bounds() {
    let nested = |n: usize| "x: ".repeat(n) + "connection refused";
    for text in [
        nested(1300),
        "a == ".repeat(800),
        "connection refused; ".repeat(200),
        "TLS handshake failed: a == b (missing); ".repeat(100),
        format!(
            "Recovery action x{} done",
            " (attempt 1 of 2 of 3) (attempt".repeat(100)
        ),
    ] {
        assert!(text.len() <= MAX_LEN, "{}", text.len());
        let zh = word_in(Lang::ZhCn, &text);
        assert!(!zh.is_empty());
    }
    // Within the bounds, what is ours is still found: the innermost reason of a short nest.
    assert!(word_in(Lang::ZhCn, &nested(3)).ends_with("连接被拒绝"));
    // Beyond them the text is shown as it came.
    let long = nested(2000);
    assert_eq!(word_in(Lang::ZhCn, &long), long.as_str());
}
