# The `lookout` command's words for people. Scripts read the JSON, the exit codes and the
# `error: ` / `hint: ` / `note: ` prefixes, which never go through here.

## Shared.
# chrono's strftime, in the local time zone: times in tables.
cli-time-format = %Y-%m-%d %H:%M:%S
# Nagios's word for "cannot tell", which `check` and `status` exit 3 for.
cli-status-unknown = UNKNOWN
cli-ms = { $ms } ms
cli-ago = { $duration } ago
cli-col-id = ID
cli-col-name = NAME
cli-col-status = STATUS
cli-col-since = SINCE
cli-col-latency = LATENCY
cli-col-reason = REASON
cli-col-state = STATE
cli-col-severity = SEVERITY
cli-col-monitor = MONITOR
cli-col-monitors = MONITORS
cli-col-started = STARTED
cli-col-duration = DURATION
cli-col-title = TITLE
cli-col-target = TARGET
cli-col-interval = INTERVAL
cli-col-snoozed = SNOOZED
cli-col-thresholds = THRESHOLDS
cli-col-key = KEY
cli-col-value = VALUE
cli-col-source = SOURCE
cli-col-format = FORMAT
cli-col-url = URL
cli-col-result = RESULT
cli-col-channel = CHANNEL
cli-col-detail = DETAIL
cli-col-start = START
cli-col-rrule = RRULE
cli-col-active = ACTIVE
cli-col-next-start = NEXT START
cli-col-time = TIME
cli-col-kind = KIND
cli-col-message = MESSAGE

## Errors and hints (printed after `error: ` and `hint: `).
cli-runtime-failed = cannot start the async runtime: { $error }
cli-stdout-failed = stdout: { $error }
cli-no-data-dir = no data directory: pass --data-dir DIR or set LOOKOUT_DATA_DIR
cli-not-found = { $what } not found
cli-database-error = database { $path }: { $message }
cli-monitor-exists = a monitor named "{ $name }" already exists
cli-monitor-field = monitor "{ $monitor }": { $field }: { $message }
cli-nothing-changed = { $error }; nothing was changed
cli-hint-damaged-kept = Lookout has left { $path } as it is.
cli-hint-damaged-fresh = To start fresh, move it aside with its -wal and -shm files if present (mv { $path } { $path }.damaged; mv { $path }-wal { $path }.damaged-wal; mv { $path }-shm { $path }.damaged-shm) and run the command again: a new, empty database is created.
cli-hint-damaged-backup = To go back to a backup instead, run `lookout restore FILE`; the newest daily backup is { $backup }.
cli-hint-damaged-restore = To go back to a backup instead, run `lookout restore FILE`.

## lookout status, incidents, ack.
cli-status-overall = Overall: { $status }
cli-no-incidents = No incidents.
cli-drill-title = [drill] { $title }
cli-incident-not-found = incident { $id } not found
cli-acknowledged = Acknowledged incident { $id }

## lookout monitors, export.
cli-no-monitor = no monitor named "{ $name }"
cli-monitor-added = Added monitor "{ $name }": { $target } every { $interval }
cli-monitor-push-url = The job calls { $url } when it has run (needs `lookout run` or the desktop app)
cli-monitor-removed = Removed monitor "{ $name }"
cli-monitor-paused = Paused monitor "{ $name }"
cli-monitor-resumed = Resumed monitor "{ $name }"
cli-monitor-resumed-unsnoozed = Resumed monitor "{ $name }" (its snooze is lifted: alerts go out again)
cli-snooze-too-short = must be at least 1s, or `forever`
cli-snooze-too-long = is too long; use `forever` for "until resumed"
cli-snoozed-until-resumed = until resumed
cli-monitor-snoozed = Snoozed monitor "{ $name }" until { $until }: still checked, no alerts
cli-monitor-snoozed-forever = Snoozed monitor "{ $name }" until resumed (`lookout monitors resume NAME`): still checked, no alerts
cli-no-monitors = No monitors. Add one with `lookout monitors add --name NAME --target URL`.
cli-monitor-broken = BROKEN
cli-monitors-broken-note = Broken monitors are not checked: their stored definition no longer validates. Remove one with `lookout monitors remove NAME` and add it again.
cli-monitors-heartbeat-urls = Heartbeat URLs (the job calls its URL when it has run; add ?status=down&msg=... to report a failure):
cli-export-redacted-commands = { $n ->
    [one] the file keeps 1 recovery command (arguments that look like secrets are REDACTED, a bare one cannot be recognised): read them before sharing
   *[other] the file keeps { $n } recovery commands (arguments that look like secrets are REDACTED, a bare one cannot be recognised): read them before sharing
}

