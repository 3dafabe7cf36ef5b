//! The CLI in English and in Simplified Chinese: chosen by the OS locale (`LC_ALL` over
//! `LC_MESSAGES` over `LANG`) or by the `language` setting, which wins over it; reports and
//! summaries in both; and everything scripts read (JSON, exit codes) the same in both.

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use lookout_core::model::{CheckResult, IncidentEvent, IncidentEventKind, RuleKind, Severity};
use lookout_core::model::{MonitorId, Status};
use lookout_core::monitor::Monitor;
use lookout_core::spec::MonitorSpec;
use lookout_core::storage::{NewIncident, Store};
use serde_json::Value;

use crate::common::{run, run_env, Run};
use crate::{error_lines, tmp};

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "en_US.UTF-8";

/// The locale's variables: `LANG` only, `LC_ALL` cleared.
fn lang(v: &str) -> [(&'static str, Option<&str>); 1] {
    [("LANG", Some(v))]
}

fn in_lang(dir: &Path, args: &[&str], locale: &str) -> Run {
    run_env(dir, args, &lang(locale))
}

fn check(at: chrono::DateTime<Utc>, status: Status, reason: &str) -> CheckResult {
    CheckResult {
        at,
        status,
        latency: Duration::from_millis(12),
        reason: reason.into(),
        details: Value::Null,
    }
}

fn event(at: chrono::DateTime<Utc>, kind: IncidentEventKind, message: &str) -> IncidentEvent {
    IncidentEvent {
        at,
        kind,
        message: message.into(),
    }
}

/// Two monitors, `api` DOWN for 10 minutes and `web` UP, and `api`'s incidents as the engine
/// records them: #1 resolved after 3m 12s (3 failed checks), and, with `open`, #2 still open
/// (1 failed check).
fn history(dir: &Path, open: bool) {
    let store = Store::open(&dir.join("lookout.db")).unwrap();
    let monitor = |name: &str| {
        Monitor::try_from(MonitorSpec {
            name: name.into(),
            target: "tcp://127.0.0.1:9".into(),
            ..MonitorSpec::default()
        })
        .unwrap()
    };
    let ids = store
        .add_monitors(&[monitor("api"), monitor("web")])
        .unwrap();
    let (api, web): (MonitorId, MonitorId) = (ids[0], ids[1]);
    let now = Utc::now();
    let min = chrono::Duration::minutes;
    let start = now - min(60);
    let back = start + chrono::Duration::seconds(192);
    store.record_check(web, &check(now - min(1), Status::Up, ""));
    store.record_check(api, &check(now - min(120), Status::Up, ""));
    store.record_check(api, &check(start, Status::Down, "connection refused"));
    store.record_check(api, &check(back, Status::Up, ""));
    if open {
        store.record_check(
            api,
            &check(now - min(10), Status::Down, "connection refused"),
        );
    }
    store.flush().unwrap();
    let incident = |at, failures| NewIncident {
        monitor_id: api,
        monitor: "api".into(),
        title: "api is DOWN".into(),
        rule: RuleKind::Down,
        severity: Severity::Critical,
        started_at: at,
        detected_at: at + chrono::Duration::seconds(2),
        failures,
        failure_threshold: failures,
        simulated: false,
        events: vec![event(
            at,
            IncidentEventKind::FirstFailure,
            "connection refused",
        )],
    };
    let first = store.open_incident(&incident(start, 3)).unwrap();
    let up = event(back, IncidentEventKind::Resolved, "UP again");
    store.resolve_incident(first, back, None, &up).unwrap();
    if open {
        store.open_incident(&incident(now - min(10), 1)).unwrap();
    }
}

fn ok(r: Run) -> Run {
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

fn assert_english_status(r: &Run) {
    assert_eq!(r.code, 2, "DOWN is 2 in every language: {}", r.stderr);
    assert!(r.stdout.starts_with("Overall: DOWN\n"), "{}", r.stdout);
    assert!(r.stdout.contains("NAME  STATUS"), "{}", r.stdout);
    assert!(r.stdout.contains("m ago"), "{}", r.stdout);
}

fn assert_chinese_status(r: &Run) {
    assert_eq!(r.code, 2, "DOWN is 2 in every language: {}", r.stderr);
    assert!(r.stdout.starts_with("总体状态：故障\n"), "{}", r.stdout);
    assert!(r.stdout.contains("名称  状态"), "{}", r.stdout);
    let api = r.stdout.lines().find(|l| l.starts_with("api ")).unwrap();
    assert!(api.contains("  故障  ") && api.contains("分钟前"), "{api}");
    assert!(api.contains("12 毫秒"), "{api}");
    let web = r.stdout.lines().find(|l| l.starts_with("web ")).unwrap();
    assert!(web.contains("  正常  "), "{web}");
}

#[test]
fn the_os_locale_chooses_the_language_lc_all_first() {
    let d = tmp();
    history(d.path(), true);
    let status = &["status"][..];
    assert_english_status(&run(d.path(), status));
    assert_chinese_status(&in_lang(d.path(), status, ZH));
    assert_chinese_status(&in_lang(d.path(), status, "zh_TW.UTF-8"));
    assert_english_status(&in_lang(d.path(), status, "fr_FR.UTF-8"));
    // LC_ALL wins over LANG, and LC_MESSAGES over LANG, as POSIX reads them.
    let env = [("LC_ALL", Some(ZH)), ("LANG", Some(EN))];
    assert_chinese_status(&run_env(d.path(), status, &env));
    let env = [("LC_ALL", Some(EN)), ("LANG", Some(ZH))];
    assert_english_status(&run_env(d.path(), status, &env));
    let env = [("LC_MESSAGES", Some(ZH)), ("LANG", Some(EN))];
    assert_chinese_status(&run_env(d.path(), status, &env));
    // No locale at all is English.
    assert_english_status(&run_env(d.path(), status, &[("LANG", None)]));

    // `incidents`: the same rows, in each language.
    let r = ok(in_lang(d.path(), &["incidents"], ZH));
    assert!(r.stdout.starts_with("编号  状态"), "{}", r.stdout);
    assert!(r.stdout.contains("进行中  严重"), "{}", r.stdout);
    let first = r.stdout.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(first.contains("  已解决  严重  "), "{first}");
    assert!(
        first.contains("  3分钟12秒  ") && first.ends_with("  api 状态：故障"),
        "{first}"
    );
    let r = ok(run(d.path(), &["incidents"]));
    assert!(r.stdout.contains("resolved  critical"), "{}", r.stdout);
    assert!(r.stdout.contains("3m 12s    api is DOWN\n"), "{}", r.stdout);
}

#[test]
fn the_language_setting_wins_over_the_os_and_auto_follows_it_again() {
    let d = tmp();
    history(d.path(), true);
    let status = &["status"][..];
    let r = ok(run(d.path(), &["settings", "set", "language", "zh-CN"]));
    // Said in the language just set.
    assert_eq!(r.stdout, "language = zh-CN（正在运行的引擎约一秒内生效）\n");
    assert_chinese_status(&in_lang(d.path(), status, EN));
    let env = [("LC_ALL", Some(EN)), ("LANG", Some(EN))];
    assert_chinese_status(&run_env(d.path(), status, &env));
    let r = ok(in_lang(d.path(), &["settings", "list"], EN));
    assert!(r.stdout.starts_with("设置项"), "{}", r.stdout);
    assert!(r.stdout.contains("已设置（默认为 auto）"), "{}", r.stdout);

    let r = ok(in_lang(
        d.path(),
        &["settings", "set", "language", "en"],
        ZH,
    ));
    assert!(r.stdout.starts_with("language = en ("), "{}", r.stdout);
    assert_english_status(&in_lang(d.path(), status, ZH));

    ok(run(d.path(), &["settings", "set", "language", "auto"]));
    assert_english_status(&in_lang(d.path(), status, EN));
    assert_chinese_status(&in_lang(d.path(), status, ZH));
    ok(in_lang(
        d.path(),
        &["settings", "set", "language", "zh-CN"],
        EN,
    ));
    let r = ok(in_lang(d.path(), &["settings", "unset", "language"], EN));
    assert!(
        r.stdout
            .starts_with("language is back to its default: auto"),
        "{}",
        r.stdout
    );
    assert_english_status(&in_lang(d.path(), status, EN));
}

#[test]
fn a_language_lookout_does_not_speak_is_refused_and_nothing_is_written() {
    let d = tmp();
    for locale in [EN, ZH] {
        let r = in_lang(d.path(), &["settings", "set", "language", "fr"], locale);
        assert_eq!(r.code, 2, "as other invalid settings: {}", r.stderr);
        let lines = error_lines(&r.stderr);
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        assert!(lines[0].starts_with("error: language: "), "{}", r.stderr);
        for allowed in ["auto", "en", "zh-CN", "fr"] {
            assert!(lines[0].contains(allowed), "{allowed}: {}", r.stderr);
        }
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(!d.path().join("lookout.db").exists(), "nothing created");
    }
    ok(run(d.path(), &["settings", "set", "language", "zh-CN"]));
    let r = in_lang(d.path(), &["settings", "set", "language", "de-DE"], EN);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(error_lines(&r.stderr)[0].starts_with("error: language: "));
    let v = ok(run(d.path(), &["settings", "list", "--json"])).json();
    let language = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "language")
        .unwrap();
    assert_eq!(language["value"], "zh-CN", "unchanged: {v}");
}

#[test]
fn reports_in_both_languages() {
    let d = tmp();
    history(d.path(), true);
    let en = ok(run(d.path(), &["report", "1"])).stdout;
    assert!(en.starts_with("# Incident #1: api is DOWN\n"), "{en}");
    assert!(en.contains("| Severity | critical |"), "{en}");
    assert!(
        en.contains("| Rule | down: 3 failed checks / failure threshold 3 |"),
        "{en}"
    );
    assert!(en.contains("| Downtime | 3m 12s |"), "{en}");
    assert!(en.contains("(2s after the first failure)"), "{en}");
    assert!(en.contains("## Timeline"), "{en}");
    assert!(
        en.contains("| first failure | connection refused |"),
        "{en}"
    );
    assert!(en.contains("## Failed checks (1)"), "{en}");
    assert!(en.contains("- Incidents: 2 (1 resolved)"), "{en}");
    // One failed check is singular.
    let open = ok(run(d.path(), &["report", "2"])).stdout;
    assert!(
        open.contains("| Rule | down: 1 failed check / failure threshold 1 |"),
        "{open}"
    );
    assert!(open.contains("| Resolved | not yet |"), "{open}");
    assert!(open.contains("m so far |"), "{open}");

    let zh = ok(in_lang(d.path(), &["report", "1"], ZH)).stdout;
    assert!(zh.starts_with("# 事件 #1：api 状态：故障\n"), "{zh}");
    assert!(zh.contains("| 严重程度 | 严重 |"), "{zh}");
    assert!(
        zh.contains("| 规则 | 故障：3 次检查失败 / 失败阈值 3 |"),
        "{zh}"
    );
    assert!(zh.contains("| 状态 | 已解决 |"), "{zh}");
    assert!(zh.contains("| 停机时长 | 3分钟12秒 |"), "{zh}");
    assert!(zh.contains("（首次失败后 2秒）"), "{zh}");
    assert!(zh.contains(" UTC |"), "{zh}");
    assert!(zh.contains("## 时间线"), "{zh}");
    // The stored English reason reads in Chinese; the JSON keeps it (below).
    assert!(zh.contains("| 首次失败 | 连接被拒绝 |"), "{zh}");
    assert!(zh.contains("| 12 毫秒 | 连接被拒绝 |"), "{zh}");
    assert!(zh.contains("## 失败的检查（1）"), "{zh}");
    assert!(zh.contains("## api 最近 30 天"), "{zh}");
    assert!(zh.contains("- 事件：2 起（已解决 1 起）"), "{zh}");
    let open = ok(in_lang(d.path(), &["report", "2"], ZH)).stdout;
    assert!(open.contains("| 解决时间 | 尚未解决 |"), "{open}");
    assert!(open.contains("| 停机时长 | 已持续 "), "{open}");

    let html = ok(in_lang(d.path(), &["report", "1", "--format", "html"], ZH)).stdout;
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("<h1>事件 #1：api 状态：故障</h1>"), "{html}");
    let html = ok(run(d.path(), &["report", "1", "--format", "html"])).stdout;
    assert!(html.contains("<html lang=\"en\">"), "{html}");

    // The CLI's own errors are in the language too; the exit code is not.
    let r = in_lang(d.path(), &["report", "999"], ZH);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(error_lines(&r.stderr), ["error: 未找到事件 999"]);
    let r = run(d.path(), &["report", "999"]);
    assert_eq!(error_lines(&r.stderr), ["error: incident 999 not found"]);
}

