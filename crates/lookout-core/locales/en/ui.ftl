# The dashboard's words (ui/app): every message id starts with `ui-`. The page gets this file
# whole from `get_language`; ui/test/catalogue.test.js checks it against zh-CN/ui.ftl and the
# ids the page uses.

## Shared words
ui-app-name = Lookout
# Joins a list: names, days, counts.
ui-list-separator = {", "}
# "<field>: <message>" for an error the core names by its path.
ui-error-field = { $field }: { $message }
ui-page-title = { $page } — Lookout
ui-back-to-dashboard = ← Dashboard
ui-cancel = Cancel
ui-remove = Remove
ui-actions = Actions

## Durations: two units at most (`3m 12s`).
ui-duration-seconds = { $n }s
ui-duration-minutes = { $n }m
ui-duration-hours = { $n }h
ui-duration-days = { $n }d
ui-duration-pair = { $big } { $small }
ui-ago = { $duration } ago
ui-until = until { $time }
ui-until-resumed = until resumed
# A calendar day (`$year` is text, `$month` and `$day` numbers), and a time that is not
# today: that day and `$time`, like `14:02`.
ui-date = { $year }-{ NUMBER($month, minimumIntegerDigits: 2) }-{ NUMBER($day, minimumIntegerDigits: 2) }
ui-date-time = { $date } { $time }

## Figures
ui-latency-ms = { $ms } ms
ui-latency-seconds = { $s } s
ui-percent = { $value }%
ui-size-bytes = { $n } B
ui-size-kb = { $n } KB
ui-size-mb = { $n } MB

## Status words (a monitor's status, the header's overall status)
ui-status-up = UP
ui-status-down = DOWN
ui-status-degraded = DEGRADED
ui-status-maintenance = MAINTENANCE
ui-status-paused = PAUSED
ui-status-unknown = PENDING
ui-status-offline = OFFLINE
ui-status-triggered = TRIGGERED
ui-status-resolved = RESOLVED

## Send test notification (the footer)
ui-selftest-sending = Sending…
ui-selftest-nothing = Nothing was tried.
ui-selftest-all = All { $total } worked.
ui-selftest-some = { $ok } of { $total } worked.
ui-selftest-ok = ✓ { $name }
ui-selftest-failed = ✕ { $name }: { $error }
ui-selftest-failed-reason = failed
ui-selftest-no-webhooks = No webhook channels are configured.

## The header's counts, as the tray's tooltip says them ("5 up, 1 down")
ui-count-up = { $n } up
ui-count-down = { $n } down
ui-count-degraded = { $n } degraded
ui-count-unknown = { $n } pending
ui-count-maintenance = { $n } in maintenance
ui-count-paused = { $n } paused
ui-count-none = no monitors
ui-health-offline = this computer is offline; checks resume when it is back

## Daily uptime bars (a bar's tooltip)
ui-day-no-data = { $date }: no data
ui-day-up = { $date }: { $pct }% up
ui-day-up-failed = { $date }: { $pct }% up, { $failed ->
    [one] { $failed } failed check
   *[other] { $failed } failed checks
}

## Errors the page finds itself, before anything is sent
ui-error-whole-number = must be a whole number
ui-error-number = must be a number
ui-error-on-line = line { $line }: { $message }
ui-error-some-fields = Some fields need fixing
# Only outside the app (a page opened without Lookout around it).
ui-error-no-tauri = Not running inside Lookout: window.__TAURI__ is missing

## Maintenance rules and windows
ui-maintenance-start-missing = choose a date and time, or start now
ui-maintenance-start-invalid = "{ $value }" is not a date and time
ui-rule-once = Once
ui-rule-every-hour = { $n ->
    [one] Every hour
   *[other] Every { $n } hours
}
ui-rule-every-day = { $n ->
    [one] Every day
   *[other] Every { $n } days
}
ui-rule-every-week = { $n ->
    [one] Every week
   *[other] Every { $n } weeks
}
ui-rule-every-month = { $n ->
    [one] Every month
   *[other] Every { $n } months
}
ui-rule-every-year = { $n ->
    [one] Every year
   *[other] Every { $n } years
}
ui-rule-on-days = { $rule } on { $days }
ui-weekday-monday = Monday
ui-weekday-tuesday = Tuesday
ui-weekday-wednesday = Wednesday
ui-weekday-thursday = Thursday
ui-weekday-friday = Friday
ui-weekday-saturday = Saturday
ui-weekday-sunday = Sunday
ui-window-active = Active
ui-window-active-until = Active until { $time }
ui-window-next = Next { $time }
ui-window-over = Over