## lookout import.
cli-import-would = { $n ->
    [one] Would import 1 monitor (dry run: nothing was written)
   *[other] Would import { $n } monitors (dry run: nothing was written)
}
cli-import-would-from = { $n ->
    [one] Would import 1 monitor from { $source } (dry run: nothing was written)
   *[other] Would import { $n } monitors from { $source } (dry run: nothing was written)
}
cli-import-done = { $n ->
    [one] Imported 1 monitor
   *[other] Imported { $n } monitors
}
cli-import-done-from = { $n ->
    [one] Imported 1 monitor from { $source }
   *[other] Imported { $n } monitors from { $source }
}
cli-import-paused = { $name } (paused)
cli-import-thresholds-down = down { $failure }/{ $success }
cli-import-thresholds-degraded = , degraded { $failure }/{ $success }
cli-import-thresholds-note = (thresholds are failure/success: failed checks in a row before the alert, passing checks in a row before it resolves)
cli-import-refused = { $n ->
    [one] { $file }: holds 1 recovery action, which would run as you whenever a monitored target fails (and whoever wrote the file chooses the targets); read them, then import with --allow-recovery, or remove them from the file
   *[other] { $file }: holds { $n } recovery actions, which would run as you whenever a monitored target fails (and whoever wrote the file chooses the targets); read them, then import with --allow-recovery, or remove them from the file
}
cli-import-recovery-needs-consent = { $n ->
    [one] 1 recovery action, each run as you when its target fails (importing needs --allow-recovery):
   *[other] { $n } recovery actions, each run as you when its target fails (importing needs --allow-recovery):
}
cli-import-recovery-listed = { $n ->
    [one] 1 recovery action, each run as you when its target fails:
   *[other] { $n } recovery actions, each run as you when its target fails:
}
cli-import-recovery-imported = { $n ->
    [one] 1 recovery action imported, each run as you when its target fails:
   *[other] { $n } recovery actions imported, each run as you when its target fails:
}
cli-import-redacted = { $n ->
    [one] 1 value is REDACTED in the file (a redacted export): set the real values, these checks and actions fail until then:
   *[other] { $n } values are REDACTED in the file (a redacted export): set the real values, these checks and actions fail until then:
}
cli-import-skipped = { $n ->
    [one] Not imported (1 monitor):
   *[other] Not imported ({ $n } monitors):
}
cli-import-unmapped = { $n ->
    [one] Not carried over (1 setting):
   *[other] Not carried over ({ $n } settings):
}

## lookout backup, restore.
cli-backup-is-dir = is a directory; name the backup file
cli-backup-exists = already exists; pass --force to replace it
cli-backup-no-database = no database to back up: { $path } does not exist
cli-backed-up = backed up { $from } to { $to }
cli-restored = { $n ->
    [one] restored { $file } to { $database } (1 monitor)
   *[other] restored { $file } to { $database } ({ $n } monitors)
}
cli-restore-kept = the database it replaced is kept as { $path }

## lookout settings.
cli-setting-applies-now = a running engine uses it within about a second
cli-setting-applies-next-start = the engine uses it from its next start
cli-setting-default = default
cli-setting-set = set (default { $default })
cli-setting-changed = { $key } = { $value } ({ $when })
cli-setting-unset = { $key } is back to its default: { $value } ({ $when })

