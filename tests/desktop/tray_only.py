"""The tray-only app does not load WebKit, and its first window does.

Run by run.sh inside Xvfb and a private D-Bus session. Starts `lookout-desktop` with no window
and checks, from /proc, that neither WebKitGTK nor its JavaScriptCore is mapped into the
process (src-tauri/build/lazy_webkit.rs: the binary loads them when it first calls into them).
Then a second launch hands over to it and its dashboard opens: WebKit is loaded, its web
process runs and the window exists. Exits non-zero on failure.
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from apps import app_pid, webkit_children

BIN = os.environ["LOOKOUT_DESKTOP_BIN"]
WEBKIT_LIBRARIES = ("libwebkit2gtk-4.1", "libjavascriptcoregtk-4.1")


def mapped(pid, names):
    with open(f"/proc/{pid}/maps") as f:
        maps = f.read()
    return [n for n in names if n in maps]


def window_titled(title):
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    return f'"{title}"' in tree


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def exported(prefixes):
    """Symbols the binary defines and exports, named with one of `prefixes`."""
    syms = subprocess.run(["readelf", "--dyn-syms", "-W", BIN], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in syms.splitlines() if line.split() and line.split()[-1].startswith(prefixes) and " UND " not in line]


def main():
    # The binary's own stubs for WebKit's functions must stay hidden: exported, they would take
    # WebKit's internal calls once it is loaded.
    stubs = exported(("webkit_", "jsc_"))
    assert not stubs, f"the binary exports its WebKit stubs: {stubs[:5]}"
    # Nor its bundled SQLite: libsoup and WebKit would bind to it for some functions and to the
    # system's for the others, two copies on one database handle.
    sqlite = exported(("sqlite3_",))
    assert not sqlite, f"the binary exports its SQLite: {sqlite[:5]}"
    data_dir = tempfile.mkdtemp(prefix="lookout-tray-only-")
    app = subprocess.Popen([BIN, "--data-dir", data_dir], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    ready = threading.Event()

    def read():
        for line in app.stderr:
            if "tray icon ready" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_for("'tray icon ready' in the log", ready.is_set, 30)
        time.sleep(2)  # the engine's first rounds and the tray's first menus have run
        assert app.poll() is None, "the app exited"
        loaded = mapped(app.pid, WEBKIT_LIBRARIES)
        assert not loaded, f"with no window open, the process maps {loaded}"
        print("[tray_only] tray icon up, WebKit not mapped", flush=True)

        second = subprocess.run([BIN, "--data-dir", data_dir], timeout=20, capture_output=True)
        assert second.returncode == 0, second
        assert app_pid(data_dir) == app.pid, "the first instance keeps running"
        wait_for("the dashboard's window", lambda: window_titled("Lookout"), 20)
        wait_for("WebKit's web process", lambda: "WebKitWebProces" in webkit_children(app.pid), 20)
        loaded = mapped(app.pid, WEBKIT_LIBRARIES)
        assert loaded == list(WEBKIT_LIBRARIES), f"with the dashboard open, the process maps only {loaded}"
        print("[tray_only] second launch opened the dashboard: WebKit loaded, web process running", flush=True)

        app.send_signal(signal.SIGTERM)
        assert app.wait(10) == 0, "the app did not exit cleanly on SIGTERM"
        print("tray_only: 1 passed, 0 failed", flush=True)
    except BaseException as e:
        print(f"tray_only: FAILED: {e}", file=sys.stderr, flush=True)
        app.kill()
        raise


if __name__ == "__main__":
    main()
