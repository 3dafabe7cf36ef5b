//! Import from Kener, Uptime Kuma and Gatus files written in each tool's documented format
//! (tests/fixtures/), and from Lookout's own export.

use lookout_core::import::{detect, import, Format, ImportError, ImportPlan};
use lookout_core::monitor::Monitor;
use lookout_core::spec::{MonitorFile, MonitorSpec};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn plan(name: &str) -> ImportPlan {
    let p = import(&fixture(name), None).unwrap();
    // Every planned monitor is valid as it stands.
    for m in &p.monitors {
        Monitor::try_from(m.clone()).unwrap_or_else(|e| panic!("{}: {e}", m.name));
    }
    p
}

fn monitor<'a>(p: &'a ImportPlan, name: &str) -> &'a MonitorSpec {
    p.monitors
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no monitor {name} in {:?}", names(p)))
}

fn names(p: &ImportPlan) -> Vec<&str> {
    p.monitors.iter().map(|m| m.name.as_str()).collect()
}

fn reasons<'a>(list: &'a [lookout_core::import::Skipped], name: &str) -> Vec<&'a str> {
    list.iter()
        .filter(|s| s.name == name)
        .map(|s| s.reason.as_str())
        .collect()
}

#[test]
fn kener_v2_yaml() {
    let p = plan("kener-v2.yaml");
    assert_eq!(p.format, Format::Kener);
    assert_eq!(
        names(&p),
        [
            "Google Search",
            "Ping Hosts (www.rajnandan.com)",
            "Ping Hosts (103.176.113.24)",
            "Ping Hosts (2a02:26f0:1f::)",
            "SMTP",
            "Rajnandan DNS",
            "Weekly"
        ]
    );
    let g = monitor(&p, "Google Search");
    assert_eq!(g.target, "https://www.google.com/webhp");
    assert_eq!(g.interval.as_deref(), Some("5m"));
    assert_eq!(g.timeout.as_deref(), Some("4s"));
    assert_eq!(g.method.as_deref(), Some("POST"));
    assert_eq!(
        g.headers.as_ref().unwrap()["Content-Type"],
        "application/json"
    );
    let down = g.alerts.as_ref().unwrap().down.as_ref().unwrap();
    assert_eq!(
        (
            down.failure_threshold,
            down.success_threshold,
            down.create_incident
        ),
        (Some(5), Some(2), Some(true))
    );
    let degraded = g.alerts.as_ref().unwrap().degraded.as_ref().unwrap();
    assert_eq!(degraded.failure_threshold, Some(3));
    let notes = reasons(&p.unmapped, "Google Search");
    assert!(notes.iter().any(|r| r.starts_with("eval:")), "{notes:?}");
    assert!(notes.iter().any(|r| r.contains("$VARIABLES")), "{notes:?}");
    assert!(notes.iter().any(|r| r.contains("triggers")), "{notes:?}");

    assert_eq!(
        monitor(&p, "Ping Hosts (2a02:26f0:1f::)").target,
        "icmp://[2a02:26f0:1f::]"
    );
    let smtp = monitor(&p, "SMTP");
    assert_eq!(smtp.target, "tcp://66.51.120.219:465");
    assert_eq!(smtp.interval.as_deref(), Some("1h"));
    let dns = monitor(&p, "Rajnandan DNS");
    assert_eq!(dns.target, "dns://8.8.8.8/www.rajnandan.com?type=CNAME");
    assert_eq!(dns.expected, Some(vec!["rajnandan1.github.io".to_string()]));
    assert_eq!(dns.match_mode, None);
    assert_eq!(
        reasons(&p.skipped, "Status Only"),
        ["has no api, ping, tcp or dns block (its status is set by hand or by API)"]
    );
    assert!(reasons(&p.unmapped, "Weekly")[0].contains("not a fixed interval"));
}

