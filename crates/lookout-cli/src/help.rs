//! `--help` in the reader's language.
//!
//! clap prints help while it parses, so the language is decided from the raw arguments first
//! ([`data_dir_arg`]), then the command line is built in it ([`command`]). English is clap's
//! command line as cli.rs declares it, untouched: its help is the doc comments, byte for byte
//! what scripts and tests have always read. Chinese replaces every text from `cli.ftl`.
//!
//! Ids (the English catalogue holds each doc comment as clap reads it, so a changed doc
//! comment fails `english_catalogue_is_the_doc_comments` until the Chinese is looked at too):
//! - a command: `cli-help-PATH`, PATH its subcommand names joined by `-`, empty for
//!   `lookout` itself: `cli-help-`, `cli-help-monitors-add`;
//! - a flag or option: the command's id, then `--LONG`: `cli-help---data-dir`,
//!   `cli-help-monitors-add--interval`;
//! - a positional: the command's id, `-` and its value name: `cli-help-check-TARGET`
//!   (upper case, so it never meets a subcommand's name);
//! - a long text (`long_about`, `long_help`): the id, then `-long`;
//! - a possible value's help: the argument's id, `-` and the value: `cli-help-report--format-html`;
//! - clap's own words (headings, `--help`, `--version`, the `help` command, `[default: ]`):
//!   `cli-clap-*`; the exit codes after the top-level help: `cli-exit-codes`.
//!
//! An argument with no doc comment has no help in English (which must stay as it is), but has
//! one in Chinese: its English catalogue value is the wording the Chinese translates.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, StyledStr};
use clap::{Arg, ArgAction, Command, CommandFactory};
use lookout_core::i18n::{tr_in, Arg as FArg, Lang};

use crate::cli::Cli;

/// The id of the command at `path` (its subcommand names below `lookout`).
pub fn command_id(path: &[&str]) -> String {
    format!("cli-help-{}", path.join("-"))
}

/// The id of `arg` of the command `command_id`.
pub fn arg_id(command_id: &str, arg: &Arg) -> String {
    match arg.get_long() {
        Some(long) => format!("{command_id}--{long}"),
        None => {
            let name = arg
                .get_value_names()
                .and_then(|v| v.first())
                .map(|n| n.to_string())
                .unwrap_or_else(|| arg.get_id().as_str().to_ascii_uppercase());
            format!("{command_id}-{name}")
        }
    }
}

/// `--data-dir`'s value as the raw arguments give it (`--data-dir DIR`, `--data-dir=DIR`; the
/// last wins, as for clap), read before clap parses as the help it prints depends on it.
pub fn data_dir_arg(args: &[OsString]) -> Option<PathBuf> {
    let mut found = None;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        if arg == "--data-dir" {
            found = rest.next().map(PathBuf::from);
        } else if let Some(dir) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            found = Some(PathBuf::from(dir));
        }
    }
    found
}

/// The command line, its help in `lang`. `argv0` names the program in usage lines, as clap
/// would name it when parsing.
pub fn command(lang: Lang, argv0: Option<&OsString>) -> Command {
    let cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    let tr = |id: &str| tr_in(lang, id, &[]);
    let mut cmd = word(cmd, &[], lang).after_help(tr("cli-exit-codes"));
    // Building fixes the usage lines' program name, so it is set as clap would have set it.
    if let Some(name) = argv0
        .and_then(|a| Path::new(a).file_name())
        .and_then(|n| n.to_str())
    {
        cmd = cmd.bin_name(name);
    }
    // clap adds `--help`, `--version` and the `help` command, with their English, only when
    // it builds; global arguments reach subcommands then too (already worded).
    cmd.build();
    frame(cmd, lang)
}

