# Shared by every shell: durations, dates, status words, notifications, settings.

## Durations: two units at most (`3m 12s`).
duration-seconds = { $n }s
duration-minutes = { $n }m
duration-hours = { $n }h
duration-days = { $n }d
duration-pair = { $big } { $small }
# chrono's strftime: a date and time, a date.
format-date-time = %Y-%m-%d %H:%M
format-date = %Y-%m-%d
list-and = { $rest } and { $last }
list-sep = {", "}

## Status words, as in "<monitor> is DOWN".
status-up = UP
status-down = DOWN
status-degraded = DEGRADED
status-maintenance = MAINTENANCE
status-paused = PAUSED
status-unknown = PENDING
status-offline = OFFLINE
# An alert sent to a channel (Kener's words), as a timeline entry names it.
status-triggered = TRIGGERED
status-resolved = RESOLVED
# The rule's bad state in a sentence: "Down for 3m".
rule-title-down = Down
rule-title-degraded = Degraded

## Notifications.
notice-simulated-prefix = [Simulated] { $summary }
notice-simulated-line = A simulated outage (self-test): the service was not touched.
notice-failed-checks = { $n ->
    [one] 1 failed check
   *[other] { $n } failed checks
}
notice-alert-summary = { $monitor } is { $state }
notice-alert-body = { $reason }
    Since { $since } ({ $checks })
notice-reminder-summary = { $monitor } is still { $state }
notice-reminder-body = { $reason }
    { $title } for { $duration }, since { $since }
notice-resolved-summary = { $monitor } is back UP
notice-healed-body = { $reason } after { $duration }.
notice-resolved-body = { $title } for { $duration } (since { $since })
notice-offline-summary = You are offline
notice-offline-body = { $reason }
    Checks resume when the network is back; until then nothing is reported DOWN.
notice-online-summary = You are back online
notice-online-body = Every monitor is being checked now; only real outages will alert.
notice-flapping-summary = { $monitor } is flapping
notice-flapping-body = { $n } notifications in { $window }; further alerts are held until it settles.
notice-overdue-summary = { $monitor } is overdue
notice-overdue-since = No check result since { $since }
notice-overdue-never = No check result yet
notice-overdue-body = { $last } (checked every { $every }). Lookout's checks may be stalled or the machine overloaded.
notice-overdue-many-summary = { $n } monitors are overdue
notice-overdue-many-body = No recent check result for { $list }. Lookout's checks may be stalled or the machine overloaded.
notice-overdue-more = { $n } more
notice-storage-fault-summary = Lookout cannot save its history
notice-storage-fault-body = { $fault }.
    Checks and alerts go on; results wait in memory and are written as soon as the disk takes them.
notice-storage-recovered-summary = Lookout saves its history again
notice-storage-recovered-body = { $dropped ->
    [0] Everything that waited has been written.
    [one] Everything that waited has been written, except 1 check result dropped when the wait grew too long.
   *[other] Everything that waited has been written, except { $dropped } check results dropped when the wait grew too long.
}
notice-engine-fault-summary = Lookout hit an internal error
notice-engine-fault-body = { $task } failed ({ $message }) and was restarted; monitoring goes on. Please report it.
notice-no-reason = No reason given
notice-test-summary = Lookout test notification
notice-test-works = Notifications work. You will see one like this when a monitor goes DOWN.
notice-test-trying = { $n ->
    [one] Trying 1 webhook channel…
   *[other] Trying { $n } webhook channels…
}
notice-test-no-channels = No webhook channels are configured.
notice-test-channels = Webhook channels: { $ok } of { $total } work
notice-test-unreadable = The webhook channels could not be read: { $error }
notice-test-desktop = Desktop notification

## Settings.
setting-language-invalid = must be auto, en or zh-CN, got "{ $value }"

## The overall health (tray tooltip, dashboard header): `5 up, 1 down`.
health-offline = this computer is offline; checks resume when it is back
health-none = no monitors
health-up = { $n } up
health-degraded = { $n } degraded
health-down = { $n } down
health-pending = { $n } pending
health-maintenance = { $n } in maintenance
health-paused = { $n } paused