#[test]
fn kener_v4_json() {
    let p = plan("kener-v4.json");
    assert_eq!(p.format, Format::Kener);
    let api = monitor(&p, "API health");
    assert_eq!(api.target, "https://api.example.com/health");
    assert_eq!(api.ignore_tls, Some(true));
    assert_eq!(api.timeout.as_deref(), Some("10s"));
    assert_eq!(api.headers.as_ref().unwrap()["Accept"], "application/json");
    let db = monitor(&p, "Database");
    assert_eq!(db.target, "tcp://10.0.0.5:5432");
    assert_eq!(db.paused, Some(true));
    let cert = monitor(&p, "Certificate");
    assert_eq!(cert.target, "tls://example.com:443");
    assert_eq!(cert.cert_warn_days, Some(10));
    assert_eq!(
        cert.conditions,
        Some(vec!["[CERTIFICATE_EXPIRATION] > 48h".to_string()])
    );
    let ns = monitor(&p, "Name servers");
    assert_eq!(ns.target, "dns://1.1.1.1/example.com?type=NS");
    assert_eq!(ns.match_mode.as_deref(), Some("all"));
    assert_eq!(
        reasons(&p.skipped, "Everything"),
        ["group monitors have no Lookout equivalent"]
    );
    assert!(reasons(&p.skipped, "Nightly job")[0].contains("push://"));
}

#[test]
fn uptime_kuma_backup() {
    let p = plan("uptime-kuma-backup.json");
    assert_eq!(p.format, Format::UptimeKuma);
    let w = monitor(&p, "Website");
    assert_eq!(w.target, "https://example.com/");
    assert_eq!(w.interval.as_deref(), Some("1m"));
    // maxretries 2: the third failure in a row is DOWN.
    let down = w.alerts.as_ref().unwrap().down.as_ref().unwrap();
    assert_eq!(down.failure_threshold, Some(3));
    assert_eq!(w.headers.as_ref().unwrap()["X-Check"], "lookout");
    assert_eq!(w.accepted_status, None);

    let login = monitor(&p, "Login page");
    assert_eq!(login.keyword.as_deref(), Some("Sign in"));
    assert_eq!(login.invert_keyword, None);
    assert_eq!(login.ignore_tls, Some(true));
    assert_eq!(
        login.accepted_status,
        Some(vec!["200-299".to_string(), "301".into()])
    );
    let no_errors = monitor(&p, "No errors");
    assert_eq!(no_errors.invert_keyword, Some(true));
    assert_eq!(no_errors.paused, Some(true));
    assert_eq!(monitor(&p, "SSH").target, "tcp://ssh.example.com:22");
    assert_eq!(monitor(&p, "Router").target, "icmp://192.168.1.1");
    assert_eq!(
        monitor(&p, "MX lookup").target,
        "dns://1.1.1.1/example.com?type=MX"
    );
    assert_eq!(
        monitor(&p, "API status").conditions,
        Some(vec!["[BODY].status == ok".to_string()])
    );
    assert_eq!(monitor(&p, "Slow timeout").timeout.as_deref(), Some("20s"));
    assert!(reasons(&p.unmapped, "Slow timeout")[0].contains("longer than the interval"));

    assert_eq!(
        reasons(&p.skipped, "Maintenance mode"),
        ["upside-down mode (UP when the check fails) has no Lookout equivalent"]
    );
    assert_eq!(
        reasons(&p.skipped, "Containers"),
        ["Uptime Kuma's \"docker\" monitor has no Lookout equivalent"]
    );
    assert!(reasons(&p.skipped, "Backup job")[0].contains("push"));
}