## lookout channels.
cli-channel-not-found = no alert channel with URL { $url }
cli-channels-unreadable = database { $path }: the stored alert channels cannot be read: { $error }
cli-channel-added = Added alert channel { $url } ({ $format })
cli-channel-changed = Changed alert channel { $url } ({ $format })
cli-channel-unchanged = Already have alert channel { $url } ({ $format })
cli-channel-removed = Removed alert channel { $url }
cli-no-channels = No alert channels. Add one with `lookout channels add URL [--format kener|slack|discord]`.
cli-no-channels-to-test = no alert channels to test: add one with `lookout channels add URL`
cli-channel-ok = ok
cli-channel-failed = FAILED
cli-channel-delivered = delivered
cli-channels-all-work = Every channel works ({ $total }).
cli-channels-some-failed = { $failed } of { $total } channels failed.

## lookout maintenance.
cli-maintenance-start-required = is required: --start now or --start 2025-03-01T22:00:00Z
cli-maintenance-duration-required = is required: --duration 1h
cli-maintenance-monitor-required = at least one is required: --monitor NAME (repeatable)
cli-maintenance-added = Added maintenance window { $id } for { $monitors }: { $start } for { $duration }
cli-maintenance-added-repeating = Added maintenance window { $id } for { $monitors }: { $start } for { $duration }, repeating { $rrule }
cli-maintenance-active-now = Active now: the monitors read MAINTENANCE and nothing alerts
cli-maintenance-next-start = Next start: { $time }
cli-maintenance-over = Note: this window is already over
cli-no-maintenance = No maintenance windows. Add one with `lookout maintenance add --monitor NAME --start now --duration 1h`.
cli-maintenance-active-until = yes, until { $time }
cli-maintenance-inactive = no
cli-maintenance-not-found = maintenance window { $id } not found
cli-maintenance-removed = Removed maintenance window { $id }

## lookout simulate.
cli-simulate-no-engine = cannot start an engine for the simulation: { $error }
cli-simulate-not-up = { $name } is { $status } now; simulate an outage on a monitor that is UP
cli-simulate-not-up-because = { $name } is { $status } now ({ $reason }); simulate an outage on a monitor that is UP
cli-simulated-running = Simulated an outage of "{ $name }" in the running engine (the desktop app or `lookout run`); the service was not touched.
cli-simulated-in-process = Simulated an outage of "{ $name }" in an engine started for it (none was running); the service was not touched.
cli-simulated-alert-resolved = Alert: triggered, then resolved.
cli-simulated-alert-held = Alert: triggered; its resolution was held (the flap cap).
cli-simulated-alert-none = Alert: none went out (the monitor is snoozed, its parent is DOWN, or the flap cap holds it).
cli-simulated-no-incident = Incident: none (its DOWN rule does not open one).
cli-simulated-incident-resolved = Incident { $id }: "{ $title }", opened and resolved.
cli-simulated-incident-open = Incident { $id }: "{ $title }", opened, still open.
cli-simulated-kept-as-drill = It is kept as a drill: `lookout incidents` lists it marked [drill]; uptime, `lookout summary` and the MTTR / MTTD figures leave it out.

## lookout run.
cli-run-signals = cannot listen for signals: { $error }
cli-run-engine-failed = cannot start the engine: { $error }

