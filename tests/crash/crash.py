"""Crash harness: `lookout run` killed with SIGKILL at random moments, and what survives.

Local HTTP servers on 127.0.0.1 go up and down at random (200 / 500, connections closed
without an answer, the listening socket closed so connections are refused). 50 monitors
watch them every second, DOWN rule with failure threshold 1 and `create_incident`. Each
cycle starts `lookout run` on the same data dir, reads its JSON event lines for a random
1.5-5 s, kills it with SIGKILL (at a random time, or right after a chosen event line), and
then, with the engine dead, opens the database read-only and checks:

- `PRAGMA integrity_check` is `ok`;
- at most one open incident per monitor and rule;
- every `incident_opened` printed so far (this run and earlier ones) is in the database with
  its monitor and start, and every `incident_resolved` has its incident resolved there
  (a "lost transition" otherwise);
- no alert transition was announced twice, within a run or across restarts. One transition
  of a rule is identified by (monitor_id, rule, kind, since): `since` is the first failing
  check of the streak, which a restarted engine takes back from the open incident's
  `started_ms`, so times are compared in whole milliseconds as the database keeps them.
  `incident_opened` / `incident_resolved` announced twice for one incident id count too.

Python 3 standard library only. Exit 0 when every count is 0, 1 when any is not, 2 when the
harness itself could not run (the binary missing, no transition seen at all, ...).

    tests/crash/run.sh                      # 30 cycles (what CI runs)
    tests/crash/run.sh --cycles 200         # the bench
    tests/crash/run.sh --seed 1234          # the same choices again
    LOOKOUT_CLI_BIN=/usr/bin/lookout tests/crash/run.sh

The seed fixes every random choice the harness makes (the servers' failure modes and toggle
times, each run's length and kill moment); what the engine does in between depends on the
machine's timing, so a seed makes a failure likely to come back, not certain.
"""

import argparse
import calendar
import collections
import http.server
import json
import os
import queue
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

MONITORS = 50
SERVERS = 10
# Which flap cap each monitor has, by monitor index modulo 3. `1000` never caps within a
# run, so every outage opens and resolves its own incident; `4` is the default cap; `2`
# folds a flapping service's outages into one open incident after one outage.
FLAP_GROUPS = [("nocap", 1000), ("cap4", None), ("cap2", 2)]
ALERT_EVENTS = ("alert_triggered", "alert_resolved")
INCIDENT_EVENTS = ("incident_opened", "incident_resolved")
# A kill right after one of these lines lands in the moment between the announcement and
# whatever the engine writes next.
KILL_AFTER = ("alert_triggered", "alert_resolved", "incident_opened", "incident_resolved",
              "status_changed")