#[test]
fn summaries_in_both_languages() {
    let d = tmp();
    history(d.path(), true);
    let en = ok(run(d.path(), &["summary"])).stdout;
    assert!(
        en.starts_with("# Lookout summary: the last 7 days\n"),
        "{en}"
    );
    assert!(
        en.contains("| Monitor | Uptime | Incidents | Downtime | MTTR |"),
        "{en}"
    );
    assert!(en.contains("## Incidents (2)"), "{en}");
    assert!(en.contains("| 3m 12s | api is DOWN |"), "{en}");
    assert!(en.contains("- MTTR (mean time to resolve): 3m 12s"), "{en}");
    let one = ok(run(d.path(), &["summary", "--days", "1"])).stdout;
    assert!(
        one.starts_with("# Lookout summary: the last 1 day\n"),
        "{one}"
    );

    let zh = ok(in_lang(d.path(), &["summary"], ZH)).stdout;
    assert!(zh.starts_with("# Lookout 摘要：最近 7 天\n"), "{zh}");
    assert!(zh.contains(" UTC 至 "), "{zh}");
    assert!(
        zh.contains("| 监控 | 可用率 | 事件数 | 停机时长 | MTTR |"),
        "{zh}"
    );
    assert!(zh.contains("## 事件（2）"), "{zh}");
    assert!(zh.contains("| 严重 | 已解决 |"), "{zh}");
    assert!(zh.contains("| 3分钟12秒 | api 状态：故障 |"), "{zh}");
    assert!(zh.contains("- MTTR（平均解决时间）：3分钟12秒"), "{zh}");

    let r = in_lang(d.path(), &["summary", "--days", "0"], ZH);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(error_lines(&r.stderr)[0].starts_with("error: days: 必须在 1 到 "));
}

