# What went wrong, said to the person who asked (the CLI's `error:` lines, the dashboard's
# messages). Said at once in the language in force, never stored.

error-not-found = { $what } not found
error-what-monitor = monitor { $id }
error-what-incident = incident { $id }
error-what-request = engine request { $id }
error-what-maintenance = maintenance window { $id }
error-what-backup = backup file { $path }
error-what-database = database file { $path }
error-request-failed = the running engine could not do it: { $error }
error-request-timeout-claimed = the running engine took the request but did not finish it within { $span }
error-request-timeout = the running engine did not take the request within { $span } (is it an older Lookout, or stuck?); the request was withdrawn
error-push-listen = cannot listen for heartbeats on 127.0.0.1:{ $port }: { $error }
error-already-running = another Lookout engine is already running on { $path } (the desktop app or `lookout run`); stop it first, or use another --data-dir
error-lock = cannot create the engine lock { $path }: { $error }
error-metrics-address = "{ $value }" is not a listen address: give a port (9464, :9464) or an address (0.0.0.0:9464, [::1]:9464)
error-metrics-bind = cannot listen for metrics on { $addr }: { $error }
error-load-unreadable = its stored definition is not readable: { $error }
error-load-invalid = it no longer validates: { $error }
error-duplicate = a monitor with { $field } "{ $value }" already exists
error-corrupt = the database { $path } is corrupt: { $detail }
error-not-lookout = { $path } is not a Lookout database (it is another program's SQLite file)
error-disk-full = cannot write the database { $path }: the disk is full
error-sqlite = database error: { $error }
error-migration = cannot upgrade the database: { $error }
error-writer-gone = the database writer thread has stopped
error-engine-running = a Lookout engine is running on { $path } (the desktop app or `lookout run`); stop it first
error-incident-open = monitor { $monitor } already has an open incident for this rule: incident { $open }
error-restore-consent = the backup holds { $n ->
        [one] a recovery action
       *[other] { $n } recovery actions
    } the current database does not have; they would run as you whenever a monitored target fails: read them, then restore with --allow-recovery
error-incident-id-taken = incident { $id } already exists and is a different incident
error-import-too-large = the file is larger than { $mib } MiB; an import file holds monitor definitions, not data
error-import-unreadable = cannot read: { $error }
error-import-not-text = the file is not text (UTF-8)
error-import-unknown-format = unknown format "{ $format }"; use kener, uptime-kuma, gatus or lookout
error-import-undetected = cannot tell what this file is: { $error }
error-import-neither = it is neither JSON nor YAML ({ $error })
error-import-unknown-shape = expected Uptime Kuma's "monitorList", Gatus's "endpoints", Kener's monitors (with api/ping/tcp/dns blocks or type_data), or Lookout's {"{"}"monitors": [...]{"}"}; name the format with --from
error-import-syntax = { $format } file, { $error }
error-import-wrong-shape = not a { $format } file as expected: { $error }
error-channel-not-found = no alert channel with URL { $url }
error-channel-corrupt = the stored alert channels cannot be read: { $error }