## lookout --help, its ids as crates/lookout-cli/src/help.rs explains. The English help is
## clap's from the doc comments of cli.rs; these are that text (a test keeps them equal), for
## the Chinese to follow. Where English shows no help, the text is what the Chinese says.
cli-help- = Lookout: watch your services, headless or from scripts
cli-help---data-dir = Data directory holding lookout.db (default: $LOOKOUT_DATA_DIR, else ~/.local/share/lookout)
cli-help-check = Probe TARGET once now and print status, latency and reason (exit 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN)
cli-help-check-TARGET = What to probe: https://host/path, tcp://host:port, ...
cli-help-check--timeout = Give up after this long (e.g. 500ms, 2s; default 10s)
cli-help-check--json = Print `{ "{" }"target","status","latency_ms","reason","details"{ "}" }`
cli-help-check--condition = A Gatus condition that must hold, else DOWN (repeatable): '[STATUS] == 200', '[BODY].status == UP', '[RESPONSE_TIME] < 500', ...
cli-help-check--degraded-condition = A condition whose failure makes the check DEGRADED instead of DOWN (repeatable)
cli-help-check--degraded-latency = DEGRADED when a passing check takes longer than this (e.g. 500ms)
cli-help-check--keyword = HTTP: the body must contain TEXT
cli-help-check--invert-keyword = HTTP: with --keyword, the body must NOT contain it
cli-help-check--ignore-tls = TLS and HTTPS: don't verify the certificate chain or host name
cli-help-check--cert-warn-days = TLS and HTTPS: DEGRADED when the certificate expires within N days (default 14)
cli-help-check--grace = Heartbeats (push://): DOWN when no push arrives within D (default: the interval)
cli-help-monitors = Add, list, remove, pause or resume monitors
cli-help-monitors-add = Add a monitor (validated first; nothing is written on error)
# No doc comment: not in the English help.
cli-help-monitors-add--name = The monitor's name, which the other commands call it by
cli-help-monitors-add--target = What to probe: https://host/path, tcp://host:port, ...
cli-help-monitors-add--interval = Start-to-start period, 1s to 24h (default 60s)
cli-help-monitors-add--timeout = At most the interval (default 10s, capped at the interval)
cli-help-monitors-add--failure-threshold = Consecutive DOWN checks before the down alert triggers (default 1)
cli-help-monitors-add--success-threshold = Consecutive passing checks before it resolves (default 1)
cli-help-monitors-add--severity = Severity of the down alert and its incident (default critical)
cli-help-monitors-add--condition = A Gatus condition that must hold, else DOWN (repeatable): '[STATUS] == 200', '[BODY].status == UP', '[RESPONSE_TIME] < 500', ...
cli-help-monitors-add--degraded-condition = A condition whose failure makes the check DEGRADED instead of DOWN (repeatable)
cli-help-monitors-add--degraded-latency = DEGRADED when a passing check takes longer than this (e.g. 500ms)
cli-help-monitors-add--keyword = HTTP: the body must contain TEXT
cli-help-monitors-add--invert-keyword = HTTP: with --keyword, the body must NOT contain it
cli-help-monitors-add--ignore-tls = TLS and HTTPS: don't verify the certificate chain or host name
cli-help-monitors-add--cert-warn-days = TLS and HTTPS: DEGRADED when the certificate expires within N days (default 14)
cli-help-monitors-add--grace = Heartbeats (push://): DOWN when no push arrives within D (default: the interval)
cli-help-monitors-list = List monitors (`--json`: the shape `import` reads)
# No doc comment: not in the English help.
cli-help-monitors-list--json = Print JSON
cli-help-monitors-remove = Remove a monitor and its history
# No doc comment: not in the English help.
cli-help-monitors-remove-NAME = The monitor's name
cli-help-monitors-pause = Stop checking a monitor
# No doc comment: not in the English help.
cli-help-monitors-pause-NAME = The monitor's name
cli-help-monitors-resume = Resume checking a paused monitor, and lift its snooze
# No doc comment: not in the English help.
cli-help-monitors-resume-NAME = The monitor's name
cli-help-monitors-snooze = Hold a monitor's notifications for a while: it is still checked, its status and incidents are real, only alerts wait until the snooze ends (or `monitors resume`)
# No doc comment: not in the English help.
cli-help-monitors-snooze-NAME = The monitor's name
cli-help-monitors-snooze--for = How long: 1h, 4h, 8h, ... or `forever` (until `monitors resume NAME`)
cli-help-import = Add the monitors of a Lookout export, a Kener, Uptime Kuma or Gatus file; any invalid monitor writes none of them. What cannot be carried over is listed with the reason. A file with recovery actions (commands, webhooks) is refused unless --allow-recovery
cli-help-import-FILE = The file to read (`-` for stdin)
cli-help-import--from = The file's format (detected when absent)
cli-help-import--dry-run = Show what would be imported, and what could not be, and write nothing
cli-help-import--allow-recovery = Also import the file's recovery actions: the commands it names run as you, and its webhooks are sent the monitor's name and target, whenever a monitored target fails. Without it, a file holding any is refused and each is listed
cli-help-export = Print every monitor as JSON `{ "{" }"monitors":[...]{ "}" }`, the shape `import` reads
cli-help-export--redact = Write a file safe to share: secrets (header values, request bodies, the userinfo and query values of targets, webhook paths, push tokens) become REDACTED. It still imports; the import lists what to fill in
cli-help-run = Run the engine in the foreground, one JSON event per line on stdout, until SIGINT or SIGTERM
cli-help-run--verbose = Also print a `check_completed` event for every check
cli-help-run--push-port = Listen for heartbeats (`push://` monitors) on 127.0.0.1:PORT, and remember the port for push URLs (default: the port set last, else 47811)
cli-help-run--metrics-listen = Serve Prometheus metrics at http://ADDR/metrics (default: the `metrics_listen` setting, off unless set). A bare port or `:PORT` listens on 127.0.0.1; an address is used as given (`0.0.0.0:9464` for the network)
cli-help-run--metrics-instance = The `instance` label on every metric (default: this machine's hostname)
cli-help-status = Current status of every monitor (exit 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN or no data)
# No doc comment: not in the English help.
cli-help-status--json = Print JSON
cli-help-incidents = List incidents, open first, newest first
# No doc comment: not in the English help.
cli-help-incidents--json = Print JSON
cli-help-incidents--open = Only the incidents still open
cli-help-report = One incident as a Markdown document, an HTML page or JSON: detection, the rule that fired, notifications, recovery attempts, downtime, failed checks, MTTD and MTTR over 30 days
# No doc comment: not in the English help.
cli-help-report-INCIDENT_ID = The incident's id, as `lookout incidents` lists it
# No doc comment: not in the English help.
cli-help-report--format = The output format
cli-help-report--format-html = A self-contained HTML document
cli-help-maintenance = Maintenance windows, one-off or recurring: checks go on, nothing alerts, no incident opens, the status reads MAINTENANCE and the time is not counted as downtime
cli-help-maintenance-add = Add a window for one or more monitors (validated first; nothing is written on error)
cli-help-maintenance-add--monitor = A monitor the window covers (repeatable; at least one)
cli-help-maintenance-add--start = When it starts: `now` or an RFC 3339 time (2025-03-01T22:00:00Z, 2025-03-01T23:00:00+01:00)
cli-help-maintenance-add--duration = How long it (each occurrence) lasts: 30m, 2h, ...
cli-help-maintenance-add--rrule = Repeat it with an iCalendar RRULE from the start: FREQ=WEEKLY;BYDAY=SU
cli-help-maintenance-list = List the windows: monitors, start, duration, rule, whether active now, next start
# No doc comment: not in the English help.
cli-help-maintenance-list--json = Print JSON
cli-help-maintenance-remove = Remove a window by its id
# No doc comment: not in the English help.
cli-help-maintenance-remove-ID = The window's id, as `lookout maintenance list` lists it
cli-help-channels = Webhook alert channels, beside desktop notifications: every alert of `lookout run` (and of the desktop app) is POSTed to each, retried with backoff
cli-help-channels-add = Add a channel (or change the format of the one with this URL)
cli-help-channels-add-URL = The http:// or https:// URL to POST alerts to
cli-help-channels-add--format = The body: Kener's alert payload, Slack's `{ "{" }"text"{ "}" }` or Discord's `{ "{" }"content"{ "}" }`
cli-help-channels-list = List the channels, numbered as `channels test` reports them
# No doc comment: not in the English help.
cli-help-channels-list--json = Print JSON
cli-help-channels-remove = Remove the channel with this URL
# No doc comment: not in the English help.
cli-help-channels-remove-URL = The channel's URL
cli-help-channels-test = Send a test alert through every channel and say which worked (exit 1 if any failed)
cli-help-summary = A summary of the last N days on demand: uptime per monitor (from the rollups), the incidents in the period, MTTR and MTTD
cli-help-summary--days = The period, in days back from now (at most the 365 days rollups are kept)
# No doc comment: not in the English help.
cli-help-summary--format = The output format
cli-help-simulate = Simulate an outage of monitor NAME: the DOWN rule, an incident, the notifications and recovery actions as a dry run, then the recovery, without touching the service. Done by the engine running on the data dir (the desktop app or `lookout run`), else by one started for it. The monitor must be UP
# No doc comment: not in the English help.
cli-help-simulate-NAME = The monitor's name
# No doc comment: not in the English help.
cli-help-simulate--json = Print JSON
cli-help-settings = Show or change the settings shared with the desktop app (`push_port`, `reference_targets`); a running engine picks a change up within about a second
cli-help-settings-list = Every setting: the value in force, and whether it is the default
# No doc comment: not in the English help.
cli-help-settings-list--json = Print JSON
cli-help-settings-set = Set KEY to VALUE (validated first; nothing is written on error)
cli-help-settings-set-long =
    Set KEY to VALUE (validated first; nothing is written on error).

    push_port: the heartbeat listener's port on 127.0.0.1 (from the engine's next start). reference_targets: host:port,host:port,... (IPv6 as [::1]:53) that must all fail, two of them at least, for this machine to count as offline; `none` leaves only the route check.
# No doc comment: not in the English help.
cli-help-settings-set-KEY = The setting, as `lookout settings list` names it
# No doc comment: not in the English help.
cli-help-settings-set-VALUE = Its new value
cli-help-settings-unset = Forget KEY's value, so its default applies again
# No doc comment: not in the English help.
cli-help-settings-unset-KEY = The setting, as `lookout settings list` names it
cli-help-ack = Acknowledge an incident, optionally with a note
# No doc comment: not in the English help.
cli-help-ack-INCIDENT_ID = The incident's id, as `lookout incidents` lists it
# No doc comment: not in the English help.
cli-help-ack--note = A note kept with the acknowledgement
cli-help-backup = Write a consistent copy of the database to FILE, one self-contained file readable by you only; works while the desktop app or `lookout run` runs on the data dir
# No doc comment: not in the English help.
cli-help-backup-FILE = The file to write
cli-help-backup--force = Replace FILE if it exists
cli-help-restore = Put the backup FILE in place of the database. FILE is checked first (a sound Lookout database, or nothing changes); the current database is kept beside it as lookout.db.replaced-TIME. Refused while the desktop app or `lookout run` runs on the data dir. The daily backups are in DATA_DIR/backups. A backup holding recovery actions the current database does not have is refused (exit 2, each named) unless --allow-recovery
# No doc comment: not in the English help.
cli-help-restore-FILE = The backup file to put in place
cli-help-restore--allow-recovery = Restore recovery actions (commands, webhooks) the current database does not have: they run as you whenever a monitored target fails

## clap's own words in the help.
cli-clap-usage = Usage:
cli-clap-commands = Commands:
cli-clap-arguments = Arguments:
cli-clap-options = Options:
cli-clap-help = Print help
cli-clap-help-more = Print help (see more with '--help')
cli-clap-help-summary = Print help (see a summary with '-h')
cli-clap-version = Print version
cli-clap-help-command = Print this message or the help of the given subcommand(s)
cli-clap-help-command-arg = Print help for the subcommand(s)
cli-clap-default = [default: { $value }]
cli-clap-possible = [possible values: { $values }]
cli-clap-possible-heading = Possible values:
# After a possible value's name, in the list of them.
cli-clap-value-help = : { $help }
# After the top-level help: cli.rs EXIT_CODES.
cli-exit-codes =
    Exit codes:
      check, status   Nagios plugin convention: 0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN
                      (an invalid target, no data, an unreadable or damaged database is UNKNOWN)
      other commands  0 done, 1 not found or a database / runtime failure, 2 invalid input
                      (every problem is printed as `error: FIELD: MESSAGE`, and nothing is written)

## clap's usage errors, said again in the reader's language (English keeps clap's own words:
## these are what `usage.rs` would say, and are shown only in Chinese).
cli-usage-unknown-argument = unexpected argument '{ $arg }' found
cli-usage-unknown-subcommand = unrecognized subcommand '{ $name }'
cli-usage-missing = the following required arguments were not provided: { $args }
cli-usage-invalid-choice = invalid value '{ $value }' for '{ $arg }' [possible values: { $values }]
cli-usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-usage-invalid-because = invalid value '{ $value }' for '{ $arg }': { $error }
cli-usage-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-usage-tip = tip: a similar one exists: '{ $suggestion }'
cli-usage-more = For more information, try '--help'.
