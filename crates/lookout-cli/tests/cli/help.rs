//! `--help` in the language in force, decided as for every other command (the `language`
//! setting of the data dir, else the OS locale) but before clap parses; English exactly as it
//! has always been, for the scripts and people who read it.

use crate::common::{run, run_env, Run};
use crate::tmp;

const ZH: &str = "zh_CN.UTF-8";
const EN: &str = "en_US.UTF-8";

fn help(dir: &std::path::Path, args: &[&str], locale: &str) -> Run {
    let r = run_env(dir, args, &[("LANG", Some(locale))]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

fn assert_chinese(r: &Run) {
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Arguments:",
        "Print help",
    ] {
        assert!(!r.stdout.contains(english), "{english}:\n{}", r.stdout);
    }
}

#[test]
fn top_level_help_reads_in_chinese_under_a_chinese_locale() {
    let d = tmp();
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let r = help(d.path(), args, ZH);
        assert!(
            r.stdout
                .starts_with("Lookout：监控你的服务，可无界面运行，也可在脚本中使用\n"),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("\n用法：lookout [OPTIONS] <COMMAND>\n"),
            "{}",
            r.stdout
        );
        assert!(
            r.stdout.contains("  status       所有监控的当前状态"),
            "{}",
            r.stdout
        );
        assert!(r
            .stdout
            .contains("\n选项：\n      --data-dir <DIR>  存放 lookout.db 的数据目录"));
        assert!(r.stdout.contains("  -h, --help            显示帮助\n"));
        assert!(r
            .stdout
            .contains("\n退出码：\n  check、status   遵循 Nagios 插件约定"));
        assert_chinese(&r);
    }
}

#[test]
fn subcommand_help_reads_in_chinese_every_way_it_is_asked_for() {
    let d = tmp();
    let asked = [
        &["monitors", "add", "--help"][..],
        &["help", "monitors", "add"],
        &["monitors", "help", "add"],
    ];
    for args in asked {
        let r = help(d.path(), args, ZH);
        assert!(
            r.stdout
                .starts_with("添加一个监控（先校验；出错时不写入任何内容）\n"),
            "{}",
            r.stdout
        );
        assert!(r
            .stdout
            .contains("用法：lookout monitors add [OPTIONS] --name <NAME> --target <TARGET>"));
        assert!(
            r.stdout
                .contains("      --interval <D>                 两次检查开始之间的间隔，1s 到 24h（默认 60s）\n"),
            "{}",
            r.stdout
        );
        assert_chinese(&r);
    }
    let r = help(d.path(), &["report", "--help"], ZH);
    assert!(
        r.stdout.contains("\n参数：\n  <INCIDENT_ID>\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("- html：独立完整的 HTML 文档"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[默认值：md]"), "{}", r.stdout);
    assert_chinese(&r);
}

#[test]
fn the_language_setting_decides_the_help_whichever_way_the_data_dir_is_given() {
    let d = tmp();
    let r = run(d.path(), &["settings", "set", "language", "zh-CN"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The harness passes `--data-dir DIR` first; `--data-dir=DIR` later must be read too.
    let r = help(d.path(), &["status", "--help"], EN);
    assert!(r.stdout.starts_with("所有监控的当前状态"), "{}", r.stdout);
    let other = tmp();
    let at = format!("--data-dir={}", d.path().display());
    let r = help(other.path(), &["status", &at, "--help"], EN);
    assert!(r.stdout.starts_with("所有监控的当前状态"), "{}", r.stdout);
    let r = run(d.path(), &["settings", "set", "language", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = help(d.path(), &["status", "--help"], ZH);
    assert!(
        r.stdout.starts_with("Current status of every monitor"),
        "{}",
        r.stdout
    );
}

#[test]
fn english_help_is_unchanged() {
    let d = tmp();
    let r = help(d.path(), &["settings", "set", "-h"], EN);
    assert_eq!(
        r.stdout,
        "\
Set KEY to VALUE (validated first; nothing is written on error)

Usage: lookout settings set [OPTIONS] <KEY> <VALUE>

Arguments:
  <KEY>    
  <VALUE>  

Options:
      --data-dir <DIR>  Data directory holding lookout.db (default: $LOOKOUT_DATA_DIR, else ~/.local/share/lookout)
  -h, --help            Print help (see more with '--help')
"
    );
    let r = help(d.path(), &["--help"], EN);
    assert!(r.stdout.starts_with(
        "\
Lookout: watch your services, headless or from scripts

Usage: lookout [OPTIONS] <COMMAND>

Commands:
  check        Probe TARGET once now and print status, latency and reason (exit 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN)
  monitors     Add, list, remove, pause or resume monitors
"
    ));
    assert!(r.stdout.ends_with(
        "  help         Print this message or the help of the given subcommand(s)

Options:
      --data-dir <DIR>  Data directory holding lookout.db (default: $LOOKOUT_DATA_DIR, else ~/.local/share/lookout)
  -h, --help            Print help
  -V, --version         Print version

Exit codes:
  check, status   Nagios plugin convention: 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN
                  (an invalid target, no data, an unreadable or damaged database is UNKNOWN)
  other commands  0 done, 1 not found or a database / runtime failure, 2 invalid input
                  (every problem is printed as `error: FIELD: MESSAGE`, and nothing is written)
"
    ));
    let r = help(d.path(), &["help", "monitors", "add"], EN);
    assert!(
        r.stdout.contains(
            "      --interval <D>                 Start-to-start period, 1s to 24h (default 60s)\n"
        ),
        "{}",
        r.stdout
    );
}

/// clap's own usage errors stay English, and on stderr with exit 2, in every language.
#[test]
fn usage_errors_read_in_the_language_and_keep_clap_exit_code() {
    let d = tmp();
    let r = run_env(d.path(), &["stauts"], &[("LANG", Some(EN))]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r
        .stderr
        .starts_with("error: unrecognized subcommand 'stauts'"));
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let zh = |args: &[&str]| {
        let r = run_env(d.path(), args, &[("LANG", Some(ZH))]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        r.stderr
    };
    let e = zh(&["stauts"]);
    assert!(e.starts_with("error: 无法识别的子命令“stauts”\n"), "{e}");
    assert!(e.contains("提示：相近的有“"), "{e}");
    assert!(e.contains("用法：lookout [OPTIONS] <COMMAND>"), "{e}");
    assert!(e.ends_with("更多信息请试试 '--help'。\n"), "{e}");
    let e = zh(&["status", "--bogus"]);
    assert!(e.starts_with("error: 意外的参数“--bogus”"), "{e}");
    let e = zh(&["monitors", "add", "--name", "x"]);
    assert!(
        e.starts_with("error: 缺少以下必需的参数：--target <TARGET>"),
        "{e}"
    );
    let e = zh(&["report", "1", "--format", "pdf"]);
    assert!(e.contains("的值“pdf”无效 [可选值：md, html, json]"), "{e}");
}
