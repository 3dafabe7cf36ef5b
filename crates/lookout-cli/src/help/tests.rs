use super::*;

/// Every text the English help shows or the Chinese needs: (id, clap's English or `None`
/// where English shows none), walking `cmd` as [`word`] does.
fn texts(cmd: &Command, path: &[&str], out: &mut Vec<(String, Option<String>)>) {
    let id = command_id(path);
    out.push((id.clone(), cmd.get_about().map(|a| a.to_string())));
    if let Some(long) = cmd.get_long_about() {
        out.push((format!("{id}-long"), Some(long.to_string())));
    }
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let aid = arg_id(&id, arg);
        out.push((aid.clone(), arg.get_help().map(|h| h.to_string())));
        if let Some(long) = arg.get_long_help() {
            out.push((format!("{aid}-long"), Some(long.to_string())));
        }
        for v in arg.get_possible_values() {
            if let Some(h) = v.get_help() {
                out.push((format!("{aid}-{}", v.get_name()), Some(h.to_string())));
            }
        }
    }
    for sub in cmd.get_subcommands() {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        texts(sub, &sub_path, out);
    }
}

fn all_texts() -> Vec<(String, Option<String>)> {
    let mut out = vec![];
    texts(&Cli::command(), &[], &mut out);
    out
}

fn defined(lang: Lang, id: &str) -> bool {
    let source = lookout_core::i18n::source(lang, "cli.ftl").unwrap();
    source
        .lines()
        .any(|l| l.strip_prefix(id).is_some_and(|r| r.starts_with(" =")))
}

#[test]
fn every_command_and_argument_has_its_help_in_both_languages() {
    let texts = all_texts();
    let mut seen = std::collections::BTreeSet::new();
    for (id, _) in &texts {
        assert!(seen.insert(id), "{id} names two texts");
        for lang in [Lang::En, Lang::ZhCn] {
            assert!(
                defined(lang, id),
                "{id} is missing in {}/cli.ftl",
                lang.tag()
            );
        }
        assert_ne!(
            tr_in(Lang::ZhCn, id, &[]),
            tr_in(Lang::En, id, &[]),
            "{id} is not translated"
        );
    }
    assert!(
        texts.len() > 80,
        "the walk missed commands: {}",
        texts.len()
    );
}

#[test]
fn english_catalogue_is_the_doc_comments() {
    for (id, english) in all_texts() {
        if let Some(english) = english {
            assert_eq!(tr_in(Lang::En, &id, &[]), english, "{id}");
        }
    }
    assert_eq!(
        tr_in(Lang::En, "cli-exit-codes", &[]),
        crate::cli::EXIT_CODES
    );
}

/// English is what clap makes of cli.rs, with nothing of the catalogue in it.
#[test]
fn english_help_is_clap_own() {
    let mut ours = command(Lang::En, None);
    assert_eq!(
        ours.render_long_help().to_string(),
        Cli::command().render_long_help().to_string()
    );
}

fn help_of(lang: Lang, args: &[&str]) -> String {
    let argv: Vec<OsString> = std::iter::once("lookout")
        .chain(args.iter().copied())
        .map(OsString::from)
        .collect();
    let err = command(lang, argv.first())
        .try_get_matches_from(argv)
        .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{err}");
    err.render().to_string()
}

#[test]
fn chinese_help_has_no_english_frame() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["monitors", "add", "--help"],
        &["report", "--help"],
        &["help", "settings", "set"],
        &["help", "help"],
    ] {
        let help = help_of(Lang::ZhCn, args);
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "[default:",
            "possible values",
            "Possible values",
            "Exit codes",
        ] {
            assert!(!help.contains(english), "{args:?} says {english}:\n{help}");
        }
        assert!(help.contains("用法："), "{args:?}:\n{help}");
    }
}

#[test]
fn chinese_keeps_the_names_and_placeholders() {
    let help = help_of(Lang::ZhCn, &["monitors", "add", "--help"]);
    assert!(help.contains("用法：lookout monitors add [OPTIONS] --name <NAME> --target <TARGET>"));
    assert!(help.contains("--interval <D>"), "{help}");
    let help = help_of(Lang::ZhCn, &["summary", "--help"]);
    assert!(help.contains("[默认值：7]"), "{help}");
}