/// Every JSON the CLI prints, byte for byte the same in both languages, chosen either way.
#[test]
fn json_and_exit_codes_never_change_with_the_language() {
    let d = tmp();
    history(d.path(), false);
    let window = [
        "--monitor",
        "web",
        "--start",
        "2030-01-06T02:00:00Z",
        "--duration",
        "1h",
    ];
    ok(run(
        d.path(),
        &[&["maintenance", "add"][..], &window].concat(),
    ));
    let commands: [&[&str]; 9] = [
        &["status", "--json"],
        &["incidents", "--json"],
        &["report", "1", "--format", "json"],
        &["monitors", "list", "--json"],
        &["maintenance", "list", "--json"],
        &["channels", "list", "--json"],
        &["export"],
        &["summary", "--format", "json"],
        &["report", "999", "--format", "json"],
    ];
    let answers = |env: &[(&str, Option<&str>)]| -> Vec<(i32, String)> {
        commands
            .iter()
            .map(|args| {
                let r = run_env(d.path(), args, env);
                let mut out = r.stdout;
                if args[0] == "summary" {
                    // The period ends now: only its bounds may differ from one run to the next.
                    let mut v: Value = serde_json::from_str(&out).unwrap();
                    v["from"] = Value::Null;
                    v["to"] = Value::Null;
                    out = v.to_string();
                }
                (r.code, out)
            })
            .collect()
    };
    let english = answers(&lang(EN));
    assert_eq!(english[0].0, 0, "every monitor UP: {:?}", english[0]);
    assert_eq!(english[8].0, 1, "{:?}", english[8]);
    assert_eq!(answers(&lang(ZH)), english);
    assert_eq!(answers(&[("LC_ALL", Some(ZH))]), english);
    ok(run(d.path(), &["settings", "set", "language", "zh-CN"]));
    assert_eq!(answers(&lang(EN)), english);
    let settings_json = |locale| ok(in_lang(d.path(), &["settings", "list", "--json"], locale));
    assert_eq!(settings_json(EN).stdout, settings_json(ZH).stdout);
}