## Offline detection (the footer)
ui-offline-state-off = Reference check off: only a missing network route means this machine is offline.
ui-offline-source-default = The defaults are in force
ui-offline-source-yours = Yours are in force
ui-offline-state-one = { $source }: offline when { $target } fails.
ui-offline-state-two = { $source }: offline when both fail together.
ui-offline-state-many = { $source }: offline when at least two fail together.
ui-offline-intro = When a check of a remote service fails, Lookout first asks whether this machine is offline: no network route, or these targets failing together. Then it says so once instead of alerting DOWN. On a closed network (a lab, a VPN-only office), list hosts of that network that always answer.
ui-offline-label = Reference targets (host:port, one per line or comma-separated)
# Before the default targets, then `ui-offline-help` after them.
ui-offline-defaults = Defaults:{ " " }
ui-offline-help = . IPv6 as [::1]:53. Empty or none: only the route check.
ui-offline-save = Save
ui-offline-reset = Reset to defaults

## Summary figures
ui-summary-no-data = no data
ui-summary-not-applicable = n/a
ui-period-24h = 24 hours
ui-period-7d = 7 days
ui-period-30d = 30 days

## Badges and charts
ui-drill-badge = DRILL
ui-drill-title = A drill: a simulated outage (self-test) that did not touch the service. Not counted in uptime, downtime, MTTR, MTTD or the summary.
ui-spark-label = Latency, last hours: up to { $max } ms
ui-spark-empty = No latency data yet
ui-days-label = Daily uptime, last 30 days

## Incidents
ui-incident-title = { $monitor } is { $state }
ui-incident-open = OPEN
ui-incident-resolved = RESOLVED
ui-incident-monitor = Monitor
ui-incident-severity = Severity
ui-incident-started = Started
ui-incident-detected = Detected
ui-incident-resolved-at = Resolved
ui-incident-not-yet = not yet
ui-incident-down-for = Down for
ui-incident-duration = Duration
ui-incident-export-report = Export report
ui-incident-timeline = Timeline
# In the incident list: when it started, and how long it has lasted.
ui-incident-when-open = { $time } · for { $duration }
ui-incident-when-resolved = { $time } · lasted { $duration }
ui-severity-critical = critical
ui-severity-warning = warning
ui-event-first-failure = first failure
ui-event-triggered = triggered
ui-event-reminder = reminder
ui-event-acknowledged = acknowledged
ui-event-note = note
ui-event-resolved = resolved
ui-event-recovery-action = recovery action
ui-event-notification = notification
ui-event-flapping = flapping

## The dashboard
ui-add-monitor = Add monitor
ui-pause = Pause
ui-resume = Resume
ui-dashboard-monitors = Monitors
ui-dashboard-filter = Filter
ui-dashboard-filter-placeholder = Name, target or status
ui-dashboard-previous = Previous
ui-dashboard-next = Next
ui-dashboard-pages = Monitor pages
ui-dashboard-page-info = { $from }–{ $to } of { $total }
ui-dashboard-no-match = No match
ui-dashboard-pause-all = Pause all
ui-dashboard-resume-all = Resume all
ui-dashboard-empty = No monitors yet. Add one to start watching a service, or bring yours over from Uptime Kuma, Kener or Gatus.
ui-dashboard-import = Import…
ui-dashboard-caption = Monitors, the ones needing attention first
ui-dashboard-col-status = Status
ui-dashboard-col-monitor = Monitor
ui-dashboard-col-latency = Latency
ui-dashboard-col-latency-6h = Latency, 6 h
ui-dashboard-col-days = Last 30 days, uptime
ui-dashboard-incidents = Incidents
ui-dashboard-no-incidents = No incidents. Everything has been fine.
ui-dashboard-snoozed = 🔕 snoozed
ui-dashboard-snoozed-title = Notifications held { $until }
ui-dashboard-in-maintenance = In a maintenance window: checks go on, nothing alerts.
ui-dashboard-last-check = Last check { $time }
ui-dashboard-not-checked = Not checked yet
ui-dashboard-pause-name = Pause { $name }
ui-dashboard-resume-name = Resume { $name }
ui-dashboard-edit = Edit
ui-dashboard-edit-name = Edit { $name }

