# Incident reports (`lookout report`, the dashboard's "Export report") and the summary of a
# period (`lookout summary`). What the engine stored (timeline entries, check reasons) is shown
# as stored; the JSON never goes through here.

## Shared by reports, summaries and the CLI's tables.
# chrono's strftime, in UTC: a report is read in other time zones than it was written in.
report-time = %Y-%m-%dT%H:%M:%SZ
report-none = n/a
report-no-data = no data
report-ms = { $ms } ms
report-state-open = open
report-state-resolved = resolved
report-severity-critical = critical
report-severity-warning = warning
report-rule-down = down
report-rule-degraded = degraded
# The engine's own title, said again: "api is DOWN".
report-title = { $monitor } is { $status }
report-event-first-failure = first failure
report-event-triggered = triggered
report-event-reminder = reminder
report-event-acknowledged = acknowledged
report-event-note = note
report-event-resolved = resolved
report-event-recovery-action = recovery action
report-event-notification = notification
report-event-flapping = flapping
report-label-monitor = Monitor
report-label-severity = Severity
report-label-state = State
report-label-downtime = Downtime
report-mttr = MTTR (mean time to resolve): { $value }
report-mttd = MTTD (mean time to detect): { $value }

## One incident's report.
report-heading = Incident #{ $id }: { $title }
report-heading-drill = Incident #{ $id } (drill): { $title }
report-drill-notice = A drill: a simulated outage (self-test) that did not touch the service. It is not counted in uptime, downtime, incident counts, MTTR or MTTD.
report-monitor-target = { $monitor } ({ $target })
report-monitor-removed = { $monitor } (removed)
report-label-rule = Rule
report-label-started = Started (first failure)
report-label-detected = Detected
report-label-resolved = Resolved
report-label-acknowledged = Acknowledged
report-rule = { $kind }: { $failures ->
    [one] 1 failed check
   *[other] { $failures } failed checks
} / failure threshold { $threshold }
report-detected = { $time } ({ $after } after the first failure)
report-not-yet = not yet
report-downtime-so-far = { $duration } so far
report-not-acknowledged = no
report-timeline = Timeline
report-col-time = Time
report-col-event = Event
report-col-details = Details
report-notifications = Notifications ({ $n })
report-no-notifications = No notification or webhook alert was recorded for this incident.
report-recovery = Recovery attempts ({ $n })
report-no-recovery = No recovery action ran for this incident.
report-failed-checks = Failed checks ({ $n })
report-no-failed-checks = No failed checks are stored for this window.
report-col-latency = Latency
report-col-reason = Reason
report-stats-heading = { $days ->
    [one] { $monitor } over the last day
   *[other] { $monitor } over the last { $days } days
}
report-stats-incidents = Incidents: { $count } ({ $resolved } resolved)

## The summary of a period.
report-summary-heading = { $days ->
    [one] Lookout summary: the last 1 day
   *[other] Lookout summary: the last { $days } days
}
report-period = { $from } to { $to }
report-no-monitors = No monitors.
report-col-uptime = Uptime
report-col-incidents = Incidents
report-col-mttr = MTTR
report-summary-incidents = Incidents ({ $n })
report-summary-none = None in this period.
report-col-id = ID
report-col-started = Started
report-col-duration = Duration
report-col-title = Title
report-summary-started = Incidents that started in the period: { $count } ({ $resolved } resolved)
report-days-invalid = must be between 1 and { $max } (rollups are kept { $max } days), got { $days }
