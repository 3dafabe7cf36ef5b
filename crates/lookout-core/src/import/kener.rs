//! Kener monitors: v2 YAML (a list, or `monitors:`, of entries with `cron`, one of the
//! `api` / `ping` / `tcp` / `dns` blocks, and `alerts.DOWN` / `alerts.DEGRADED`), and v4 JSON
//! (entries with `type` or `monitor_type` and `type_data`, an object or a JSON string).
//!
//! A Kener ping or TCP monitor may list several hosts; each becomes its own Lookout monitor,
//! named `Name (host)`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{bool_of, int_of, ms, str_of, url_host, Mapped};
use crate::spec::{AlertsSpec, MonitorSpec, RuleSpec};

pub(super) fn map(v: &Value, out: &mut Mapped) -> Result<(), String> {
    let list = match v {
        Value::Array(a) => a,
        Value::Object(o) => o
            .get("monitors")
            .and_then(Value::as_array)
            .ok_or_else(|| crate::t!("import-kener-shape-list"))?,
        _ => return Err(crate::t!("import-kener-shape")),
    };
    for (i, m) in list.iter().enumerate() {
        let name = str_of(m, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{}", i + 1));
        if !m.is_object() {
            out.skip(&name, crate::t!("import-not-a-monitor"));
            continue;
        }
        monitor(&name, m, out);
    }
    Ok(())
}

/// Kener's cron (5 fields) as a fixed interval, when it is one.
pub(super) fn cron_interval(cron: &str) -> Option<String> {
    let f: Vec<&str> = cron.split_whitespace().collect();
    let [min, hour, dom, mon, dow] = f.as_slice() else {
        return None;
    };
    if [dom, mon, dow].iter().any(|x| **x != "*") {
        return None;
    }
    let step = |s: &str| -> Option<u64> {
        match s {
            "*" => Some(1),
            _ => s.strip_prefix("*/")?.parse().ok().filter(|n| *n > 0),
        }
    };
    let fixed = |s: &str| s.parse::<u32>().is_ok();
    let d = if *hour == "*" {
        if let Some(n) = step(min) {
            // Checked: the step is the file's number (`*/18446744073709551615`); past any
            // interval Lookout takes, validation then names `interval`.
            n.checked_mul(60)?
        } else if fixed(min) {
            3600
        } else {
            return None;
        }
    } else if fixed(min) {
        if let Some(n) = step(hour) {
            n.checked_mul(3600)?
        } else if fixed(hour) {
            86_400
        } else {
            return None;
        }
    } else {
        return None;
    };
    Some(super::secs(i64::try_from(d).ok()?))
}

fn rule(v: Option<&Value>) -> Option<RuleSpec> {
    let r = v?;
    Some(RuleSpec {
        failure_threshold: int_of(r, "failureThreshold"),
        success_threshold: int_of(r, "successThreshold"),
        create_incident: bool_of(r, "createIncident"),
        active: bool_of(r, "active"),
        ..RuleSpec::default()
    })
}

fn base(name: &str, m: &Value) -> (MonitorSpec, Vec<String>) {
    let mut notes = Vec::new();
    let interval = match str_of(m, "cron") {
        None => None,
        Some(c) => match cron_interval(c) {
            Some(i) => Some(i),
            None => {
                notes.push(crate::t!("import-kener-cron", cron = c));
                None
            }
        },
    };
    let alerts = m.get("alerts").map(|a| AlertsSpec {
        down: rule(a.get("DOWN")),
        degraded: rule(a.get("DEGRADED")),
    });
    if let Some(a) = m.get("alerts") {
        for k in ["DOWN", "DEGRADED"] {
            if a.get(k)
                .and_then(|r| r.get("triggers"))
                .is_some_and(|t| t.as_array().is_some_and(|a| !a.is_empty()))
            {
                notes.push(crate::t!("import-kener-triggers", rule = k));
            }
        }
    }
    let paused = match str_of(m, "status") {
        Some(s) if s.eq_ignore_ascii_case("INACTIVE") => Some(true),
        _ => None,
    };
    (
        MonitorSpec {
            name: name.to_string(),
            interval,
            alerts,
            paused,
            ..MonitorSpec::default()
        },
        notes,
    )
}

fn push(out: &mut Mapped, spec: MonitorSpec, notes: &[String]) {
    let idx = out.add(spec);
    for n in notes {
        out.unmapped(idx, n.clone());
    }
}

/// `type_data` as an object, whether stored as one or as a JSON string.
fn type_data(m: &Value) -> Value {
    match m.get("type_data") {
        Some(Value::String(s)) => serde_json::from_str(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    }
}

fn monitor(name: &str, m: &Value, out: &mut Mapped) {
    let kind = str_of(m, "monitor_type")
        .or_else(|| str_of(m, "type"))
        .map(str::to_ascii_uppercase);
    let (spec, notes) = base(name, m);
    match kind.as_deref() {
        Some("API") => api(name, &type_data(m), spec, notes, out),
        Some("PING") => ping(name, &type_data(m), spec, notes, out),
        Some("TCP") => tcp(name, &type_data(m), spec, notes, out),
        Some("DNS") => dns(&type_data(m), spec, notes, out),
        Some("SSL") => ssl(name, &type_data(m), spec, notes, out),
        Some("NONE") => out.skip(name, crate::t!("import-kener-no-check")),
        Some("GROUP") => out.skip(name, crate::t!("import-group")),
        Some("HEARTBEAT") => out.skip(name, crate::t!("import-kener-heartbeat")),
        Some(other @ ("SQL" | "GAMEDIG")) => {
            out.skip(name, crate::t!("import-kener-no-equivalent", kind = other))
        }
        Some(other) => out.skip(name, crate::t!("import-kener-unknown-type", kind = other)),
        // v2: one of the blocks.
        None => {
            if let Some(a) = m.get("api").filter(|v| v.is_object()) {
                api(name, a, spec, notes, out)
            } else if let Some(p) = m.get("ping").filter(|v| v.is_object()) {
                ping(name, p, spec, notes, out)
            } else if let Some(t) = m.get("tcp").filter(|v| v.is_object()) {
                tcp(name, t, spec, notes, out)
            } else if let Some(d) = m.get("dns").filter(|v| v.is_object()) {
                dns(d, spec, notes, out)
            } else {
                out.skip(name, crate::t!("import-kener-no-block"))
            }
        }
    }
}

fn headers(v: Option<&Value>) -> Option<BTreeMap<String, String>> {
    let mut h = BTreeMap::new();
    match v? {
        Value::Object(o) => {
            for (k, v) in o {
                let v = v
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string());
                h.insert(k.clone(), v);
            }
        }
        // v4: [{"key": ..., "value": ...}]
        Value::Array(a) => {
            for kv in a {
                if let (Some(k), Some(v)) =
                    (str_of(kv, "key"), kv.get("value").and_then(Value::as_str))
                {
                    h.insert(k.to_string(), v.to_string());
                }
            }
        }
        Value::String(s) => return headers(serde_json::from_str::<Value>(s).ok().as_ref()),
        _ => {}
    }
    (!h.is_empty()).then_some(h)
}

/// Kener expands `$NAME` from its environment; Lookout sends text as written. `part` is the
/// catalogue's selector: `url`, `header` or `body`.
fn env_note(part: &str, text: &str, notes: &mut Vec<String>) {
    let uses_env = text.split('$').skip(1).any(|rest| {
        rest.chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
    });
    if uses_env {
        notes.push(crate::t!("import-kener-env", part = part));
    }
}

fn api(name: &str, a: &Value, mut spec: MonitorSpec, mut notes: Vec<String>, out: &mut Mapped) {
    let Some(url) = str_of(a, "url") else {
        out.skip(name, crate::t!("import-kener-api-no-url"));
        return;
    };
    spec.target = url.to_string();
    spec.method = str_of(a, "method")
        .map(str::to_ascii_uppercase)
        .filter(|m| m != "GET");
    spec.headers = headers(a.get("headers"));
    spec.body = str_of(a, "body").map(str::to_string);
    spec.timeout = int_of(a, "timeout").filter(|t| *t > 0).map(ms);
    if bool_of(a, "allowSelfSignedCert") == Some(true) {
        spec.ignore_tls = Some(true);
    }
    // Kener's default eval counts 2xx and 3xx as UP.
    spec.accepted_status = Some(vec!["200-399".into()]);
    env_note("url", url, &mut notes);
    if let Some(h) = &spec.headers {
        for v in h.values() {
            env_note("header", v, &mut notes);
        }
    }
    if let Some(b) = &spec.body {
        env_note("body", b, &mut notes);
    }
    if str_of(a, "eval").is_some() {
        notes.push(crate::t!("import-kener-eval"));
    }
    push(out, spec, &notes);
}

/// The hosts of a ping/TCP block: v2 `hostsV4`/`hostsV6` or `hosts: [{host, port, ...}]`.
fn hosts(b: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for key in ["hostsV4", "hostsV6"] {
        for h in b.get(key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(s) = h.as_str() {
                out.push(serde_json::json!({ "host": s }));
            }
        }
    }
    for h in b
        .get("hosts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        match h {
            Value::String(s) => out.push(serde_json::json!({ "host": s })),
            Value::Object(_) => out.push(h.clone()),
            _ => {}
        }
    }
    out
}

