//! `lookout export --redact`: a monitor file safe to share, and the placeholders it leaves.
//!
//! [`redact`] replaces every secret a monitor spec may hold with [`PLACEHOLDER`], keeping the
//! shape that tells a reader what the monitor does:
//! - `target` and `checkpoints`: userinfo, query values (the keys stay: `?api_key=REDACTED`)
//!   and the fragment. The path stays: it says which endpoint is watched. A `dns://` target's
//!   query (`?type=A`) is its record type, never a secret, and stays.
//! - `headers`: every value except those of a few standard headers that never carry a secret
//!   ([`PUBLIC_HEADERS`]: `Accept`, `Content-Type`, `User-Agent`, ...). An allowlist, because a
//!   custom header's name says nothing reliable (`X-Api-Key`, `X-Auth`, `Private-Token`,
//!   `apikey`, ...).
//! - `body`: all of it (a login form, a token in a JSON body).
//! - `token` (a heartbeat's) and `push_url` are left out, not replaced: a placeholder token
//!   would be the same guessable secret in every file, so the importer gets a new random one.
//! - `recovery[].webhook`: everything but the origin (`https://hooks.slack.com/REDACTED`), as
//!   [`probe::redact::redact_url`] shows a webhook in error texts and logs.
//! - `recovery[].run`: best effort, since an argument's meaning is the program's. URL
//!   arguments keep their origin only; `NAME=VALUE`, `--NAME=VALUE` and `NAME: VALUE` arguments
//!   and the argument after `--NAME` lose the value when NAME suggests a secret (`password`,
//!   `token`, `key`, `auth`, `secret`, `cookie`, `session`, `credential`, `bearer`, ...);
//!   `NAME: VALUE` (a header, as `curl -H` takes it) follows the header rule. A secret passed
//!   as a bare argument cannot be recognised: the CLI says so when a redacted file holds
//!   commands.
//! - `ca_file` (a path), names, conditions, keywords and durations are not secrets and stay.
//!
//! A redacted spec of a valid monitor is still valid (a placeholder is a valid header value,
//! body, query value and path segment): the file imports, and [`placeholders`] names the fields
//! that hold one so the importer can be told what to fill in.

use crate::probe;
use crate::spec::{MonitorSpec, RecoverySpec};

/// What stands in for a secret.
pub const PLACEHOLDER: &str = "REDACTED";

/// Headers whose values are kept (compared without regard to case): standard request headers
/// that describe the request, never authenticate it.
pub const PUBLIC_HEADERS: &[&str] = &[
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
    "cache-control",
    "connection",
    "content-type",
    "host",
    "pragma",
    "user-agent",
];

/// Words that make a name (a query key, a flag, an environment variable) suggest a secret.
const SECRET_WORDS: &[&str] = &[
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "auth",
    "cookie",
    "session",
    "credential",
    "bearer",
    "signature",
    "private",
    "api",
];

fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| n.contains(w))
}

fn public_header(name: &str) -> bool {
    PUBLIC_HEADERS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name.trim()))
}

/// `spec` with its secrets replaced (see the module's header).
pub fn redact(spec: &MonitorSpec) -> MonitorSpec {
    let mut s = spec.clone();
    s.target = redact_target(&s.target);
    if let Some(cps) = &mut s.checkpoints {
        for cp in cps.iter_mut() {
            *cp = redact_target(cp);
        }
    }
    if let Some(h) = &mut s.headers {
        for (k, v) in h.iter_mut() {
            if !public_header(k) {
                *v = PLACEHOLDER.to_string();
            }
        }
    }
    if s.body.as_deref().is_some_and(|b| !b.is_empty()) {
        s.body = Some(PLACEHOLDER.to_string());
    }
    s.token = None;
    s.push_url = None;
    if let Some(actions) = &mut s.recovery {
        for a in actions.iter_mut() {
            redact_action(a);
        }
    }
    s
}

fn redact_action(a: &mut RecoverySpec) {
    if let Some(w) = &mut a.webhook {
        *w = origin_only(w);
    }
    if let Some(argv) = &mut a.run {
        let mut value_next = false;
        for (i, arg) in argv.iter_mut().enumerate() {
            if i == 0 {
                continue;
            }
            if std::mem::take(&mut value_next) {
                *arg = PLACEHOLDER.to_string();
                continue;
            }
            *arg = redact_arg(arg, &mut value_next);
        }
    }
}

/// One argument of a command; sets `value_next` when it is a flag whose value follows.
fn redact_arg(arg: &str, value_next: &mut bool) -> String {
    if arg.contains("://") {
        return origin_only(arg);
    }
    if let Some((name, _)) = arg.split_once(':').filter(|(n, v)| {
        v.starts_with(' ') && !n.is_empty() && !n.contains(|c: char| c.is_whitespace())
    }) {
        // A header, as `curl -H 'Authorization: Bearer …'` takes it.
        if public_header(name) {
            return arg.to_string();
        }
        return format!("{name}: {PLACEHOLDER}");
    }
    if let Some((name, _)) = arg.split_once('=') {
        if secret_name(name) {
            return format!("{name}={PLACEHOLDER}");
        }
        return arg.to_string();
    }
    if arg.starts_with('-') && secret_name(arg.trim_start_matches('-')) {
        *value_next = true;
    }
    arg.to_string()
}

