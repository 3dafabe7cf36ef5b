use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;

/// Each message of a catalogue file and the variables it uses.
fn messages(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        let starts_message =
            line.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && line.contains('=');
        if starts_message {
            let id = line.split('=').next().unwrap().trim().to_string();
            out.entry(id.clone()).or_default();
            current = Some(id);
        } else if line.starts_with('#') || line.trim().is_empty() && !line.starts_with(' ') {
            current = None;
            continue;
        }
        if let Some(id) = &current {
            let vars = out.get_mut(id).unwrap();
            for part in line.split('$').skip(1) {
                let var: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !var.is_empty() {
                    vars.insert(var);
                }
            }
        }
    }
    out
}

#[test]
fn every_catalogue_parses_and_no_id_is_defined_twice() {
    for lang in LANGS {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.tag().parse().unwrap()]);
        for (file, text) in files(lang) {
            let res = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|(_, e)| panic!("{}/{file}: {e:?}", lang.tag()));
            bundle
                .add_resource(res)
                .unwrap_or_else(|e| panic!("{}/{file} redefines {e:?}", lang.tag()));
        }
    }
}

#[test]
fn both_languages_have_every_message_with_the_same_variables() {
    for (file, en) in files(Lang::En) {
        let zh = source(Lang::ZhCn, file).unwrap();
        let (en, zh) = (messages(en), messages(zh));
        let en_ids: BTreeSet<_> = en.keys().collect();
        let zh_ids: BTreeSet<_> = zh.keys().collect();
        assert_eq!(
            en_ids.difference(&zh_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "{file}: in English, missing in Chinese"
        );
        assert_eq!(
            zh_ids.difference(&en_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "{file}: in Chinese, missing in English"
        );
        for (id, vars) in &en {
            assert_eq!(
                vars, &zh[id],
                "{file}: {id} uses other variables in Chinese"
            );
        }
    }
}

#[test]
fn each_file_keeps_to_its_prefix() {
    let prefixes: [(&str, &[&str]); 9] = [
        ("validation.ftl", &["field-"]),
        ("cli.ftl", &["cli-"]),
        ("report.ftl", &["report-"]),
        ("desktop.ftl", &["tray-", "desktop-"]),
        ("ui.ftl", &["ui-"]),
        ("reasons.ftl", &["reason-"]),
        ("timeline.ftl", &["timeline-"]),
        ("errors.ftl", &["error-"]),
        ("import.ftl", &["import-"]),
    ];
    for lang in LANGS {
        for (file, allowed) in prefixes {
            for id in messages(source(lang, file).unwrap()).keys() {
                assert!(
                    allowed.iter().any(|p| id.starts_with(p)),
                    "{}/{file}: {id} should start with one of {allowed:?}",
                    lang.tag()
                );
            }
        }
    }
}

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every id the Rust code asks for (`t!("id"`, `tr("id"`, `tr_in(lang, "id"`) is in the
/// catalogues, so no person ever reads a bare id.
#[test]
fn every_id_the_code_uses_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut sources = vec![];
    for dir in [
        "crates/lookout-core/src",
        "crates/lookout-cli/src",
        "src-tauri/src",
    ] {
        rust_sources(&root.join(dir), &mut sources);
    }
    let known: BTreeSet<String> = files(Lang::En)
        .iter()
        .flat_map(|(_, text)| messages(text).into_keys())
        .collect();
    let mut used = 0;
    // This module's own docs and tests name made-up ids.
    sources.retain(|p| !p.to_string_lossy().contains("i18n"));
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for marker in [
            "t!(\"",
            "tr(\"",
            "tr_in(lang, \"",
            "t!(\n",
            "said!(\"",
            "said!(\n",
        ] {
            for (at, _) in text.match_indices(marker) {
                // `tr(` and not `attr(`: the marker starts a word.
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    continue;
                }
                let part = text[at + marker.len()..]
                    .trim_start()
                    .trim_start_matches('"');
                let id: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if id.is_empty() || !part[id.len()..].starts_with('"') {
                    continue;
                }
                used += 1;
                assert!(
                    known.contains(&id),
                    "{}: unknown message {id}",
                    path.display()
                );
            }
        }
    }
    assert!(used > 20, "the scan found only {used} uses");
}

