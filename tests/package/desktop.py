"""The installed lookout-desktop, run by tests/package/run.sh inside Xvfb and a private D-Bus session.

1. Starts it as a desktop environment would: the Exec line of the package's desktop entry, with
   the test's HOME and no data-dir override. Its log must say "tray icon ready", its
   StatusNotifierItem must appear on the session bus with the UP icon for the monitor the CLI
   added to the same default data dir, and the tray's Quit must end it.
2. Starts /usr/bin/lookout-desktop again through tauri-driver and turns "Start Lookout at login"
   on in the dashboard: the autostart entry it writes must start /usr/bin/lookout-desktop (not
   a build tree); turning it off removes the entry.
"""

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

ROOT = os.environ["ROOT"]
sys.path.insert(0, os.path.join(ROOT, "tests", "desktop"))
import tray_probe  # noqa: E402
from webdriver import Session  # noqa: E402

ENTRY = os.environ["LOOKOUT_DESKTOP_ENTRY"]
MONITOR = os.environ["LOOKOUT_MONITOR"]
ARTIFACTS = os.environ["ARTIFACTS"]
HOME = os.environ["HOME"]
ICONS = os.path.join(ROOT, "icons")
INSTALLED = "/usr/bin/lookout-desktop"


def step(msg):
    # On stdout: run.sh sends the session's stderr (dbus-daemon, portals, WebKit) to a log.
    print(f"[package {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def wait_for(what, fn, timeout=20, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = fn()
        if v:
            return v
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def exec_line(path):
    """The command of a desktop entry's Exec key, field codes (%U, %f, ...) dropped."""
    in_entry = False
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                in_entry = line == "[Desktop Entry]"
            elif in_entry and line.startswith("Exec="):
                return [a for a in shlex.split(line[len("Exec=") :]) if not (len(a) == 2 and a.startswith("%"))]
    raise AssertionError(f"{path} has no Exec line")


def exited(proc, timeout):
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def from_desktop_entry():
    argv = exec_line(ENTRY)
    resolved = shutil.which(argv[0])
    assert resolved and os.path.realpath(resolved) == INSTALLED, f"{ENTRY}: Exec={argv} does not start {INSTALLED}"
    step(f"{os.path.basename(ENTRY)}: Exec={' '.join(argv)}")
    log_path = os.path.join(ARTIFACTS, "desktop-from-entry.log")
    with open(log_path, "w") as log:
        app = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "info"})
    try:
        def log_says(text):
            with open(log_path, errors="replace") as f:
                # tracing colours its fields even into a file.
                return text in re.sub(r"\x1b\[[0-9;]*m", "", f.read())

        wait_for("'tray icon ready' in its log", lambda: log_says("tray icon ready") or app.poll() is not None, timeout=30)
        assert app.poll() is None, f"lookout-desktop exited with {app.returncode}; see {log_path}"
        assert log_says("tray icon ready")
        data_dir = os.path.join(HOME, ".local", "share", "lookout")
        assert log_says(f"data_dir={data_dir}"), f"the app did not open the default data dir {data_dir}; see {log_path}"
        tray = wait_for("its StatusNotifierItem on the session bus", lambda: tray_probe.find(app.pid), timeout=15)
        step(f"tray icon ready; StatusNotifierItem {tray[1]} on {tray[0]}")

        def up():
            icon = tray_probe.icon_file(*tray)
            return tray_probe.same_picture(icon, os.path.join(ICONS, "tray-up.png")) and tray_probe.menu_labels(*tray)[0] == f"UP — {MONITOR}"

        wait_for(f"the UP tray icon for {MONITOR}, the CLI's monitor", up, timeout=20)
        step(f"tray: UP icon, menu {tray_probe.menu_labels(*tray)}")
        subprocess.run(["import", "-window", "root", os.path.join(ARTIFACTS, "desktop-tray.png")], check=False)
        tray_probe.click(*tray, "Quit")
        assert exited(app, 10), "the app did not exit within 10 s of Quit"
        assert app.returncode == 0, f"the app exited with {app.returncode} after Quit"
        step("Quit from the tray: the app exited")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def start_at_login():
    autostart = os.path.join(HOME, ".config", "autostart")
    entries = lambda: sorted(os.listdir(autostart)) if os.path.isdir(autostart) else []  # noqa: E731
    assert entries() == [], f"an autostart entry before the test: {entries()}"
    port, native = free_port(), free_port()
    with open(os.path.join(ARTIFACTS, "tauri-driver.log"), "w") as log:
        driver = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native), "--native-driver", shutil.which("WebKitWebDriver")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    s = None
    try:
        wait_for("tauri-driver", lambda: _listening(port))
        caps = {"alwaysMatch": {"tauri:options": {"application": INSTALLED, "args": ["--open-dashboard"]}}}
        s = Session(f"http://127.0.0.1:{port}", caps, timeout=90)
        s.wait_for("the dashboard", lambda: s.execute("return document.documentElement.getAttribute('data-ready')") == "true", timeout=30)
        box = s.find("#start-at-login")
        assert box.prop("checked") is False, "start at login must be off by default"
        box.click()
        s.wait_for("an autostart entry", lambda: entries(), timeout=10)
        [name] = entries()
        argv = exec_line(os.path.join(autostart, name))
        assert argv and argv[0] == INSTALLED, f"the autostart entry {name} starts {argv}, expected {INSTALLED}"
        step(f"start at login on: ~/.config/autostart/{name} has Exec={' '.join(argv)}")
        s.find("#start-at-login").click()
        s.wait_for("the autostart entry to go", lambda: entries() == [], timeout=10)
        step("start at login off: the autostart entry is gone")
        [pid] = running()
        tray = wait_for("its tray icon", lambda: tray_probe.find(pid), timeout=10)
        tray_probe.click(*tray, "Quit")
        wait_for("the app to exit after Quit", lambda: not running(), timeout=10)
    finally:
        if s is not None:
            s.quit()
        for pid in running():
            os.kill(pid, 9)
        driver.terminate()
        if not exited(driver, 10):
            driver.kill()


def running():
    """Pids of the installed lookout-desktop this test started (its HOME), zombies left out."""
    pids = []
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.readlink(f"/proc/{p}/exe") != INSTALLED:
                continue
            with open(f"/proc/{p}/environ", "rb") as f:
                if f"HOME={HOME}".encode() not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{p}/stat") as f:
                if f.read().split(")")[-1].split()[0] != "Z":
                    pids.append(int(p))
        except OSError:
            pass
    return pids


def _listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def main():
    from_desktop_entry()
    start_at_login()


if __name__ == "__main__":
    try:
        main()
    except Exception as e:
        print(f"package desktop test FAILED: {type(e).__name__}: {e}", flush=True)
        sys.exit(1)
