use super::*;

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
            .map(|(n, v)| (*n, arg_in(Lang::En, n, v)))
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
            .map(|(n, v)| (*n, arg_in(Lang::ZhCn, n, v)))
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
