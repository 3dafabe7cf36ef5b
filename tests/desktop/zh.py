"""The desktop app in Simplified Chinese, chosen by the OS locale.

Run by session.sh with LANG/LC_ALL=zh_CN.UTF-8 for the app. A monitor watches an HTTP server
on 127.0.0.1; the test reads the Chinese dashboard and tray, stops the server and reads the
Chinese DOWN notification on D-Bus, then switches to English with the footer's selector and
back to Chinese with `lookout settings set language zh-CN` from a terminal, each without a
restart. Screenshots land in $ARTIFACTS.
"""

import os
import re
import subprocess
import tempfile
import time

import tray_probe
from apps import app_pid
from e2e import parse_notifications
from toggle_server import ToggleServer
from webdriver import Session

BIN = os.environ["LOOKOUT_DESKTOP_BIN"]
CLI = os.environ.get("LOOKOUT_CLI_BIN") or None
WEBDRIVER_URL = os.environ["WEBDRIVER_URL"]
NOTIFY_LOG = os.environ["NOTIFY_LOG"]
ARTIFACTS = os.environ["ARTIFACTS"]
LOCALES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates", "lookout-core", "locales")
NAME = "zh-local"
CJK = re.compile(r"[\u4e00-\u9fff]")


def step(msg):
    print(f"[zh {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def catalogue(lang, file):
    """A catalogue's one-line messages: {id: text}."""
    out = {}
    with open(os.path.join(LOCALES, lang, file), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z][a-z0-9-]*) = (.+)$", line.rstrip("\n"))
            if m:
                out[m.group(1)] = m.group(2)
    return out


def screenshot(name):
    time.sleep(0.5)
    path = os.path.join(ARTIFACTS, name)
    subprocess.run(["import", "-window", "root", path], check=True)
    step(f"screenshot {path}")


def cli(data_dir, *args, lang="zh_CN.UTF-8"):
    env = dict(os.environ, LANG=lang, LC_ALL=lang)
    r = subprocess.run([CLI, "--data-dir", data_dir, *args], capture_output=True, text=True, timeout=20, env=env)
    assert r.returncode == 0, r
    return r.stdout


def main():
    if not CLI:
        raise AssertionError("needs LOOKOUT_CLI_BIN to add the monitor and change the setting")
    assert os.environ.get("LC_ALL", os.environ.get("LANG", "")).startswith("zh_CN"), "run with LANG=zh_CN.UTF-8"
    ui_zh, ui_en = catalogue("zh-CN", "ui.ftl"), catalogue("en", "ui.ftl")
    desk_zh = catalogue("zh-CN", "desktop.ftl")
    # The reason Lookout writes down in English ("connection refused") reads in Chinese.
    refused_zh = catalogue("zh-CN", "reasons.ftl")["reason-refused"]
    os.makedirs(ARTIFACTS, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="lookout-zh-")
    server = ToggleServer()
    server.start()
    cli(data_dir, "monitors", "add", "--name", NAME, "--target", f"http://127.0.0.1:{server.port}/health",
        "--interval", "1s", "--timeout", "1s", "--failure-threshold", "1", "--success-threshold", "1")
    caps = {"alwaysMatch": {"tauri:options": {"application": BIN, "args": ["--data-dir", data_dir, "--open-dashboard"]}}}
    s = Session(WEBDRIVER_URL, caps, timeout=90)
    try:
        s.wait_for("the dashboard to load", lambda: s.execute("return document.documentElement.getAttribute('data-ready')") == "true", timeout=30)
        add = s.find("#add-monitor").text
        assert add == ui_zh["ui-add-monitor"] and CJK.search(add), f"the header button says {add!r}"
        assert s.execute("return document.documentElement.lang") == "zh-CN"

        def row_status():
            return s.execute(
                "const r = [...document.querySelectorAll('tr.monitor-row')]"
                ".find(r => r.querySelector('.name').textContent === arguments[0]);"
                "return r ? [r.getAttribute('data-status'), r.textContent] : null;",
                NAME,
            )

        s.wait_for(f"{NAME} listed UP", lambda: (row_status() or [None])[0] == "UP", timeout=25)
        assert ui_zh["ui-status-up"] in row_status()[1], row_status()
        step(f"dashboard in Chinese: {add!r}, row {row_status()[1]!r}")

        pid = s.wait_for("the app's process", lambda: app_pid(data_dir), timeout=10)
        tray = s.wait_for("the tray icon on the session bus", lambda: tray_probe.find(pid), timeout=10)
        s.wait_for("the tray menu in Chinese", lambda: tray_probe.menu_labels(*tray)[0] == f"正常 — {NAME}", timeout=10)
        assert desk_zh["tray-open-dashboard"] in tray_probe.menu_labels(*tray)
        step(f"tray menu: {tray_probe.menu_labels(*tray)}")

        server.stop()
        summary = f"{NAME} 状态：故障"

        def down_notification():
            with open(NOTIFY_LOG, errors="replace") as f:
                return [n for n in parse_notifications(f.read()) if n["summary"] == summary]

        down = s.wait_for(f"the notification {summary!r}", down_notification, timeout=25)[0]
        assert down["urgency"] == 2 and "自 " in down["body"] and "次检查失败" in down["body"], down
        assert refused_zh in down["body"], down
        step(f"DOWN notification: {down}")
        s.wait_for(f"{NAME} listed DOWN", lambda: (row_status() or [None])[0] == "DOWN")
        assert ui_zh["ui-status-down"] in row_status()[1], row_status()
        assert refused_zh in row_status()[1], row_status()
        s.wait_for("the tray menu says 故障", lambda: tray_probe.menu_labels(*tray)[0] == f"故障 — {NAME}", timeout=10)
        screenshot("zh-down.png")

        # The footer's selector: English at once, page and tray, no restart.
        s.execute(
            "const el = document.getElementById('language'); el.value = 'en';"
            "el.dispatchEvent(new Event('change', {bubbles: true}));"
        )
        s.wait_for("the dashboard in English", lambda: s.find("#add-monitor").text == ui_en["ui-add-monitor"], timeout=5)
        s.wait_for("the tray in English", lambda: tray_probe.menu_labels(*tray)[0] == f"DOWN — {NAME}", timeout=5)
        assert s.execute("return document.documentElement.lang") == "en"
        step("the selector switched the dashboard and the tray to English")
        screenshot("zh-switched-en.png")

        # Another process changes the setting: the running app follows.
        cli(data_dir, "settings", "set", "language", "zh-CN", lang="en_US.UTF-8")
        t0 = time.monotonic()
        s.wait_for("the dashboard back in Chinese", lambda: s.find("#add-monitor").text == ui_zh["ui-add-monitor"], timeout=10)
        s.wait_for("the tray back in Chinese", lambda: tray_probe.menu_labels(*tray)[0] == f"故障 — {NAME}", timeout=5)
        assert s.execute("return document.getElementById('language').value") == "zh-CN"
        step(f"`lookout settings set language zh-CN` reached the app after {time.monotonic() - t0:.2f}s")

        server.start()
        back = f"{NAME} 已恢复正常"
        s.wait_for(f"the notification {back!r}", lambda: [n for n in parse_notifications(open(NOTIFY_LOG, errors='replace').read()) if n["summary"] == back], timeout=25)
        step("recovery notification in Chinese")
        screenshot("zh-up.png")
    except BaseException:
        try:
            screenshot("zh-failure.png")
        except Exception:
            pass
        raise
    finally:
        s.quit()
        if server.httpd:
            server.stop()
    print("zh: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
