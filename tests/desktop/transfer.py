"""End-to-end: bringing monitors in and out through the dashboard.

Run by session.sh after damaged.py, in the same Xvfb and private D-Bus session. The app starts on
an empty data directory, as on a first run, and through tauri-driver:

1. The first-run screen's "Import…" opens the Import page; the Uptime Kuma, Kener and Gatus
   sample files (the core's test fixtures, every host turned into 127.0.0.1) are each chosen with the page's file input, previewed
   with the same count `lookout import --dry-run` gives, and imported on confirmation; their
   monitors appear on the dashboard.
2. An invalid file shows its error and imports nothing.
3. A Lookout file dropped on the window (an HTML drop event carrying the file) is previewed with
   its recovery action listed as it would run, and imported with it on confirmation.
4. Export saves what `lookout export` writes, and the file says the same monitors.
5. The footer's Prometheus metrics setting: a taken port refused, a free one served at once.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import tray_probe
from apps import app_pid
from webdriver import Session

BIN = os.environ["LOOKOUT_DESKTOP_BIN"]
CLI = os.environ.get("LOOKOUT_CLI_BIN")
WEBDRIVER_URL = os.environ["WEBDRIVER_URL"]
ARTIFACTS = os.environ["ARTIFACTS"]
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates", "lookout-core", "tests", "fixtures")
SAMPLES = [("uptime-kuma-backup.json", "Uptime Kuma"), ("kener-v2.yaml", "Kener"), ("gatus.yaml", "Gatus")]


def step(msg):
    print(f"[transfer {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def cli(data_dir, *args):
    return subprocess.run([CLI, "--data-dir", data_dir, *args], capture_output=True, text=True, timeout=30)


def dry_run_count(path):
    """How many monitors `lookout import --dry-run` says the file holds."""
    scratch = tempfile.mkdtemp(prefix="lookout-dry-")
    try:
        r = cli(scratch, "import", "--dry-run", path)
        assert r.returncode == 0, r.stderr
        return int(re.match(r"Would import (\d+) monitors?", r.stdout).group(1))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


HOSTS = re.compile(r"(?<=://)[^/:\s\"'?]+|\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|sh|app|co|internal|local|test)\b", re.I)


def loopback_copy(sample, into):
    """The sample with every host and address turned into 127.0.0.1: the imported monitors start
    checking at once, and tests send nothing beyond this machine."""
    with open(os.path.join(FIXTURES, sample)) as f:
        text = HOSTS.sub("127.0.0.1", f.read())
    path = os.path.join(into, sample)
    with open(path, "w") as f:
        f.write(text)
    return path


def names(data_dir):
    r = cli(data_dir, "monitors", "list", "--json")
    assert r.returncode == 0, r.stderr
    return sorted(m["name"] for m in json.loads(r.stdout)["monitors"])


def screenshot(name):
    time.sleep(0.5)  # WebKit paints a moment after the DOM changes.
    subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, name)], check=True)


def main():
    if not CLI:
        raise AssertionError("needs LOOKOUT_CLI_BIN to check what was imported")
    d = tempfile.mkdtemp(prefix="lookout-transfer-")
    scratch = tempfile.mkdtemp(prefix="lookout-transfer-files-")
    caps = {"alwaysMatch": {"tauri:options": {"application": BIN, "args": ["--data-dir", d, "--open-dashboard"]}}}
    s = Session(WEBDRIVER_URL, caps, timeout=90)
    pid = None
    try:
        pid = s.wait_for("the app's process", lambda: app_pid(d), timeout=10)
        s.wait_for("the first-run screen", lambda: s.find_all("button[data-action=import-empty]"), timeout=15)
        s.find("button[data-action=import-empty]").click()
        s.wait_for("the Import page", lambda: s.find_all("#import-file"))

        total = 0
        for sample, tool in SAMPLES:
            path = loopback_copy(sample, scratch)
            want = dry_run_count(path)
            s.find("#import-file").send_keys(path)
            summary = s.wait_for("the preview", lambda: s.find_all("#import-summary") and s.find("#import-summary").text)
            assert summary == f"{sample}: would import {want} monitors from {tool}", summary
            if sample == SAMPLES[0][0]:
                screenshot("import-preview.png")
            s.find("button[data-action=confirm-import]").click()
            s.wait_for("the dashboard after the import", lambda: s.execute("return location.hash") == "#/" and s.find_all("#monitor-rows"))
            notice = s.wait_for("the notice", lambda: s.find("#notice").text)
            assert notice == f"Imported {want} monitors from {tool}.", notice
            total += want
            assert len(names(d)) == total, names(d)
            step(f"{sample}: previewed and imported {want} monitors from {tool}")
            s.find("#nav-import").click()
            s.wait_for("the Import page", lambda: s.find_all("#import-file"))

        bad = os.path.join(scratch, "monitors.json")
        with open(bad, "w") as f:
            f.write('{"monitors": [{"name": "x", "target": ')
        s.find("#import-file").send_keys(bad)
        error = s.wait_for("the file's error", lambda: s.find("#import-error").text)
        assert "line 1" in error, error
        assert not s.find_all("button[data-action=confirm-import]")
        assert len(names(d)) == total
        step(f"an invalid file: {error!r}, nothing imported")

        # A Lookout file dropped on the window: its recovery action is shown as it would run.
        mine = {"monitors": [{"name": "dropped", "target": "tcp://127.0.0.1:9", "interval": "1h", "recovery": [{"run": ["systemctl", "--user", "restart", "x y"]}]}]}
        s.execute(
            "const dt = new DataTransfer();"
            "dt.items.add(new File([arguments[0]], 'mine.json', {type: 'application/json'}));"
            "document.getElementById('view').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
            json.dumps(mine),
        )
        summary = s.wait_for("the dropped file's preview", lambda: s.find_all("#import-summary") and s.find("#import-summary").text)
        assert summary == "mine.json: would import 1 monitor", summary
        consent = s.find("#import-consent li code").text
        assert consent == "runs systemctl --user restart 'x y'", consent
        screenshot("import-drop-consent.png")
        s.find("button[data-action=confirm-import]").click()
        s.wait_for("the dashboard after the drop", lambda: s.execute("return location.hash") == "#/")
        exported = json.loads(cli(d, "export").stdout)
        dropped = next(m for m in exported["monitors"] if m["name"] == "dropped")
        assert dropped["recovery"][0]["run"] == ["systemctl", "--user", "restart", "x y"], dropped
        total += 1
        step(f"a dropped Lookout file: its recovery action shown ({consent!r}) and imported with it")

        s.find("#nav-import").click()
        s.wait_for("the Import page", lambda: s.find_all("#export-monitors"))
        s.find("#export-monitors").click()
        said = s.wait_for("the export's result", lambda: s.find("#export-result").text)
        m = re.match(rf"Saved {total} monitors to (.+\.json)\.$", said)
        assert m, said
        with open(m.group(1)) as f:
            saved = json.load(f)
        assert saved == json.loads(cli(d, "export").stdout), "the dashboard's export is `lookout export`'s"
        step(f"export: {said}")

        # The footer's Prometheus metrics: a taken port is refused with nothing changed, a free
        # one is served at once and kept, as `lookout settings` reads it.
        taken = socket.socket()
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        free = socket.socket()
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
        free.close()
        s.execute("const d = document.getElementById('metrics-setting'); d.open = true; d.dispatchEvent(new Event('toggle'));")
        s.wait_for("the metrics setting", lambda: s.find_all("#metrics-listen"))
        field = s.find("#metrics-listen")
        field.clear()
        field.send_keys(str(taken.getsockname()[1]))
        s.find("#save-metrics-listen").click()
        refused = s.wait_for("the taken port's error", lambda: s.find("#metrics-listen-error").text)
        assert "cannot serve /metrics" in refused, refused
        listed = json.loads(cli(d, "settings", "list", "--json").stdout)["settings"]
        assert [x["value"] for x in listed if x["key"] == "metrics_listen"] == [""], listed
        field.clear()
        field.send_keys(str(port))
        s.find("#save-metrics-listen").click()
        s.wait_for("metrics served", lambda: f"127.0.0.1:{port}" in s.find("#metrics-listen-state").text)
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        assert "lookout_monitor_up" in body, body[:300]
        kept = [x for x in json.loads(cli(d, "settings", "list", "--json").stdout)["settings"] if x["key"] == "metrics_listen"]
        assert kept[0]["value"] == f"127.0.0.1:{port}", kept
        taken.close()
        step(f"metrics setting: a taken port refused ({refused!r}); 127.0.0.1:{port} served at once and kept")

        tray = tray_probe.find(pid)
        if tray:
            tray_probe.click(*tray, "Quit")
    finally:
        try:
            s.quit()
        except Exception:
            pass
        if pid:
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}"):
                time.sleep(0.1)
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    print("transfer: 1 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        import traceback

        traceback.print_exc()
        print(f"transfer FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        print("transfer: 0 passed, 1 failed")
        sys.exit(1)