def log(msg):
    print(f"[crash {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------------------------------
# Servers that go up and down


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (the standard library's name)
        flaky = self.server.flaky
        if flaky.up:
            code = 200
        elif flaky.mode == "drop":
            # Close without a word: the client sees the connection reset or an empty reply.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        else:
            code = 500
        body = b"ok\n" if code == 200 else b"failing\n"
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FlakyServer:
    """One HTTP server on 127.0.0.1. `mode` says how it is down: `status` answers 500, `drop`
    closes connections unanswered, `refuse` closes its listening socket."""

    def __init__(self, mode):
        self.mode = mode
        self.up = True
        self.lock = threading.Lock()
        self.httpd = None
        self.thread = None
        self.port = None
        self._listen()

    def _listen(self):
        port = self.port or 0
        for _ in range(100):
            try:
                httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
                break
            except OSError:
                time.sleep(0.05)  # the old socket is still being torn down
        else:
            raise RuntimeError(f"cannot listen on 127.0.0.1:{port} again")
        httpd.daemon_threads = True
        httpd.flaky = self
        self.httpd = httpd
        self.port = httpd.server_address[1]
        self.thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def _close(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def set_up(self, up):
        with self.lock:
            if up == self.up:
                return
            self.up = up
            if self.mode == "refuse":
                if up:
                    self._listen()
                else:
                    self._close()

    def stop(self):
        with self.lock:
            self._close()


class Toggler(threading.Thread):
    """Flips each server up or down every 1-3 s (its own random stream, from the seed)."""

    def __init__(self, servers, rng):
        super().__init__(daemon=True)
        self.servers = servers
        self.rng = rng
        self.stopping = threading.Event()
        self.toggles = 0

    def run(self):
        now = time.monotonic()
        due = [now + self.rng.uniform(1.0, 3.0) for _ in self.servers]
        while not self.stopping.wait(0.02):
            now = time.monotonic()
            for i, s in enumerate(self.servers):
                if now >= due[i]:
                    s.set_up(not s.up)
                    self.toggles += 1
                    due[i] = now + self.rng.uniform(1.0, 3.0)


# ---------------------------------------------------------------------------------------
# The engine


def lookout_cmd(binary, data_dir, *args):
    return [binary, "--data-dir", data_dir, *args]


def clean_env():
    env = dict(os.environ)
    env.pop("LOOKOUT_DATA_DIR", None)
    env.pop("RUST_LOG", None)
    return env


def cli(binary, data_dir, *args):
    r = subprocess.run(lookout_cmd(binary, data_dir, *args), env=clean_env(), capture_output=True,
                       text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"lookout {' '.join(args)} exited {r.returncode}:\n{r.stderr}")
    return r.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def monitor_file(servers, path):
    monitors = []
    for i in range(MONITORS):
        group, cap = FLAP_GROUPS[i % len(FLAP_GROUPS)]
        server = servers[i % len(servers)]
        m = {
            "name": f"svc-{i:02d}-{group}",
            "target": f"http://127.0.0.1:{server.port}/m{i}",
            "interval": "1s",
            "timeout": "500ms",
            "alerts": {
                "down": {"failure_threshold": 1, "success_threshold": 1,
                         "severity": "critical", "create_incident": True, "active": True},
            },
        }
        if cap is not None:
            m["flap_max"] = cap
        monitors.append(m)
    with open(path, "w") as f:
        json.dump({"monitors": monitors}, f, indent=1)


def group_of(name):
    return name.rsplit("-", 1)[-1] if name else "?"


class Reader(threading.Thread):
    """Reads the engine's stdout line by line into a queue, as (monotonic time, raw line)."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe = pipe
        self.lines = queue.Queue()

    def run(self):
        for raw in iter(self.pipe.readline, b""):
            self.lines.put((time.monotonic(), raw))
        self.lines.put(None)


TIME_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$")


def to_ms(text):
    """An RFC 3339 time as whole milliseconds since the epoch, rounded down like the store."""
    m = TIME_RE.match(text or "")
    if not m:
        raise ValueError(f"not an RFC 3339 time: {text!r}")
    y, mo, d, h, mi, s, frac, tz = m.groups()
    secs = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s), 0, 0, 0))
    if tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    ms = int(((frac or "") + "000")[:3])
    return secs * 1000 + ms


def run_cycle(args, n, binary, data_dir, rng, work):
    """Starts `lookout run`, reads, kills. Returns (events printed, how it was killed,
    seconds it ran, problem or None)."""
    duration = rng.uniform(args.min_run, args.max_run)
    # Half the kills at a random time; the other half right after a chosen kind of line (the
    # first one after 1.5 s), with the random time as a fallback.
    kill_on = rng.choice(KILL_AFTER) if rng.random() < 0.5 else None
    stderr_path = os.path.join(work, f"stderr-{n:03d}.log")
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen(
            lookout_cmd(binary, data_dir, "run", "--push-port", str(args.push_port)),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=clean_env())
    reader = Reader(proc.stdout)
    reader.start()
    start = time.monotonic()
    deadline = start + duration
    events, raw_lines = [], []
    how = f"timer {duration:.2f}s"
    problem = None
    ended = False

    def take(item):
        nonlocal ended
        if item is None:
            ended = True
            return None
        t, raw = item
        raw_lines.append(raw)
        if not raw.endswith(b"\n"):
            return None  # cut off by the kill: never printed whole
        try:
            ev = json.loads(raw)
        except ValueError:
            return None
        ev["_cycle"] = n
        ev["_t"] = round(t - start, 3)
        events.append(ev)
        return ev

    while not ended:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            item = reader.lines.get(timeout=min(left, 0.05))
        except queue.Empty:
            continue
        ev = take(item)
        if (ev is not None and kill_on is not None and ev.get("event") == kill_on
                and ev["_t"] >= args.min_run):
            how = f"after {kill_on} at {ev['_t']:.2f}s"
            break
    ran = time.monotonic() - start
    if proc.poll() is not None:
        problem = f"lookout run exited by itself with {proc.returncode} after {ran:.1f}s"
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    # Lines already in the pipe were printed before the kill: they count.
    while not ended:
        try:
            take(reader.lines.get(timeout=5))
        except queue.Empty:
            break
    reader.join(timeout=5)
    proc.stdout.close()
    with open(os.path.join(work, f"events-{n:03d}.jsonl"), "wb") as f:
        f.writelines(raw_lines)
    if problem:
        with open(stderr_path, "rb") as f:
            problem += "\n" + f.read().decode(errors="replace")[-2000:]
    return events, how, ran, problem


# ---------------------------------------------------------------------------------------
# The checks


class Ledger:
    """Everything printed so far, across runs, and the counts of what went wrong."""

    def __init__(self):
        self.opened = {}  # incident id -> incident_opened event
        self.resolved = {}  # incident id -> incident_resolved event
        self.alerts = {}  # (monitor_id, rule, kind, since_ms) -> first event
        self.counts = collections.Counter()
        self.failures = []  # (cycle, text)
        self.dup_groups = collections.Counter()
        self.dup_causes = collections.Counter()
        self.pending = []  # duplicate alerts of this cycle: (cycle, event, first event)
        self.alerted = set()  # incidents some alert_triggered named
        self.ever_opened = set()  # incidents some incident_opened named

    def fail(self, cycle, what, text):
        self.counts[what] += 1
        self.failures.append((cycle, what, text))
        log(f"cycle {cycle}: {what}: {text}")

    def take(self, n, events):
        for ev in events:
            kind = ev.get("event")
            if kind in ALERT_EVENTS:
                self.counts["transitions"] += 1
                self.counts[kind] += 1
                if kind == "alert_triggered" and ev.get("incident") is not None:
                    self.alerted.add(ev["incident"])
                key = (ev["monitor_id"], ev["rule"], kind, to_ms(ev["since"]))
                first = self.alerts.get(key)
                if first is None:
                    self.alerts[key] = ev
                else:
                    # Failed in check_db, which can say from the incident's timeline why.
                    self.pending.append((n, ev, first))
            elif kind in INCIDENT_EVENTS:
                self.counts["transitions"] += 1
                self.counts[kind] += 1
                book = self.opened if kind == "incident_opened" else self.resolved
                first = book.get(ev["incident"])
                if kind == "incident_opened":
                    self.ever_opened.add(ev["incident"])
                if first is None:
                    book[ev["incident"]] = ev
                else:
                    self.dup_groups[group_of(ev.get("monitor"))] += 1
                    self.fail(n, "duplicate alerts",
                              f"{kind} for incident {ev['incident']} ({ev['monitor']}) announced "
                              f"again: first in cycle {first['_cycle']} at {first['_t']}s, now in "
                              f"cycle {n} at {ev['_t']}s")

    def duplicate(self, conn, n, ev, first):
        """Fails a duplicate alert, with what the incident's timeline says about why."""
        cause = "other"
        if conn is not None and ev["event"] == "alert_resolved" and first.get("incident") is not None:
            kinds = [r[0] for r in conn.execute(
                "SELECT kind FROM incident_events WHERE incident_id = ?1 AND at_ms = ?2",
                (first["incident"], to_ms(first["at"])))]
            if "flapping" in kinds:
                cause = ("the flap cap kept the incident open at the first recovery; the "
                         "restarted engine took it for an outage in progress")
            elif "resolved" not in kinds:
                cause = ("the first alert_resolved was announced before anything of the "
                         "recovery was committed to its incident (neither its resolution nor a "
                         "flapping note), and the kill came in between")
        self.dup_groups[group_of(ev.get("monitor"))] += 1
        self.dup_causes[cause] += 1
        self.fail(n, "duplicate alerts",
                  f"{ev['event']} {ev['monitor']} rule {ev['rule']} since {ev['since']} "
                  f"(incident {ev.get('incident')}) announced again, first in cycle "
                  f"{first['_cycle']} at {first['_t']}s: {strip(first)}, now in cycle {n} at "
                  f"{ev['_t']}s: {strip(ev)}; cause: {cause}")

    def check_db(self, n, db_path):
        uri = "file:" + db_path + "?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=10)
        except sqlite3.Error as e:
            self.fail(n, "integrity failures", f"cannot open {db_path} read-only: {e}")
            return
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                self.fail(n, "integrity failures", "; ".join(map(str, rows[:10])))
                return
            for mid, rule, count, ids in conn.execute(
                    "SELECT monitor_id, rule, count(*), group_concat(id) FROM incidents "
                    "WHERE resolved_ms IS NULL GROUP BY monitor_id, rule HAVING count(*) > 1"):
                self.fail(n, "duplicate open incidents",
                          f"monitor {mid} rule {rule}: {count} open incidents ({ids})")
            stored = {r[0]: r[1:] for r in conn.execute(
                "SELECT id, monitor_id, rule, started_ms, resolved_ms FROM incidents")}
            for cycle, ev, first in self.pending:
                self.duplicate(conn, cycle, ev, first)
            self.pending = []
        except sqlite3.Error as e:
            self.fail(n, "integrity failures", f"reading {db_path}: {e}")
            return
        finally:
            conn.close()
        for iid, ev in self.opened.items():
            row = stored.get(iid)
            if row is None:
                self.fail(n, "lost transitions",
                          f"incident_opened {iid} ({ev['monitor']}, cycle {ev['_cycle']}) is not "
                          f"in the database")
            elif (row[0], row[2]) != (ev["monitor_id"], to_ms(ev["started_at"])):
                self.fail(n, "lost transitions",
                          f"incident_opened {iid} ({ev['monitor']} from {ev['started_at']}, cycle "
                          f"{ev['_cycle']}) is another incident in the database: monitor {row[0]}, "
                          f"started_ms {row[2]}")
        for iid, ev in self.resolved.items():
            row = stored.get(iid)
            if row is None or row[3] is None:
                self.fail(n, "lost transitions",
                          f"incident_resolved {iid} ({ev['monitor']}, cycle {ev['_cycle']}) is "
                          f"{'not in the database' if row is None else 'open in the database'}")
        # Reported once: a lost transition stays lost in every later cycle.
        self.opened = {i: e for i, e in self.opened.items() if stored.get(i)
                       and (stored[i][0], stored[i][2]) == (e["monitor_id"], to_ms(e["started_at"]))}
        self.resolved = {i: e for i, e in self.resolved.items()
                         if stored.get(i) and stored[i][3] is not None}
        self.stored_incidents = len(stored)


def strip(ev):
    return {k: v for k, v in ev.items() if not k.startswith("_") and k not in ("reason", "title")}


# ---------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cycles", type=int, default=30, help="kill cycles (CI 30, bench 200)")
    p.add_argument("--seed", type=int, default=None, help="for reproducing (default: random, printed)")
    p.add_argument("--bin", default=os.environ.get("LOOKOUT_CLI_BIN"),
                   help="the lookout binary (default $LOOKOUT_CLI_BIN, else target/debug/lookout)")
    p.add_argument("--min-run", type=float, default=1.5)
    p.add_argument("--max-run", type=float, default=5.0)
    p.add_argument("--keep", action="store_true", help="keep the work directory even when all is well")
    args = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = args.bin or os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.join(root, "target"),
                                      "debug", "lookout")
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"crash: no lookout binary at {binary} (build it, or set LOOKOUT_CLI_BIN)", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    rng = random.Random(seed)
    log(f"seed {seed}, {args.cycles} cycles, binary {binary}")

    work = tempfile.mkdtemp(prefix="lookout-crash-")
    data_dir = os.path.join(work, "data")
    db_path = os.path.join(data_dir, "lookout.db")
    modes = ["status", "drop", "refuse"]
    servers = [FlakyServer(modes[i % len(modes)]) for i in range(SERVERS)]
    toggler = Toggler(servers, random.Random(rng.randrange(2**31)))
    ledger = Ledger()
    kills = collections.Counter()
    engine_failures = 0
    t0 = time.monotonic()
    try:
        path = os.path.join(work, "monitors.json")
        monitor_file(servers, path)
        cli(binary, data_dir, "import", path)
        listed = json.loads(cli(binary, data_dir, "monitors", "list", "--json"))
        count = len(listed["monitors"] if isinstance(listed, dict) else listed)
        if count != MONITORS:
            print(f"crash: {count} monitors after the import, expected {MONITORS}", file=sys.stderr)
            return 2
        args.push_port = free_port()
        toggler.start()
        for n in range(1, args.cycles + 1):
            events, how, ran, problem = run_cycle(args, n, binary, data_dir, rng, work)
            kills["on event" if how.startswith("after") else "on timer"] += 1
            if problem:
                engine_failures += 1
                ledger.fail(n, "engine failures", problem)
            ledger.take(n, events)
            ledger.check_db(n, db_path)
            shown = collections.Counter(e.get("event") for e in events)
            log(f"cycle {n}/{args.cycles}: killed {how}; "
                + ", ".join(f"{k} {shown[k]}" for k in (*INCIDENT_EVENTS, *ALERT_EVENTS)))
        for cycle, ev, first in ledger.pending:  # left by a database that could not be read
            ledger.duplicate(None, cycle, ev, first)
    finally:
        toggler.stopping.set()
        toggler.join(timeout=5)
        for s in servers:
            s.stop()

    c = ledger.counts
    figures = [
        ("cycles", args.cycles),
        ("integrity failures", c["integrity failures"]),
        ("duplicate open incidents", c["duplicate open incidents"]),
        ("lost transitions", c["lost transitions"]),
        ("duplicate alerts", c["duplicate alerts"]),
        ("engine failures", c["engine failures"]),
        ("transitions seen", c["transitions"]),
    ]
    print()
    print(f"crash harness: seed {seed}, {time.monotonic() - t0:.0f} s, binary {binary}")
    for name, value in figures:
        print(f"  {name:26} {value}")
    print(f"  ({c['incident_opened']} incident_opened, {c['incident_resolved']} incident_resolved, "
          f"{c['alert_triggered']} alert_triggered, {c['alert_resolved']} alert_resolved; "
          f"{getattr(ledger, 'stored_incidents', 0)} incidents stored; {toggler.toggles} server "
          f"toggles; kills: {kills['on timer']} on a timer, {kills['on event']} right after a line)")
    unalerted = sorted(ledger.ever_opened - ledger.alerted)
    if unalerted:
        # Not one of the checks above (the flap cap may hold an alert on purpose), but worth
        # seeing: an incident announced whose DOWN alert never went out, in any later run.
        print(f"  (not a check: {len(unalerted)} incident(s) announced opened whose "
              f"alert_triggered never came, in that run or a later one: "
              f"{', '.join(map(str, unalerted[:10]))}{' ...' if len(unalerted) > 10 else ''})")
    if ledger.dup_groups:
        print("  duplicate alerts by flap cap group: "
              + ", ".join(f"{g} {k}" for g, k in sorted(ledger.dup_groups.items())))
        for cause, k in ledger.dup_causes.most_common():
            print(f"  {k} duplicate alert(s): {cause}")
    bad = sum(v for k, v in figures if k not in ("cycles", "transitions seen"))
    if bad:
        print(f"FAILED: seed {seed}; the runs' event lines and logs are in {work}")
        return 1
    if c["incident_opened"] == 0 or c["incident_resolved"] == 0:
        print(f"crash: no incident opened and resolved: the harness tested nothing ({work})")
        return 2
    if args.keep:
        print(f"work directory kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
