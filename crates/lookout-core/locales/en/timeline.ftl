# An incident's timeline entries, as Lookout writes them down (in English: stored, in events
# and JSON) and as people read them (`lookout_core::i18n::said`). See reasons.ftl for the rules.

timeline-first-failure = First failed check: {$reason}
timeline-failed-again-flapping = Failed again while flapping: {$reason}
timeline-triggered = {$status} rule triggered after {$failures} failed {$failures ->
        [one] check
       *[other] checks
    } (failure threshold {$threshold}): {$reason}
timeline-still = Still {$status} after {$span}: {$reason}
timeline-held-open = Back UP, but {$monitor} is flapping: the incident stays open until it has been stable for {$span}
timeline-resolved = Resolved after {$successes} successful {$successes ->
        [one] check
       *[other] checks
    }; {$status} for {$span}
timeline-resolved-flapping = Resolved: stable for {$span} after {$outages} {$outages ->
        [one] outage
       *[other] outages
    } while flapping; DOWN for {$span2} in all
timeline-held-child = {$monitor} is DOWN too ({$reason}); its alert is held while {$parent} is DOWN
timeline-not-running = Lookout not running from {$from} to {$to} ({$span}): not checked meanwhile, and not counted as downtime
timeline-asleep = Lookout was asleep for {$span} ({$from} to {$to}): no data for that time
timeline-drill = This incident is a simulated outage (self-test)
timeline-drill-interrupted = The drill was interrupted (Lookout stopped before it ended); closed when Lookout started again
timeline-acknowledged = Acknowledged
timeline-recovery-action = Recovery action {$command} (attempt {$attempt} of {$attempts}) {$reason}
timeline-recovery-webhook = Recovery webhook {$command} (attempt {$attempt} of {$attempts}) {$reason}
timeline-last-output = {$reason}{"\u000A"}Last output:{"\u000A"}{$output}
timeline-action-timed-out = killed at the {$span} timeout
timeline-action-failed = failed after {$span}: {$error}
timeline-action-answered = answered {$code} after {$span}
timeline-action-exited = exited {$code} after {$span}
timeline-action-signalled = was killed by a signal after {$span}
timeline-dry-run = Dry run (simulated outage): would run {$command}
timeline-sent = Sent {$status} to {$channel} ({$tries} {$tries ->
        [one] try
       *[other] tries
    })
timeline-not-sent = Could not send {$status} to {$channel} after {$tries} {$tries ->
        [one] try
       *[other] tries
    }: {$error}
timeline-desktop-notification = Desktop notification: {$summary}
timeline-desktop-notification-failed = Could not show the desktop notification "{$summary}": {$error}
timeline-healed = {$monitor} was restarted automatically ({$command}) and is back UP