## The monitor form: each input's label and help
ui-field-name = Name
ui-field-name-help = Shown in the tray, notifications and the dashboard.
ui-field-target = Target
ui-field-target-help = https://host/path (or http://), tcp://host:port, tls://host:port, dns://resolver/name?type=A (no resolver: dns:///name?type=A; type A, AAAA, CNAME, MX, TXT or NS), icmp://host, push:// (a heartbeat your job calls).
ui-field-interval = Check every
ui-field-interval-help = Like 30s, 5m or 1h.
ui-field-timeout = Timeout
ui-field-timeout-help = At most the interval.
ui-field-failure-threshold = Failures before DOWN
ui-field-failure-threshold-help = Consecutive failed checks that trigger the alert.
ui-field-success-threshold = Successes before UP
ui-field-success-threshold-help = Consecutive passing checks that resolve it.
ui-field-severity = Severity
ui-field-severity-help = Critical notifications stay until dismissed.
ui-field-create-incident = Open an incident when it goes DOWN
ui-field-conditions = Conditions (DOWN when one fails)
ui-field-conditions-help = One per line, as in Gatus: [STATUS] == 200, [BODY].status == UP, [RESPONSE_TIME] < 500, [CERTIFICATE_EXPIRATION] > 48h.
ui-field-degraded-conditions = Conditions for DEGRADED
ui-field-degraded-conditions-help = One per line; a failing one marks the check DEGRADED instead of DOWN.
ui-field-keyword = Keyword (HTTP)
ui-field-keyword-help = The response body must contain this text.
ui-field-invert-keyword = The body must NOT contain the keyword
ui-field-accepted-status = Accepted status codes (HTTP)
ui-field-accepted-status-help = Comma-separated codes and ranges, like 200-299, 301. Default 200-299.
ui-field-ignore-tls = Ignore TLS certificate errors (https://, tls://)
ui-field-cert-warn-days = Certificate warning (days)
ui-field-cert-warn-days-help = DEGRADED when the certificate expires within this many days. Default 14.
ui-field-degraded-latency = DEGRADED above latency
ui-field-degraded-latency-help = Like 500ms or 2s. Empty: latency never degrades.
ui-field-grace = Grace (heartbeat)
ui-field-grace-help = DOWN when no push arrives within this long, like 10m. Default: the interval.
ui-field-expected = Expected answers (DNS)
ui-field-expected-help = One value per line; empty: any answer is UP.
ui-field-match = Match (DNS)
ui-field-match-help = any: one expected value is among the answers; all: every one is.
ui-field-count = Echo requests (ICMP)
ui-field-count-help = Per check. Default 3.
ui-field-loss-threshold = Loss threshold % (ICMP)
ui-field-loss-threshold-help = DEGRADED above this packet loss. Default 20.
ui-field-checkpoints = More checkpoints
ui-field-checkpoints-help = Other targets for the same service, one per line (IPv4 and IPv6, a second URL or resolver).
ui-field-quorum = Quorum
ui-field-quorum-help = How many checkpoints must fail for DOWN: majority (default), any or all.
ui-field-confirm-retries = Confirming re-checks
ui-field-confirm-retries-help = Re-check a failure this many times at once before it counts. Default 0.
ui-field-confirm-after = Wait before each re-check
ui-field-confirm-after-help = Like 1s (the default); shorter than the interval.
ui-field-depends-on = Depends on
ui-field-depends-on-help = The name of another monitor: while it is DOWN, this one’s DOWN alert is held.
ui-field-flap-max = Notifications before the flap cap
ui-field-flap-max-help = At most this many within the window below; then one “flapping” notice and quiet until it settles. Default 4.
ui-field-flap-window = Flap cap window
ui-field-flap-window-help = Like 10m (the default); from 1m to 24h.

## The monitor form
ui-form-what = What to watch
ui-form-when = When to alert
ui-form-advanced = Advanced
ui-form-advanced-set = Advanced ({ $n } set)
ui-form-recovery-actions = Recovery actions
ui-form-save = Save changes
ui-form-test-now = Test now
ui-form-checking = Checking…
# After "Test now": the status badge, then this.
ui-form-test-latency = in { $latency }
ui-form-edit-title = Edit { $name }
ui-form-delete = Delete
ui-form-really-delete = Really delete { $name }?
ui-form-manage = Manage this monitor
ui-form-maintenance-window = Maintenance window…
ui-group-down-degraded = When it is DOWN or DEGRADED
ui-group-http-tls = HTTP and TLS
ui-group-heartbeat = Heartbeat (push://)
ui-group-dns = DNS (dns://)
ui-group-ping = Ping (icmp://)
ui-group-confirmation = Confirmation
ui-group-dependencies = Dependencies
ui-group-flap-cap = Flap cap
ui-severity-option-critical = Critical
ui-severity-option-warning = Warning
ui-choice-match-default = Default (any)
ui-choice-quorum-default = Default (majority)
# The options' values are the monitor file's words; these are how they read.
ui-choice-any = any
ui-choice-all = all
ui-choice-majority = majority
ui-snooze-group = Snooze notifications
ui-snooze-label = Snooze notifications:
ui-snooze-hours = { $n } h
ui-snooze-for-hours = { $n ->
    [one] Snooze notifications for { $n } hour
   *[other] Snooze notifications for { $n } hours
}
ui-snooze-until-resumed = Until resumed
ui-snooze-for-ever = Snooze notifications until resumed
ui-snooze-unsnooze = Unsnooze (held { $until })
ui-simulate = Simulate outage
ui-simulate-title = Drives the rule, an incident and the notifications with synthetic failures; the service is not touched and recovery actions only say what they would run.

## Recovery actions (the form's Advanced section)
ui-recovery-intro = Tried in order while the monitor is DOWN; each attempt is re-checked at once and noted on the incident. Simulate outage only says what would run.
ui-recovery-add-run = + Run a program
ui-recovery-add-webhook = + Call a webhook
ui-recovery-card-run = { $n }. Run a program
ui-recovery-card-webhook = { $n }. Call a webhook
ui-recovery-remove-action = Remove recovery action { $n }
ui-recovery-after-failures = Run after failed checks
ui-recovery-after-failures-help = Empty: when the DOWN alert triggers.
ui-recovery-after-failures-placeholder = when DOWN triggers
ui-recovery-max-attempts = Attempts per outage
ui-recovery-max-attempts-help = Default 3.
ui-recovery-cooldown = Wait between attempts
ui-recovery-cooldown-help = Default 5m.
ui-recovery-timeout = Give up after
ui-recovery-timeout-help = The program is stopped, the call abandoned. Default 30s.
ui-recovery-argv = Program and arguments
ui-recovery-argv-help = One box per argument, passed exactly as typed. No shell is used: quotes, $VARIABLES, pipes, ; and * mean nothing special. The program finds LOOKOUT_MONITOR, LOOKOUT_ATTEMPT and LOOKOUT_INCIDENT in its environment.
ui-recovery-program = Program
ui-recovery-argument = Argument { $n }
ui-recovery-remove-argument = Remove argument { $n }
ui-recovery-add-argument = + Argument
ui-recovery-webhook = URL to POST to
ui-recovery-webhook-help = Gets a JSON POST naming the monitor, its target, the incident and the attempt.

## Asking before saving recovery actions
ui-consent-heading = { $n ->
    [one] Save this recovery action?
   *[other] Save these { $n } recovery actions?
}
ui-consent-intro = Each runs as you, without asking again, whenever this monitor’s target fails. Read each one: it is exactly what will run.
ui-consent-confirm = { $n ->
    [one] Save with this action
   *[other] Save with these { $n } actions
}
ui-consent-back = Go back
# Before the action as it would run; the space after the colon is kept.
ui-consent-field = { $field }:{ " " }

## Maintenance windows page
ui-maintenance-heading = Maintenance windows
ui-maintenance-intro = During a window its monitors are still checked, but they read MAINTENANCE: nothing alerts, no incident opens and the time is not counted as downtime.
ui-maintenance-caption = Maintenance windows, active ones first
ui-maintenance-col-now = Now
ui-maintenance-col-repeats = Repeats
ui-maintenance-monitors = Monitors
ui-maintenance-starts = Starts
ui-maintenance-lasts = Lasts
ui-maintenance-empty = No maintenance windows. Add one when you plan work on a service, so its checks alert nobody.
ui-maintenance-no-monitors = No monitors yet.
ui-maintenance-start-now = Now
ui-maintenance-start-at = At
ui-maintenance-start-at-label = Start date and time
ui-maintenance-duration-help = Like 30m or 2h. A repeating window lasts this long each time.
ui-maintenance-rrule = Repeats (optional)
ui-maintenance-rrule-help = An iCalendar RRULE from the start, like FREQ=DAILY or FREQ=WEEKLY;BYDAY=SU. Empty: once.
ui-maintenance-form-heading = Add a maintenance window
ui-maintenance-add = Add window
ui-maintenance-remove-label = Remove the window for { $names }
ui-maintenance-really-remove = Really remove?

## Summary page
ui-summary-heading = Summary
ui-summary-since = Since { $time }
ui-summary-period = Period
ui-summary-incidents-started = Incidents started
ui-summary-resolved = { $n } resolved
ui-summary-downtime = Downtime
ui-summary-downtime-detail = all monitors, added up
ui-summary-mttr = MTTR
ui-summary-mttr-detail = mean time to resolve
ui-summary-mttd = MTTD
ui-summary-mttd-detail = mean time to detect
ui-summary-monitors = Monitors
ui-summary-monitors-caption = Each monitor over the period
ui-summary-col-monitor = Monitor
ui-summary-col-uptime = Uptime
ui-summary-col-incidents = Incidents
ui-summary-col-incident = Incident
ui-summary-col-started = Started
ui-summary-col-lasted = Lasted
ui-summary-no-monitors = No monitors.
ui-summary-incidents = Incidents ({ $n })
ui-summary-incidents-caption = Incidents of the period, open ones first
ui-summary-no-incidents = None in this period.
ui-summary-warning = (warning)
# An open incident's duration so far.
ui-summary-lasting = for { $duration }

## Backups page
ui-backups-heading = Backups
ui-backups-intro = Lookout copies its database once a day and keeps the last 7, in { $dir }.
ui-backups-col-day = Day
ui-backups-col-size = Size
ui-backups-none = No backup yet: Lookout makes one when it starts and then once a day.
ui-backups-restore = Restore { $date }…
ui-backups-question-label = Restore the backup of { $date }?
ui-backups-question = Lookout stops checking for a moment, puts the backup of { $date } in place of its database and starts again. Monitors, incidents and history from after that day are replaced; the current database is kept beside it, renamed, not deleted.
ui-backups-confirm = Restore and restart
ui-backups-restoring = Restoring the backup of { $date }; Lookout starts again in a moment…

## Import and export page
# The window's title on this page ("<title> — Lookout").
ui-import-title = Import and export
ui-import-heading = Import monitors
ui-import-intro = From an Uptime Kuma backup, a Kener or Gatus configuration, or a Lookout export. Choose the file, or drop it anywhere on this window. You see what will be added before anything is.
ui-import-file = File
ui-import-format = Format
ui-import-format-auto = Tell from the file
ui-import-format-uptime-kuma = Uptime Kuma backup (JSON)
ui-import-format-kener = Kener (YAML or JSON)
ui-import-format-gatus = Gatus (YAML)
ui-import-format-lookout = Lookout export (JSON)
# Product names: the same in every language.
ui-tool-lookout = Lookout
ui-tool-kener = Kener
ui-tool-uptime-kuma = Uptime Kuma
ui-tool-gatus = Gatus
ui-import-summary = { $name }: would import { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
}
ui-import-summary-from = { $name }: would import { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
} from { $tool }
ui-import-nothing = { $name }: nothing to import
ui-import-nothing-from = { $name }: nothing to import from { $tool }
ui-import-confirm = Import { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
}
ui-import-confirm-with-actions = Import { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
} with { $actions ->
    [one] { $actions } recovery action
   *[other] { $actions } recovery actions
}
ui-import-done = Imported { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
}.
ui-import-done-from = Imported { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
} from { $tool }.
ui-import-col-name = Name
ui-import-col-target = Target
ui-import-col-every = Every
ui-import-paused = { $name } (paused)
# After a monitor's name: why it is listed.
ui-import-reason = : { $reason }
ui-import-consent-heading = { $n ->
    [one] { $n } recovery action in this file
   *[other] { $n } recovery actions in this file
}
ui-import-consent-intro = Each runs as you, without asking again, whenever its monitor’s target fails, and whoever wrote the file chose the targets. Read each one: it is exactly what will run.
ui-import-consent-field = { $monitor } { $field }:{ " " }
ui-import-redacted = REDACTED in the file: set the real values, these checks fail until then
ui-import-skipped = Not imported ({ $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
})
ui-import-unmapped = Not carried over ({ $n ->
    [one] { $n } setting
   *[other] { $n } settings
})
ui-import-too-large = { $name }: the file is larger than { $mib } MiB; an import file holds monitor definitions, not data
ui-import-not-text = { $name }: the file is not text (UTF-8)
ui-import-cannot-read = Cannot read { $name }: { $error }
ui-export-heading = Export monitors
ui-export-intro = Every monitor as a Lookout file, as `lookout export` writes it, saved in your Downloads folder.
ui-export-redact = Redact secrets (headers, tokens, passwords, webhook URLs): a file safe to share
ui-export-button = Export monitors
ui-export-saved = Saved { $n ->
    [one] { $n } monitor
   *[other] { $n } monitors
} to { $path }.
ui-export-saved-with-commands = { $saved } It keeps { $commands ->
    [one] { $commands } recovery command
   *[other] { $commands } recovery commands
}: arguments that look like secrets are REDACTED, a bare one cannot be recognised, so read them before sharing.

## The monitor page, below the form
ui-monitor-incidents = Incidents
ui-monitor-incidents-label = Incidents of this monitor
ui-monitor-no-incidents = None.

## Notices (the line under the header)
ui-notice-drop-one = Drop one file at a time.
ui-notice-drop-elsewhere = Open Import to bring monitors in from a file.
ui-notice-saved = Saved { $name }.
ui-notice-deleted = Monitor deleted.
ui-notice-simulated = Simulated an outage of { $name }: its alerts fired; the rule opens no incident.
ui-notice-simulated-incident = Simulated an outage of { $name }: incident #{ $incident } opened and resolved, kept as a drill (not counted in uptime or the summary).
ui-notice-report-saved = Report saved to { $path }
ui-notice-maintenance-active = Maintenance window added: { $names } { $n ->
    [one] reads MAINTENANCE from its next check.
   *[other] read MAINTENANCE from their next check.
}
ui-notice-maintenance-added = Maintenance window added for { $names }.
ui-notice-maintenance-removed = Maintenance window removed.
ui-notice-offline-saved = Offline detection saved: the engine uses it within a second.
ui-notice-offline-reset = Offline detection: back to the default reference targets.
ui-notice-could-not-load = Could not load: { $error }

## The header and footer (index.html)
ui-nav-label = Main
ui-nav-dashboard = Dashboard
ui-nav-summary = Summary
ui-nav-maintenance = Maintenance
ui-nav-import = Import
ui-footer-start-at-login = Start Lookout at login
ui-footer-send-test = Send test notification
ui-footer-tray = Closing this window keeps Lookout watching from the tray.
ui-footer-backups = Backups
ui-footer-offline = Offline detection
ui-language-label = Language
ui-language-auto = Follow the system
# Each language's name is written in that language, in every catalogue.
ui-language-en = English
ui-language-zh-cn = 简体中文

## The window shown when the database is damaged (damaged.html)
ui-damaged-title = Lookout: the database is damaged
ui-damaged-heading = Lookout could not open its database
ui-damaged-intro = Lookout is not watching anything until you choose. Either way the damaged file is kept, renamed beside it, never deleted.
ui-damaged-fresh-heading = Start fresh
ui-damaged-fresh-help = A new, empty database: your monitors and history start over.
ui-damaged-fresh-button = Start fresh
ui-damaged-restore-heading = Restore a daily backup
ui-damaged-no-backups = There are no daily backups.
ui-damaged-closing = Closing this window quits Lookout.
ui-damaged-backup = { $date } ({ $size })
ui-damaged-restore = Restore { $date }
ui-damaged-size-bytes = { $n } bytes
ui-damaged-size-kib = { $n } KiB
ui-damaged-size-mib = { $n } MiB
ui-damaged-starting-fresh = Starting fresh
ui-damaged-restoring = Restoring the backup of { $date }
ui-damaged-working = { $what }…
ui-damaged-done = Done.
ui-damaged-done-kept = Done. The damaged file is kept as { $path }.
ui-damaged-failed = { $what } failed: { $error }
ui-damaged-unknown = Lookout could not say what is wrong: { $error }

# The footer's Prometheus metrics setting.
ui-footer-metrics = Prometheus metrics
ui-metrics-intro = Serve /metrics for Prometheus, to watch several machines together. A port (9464) listens on this machine only; an address (0.0.0.0:9464) on others too. Empty: off.
ui-metrics-label = Listen on
ui-metrics-save = Save
ui-metrics-serving = Serving /metrics on { $addr }.
ui-metrics-off = Off: /metrics is not served.
ui-notice-metrics-saved = Prometheus metrics saved.