#[test]
fn locales_and_tags_read_as_one_of_ours() {
    for (s, lang) in [
        ("zh_CN.UTF-8", Some(Lang::ZhCn)),
        ("zh-CN", Some(Lang::ZhCn)),
        ("zh_TW.UTF-8", Some(Lang::ZhCn)),
        ("zh-Hans", Some(Lang::ZhCn)),
        ("en_GB.UTF-8", Some(Lang::En)),
        ("C.UTF-8", Some(Lang::En)),
        ("POSIX", Some(Lang::En)),
        ("de_DE.UTF-8", None),
        ("", None),
    ] {
        assert_eq!(Lang::parse(s), lang, "{s:?}");
    }
}

#[test]
fn the_os_locale_is_read_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
    assert_eq!(
        from_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(
        from_vars(env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "zh_CN"),
            ("LANG", "en_US")
        ])),
        Lang::ZhCn
    );
    assert_eq!(from_vars(env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
    assert_eq!(from_vars(env(&[])), Lang::En);
}

#[test]
fn a_setting_names_the_language_and_auto_follows_the_os() {
    assert_eq!(resolve(Some("zh-CN")), Lang::ZhCn);
    assert_eq!(resolve(Some("en")), Lang::En);
    assert_eq!(resolve(Some("auto")), from_env());
    assert_eq!(resolve(None), from_env());
}

#[test]
fn durations_follow_the_language() {
    for (secs, en, zh) in [
        (0, "0s", "0秒"),
        (-5, "0s", "0秒"),
        (45, "45s", "45秒"),
        (60, "1m", "1分钟"),
        (180, "3m", "3分钟"),
        (192, "3m 12s", "3分钟12秒"),
        (3600 + 5 * 60 + 3, "1h 5m", "1小时5分钟"),
        (86_400 * 3 + 3600 * 4 + 1, "3d 4h", "3天4小时"),
    ] {
        assert_eq!(duration_in(Lang::En, secs), en);
        assert_eq!(duration_in(Lang::ZhCn, secs), zh);
    }
}

#[test]
fn plurals_are_right_in_both_languages() {
    let checks = |lang, n: u32| tr_in(lang, "notice-failed-checks", &[("n", Arg::from(n))]);
    assert_eq!(checks(Lang::En, 1), "1 failed check");
    assert_eq!(checks(Lang::En, 3), "3 failed checks");
    assert_eq!(checks(Lang::ZhCn, 1), "1 次检查失败");
    assert_eq!(checks(Lang::ZhCn, 3), "3 次检查失败");
}

#[test]
fn a_missing_message_shows_its_id_and_chinese_falls_back_to_english() {
    assert_eq!(tr_in(Lang::ZhCn, "no-such-message", &[]), "no-such-message");
    // No isolation marks around values: they would reach terminals as stray characters.
    let text = tr_in(
        Lang::En,
        "notice-flapping-summary",
        &[("monitor", Arg::from("api"))],
    );
    assert_eq!(text, "api is flapping");
}

#[test]
fn a_thread_can_speak_its_own_language() {
    let process = current();
    let zh = with_lang(Lang::ZhCn, || {
        assert_eq!(current(), Lang::ZhCn);
        with_lang(Lang::En, || assert_eq!(crate::t!("status-down"), "DOWN"));
        // Other threads keep the process's language.
        assert_eq!(std::thread::spawn(current).join().unwrap(), process);
        crate::t!("status-down")
    });
    assert_eq!(zh, "故障");
    assert_eq!(current(), process, "the override ends with the closure");
}
