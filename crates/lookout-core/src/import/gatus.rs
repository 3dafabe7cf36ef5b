//! A Gatus config (`endpoints[]`): url (http, https, tcp, tls, icmp, or a DNS server with a
//! `dns:` block), interval, conditions (the same language, so they paste straight in),
//! `client.insecure` / `client.timeout`, and the first alert's `failure-threshold` /
//! `success-threshold` (Gatus's defaults, 3 and 2, when an alert leaves them out).
//!
//! A condition Lookout cannot parse or cannot evaluate for the endpoint's kind is left out and
//! named. Note one difference: Gatus checks no status code unless a condition asks; Lookout
//! still applies 200-299 when no condition mentions `[STATUS]`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{bool_of, int_of, str_of, Mapped};
use crate::condition::{Condition, Placeholder};
use crate::probe;
use crate::spec::{AlertsSpec, MonitorSpec, RuleSpec};

/// Gatus's alert defaults.
const FAILURE_THRESHOLD: i64 = 3;
const SUCCESS_THRESHOLD: i64 = 2;

pub(super) fn map(v: &Value, out: &mut Mapped) -> Result<(), String> {
    let list = v
        .get("endpoints")
        .and_then(Value::as_array)
        .ok_or_else(|| crate::t!("import-gatus-shape"))?;
    for (i, e) in list.iter().enumerate() {
        let name = str_of(e, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{}", i + 1));
        endpoint(&name, e, out);
    }
    for e in v
        .get("external-endpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = str_of(e, "name")
            .map(str::to_string)
            .unwrap_or_else(|| crate::t!("import-gatus-external-name"));
        out.skip(&name, crate::t!("import-gatus-external"));
    }
    Ok(())
}

fn placeholders(kind: &str) -> &'static [Placeholder] {
    match kind {
        "http" => probe::http::PLACEHOLDERS,
        "tcp" => probe::tcp::PLACEHOLDERS,
        "tls" => probe::tls::PLACEHOLDERS,
        "dns" => probe::dns::PLACEHOLDERS,
        _ => probe::icmp::PLACEHOLDERS,
    }
}

fn endpoint(name: &str, e: &Value, out: &mut Mapped) {
    let Some(url) = str_of(e, "url") else {
        out.skip(name, crate::t!("import-no-url"));
        return;
    };
    let mut notes = Vec::new();
    let mut spec = MonitorSpec {
        name: match str_of(e, "group") {
            Some(g) => format!("{g}/{name}"),
            None => name.to_string(),
        },
        interval: str_of(e, "interval").map(str::to_string),
        paused: (bool_of(e, "enabled") == Some(false)).then_some(true),
        ..MonitorSpec::default()
    };
    let kind = if let Some(d) = e.get("dns").filter(|d| d.is_object()) {
        let qname = str_of(d, "query-name").unwrap_or("").trim_end_matches('.');
        let qtype = str_of(d, "query-type").unwrap_or("A").to_ascii_uppercase();
        let server = url.trim_start_matches("dns://").trim_end_matches('/');
        spec.target = format!("dns://{server}/{qname}?type={qtype}");
        "dns"
    } else {
        let scheme = url.split("://").next().unwrap_or("").to_ascii_lowercase();
        match scheme.as_str() {
            "http" | "https" => {
                spec.method = str_of(e, "method")
                    .map(str::to_ascii_uppercase)
                    .filter(|m| m != "GET");
                spec.body = str_of(e, "body").map(str::to_string);
                spec.headers = e.get("headers").and_then(Value::as_object).map(|h| {
                    h.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        })
                        .collect::<BTreeMap<_, _>>()
                });
                if e.get("graphql").and_then(Value::as_bool) == Some(true) {
                    notes.push(crate::t!("import-gatus-graphql"));
                }
                "http"
            }
            "tcp" | "tls" | "icmp" => scheme_kind(&scheme),
            other => {
                out.skip(name, crate::t!("import-gatus-scheme", scheme = other));
                return;
            }
        }
    };
    if spec.target.is_empty() {
        spec.target = url.to_string();
    }
    if let Some(c) = e.get("client") {
        if bool_of(c, "insecure") == Some(true) {
            spec.ignore_tls = Some(true);
        }
        spec.timeout = str_of(c, "timeout").map(str::to_string);
    }
    let supported = placeholders(kind);
    let mut conditions = Vec::new();
    for c in e
        .get("conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        match Condition::parse(c) {
            Ok(parsed) => match parsed
                .placeholders()
                .into_iter()
                .find(|p| !supported.contains(p))
            {
                None => conditions.push(c.to_string()),
                Some(p) => notes.push(crate::t!(
                    "import-condition-unavailable",
                    condition = c,
                    placeholder = p.as_str(),
                    kind = kind
                )),
            },
            Err(err) => notes.push(crate::t!(
                "import-condition-invalid",
                condition = c,
                error = err.to_string()
            )),
        }
    }
    if !conditions.is_empty() {
        spec.conditions = Some(conditions);
    }
    let alerts: Vec<&Value> = e
        .get("alerts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| bool_of(a, "enabled") != Some(false))
        .collect();
    if let Some(first) = alerts.first() {
        let f = int_of(first, "failure-threshold").unwrap_or(FAILURE_THRESHOLD);
        let s = int_of(first, "success-threshold").unwrap_or(SUCCESS_THRESHOLD);
        spec.alerts = Some(AlertsSpec {
            down: Some(RuleSpec {
                failure_threshold: Some(f),
                success_threshold: Some(s),
                ..RuleSpec::default()
            }),
            degraded: None,
        });
        let types: Vec<&str> = alerts.iter().filter_map(|a| str_of(a, "type")).collect();
        if !types.is_empty() {
            notes.push(crate::t!(
                "import-gatus-providers",
                providers = types.join(&crate::t!("list-sep"))
            ));
        }
        let thresholds: Vec<(i64, i64)> = alerts
            .iter()
            .map(|a| {
                (
                    int_of(a, "failure-threshold").unwrap_or(FAILURE_THRESHOLD),
                    int_of(a, "success-threshold").unwrap_or(SUCCESS_THRESHOLD),
                )
            })
            .collect();
        if thresholds.iter().any(|t| *t != (f, s)) {
            // Strings: Fluent holds numbers as floats, which would round a file's huge threshold.
            notes.push(crate::t!(
                "import-gatus-thresholds",
                failures = f.to_string(),
                successes = s.to_string()
            ));
        }
    }
    let idx = out.add(spec);
    for n in notes {
        out.unmapped(idx, n);
    }
}

fn scheme_kind(s: &str) -> &'static str {
    match s {
        "tcp" => "tcp",
        "tls" => "tls",
        _ => "icmp",
    }
}
