"""Measures lookout-desktop (not a test): memory with no window, with the dashboard open and
after it closed, time from launch to tray icon, and the dashboard's first render with 1,000
monitors in the real WebKit. Run through measure.sh, which provides Xvfb, a private D-Bus
session with dunst, and tauri-driver. Prints a Markdown report."""

import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from toggle_server import ToggleServer
from webdriver import Session

BIN = os.environ["LOOKOUT_DESKTOP_BIN"]
CLI = os.environ["LOOKOUT_CLI_BIN"]
WEBDRIVER_URL = os.environ.get("WEBDRIVER_URL")
HERE = os.path.dirname(os.path.abspath(__file__))


def kib(path, key):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def children(pid):
    out = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    if int(f.read().split(")")[-1].split()[1]) == pid:
                        out.append(int(p))
            except OSError:
                pass
    return out


def tree(pid):
    seen = [pid]
    for c in children(pid):
        seen += tree(c)
    return seen


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def mem(pid):
    """(RSS, private memory (Private_Dirty: heap, stacks, relocated library data), PSS of the
    process, PSS of it and its WebKit children, their names) in MiB."""
    rss = kib(f"/proc/{pid}/status", "VmRSS") / 1024
    private = kib(f"/proc/{pid}/smaps_rollup", "Private_Dirty") / 1024
    pss = kib(f"/proc/{pid}/smaps_rollup", "Pss") / 1024
    all_pids = tree(pid)
    total = sum(kib(f"/proc/{p}/smaps_rollup", "Pss") for p in all_pids) / 1024
    return rss, private, pss, total, [comm(p) for p in all_pids[1:]]


class App:
    def __init__(self, data_dir, *args):
        self.t0 = time.monotonic()
        self.tray_at = None
        self.logged_ms = None
        env = dict(os.environ, RUST_LOG="info", NO_COLOR="1")
        self.p = subprocess.Popen([BIN, "--data-dir", data_dir, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stderr:
            if "tray icon ready" in line and self.tray_at is None:
                self.tray_at = time.monotonic()
                for tok in line.split():
                    if "elapsed_ms=" in tok:
                        self.logged_ms = int("".join(ch for ch in tok.split("=")[1] if ch.isdigit()))

    def wait_tray(self, timeout=30):
        deadline = time.monotonic() + timeout
        while self.tray_at is None and time.monotonic() < deadline:
            time.sleep(0.005)
        if self.tray_at is None:
            raise SystemExit("no 'tray icon ready' in the log")
        return (self.tray_at - self.t0) * 1000

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def seed(data_dir, n, port):
    monitors = [{"name": f"svc-{i:04d}", "target": f"http://127.0.0.1:{port}/health?{i}", "interval": "60s"} for i in range(n)]
    path = os.path.join(data_dir, "seed.json")
    with open(path, "w") as f:
        json.dump({"monitors": monitors}, f)
    subprocess.run([CLI, "--data-dir", data_dir, "import", path], check=True, capture_output=True)


def main():
    server = ToggleServer()
    server.start()
    rows = []
    launch_ms, logged_ms = [], []
    for n in (1, 1000):
        d = tempfile.mkdtemp(prefix=f"lookout-measure-{n}-")
        seed(d, n, server.port)
        # Launch to tray, three times; the last run stays up for the memory figures.
        for k in range(3):
            app = App(d)
            launch_ms.append(app.wait_tray()) if n == 1 else None
            logged_ms.append(app.logged_ms) if n == 1 else None
            if k < 2:
                app.stop()
        # Steady state: the start-up pages were given back after 15 s (memory.rs), and every
        # monitor has been checked since.
        time.sleep(75)
        rows.append((f"{n} monitor{'s' if n > 1 else ''}, tray only (never opened a window)", *mem(app.p.pid)))
        app.stop()

        app = App(d, "--open-dashboard")
        app.wait_tray()
        time.sleep(15)
        rows.append((f"{n} monitor{'s' if n > 1 else ''}, dashboard open", *mem(app.p.pid)))
        subprocess.run([sys.executable, os.path.join(HERE, "xclose.py"), "Lookout"], check=True, capture_output=True)
        time.sleep(30)  # past the page-out 15 s after the window closed
        rows.append((f"{n} monitor{'s' if n > 1 else ''}, dashboard closed again", *mem(app.p.pid)))
        app.stop()

    render = None
    if WEBDRIVER_URL:
        caps = {"alwaysMatch": {"tauri:options": {"application": BIN, "args": ["--data-dir", d, "--open-dashboard"]}}}
        s = Session(WEBDRIVER_URL, caps, timeout=90)
        try:
            s.wait_for("dashboard", lambda: s.execute("return document.documentElement.getAttribute('data-ready')") == "true", timeout=30)
            first = float(s.execute("return document.documentElement.getAttribute('data-first-render-ms')"))
            again = [s.execute("const t = performance.now(); window.__lookout.show({name: 'dashboard'}); return performance.now() - t;") for _ in range(5)]
            nrows = s.execute("return document.querySelectorAll('tr.monitor-row').length")
            render = (first, statistics.median(again), nrows)
        finally:
            s.quit()
    server.stop()

    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print(f"Machine: {os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30)} GiB, "
          f"{platform.freedesktop_os_release().get('PRETTY_NAME', 'Linux')}, kernel {platform.release()}, Xvfb, "
          f"binary {BIN} ({os.path.getsize(BIN) / 2**20:.1f} MiB)\n")
    print("| Scenario | Lookout RSS | Lookout private | Lookout PSS | PSS with WebKit children | Processes |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, rss, private, pss, total, kids in rows:
        print(f"| {name} | {rss:.1f} MiB | {private:.1f} MiB | {pss:.1f} MiB | {total:.1f} MiB | lookout-desktop{''.join(' + ' + k for k in kids)} |")
    print()
    print(f"Launch to tray icon (1 monitor, 3 launches): {', '.join(f'{x:.0f}' for x in launch_ms)} ms measured from spawn; "
          f"{', '.join(str(x) for x in logged_ms)} ms as logged from main()")
    if render:
        print(f"\nDashboard with 1,000 monitors in WebKit: first render {render[0]:.0f} ms from the page script's start "
              f"(IPC for the snapshot and incidents included), a re-render of the page {render[1]:.1f} ms (median of 5), {render[2]} rows in the DOM")


if __name__ == "__main__":
    main()