fn ping(name: &str, p: &Value, spec: MonitorSpec, mut notes: Vec<String>, out: &mut Mapped) {
    if str_of(p, "pingEval").is_some() {
        notes.push(crate::t!("import-kener-host-eval", field = "pingEval"));
    }
    let list = hosts(p);
    let many = list.len() > 1;
    if list.is_empty() {
        out.skip(name, crate::t!("import-kener-no-hosts", block = "ping"));
        return;
    }
    for h in list {
        let Some(host) = str_of(&h, "host") else {
            continue;
        };
        let mut s = spec.clone();
        s.target = format!("icmp://{}", url_host(host));
        s.count = int_of(&h, "count");
        s.timeout = int_of(&h, "timeout").filter(|t| *t > 0).map(ms);
        if many {
            s.name = format!("{name} ({host})");
        }
        push(out, s, &notes);
    }
}

fn tcp(name: &str, t: &Value, spec: MonitorSpec, mut notes: Vec<String>, out: &mut Mapped) {
    if str_of(t, "tcpEval").is_some() {
        notes.push(crate::t!("import-kener-host-eval", field = "tcpEval"));
    }
    let list = hosts(t);
    let many = list.len() > 1;
    if list.is_empty() {
        out.skip(name, crate::t!("import-kener-no-hosts", block = "tcp"));
        return;
    }
    for h in list {
        let Some(host) = str_of(&h, "host") else {
            continue;
        };
        let Some(port) = int_of(&h, "port") else {
            out.skip(
                &format!("{name} ({host})"),
                crate::t!("import-kener-tcp-no-port"),
            );
            continue;
        };
        let mut s = spec.clone();
        s.target = format!("tcp://{}:{port}", url_host(host));
        s.timeout = int_of(&h, "timeout").filter(|t| *t > 0).map(ms);
        if many {
            s.name = format!("{name} ({host}:{port})");
        }
        push(out, s, &notes);
    }
}

