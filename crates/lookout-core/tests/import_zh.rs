//! What an import could not carry over, said in the reader's language: the same files plan the
//! same monitors, only the words of the skip reasons, the notes and the shape errors change;
//! English stays byte for byte what `--dry-run`, scripts and the dashboard have always read.
//!
//! Real sample files (tests/fixtures/), planned on this thread, where `with_lang` is in force.

use lookout_core::i18n::{with_lang, Lang};
use lookout_core::import::consent::describe;
use lookout_core::import::{import, Format, ImportPlan, Skipped};
use lookout_core::model::ActionKind;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn plan_in(lang: Lang, name: &str) -> ImportPlan {
    with_lang(lang, || import(&fixture(name), None).unwrap())
}

fn reasons(list: &[Skipped], name: &str) -> Vec<String> {
    list.iter()
        .filter(|s| s.name == name)
        .map(|s| s.reason.clone())
        .collect()
}

#[test]
fn skip_reasons_and_notes_read_in_chinese() {
    let kuma = plan_in(Lang::ZhCn, "uptime-kuma-backup.json");
    assert_eq!(
        reasons(&kuma.skipped, "Containers"),
        ["Uptime Kuma 的“docker”监控在 Lookout 中没有对应项"]
    );
    assert_eq!(
        reasons(&kuma.skipped, "Maintenance mode"),
        ["反转模式（检查失败时为正常）在 Lookout 中没有对应项"]
    );
    assert_eq!(
        reasons(&kuma.unmapped, "Slow timeout"),
        ["超时 48s 长于检查间隔；改用 20s"]
    );

    let gatus = plan_in(Lang::ZhCn, "gatus.yaml");
    assert_eq!(
        reasons(&gatus.skipped, "mail"),
        ["starttls:// 端点在 Lookout 中没有对应项"]
    );
    assert_eq!(
        reasons(&gatus.unmapped, "core/website"),
        ["告警渠道（slack）未导入；Lookout 在桌面上通知"]
    );
    // The condition's own error is the condition module's, already in Chinese.
    let api = reasons(&gatus.unmapped, "api");
    assert!(
        api.iter().any(|r| r.starts_with("条件“[DOMAIN_EXPIRATION] > 720h”：")
            && r.ends_with("；已略去")),
        "{api:?}"
    );

    let kener = plan_in(Lang::ZhCn, "kener-v2.yaml");
    assert_eq!(
        reasons(&kener.skipped, "Status Only"),
        ["没有 api、ping、tcp 或 dns 块（其状态由手动或 API 设置）"]
    );
    assert_eq!(
        reasons(&kener.unmapped, "Weekly"),
        ["cron“0 9 * * 1”不是固定间隔；改为每分钟检查一次"]
    );
    let google = reasons(&kener.unmapped, "Google Search");
    assert!(
        google.contains(
            &"请求头中使用了 $VARIABLES，Kener 会从其环境中填入；Lookout 按原样发送".into()
        ),
        "{google:?}"
    );

    let v4 = plan_in(Lang::ZhCn, "kener-v4.json");
    assert_eq!(
        reasons(&v4.skipped, "Everything"),
        ["分组监控在 Lookout 中没有对应项"]
    );
}

#[test]
fn english_reasons_and_notes_are_unchanged() {
    let kuma = plan_in(Lang::En, "uptime-kuma-backup.json");
    assert_eq!(
        reasons(&kuma.skipped, "Containers"),
        ["Uptime Kuma's \"docker\" monitor has no Lookout equivalent"]
    );
    assert_eq!(
        reasons(&kuma.unmapped, "Slow timeout"),
        ["timeout 48s is longer than the interval; using 20s"]
    );
    let gatus = plan_in(Lang::En, "gatus.yaml");
    assert_eq!(
        reasons(&gatus.skipped, "ext-ep-test"),
        ["external endpoints are pushed to; add it as a push:// monitor in Lookout"]
    );
    assert_eq!(
        reasons(&gatus.unmapped, "core/website"),
        ["alert providers (slack) are not imported; Lookout notifies on the desktop"]
    );
    let kener = plan_in(Lang::En, "kener-v2.yaml");
    assert_eq!(
        reasons(&kener.unmapped, "Google Search"),
        [
            "alerts.DOWN.triggers: Kener's triggers are not imported; Lookout notifies on the desktop",
            "a header uses $VARIABLES that Kener fills from its environment; Lookout sends them as written",
            "eval: Kener's JavaScript evaluation cannot run in Lookout; status 200-399 counts as UP (add conditions to check the body)",
        ]
    );
    assert_eq!(
        reasons(&kener.unmapped, "Weekly"),
        ["cron \"0 9 * * 1\" is not a fixed interval; checking every minute instead"]
    );
}

#[test]
fn only_the_words_change_between_languages() {
    for file in [
        "uptime-kuma-backup.json",
        "gatus.yaml",
        "kener-v2.yaml",
        "kener-v4.json",
    ] {
        let (en, zh) = (plan_in(Lang::En, file), plan_in(Lang::ZhCn, file));
        assert_eq!(en.monitors, zh.monitors, "{file}");
        let names = |l: &[Skipped]| l.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&en.skipped), names(&zh.skipped), "{file}");
        assert_eq!(names(&en.unmapped), names(&zh.unmapped), "{file}");
    }
}

#[test]
fn a_file_of_the_wrong_shape_says_what_was_expected_in_chinese() {
    let zh = with_lang(Lang::ZhCn, || {
        import("monitors: 5\n", Some(Format::Kener))
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        zh,
        "不是预期的 Kener 文件：应为监控列表，或带列表的 \"monitors:\""
    );
    let en = with_lang(Lang::En, || {
        import("{}", Some(Format::UptimeKuma))
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        en,
        "not a Uptime Kuma file as expected: expected \"monitorList\": [...]"
    );
}

#[test]
fn a_recovery_action_to_agree_to_is_described_in_chinese() {
    let run = ActionKind::Run(vec!["systemctl".into(), "restart".into(), "a b".into()]);
    let hook = ActionKind::Webhook("https://hooks.test/x".into());
    with_lang(Lang::ZhCn, || {
        assert_eq!(describe(&run), "运行 systemctl restart 'a b'");
        assert_eq!(
            describe(&hook),
            "将监控的名称和目标 POST 到 https://hooks.test/x"
        );
    });
    with_lang(Lang::En, || {
        assert_eq!(describe(&run), "runs systemctl restart 'a b'");
        assert_eq!(
            describe(&hook),
            "posts the monitor's name and target to https://hooks.test/x"
        );
    });
}
