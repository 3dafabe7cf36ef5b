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
