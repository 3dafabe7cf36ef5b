# The desktop app's own words: the tray, windows, desktop notifications.

tray-tooltip = Lookout — { $summary }
tray-open = Open
tray-snooze-1h = Snooze 1 h
tray-snooze-4h = Snooze 4 h
tray-snooze-8h = Snooze 8 h
tray-snooze-forever = Snooze until resumed
tray-resume-notifications = Resume notifications
tray-monitor = { $status } — { $name }
tray-monitor-snoozed = { $status } — { $name } (snoozed)
tray-no-monitors = No monitors yet
tray-more = …and { $n } more
tray-open-dashboard = Open dashboard
tray-add-monitor = Add monitor…
tray-maintenance = Maintenance windows…
tray-summary = Weekly summary…
tray-pause-all = Pause all
tray-resume-all = Resume all
tray-test-notification = Send test notification
tray-quit = Quit

desktop-window-title = Lookout
desktop-damaged-title = Lookout: the database is damaged
desktop-notification-open = Open in dashboard
desktop-selftest-channels = Webhook channels
desktop-already-started = Lookout has already started
desktop-already-stopping = Lookout is already stopping
desktop-not-a-backup = { $path } is not a daily backup
desktop-replaced-kept = {" "}The database it replaced is kept as { $path }.
desktop-could-not-save = could not save { $path }: { $error }
desktop-snooze-minutes = must be at least 1
desktop-nothing-imported = { $error }; nothing was imported
desktop-restored = Restored the backup of { $date }: { $n ->
    [one] 1 monitor
   *[other] { $n } monitors
}.{ $kept }
desktop-restore-failed = Could not restore the backup of { $date }: { $error }. The database is as it was.
desktop-metrics-bind = cannot serve /metrics on { $addr }: { $error }
desktop-monitor-field = monitor "{ $monitor }": { $field }
desktop-import-problems = { $n ->
        [one] 1 problem
       *[other] { $n } problems
    } in the file; nothing was imported
desktop-import-consent = { $n } recovery action(s) in the file need your agreement before they are imported
desktop-save-consent = { $n } recovery action(s) need your agreement before they are saved
desktop-choose-monitor = choose at least one monitor
desktop-no-monitor = no monitor { $id }