#[test]
fn gatus_config() {
    let p = plan("gatus.yaml");
    assert_eq!(p.format, Format::Gatus);
    let w = monitor(&p, "core/website");
    assert_eq!(w.target, "https://twin.sh/health");
    assert_eq!(w.interval.as_deref(), Some("5m"));
    assert_eq!(
        w.conditions.as_ref().unwrap(),
        &[
            "[STATUS] == 200",
            "[BODY].status == UP",
            "[RESPONSE_TIME] < 300"
        ]
    );
    let down = w.alerts.as_ref().unwrap().down.as_ref().unwrap();
    assert_eq!(
        (down.failure_threshold, down.success_threshold),
        (Some(5), Some(3))
    );
    assert!(reasons(&p.unmapped, "core/website")[0].contains("slack"));

    let api = monitor(&p, "api");
    assert_eq!(api.method.as_deref(), Some("POST"));
    assert_eq!(api.ignore_tls, Some(true));
    assert_eq!(api.timeout.as_deref(), Some("5s"));
    // Gatus's defaults when the alert leaves the thresholds out.
    let down = api.alerts.as_ref().unwrap().down.as_ref().unwrap();
    assert_eq!(
        (down.failure_threshold, down.success_threshold),
        (Some(3), Some(2))
    );
    assert_eq!(api.conditions.as_ref().unwrap().len(), 2);
    assert!(reasons(&p.unmapped, "api")
        .iter()
        .any(|r| r.contains("[DOMAIN_EXPIRATION]")));

    assert_eq!(monitor(&p, "ssh").target, "tcp://example.org:22");
    assert_eq!(monitor(&p, "cert").target, "tls://example.org:443");
    assert_eq!(monitor(&p, "ping").target, "icmp://example.org");
    assert_eq!(
        monitor(&p, "dns").target,
        "dns://8.8.8.8/example.org?type=A"
    );
    assert_eq!(
        reasons(&p.skipped, "mail"),
        ["starttls:// endpoints have no Lookout equivalent"]
    );
    assert!(reasons(&p.skipped, "ext-ep-test")[0].contains("push://"));
}

#[test]
fn lookout_export_round_trips() {
    let specs: Vec<MonitorSpec> = plan("gatus.yaml").monitors;
    let monitors: Vec<Monitor> = specs
        .iter()
        .map(|s| Monitor::try_from(s.clone()).unwrap())
        .collect();
    let file = MonitorFile {
        monitors: monitors.iter().map(MonitorSpec::from).collect(),
    };
    let text = serde_json::to_string_pretty(&file).unwrap();
    assert_eq!(detect(&text), Ok(Format::Lookout));
    let p = import(&text, None).unwrap();
    assert_eq!(p.format, Format::Lookout);
    assert!(p.skipped.is_empty() && p.unmapped.is_empty(), "{p:?}");
    let again: Vec<Monitor> = p
        .monitors
        .into_iter()
        .map(|s| Monitor::try_from(s).unwrap())
        .collect();
    assert_eq!(again, monitors);
}

#[test]
fn detection_and_errors() {
    assert_eq!(detect(&fixture("kener-v2.yaml")), Ok(Format::Kener));
    assert_eq!(detect(&fixture("kener-v4.json")), Ok(Format::Kener));
    assert_eq!(
        detect(&fixture("uptime-kuma-backup.json")),
        Ok(Format::UptimeKuma)
    );
    assert_eq!(detect(&fixture("gatus.yaml")), Ok(Format::Gatus));
    // The wrong --from says what it expected.
    let e = import(&fixture("gatus.yaml"), Some(Format::UptimeKuma)).unwrap_err();
    assert_eq!(
        e,
        ImportError::WrongShape {
            format: Format::UptimeKuma,
            message: "expected \"monitorList\": [...]".into()
        }
    );
    // A YAML syntax error names the line.
    let e = import("endpoints:\n  - name: a\n   url: [\n", Some(Format::Gatus)).unwrap_err();
    match e {
        ImportError::Syntax { format, message } => {
            assert_eq!(format, Format::Gatus);
            assert!(message.starts_with("line 3"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        import("hello: world", None),
        Err(ImportError::Undetected(_))
    ));
}

/// Found by the import property test in CI: `maxretries` at i64::MAX overflowed `+ 1`.
#[test]
fn absurd_retry_counts_and_certificate_hours_do_not_panic() {
    let kuma = format!(
        r#"{{"version":"1.23.0","monitorList":[{{"id":1,"name":"a","type":"http","url":"http://127.0.0.1:9","interval":60,"maxretries":{}}}]}}"#,
        i64::MAX
    );
    // Refused or carried over, but never a panic.
    let _ = import(&kuma, Some(Format::UptimeKuma));
    let kener = format!(
        "- name: c\n  type: SSL\n  type_data:\n    host: 127.0.0.1\n    degradedRemainingHours: {}\n",
        i64::MAX
    );
    let _ = import(&kener, Some(Format::Kener));
}
