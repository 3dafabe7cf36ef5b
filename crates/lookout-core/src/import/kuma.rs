//! An Uptime Kuma backup (`monitorList`): http, keyword, json-query, port, ping and dns
//! monitors. `maxretries` retries before DOWN means `failure_threshold = maxretries + 1`.
//! An upside-down monitor (UP when the check fails) is skipped: Lookout cannot invert a
//! check, and importing it the right way up would alert exactly backwards.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{bool_of, int_of, secs, str_of, url_host, Mapped};
use crate::spec::{AlertsSpec, MonitorSpec, RuleSpec};

pub(super) fn map(v: &Value, out: &mut Mapped) -> Result<(), String> {
    let list = v
        .get("monitorList")
        .and_then(Value::as_array)
        .ok_or_else(|| crate::t!("import-kuma-shape"))?;
    for (i, m) in list.iter().enumerate() {
        let name = str_of(m, "name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("#{}", i + 1));
        monitor(&name, m, out);
    }
    Ok(())
}

fn monitor(name: &str, m: &Value, out: &mut Mapped) {
    let kind = str_of(m, "type").unwrap_or("http").to_ascii_lowercase();
    if bool_of(m, "upsideDown") == Some(true) {
        out.skip(name, crate::t!("import-kuma-upside-down"));
        return;
    }
    let mut notes = Vec::new();
    let mut spec = MonitorSpec {
        name: name.to_string(),
        interval: int_of(m, "interval").filter(|s| *s > 0).map(secs),
        // Kuma's timeout is in seconds (0 or absent: its default, 80% of the interval).
        timeout: m
            .get("timeout")
            .and_then(Value::as_f64)
            .filter(|t| *t > 0.0)
            .map(|t| super::ms((t * 1000.0) as i64)),
        paused: (bool_of(m, "active") == Some(false)).then_some(true),
        ..MonitorSpec::default()
    };
    if let Some(r) = int_of(m, "maxretries").filter(|r| *r >= 0) {
        spec.alerts = Some(AlertsSpec {
            down: Some(RuleSpec {
                failure_threshold: Some(r.saturating_add(1)),
                ..RuleSpec::default()
            }),
            degraded: None,
        });
    }
    let host = str_of(m, "hostname").map(url_host);
    match kind.as_str() {
        "http" | "keyword" | "json-query" => {
            let Some(url) = str_of(m, "url") else {
                out.skip(name, crate::t!("import-no-url"));
                return;
            };
            spec.target = url.to_string();
            spec.method = str_of(m, "method")
                .map(str::to_ascii_uppercase)
                .filter(|x| x != "GET");
            spec.body = str_of(m, "body").map(str::to_string);
            spec.headers = str_of(m, "headers")
                .and_then(|h| serde_json::from_str::<BTreeMap<String, Value>>(h).ok())
                .map(|h| {
                    h.into_iter()
                        .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                        .collect()
                });
            if str_of(m, "headers").is_some() && spec.headers.is_none() {
                notes.push(crate::t!("import-kuma-headers"));
            }
            let codes: Vec<String> = m
                .get("accepted_statuscodes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect();
            if !codes.is_empty() && codes != ["200-299"] {
                spec.accepted_status = Some(codes);
            }
            if bool_of(m, "ignoreTls") == Some(true) {
                spec.ignore_tls = Some(true);
            }
            if kind == "keyword" {
                spec.keyword = str_of(m, "keyword").map(str::to_string);
                if bool_of(m, "invertKeyword") == Some(true) {
                    spec.invert_keyword = Some(true);
                }
            }
            if kind == "json-query" {
                json_query(m, &mut spec, &mut notes);
            }
            if str_of(m, "authMethod").is_some_and(|a| a != "null" && !a.is_empty())
                || str_of(m, "basic_auth_user").is_some()
            {
                notes.push(crate::t!("import-kuma-auth"));
            }
        }
        "port" => {
            let (Some(h), Some(p)) = (host, int_of(m, "port")) else {
                out.skip(name, crate::t!("import-kuma-port-no-host"));
                return;
            };
            spec.target = format!("tcp://{h}:{p}");
        }
        "ping" => {
            let Some(h) = host else {
                out.skip(name, crate::t!("import-kuma-ping-no-host"));
                return;
            };
            spec.target = format!("icmp://{h}");
        }
        "dns" => {
            let Some(h) = str_of(m, "hostname") else {
                out.skip(name, crate::t!("import-kuma-dns-no-host"));
                return;
            };
            let server = str_of(m, "dns_resolve_server")
                .map(url_host)
                .unwrap_or_default();
            let port = int_of(m, "port").filter(|p| *p != 53 && *p > 0);
            let server = match port {
                Some(p) if !server.is_empty() => format!("{server}:{p}"),
                _ => server,
            };
            let t = str_of(m, "dns_resolve_type")
                .unwrap_or("A")
                .to_ascii_uppercase();
            spec.target = format!("dns://{server}/{h}?type={t}");
        }
        "push" => {
            out.skip(name, crate::t!("import-kuma-push"));
            return;
        }
        "group" => {
            out.skip(name, crate::t!("import-group"));
            return;
        }
        other => {
            out.skip(name, crate::t!("import-kuma-other", kind = other));
            return;
        }
    }
    let idx = out.add(spec);
    for n in notes {
        out.unmapped(idx, n);
    }
}

/// `json-query` with a plain dotted path (`data.status`) becomes a `[BODY]` condition; Kuma's
/// JSONata expressions beyond that cannot be carried over.
fn json_query(m: &Value, spec: &mut MonitorSpec, notes: &mut Vec<String>) {
    let path = str_of(m, "jsonPath").unwrap_or("");
    let expected = m
        .get("expectedValue")
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .unwrap_or_default();
    let simple = !path.is_empty()
        && path.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '[' || c == ']')
        });
    let op = str_of(m, "jsonPathOperator").unwrap_or("==");
    if simple && op == "==" && !expected.is_empty() {
        spec.conditions = Some(vec![format!("[BODY].{path} == {expected}")]);
    } else {
        notes.push(crate::t!(
            "import-kuma-json-query",
            path = path,
            op = op,
            expected = expected
        ));
    }
}