/// A URL's origin and a placeholder path: `https://hooks.slack.com/REDACTED`. Which parts of a
/// URL are secret is [`probe::redact::redact_url`]'s rule, the one every error text and log
/// follows; only the mark differs, a placeholder that still makes a valid URL instead of `…`.
/// Text that is not a URL with a host is replaced whole.
fn origin_only(text: &str) -> String {
    let text = text.trim();
    match url::Url::parse(text) {
        Ok(u) if u.host_str().is_some() => {
            let shown = probe::redact::redact_url(text);
            match shown.strip_suffix('…') {
                Some(origin) => format!("{origin}{PLACEHOLDER}"),
                None => shown,
            }
        }
        _ => PLACEHOLDER.to_string(),
    }
}

/// A monitored URL without its secrets: userinfo, query values and fragment. The text is kept
/// as written when it holds none of them.
fn redact_target(target: &str) -> String {
    if target.trim_start().to_ascii_lowercase().starts_with("dns:") {
        return target.to_string();
    }
    let Ok(mut u) = url::Url::parse(target.trim()) else {
        // Never the case for a validated monitor; for anything else, nothing is left to leak.
        return if target.trim().is_empty() {
            target.to_string()
        } else {
            PLACEHOLDER.to_string()
        };
    };
    if u.username().is_empty()
        && u.password().is_none()
        && u.query().is_none()
        && u.fragment().is_none()
    {
        return target.to_string();
    }
    // Setting these fails only for URLs that cannot have userinfo, which then have none.
    if !u.username().is_empty() {
        let _ = u.set_username(PLACEHOLDER);
    }
    if u.password().is_some() {
        let _ = u.set_password(Some(PLACEHOLDER));
    }
    if let Some(q) = u.query() {
        let q = q
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) => format!("{k}={PLACEHOLDER}"),
                None if pair.is_empty() => String::new(),
                None => PLACEHOLDER.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&");
        u.set_query(Some(&q));
    }
    if u.fragment().is_some() {
        u.set_fragment(Some(PLACEHOLDER));
    }
    u.to_string()
}

/// The fields of `spec` that hold a [`PLACEHOLDER`] (`target`, `headers.Authorization`,
/// `body`, `checkpoints[1]`, `recovery[0].webhook`, `recovery[0].run`): what a person must fill
/// in before the monitor can work as its author's did.
pub fn placeholders(spec: &MonitorSpec) -> Vec<String> {
    let has = |t: &str| t.contains(PLACEHOLDER);
    let mut out = Vec::new();
    if has(&spec.target) {
        out.push("target".to_string());
    }
    for (i, cp) in spec.checkpoints.iter().flatten().enumerate() {
        if has(cp) {
            out.push(format!("checkpoints[{i}]"));
        }
    }
    for (k, v) in spec.headers.iter().flatten() {
        if has(v) {
            out.push(format!("headers.{k}"));
        }
    }
    if spec.body.as_deref().is_some_and(has) {
        out.push("body".to_string());
    }
    for (i, a) in spec.recovery.iter().flatten().enumerate() {
        if a.webhook.as_deref().is_some_and(has) {
            out.push(format!("recovery[{i}].webhook"));
        }
        if a.run.iter().flatten().any(|x| has(x)) {
            out.push(format!("recovery[{i}].run"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_keep_their_path_and_query_keys() {
        assert_eq!(
            redact_target("https://me:pw@api.test:8443/v1/health?api_key=s3cret&flag#frag"),
            "https://REDACTED:REDACTED@api.test:8443/v1/health?api_key=REDACTED&REDACTED#REDACTED"
        );
        assert_eq!(redact_target("https://api.test/x"), "https://api.test/x");
        assert_eq!(
            redact_target("dns://1.1.1.1/example.com?type=TXT"),
            "dns://1.1.1.1/example.com?type=TXT"
        );
        assert_eq!(
            redact_target("tcp://127.0.0.1:5432"),
            "tcp://127.0.0.1:5432"
        );
    }

    #[test]
    fn webhooks_keep_their_origin() {
        assert_eq!(
            origin_only("https://hooks.slack.com/services/T0/B0/xyz"),
            "https://hooks.slack.com/REDACTED"
        );
        assert_eq!(origin_only("http://127.0.0.1:9/"), "http://127.0.0.1:9/");
        assert_eq!(origin_only("no url"), PLACEHOLDER);
    }

    #[test]
    fn command_arguments_that_look_secret_lose_their_values() {
        let mut a = RecoverySpec {
            run: Some(
                [
                    "curl",
                    "-H",
                    "Authorization: Bearer abc",
                    "-H",
                    "Accept: application/json",
                    "--password",
                    "hunter2",
                    "--token=xyz",
                    "API_KEY=k1",
                    "--user-agent",
                    "probe",
                    "https://u:p@hook.test/t/secret?x=1",
                    "restart",
                ]
                .map(String::from)
                .to_vec(),
            ),
            ..RecoverySpec::default()
        };
        redact_action(&mut a);
        assert_eq!(
            a.run.unwrap(),
            [
                "curl",
                "-H",
                "Authorization: REDACTED",
                "-H",
                "Accept: application/json",
                "--password",
                "REDACTED",
                "--token=REDACTED",
                "API_KEY=REDACTED",
                "--user-agent",
                "probe",
                "https://hook.test/REDACTED",
                "restart",
            ]
        );
    }
}