/// What the core words inside a JSON answer (a validation error, a broken monitor's reason,
/// why a stored setting is ignored) is English too, whatever the language.
#[test]
fn words_inside_json_are_the_same_in_every_language() {
    let d = tmp();
    history(d.path(), false);
    // As a hand edit might leave them: a monitor that no longer validates, a language that
    // Lookout does not speak.
    let db = rusqlite::Connection::open(d.path().join("lookout.db")).unwrap();
    db.execute_batch(
        "UPDATE monitors SET spec = '{\"name\":\"web\",\"target\":\"tcp://127.0.0.1:9\",\"timeout\":\"99h\"}' WHERE name = 'web';
         INSERT INTO settings (key, value) VALUES ('language', 'fr');",
    )
    .unwrap();
    drop(db);
    let commands: [&[&str]; 3] = [
        &["check", "http://127.0.0.1:9/", "--timeout", "99h", "--json"],
        &["monitors", "list", "--json"],
        &["settings", "list", "--json"],
    ];
    for args in commands {
        let (en, zh) = (in_lang(d.path(), args, EN), in_lang(d.path(), args, ZH));
        assert_eq!((en.code, &en.stdout), (zh.code, &zh.stdout), "{args:?}");
        assert!(en.stdout.contains("must be"), "{args:?}: {}", en.stdout);
    }
    // The ignored setting leaves the OS locale's language; people still read theirs.
    assert_chinese_status_words(&in_lang(d.path(), &["status"], ZH));
    let r = in_lang(
        d.path(),
        &["check", "http://127.0.0.1:9/", "--timeout", "99h"],
        ZH,
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        !error_lines(&r.stderr)[0].contains("must be"),
        "{}",
        r.stderr
    );
}

fn assert_chinese_status_words(r: &Run) {
    assert!(r.stdout.starts_with("总体状态："), "{}", r.stdout);
}

#[test]
fn a_damaged_database_does_not_stop_the_command_and_the_os_locale_decides() {
    let d = tmp();
    std::fs::write(d.path().join("lookout.db"), vec![0x5au8; 8192]).unwrap();
    let r = in_lang(d.path(), &["status"], ZH);
    assert_eq!(r.code, 3, "UNKNOWN, as in English: {}", r.stderr);
    assert!(r.stderr.contains("hint: 如要重新开始"), "{}", r.stderr);
    let r = in_lang(d.path(), &["incidents"], EN);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("hint: To start fresh"), "{}", r.stderr);
    assert_eq!(
        std::fs::read(d.path().join("lookout.db")).unwrap(),
        vec![0x5au8; 8192],
        "reading the language changed nothing"
    );
}