fn dns(d: &Value, mut spec: MonitorSpec, notes: Vec<String>, out: &mut Mapped) {
    let name = spec.name.clone();
    let Some(host) = str_of(d, "host") else {
        out.skip(&name, crate::t!("import-kener-dns-no-host"));
        return;
    };
    let record = str_of(d, "lookupRecord")
        .unwrap_or("A")
        .to_ascii_uppercase();
    let server = str_of(d, "nameServer").map(url_host).unwrap_or_default();
    spec.target = format!("dns://{server}/{host}?type={record}");
    let values: Vec<String> = d
        .get("values")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    if !values.is_empty() {
        spec.expected = Some(values);
        if str_of(d, "matchType").is_some_and(|m| m.eq_ignore_ascii_case("ALL")) {
            spec.match_mode = Some("all".into());
        }
    }
    push(out, spec, &notes);
}

fn ssl(name: &str, t: &Value, mut spec: MonitorSpec, notes: Vec<String>, out: &mut Mapped) {
    let Some(host) = str_of(t, "host") else {
        out.skip(name, crate::t!("import-kener-ssl-no-host"));
        return;
    };
    let port = int_of(t, "port").unwrap_or(443);
    spec.target = format!("tls://{}:{port}", url_host(host));
    if let Some(h) = int_of(t, "degradedRemainingHours").filter(|h| *h > 0) {
        spec.cert_warn_days = Some(h / 24 + i64::from(h % 24 != 0));
    }
    if let Some(h) = int_of(t, "downRemainingHours").filter(|h| *h > 0) {
        spec.conditions = Some(vec![format!("[CERTIFICATE_EXPIRATION] > {h}h")]);
    }
    push(out, spec, &notes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crons() {
        assert_eq!(cron_interval("* * * * *").as_deref(), Some("1m"));
        assert_eq!(cron_interval("*/5 * * * *").as_deref(), Some("5m"));
        assert_eq!(cron_interval("0 * * * *").as_deref(), Some("1h"));
        assert_eq!(cron_interval("0 */6 * * *").as_deref(), Some("6h"));
        assert_eq!(cron_interval("30 2 * * *").as_deref(), Some("1day"));
        assert_eq!(cron_interval("0 9 * * 1"), None);
        assert_eq!(cron_interval("1-5 * * * *"), None);
    }
}
