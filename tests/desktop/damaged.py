"""End-to-end: `lookout-desktop` started on a damaged database.

Run by session.sh after e2e.py, in the same Xvfb and private D-Bus session. With the `lookout`
CLI it makes a real database (20 monitors) and a daily backup of it, then writes noise over the
middle of the database, as a failing disk would. Twice, through tauri-driver:

1. The app shows a window within 2 s of its start that names the file and says it is corrupt,
   listing the backup; "Start fresh" keeps the damaged file aside (renamed, byte for byte),
   starts Lookout on a new database (its tray icon comes up) and the app goes on running.
2. On a second copy, "Restore" on the daily backup brings the 20 monitors back.

And, on a sound database, the dashboard's Backups page restores a daily backup while Lookout
runs: the engine stops, the backup is put in place, and the app starts again by itself.
"""

import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import tray_probe
from apps import app_pid, is_zombie
from webdriver import Session

BIN = os.environ["LOOKOUT_DESKTOP_BIN"]
CLI = os.environ.get("LOOKOUT_CLI_BIN")
WEBDRIVER_URL = os.environ["WEBDRIVER_URL"]
ARTIFACTS = os.environ["ARTIFACTS"]
SHOWN_WITHIN = 2.0


def step(msg):
    print(f"[damaged {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def cli(data_dir, *args):
    return subprocess.run([CLI, "--data-dir", data_dir, *args], capture_output=True, text=True, timeout=30)


def damaged_data_dir():
    """A data dir whose lookout.db has noise over its middle, with a sound daily backup."""
    d = tempfile.mkdtemp(prefix="lookout-damaged-")
    monitors = [{"name": f"m{i:02}", "target": f"tcp://127.0.0.1:{9000 + i}", "interval": "1h"} for i in range(20)]
    spec = os.path.join(d, "monitors.json")
    with open(spec, "w") as f:
        json.dump({"monitors": monitors}, f)
    r = cli(d, "import", spec)
    assert r.returncode == 0, r.stderr
    os.makedirs(os.path.join(d, "backups"))
    backup = os.path.join(d, "backups", "lookout-2026-12-06.db")
    r = cli(d, "backup", backup)
    assert r.returncode == 0, r.stderr
    db = os.path.join(d, "lookout.db")
    size = os.path.getsize(db)
    rng = random.Random(11)
    with open(db, "r+b") as f:
        f.seek(size // 2)
        f.write(bytes(rng.randrange(256) for _ in range(min(16384, size // 3))))
    r = cli(d, "status")
    assert r.returncode == 3, f"lookout status on the damaged file: exit {r.returncode}, {r.stderr}"
    return d, db


def seconds_since_start(pid):
    """How long the process has run, from the kernel's own start time."""
    with open(f"/proc/{pid}/stat") as f:
        start_ticks = int(f.read().split(")")[-1].split()[19])
    with open("/proc/uptime") as f:
        uptime = float(f.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def open_on(data_dir, db):
    caps = {"alwaysMatch": {"tauri:options": {"application": BIN, "args": ["--data-dir", data_dir]}}}
    s = Session(WEBDRIVER_URL, caps, timeout=90)
    pid = s.wait_for("the app's process", lambda: app_pid(data_dir), timeout=10)
    text = s.wait_for(
        "the damaged-database window to say what is wrong",
        lambda: s.execute("return document.getElementById('damaged-error')?.textContent || ''"),
        timeout=10,
        interval=0.05,
    )
    shown_after = seconds_since_start(pid)
    assert db in text and "corrupt" in text, f"the window must name the file and the problem: {text!r}"
    assert shown_after <= SHOWN_WITHIN, f"shown {shown_after:.2f}s after the start (at most {SHOWN_WITHIN}s)"
    step(f"shown {shown_after:.2f}s after the start: {text}")
    return s, pid


def click_later(s, css):
    """Clicks a button whose success closes its window: the click is dispatched after the
    WebDriver command returns, which would otherwise race the window's closing."""
    assert s.find(css).prop("disabled") is False, f"{css} is disabled"
    s.execute("const b = document.querySelector(arguments[0]); setTimeout(() => b.click(), 50);", css)


def wait_running(pid, what):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        tray = tray_probe.find(pid)
        if tray:
            return tray
        assert os.path.exists(f"/proc/{pid}"), f"the app exited after {what}"
        time.sleep(0.2)
    raise AssertionError(f"no tray icon after {what}")


def quit_app(pid, tray):
    tray_probe.click(*tray, "Quit")
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
        time.sleep(0.1)


def start_fresh():
    data_dir, db = damaged_data_dir()
    damaged_bytes = open(db, "rb").read()
    s, pid = open_on(data_dir, db)
    try:
        backups = s.execute("return [...document.querySelectorAll('#backups button')].map(b => b.textContent)")
        assert backups == ["Restore 2026-12-06"], backups
        time.sleep(0.5)  # WebKit paints a moment after the DOM changes.
        subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, "damaged-window.png")], check=True)
        click_later(s, "#start-fresh")
        tray = wait_running(pid, "Start fresh")
        aside = [p for p in glob.glob(os.path.join(data_dir, "lookout.db.damaged-*")) if not p.endswith(("-wal", "-shm"))]
        assert len(aside) == 1, f"the damaged file must be kept aside once: {os.listdir(data_dir)}"
        with open(aside[0], "rb") as f:
            assert f.read() == damaged_bytes, "the damaged file is kept as it was"
        r = cli(data_dir, "monitors", "list", "--json")
        assert r.returncode == 0 and json.loads(r.stdout)["monitors"] == [], r
        step(f"Start fresh: running on a new database, the damaged one kept as {os.path.basename(aside[0])}")
        quit_app(pid, tray)
    finally:
        s.quit()
        shutil.rmtree(data_dir, ignore_errors=True)


def restore():
    data_dir, db = damaged_data_dir()
    s, pid = open_on(data_dir, db)
    try:
        click_later(s, "#backups button")
        tray = wait_running(pid, "Restore")
        r = cli(data_dir, "monitors", "list", "--json")
        assert r.returncode == 0, r.stderr
        names = [m["name"] for m in json.loads(r.stdout)["monitors"]]
        assert names == [f"m{i:02}" for i in range(20)], names
        assert glob.glob(os.path.join(data_dir, "lookout.db.replaced-*")), os.listdir(data_dir)
        step("Restore: the daily backup's 20 monitors are back; the damaged file kept aside")
        quit_app(pid, tray)
    finally:
        s.quit()
        shutil.rmtree(data_dir, ignore_errors=True)


def restore_while_running():
    d = tempfile.mkdtemp(prefix="lookout-restore-")
    try:
        monitors = [{"name": f"m{i:02}", "target": f"tcp://127.0.0.1:{9000 + i}", "interval": "1h"} for i in range(20)]
        spec = os.path.join(d, "monitors.json")
        with open(spec, "w") as f:
            json.dump({"monitors": monitors}, f)
        assert cli(d, "import", spec).returncode == 0
        os.makedirs(os.path.join(d, "backups"))
        r = cli(d, "backup", os.path.join(d, "backups", "lookout-2026-12-06.db"))
        assert r.returncode == 0, r.stderr
        r = cli(d, "monitors", "add", "--name", "added-later", "--target", "tcp://127.0.0.1:9999", "--interval", "1h")
        assert r.returncode == 0, r.stderr
        caps = {"alwaysMatch": {"tauri:options": {"application": BIN, "args": ["--data-dir", d, "--open-dashboard"]}}}
        s = Session(WEBDRIVER_URL, caps, timeout=90)
        try:
            pid = s.wait_for("the app's process", lambda: app_pid(d), timeout=10)
            wait_running(pid, "the start")
            # Ready: the page's words are in (the link is empty, and cannot be clicked, before).
            s.wait_for("the dashboard", lambda: s.execute("return document.documentElement.getAttribute('data-ready')") == "true", timeout=15)
            s.find("#nav-backups").click()
            dates = s.wait_for(
                "the Backups page",
                lambda: s.execute("return [...document.querySelectorAll('tr.backup-row')].map(r => r.dataset.date)"),
                timeout=10,
            )
            assert "2026-12-06" in dates and len(dates) == 2, f"today's (made at start) and the one made here: {dates}"
            s.find("button[data-action=restore][data-date='2026-12-06']").click()
            s.wait_for("the question", lambda: s.find_all("button[data-action=confirm-restore]"))
            time.sleep(0.5)
            subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, "restore-question.png")], check=True)
            click_later(s, "button[data-action=confirm-restore]")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") and not is_zombie(pid):
                time.sleep(0.1)
            assert not os.path.exists(f"/proc/{pid}") or is_zombie(pid), "the app did not stop for the restore"
            new_pid = s.wait_for("Lookout started again", lambda: (p := app_pid(d)) not in (None, pid) and p, timeout=15)
            tray = wait_running(new_pid, "the restart")
            names = [m["name"] for m in json.loads(cli(d, "monitors", "list", "--json").stdout)["monitors"]]
            assert names == [f"m{i:02}" for i in range(20)], f"the backup's monitors, without the one added after: {names}"
            assert glob.glob(os.path.join(d, "lookout.db.replaced-*")), os.listdir(d)
            # The new process opens the dashboard on the Backups page, which takes the outcome the
            # old one left (and removes its file).
            outcome = os.path.join(d, "restore-outcome.json")
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline and os.path.exists(outcome):
                time.sleep(0.1)
            assert not os.path.exists(outcome), "the dashboard did not show the restore's outcome"
            time.sleep(0.5)  # WebKit paints a moment after the DOM changes.
            subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, "restore-done.png")], check=True)
            step("Backups page: restored the 2026-12-06 backup while running; Lookout started again on its 20 monitors")
            quit_app(new_pid, tray)
        finally:
            try:
                s.quit()
            except Exception:
                pass  # the session's app was the process that restarted
    finally:
        shutil.rmtree(d, ignore_errors=True)


def main():
    if not CLI:
        raise AssertionError("needs LOOKOUT_CLI_BIN to make the database it damages")
    start_fresh()
    restore()
    restore_while_running()
    print("damaged: 3 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        import traceback

        traceback.print_exc()
        print(f"damaged FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        print("damaged: 0 passed, 1 failed")
        sys.exit(1)