/// `cmd` and its subcommands with their texts and arguments' in `lang`.
fn word(cmd: Command, path: &[&str], lang: Lang) -> Command {
    let id = command_id(path);
    let tr = |id: &str| tr_in(lang, id, &[]);
    let mut cmd = cmd.about(tr(&id));
    if cmd.get_long_about().is_some() {
        cmd = cmd.long_about(tr(&format!("{id}-long")));
    }
    cmd = cmd.mut_args(|arg| {
        let arg_id = arg_id(&id, &arg);
        word_arg(arg, &arg_id, lang)
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let mut sub_path = path.to_vec();
        sub_path.push(&name);
        cmd = cmd.mut_subcommand(&name, |sub| word(sub, &sub_path, lang));
    }
    cmd
}

/// `arg` worded in `lang`. clap's `[default: ]` and `[possible values: ]` are English, so
/// they are hidden and said in the help text instead.
fn word_arg(arg: Arg, id: &str, lang: Lang) -> Arg {
    if arg.is_hide_set() {
        return arg;
    }
    let tr = |id: &str, args: &[(&str, FArg)]| tr_in(lang, id, args);
    let mut help = tr(id, &[]);
    let mut long = arg.get_long_help().map(|_| tr(&format!("{id}-long"), &[]));
    let mut arg = arg;
    if arg.get_action().takes_values() {
        let values: Vec<PossibleValue> = arg
            .get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect();
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let default = (!defaults.is_empty()).then(|| {
            tr(
                "cli-clap-default",
                &[("value", FArg::from(defaults.join(" ")))],
            )
        });
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        let possible = (!values.is_empty()).then(|| {
            let names = FArg::from(names.join(", "));
            tr("cli-clap-possible", &[("values", names)])
        });
        // As clap does, values with help get a list of their own in the long help.
        if values.iter().any(|v| v.get_help().is_some()) {
            let mut block = vec![long.clone().unwrap_or_else(|| help.clone())];
            let mut list = tr("cli-clap-possible-heading", &[]);
            for v in &values {
                list.push_str("\n- ");
                list.push_str(v.get_name());
                if v.get_help().is_some() {
                    let text = tr(&format!("{id}-{}", v.get_name()), &[]);
                    list.push_str(&tr("cli-clap-value-help", &[("help", FArg::from(text))]));
                }
            }
            block.push(list);
            block.extend(default.clone());
            long = Some(block.join("\n\n"));
        }
        let spec: Vec<String> = default.into_iter().chain(possible).collect();
        if !spec.is_empty() {
            let spec = spec.join(" ");
            if let Some(l) = long.as_mut().filter(|_| arg.get_long_help().is_some()) {
                l.push_str("\n\n");
                l.push_str(&spec);
            }
            help = if help.is_empty() {
                spec
            } else {
                format!("{help} {spec}")
            };
        }
        arg = arg.hide_default_value(true).hide_possible_values(true);
    }
    let arg = arg.help(help);
    match long {
        Some(long) => arg.long_help(long),
        None => arg,
    }
}

/// clap's own words on the built `cmd` and its subcommands: the headings (through the help
/// template, the only way to reach them), `--help`, `--version` and the `help` command.
fn frame(cmd: Command, lang: Lang) -> Command {
    let tr = |id: &str| tr_in(lang, id, &[]);
    let mut cmd = cmd.mut_args(|arg| match arg.get_id().as_str() {
        "help" if arg.get_long_help().is_some() => arg
            .help(tr("cli-clap-help-more"))
            .long_help(tr("cli-clap-help-summary")),
        "help" => arg.help(tr("cli-clap-help")),
        "version" => arg.help(tr("cli-clap-version")),
        _ => arg,
    });
    let clap_help = |c: &Command| c.get_about().is_some_and(|a| a.to_string() == HELP_ABOUT);
    if cmd.find_subcommand("help").is_some_and(clap_help) {
        cmd = cmd.mut_subcommand("help", |_| help_command(lang));
    }
    let template = template(&cmd, lang);
    cmd.help_template(template)
        .mut_subcommands(|sub| frame(sub, lang))
}

/// clap's `help` command as clap makes it while parsing, worded in `lang`. `build()` makes
/// it a copy of every command instead (for completions), which `lookout help help` would show;
/// clap builds this one when it is used.
fn help_command(lang: Lang) -> Command {
    Command::new("help")
        .about(tr_in(lang, "cli-clap-help-command", &[]))
        .arg(
            Arg::new("subcommand")
                .action(ArgAction::Append)
                .num_args(..)
                .value_name("COMMAND")
                .help(tr_in(lang, "cli-clap-help-command-arg", &[])),
        )
        .disable_help_flag(true)
        .disable_version_flag(true)
}

/// What clap says of its `help` command (clap_builder's `_check_help_and_version`).
const HELP_ABOUT: &str = "Print this message or the help of the given subcommand(s)";

/// clap's default template, its headings in `lang`; a section only where it has something to
/// show, as clap does.
fn template(cmd: &Command, lang: Lang) -> StyledStr {
    let tr = |id: &str| tr_in(lang, id, &[]);
    let (usage, header) = (cmd.get_styles().get_usage(), cmd.get_styles().get_header());
    let mut t = format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}{usage:#}{{usage}}",
        tr("cli-clap-usage")
    );
    let shown = |a: &&Arg| !a.is_hide_set();
    let sections = [
        (
            cmd.get_subcommands().any(|s| !s.is_hide_set()),
            "cli-clap-commands",
            "{subcommands}",
        ),
        (
            cmd.get_positionals().any(|a| shown(&a)),
            "cli-clap-arguments",
            "{positionals}",
        ),
        (
            cmd.get_arguments()
                .filter(|a| !a.is_positional())
                .any(|a| shown(&a)),
            "cli-clap-options",
            "{options}",
        ),
    ];
    for (show, heading, tag) in sections {
        if show {
            t.push_str(&format!("\n\n{header}{}{header:#}\n{tag}", tr(heading)));
        }
    }
    t.push_str("{after-help}");
    StyledStr::from(t)
}

#[cfg(test)]
mod tests;
