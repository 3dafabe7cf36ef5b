# What is wrong with a field: validation messages, shown next to the field or after its name.
# Values are passed as text exactly as typed; `$error` is a library's own explanation.

## Shared by many fields.
field-required = is required
field-between = must be between { $min } and { $max }, got { $value }
field-at-most = must be at most { $max }, got { $value }
field-at-least = must be at least { $min }, got { $value }
field-too-long = is longer than { $max } { $max ->
    [one] character
   *[other] characters
}
field-control-chars = must not contain control characters
field-no-nul = must not contain NUL characters
field-http-url = must be an http:// or https:// URL
field-not-a-url = "{ $value }" is not a URL: { $error }
field-name-exists = a monitor named "{ $name }" already exists
# A field and what is wrong with it: `interval: must be ...`.
field-error = { $field }: { $message }
# A field error of a named monitor: `monitor "api": interval: must be ...`.
field-in-monitor = monitor "{ $monitor }": { $error }

## Durations.
field-not-a-duration = "{ $value }" is not a duration ({ $error }); write it like 500ms, 30s, 5m or 1h

## The import file.
field-file-syntax = line { $line }, column { $column }: { $error }

## Targets.
field-target-not-a-url = "{ $target }" is not a valid URL ({ $error }); write it like https://host/path or tcp://host:port
field-unknown-scheme = unknown scheme "{ $scheme }"; supported: { $supported }
field-needs-host-and-port = "{ $target }" needs a host and a port, like { $scheme }://host:port
field-port-out-of-range = port { $port } is out of range (1-65535)
field-not-a-port = "{ $port }" is not a port number
field-no-host = has no host
field-http-targets-only = applies only to http:// and https:// targets
field-https-targets-only = applies only to https:// targets

## HTTP.
field-not-an-http-method = "{ $method }" is not an HTTP method
field-bad-header-name = "{ $name }" is not a valid header name
field-bad-header-value = the value of "{ $name }" is not a valid header value
field-status-list-empty = must list at least one status code or range
field-status-not-a-code = "{ $value }" is not a status code or range like 200-299
field-status-reversed = "{ $value }": the range's start is after its end
field-keyword-needed = needs a keyword to look for

## TLS: `ca_file`.
field-ca-unreadable = cannot read "{ $path }": { $error }
field-ca-not-pem = "{ $path }" is not a PEM file of certificates: { $error }
field-ca-empty = "{ $path }" holds no PEM certificate

## DNS.
field-dns-not-dns = "{ $target }" is not a dns: target; write it like dns:///example.com?type=A or dns://1.1.1.1/example.com?type=MX
field-dns-no-name = "{ $target }" has no name to look up; write it like dns:///example.com?type=A or dns://1.1.1.1/example.com?type=MX
field-dns-invalid-name = "{ $name }" is not a valid domain name
field-dns-unsupported-type = record type "{ $kind }" is not supported; use A, AAAA, CNAME, MX, TXT or NS
field-dns-unknown-option = unknown option "{ $option }"; only type=... is understood
field-dns-bad-port = "{ $port }" is not a port number (1-65535)
field-dns-unclosed-bracket = "{ $resolver }": the [ of the IPv6 address is not closed
field-dns-expected-empty = values must not be empty
field-dns-match-mode = "{ $value }" is not a match mode; write any or all

## ICMP.
field-icmp-needs-host = "{ $target }" needs a host, like icmp://example.com
field-icmp-no-ports = ICMP has no ports: write icmp://host
field-percentage-between = must be a percentage between 0 and 100, got { $value }

## Heartbeats.
field-push-token = must be at least 16 characters of letters, digits, - or _

## Conditions: `condition 2 ("[STATUS] = 200"), at character 10: a single = ...`.
field-condition-numbered = condition { $n } ("{ $source }"), { $problem }
field-condition-quoted = "{ $source }", { $problem }
field-condition-unavailable = { $placeholder } is not available for { $kind } checks
field-condition-at = at character { $position }: { $problem }
field-condition-empty = is empty
field-condition-single-equals = a single = is not an operator; write ==
field-condition-missing-operator = expected a comparison operator (==, !=, <, <=, >, >=)
field-condition-missing-operand = expected a value { $side ->
    [before] before
   *[after] after
} the operator
field-condition-unterminated = this { $opener } is never closed
field-condition-unclosed-call = { $function }( is missing its closing )
field-condition-no-placeholder = compares no placeholder; write it like [STATUS] == 200
field-condition-match-needs-equality = pat() and any() work only with == and !=
field-condition-has-needs-equality = has() is true or false: compare it with == or !=
field-condition-not-a-number = "{ $text }" is not a number or a duration like 500ms or 48h, so it can't be compared with { $op }
field-condition-empty-pattern = pat() needs a pattern, like pat(api-*)
field-condition-empty-any = any() needs values separated by commas, like any(200, 429)
field-condition-unknown-function = unknown function { $name }(); known: len(), has(), pat(), any()
field-condition-expected-placeholder = expected a placeholder like [BODY]
field-condition-unknown-placeholder = unknown placeholder { $name }; known: { $known }
field-condition-unsupported = Lookout does not support { $name }: { $why }
field-condition-why-domain = it looks up no domain registrations
field-condition-why-header = its conditions do not read response headers
field-condition-why-context = it has no suites to carry a context
field-condition-why-age = its conditions do not read timestamps
field-condition-text-after = unexpected text after { $placeholder }
field-condition-empty-key = expected a key after .
field-condition-key-with-space = "{ $key }" is not a key: keys have no spaces
field-condition-bad-index = "{ $text }" is not an array index
field-condition-bad-path = expected .key or [index] after [BODY], like [BODY].data[0].id

## The offline check's `reference_targets`.
field-reference-twice = "{ $entry }" is listed twice
field-reference-problem = "{ $entry }": { $problem }
field-references-too-many = at most { $max } { $max ->
    [one] target
   *[other] targets
} (each is tried on every failed check), got { $count }
field-reference-scheme = write host:port without a scheme, e.g. 10.0.0.1:53
field-reference-unclosed = an IPv6 address opened with [ must close with ], e.g. [::1]:53
field-reference-not-ipv6 = "{ $value }" is not an IPv6 address
field-reference-no-port-after-address = no port after the address; write it as [::1]:53
field-reference-no-port = no port; write host:port, e.g. 10.0.0.1:53
field-reference-ipv6-brackets = an IPv6 address goes in brackets, e.g. [::1]:53
field-reference-host-empty = the host is empty
field-reference-port-zero = port 0 cannot be connected to; use 1 to 65535
field-reference-port-empty = the port is empty
field-reference-port-not-number = the port must be a number from 1 to 65535, got "{ $value }"
field-reference-not-ipv4 = "{ $value }" is not an IPv4 address
field-reference-not-host = "{ $value }" is not a host name or IP address

## Maintenance windows.
field-start-required = is required: now or a time like 2026-03-01T22:00:00Z
field-start-invalid = "{ $value }" is not `now` or an RFC 3339 time like 2026-03-01T22:00:00Z: { $error }
field-window-duration-required = is required, like 30m or 2h
field-window-too-short = must be at least 1s
field-window-too-long = must be at most 366d; for longer, pause the monitor
field-rrule-invalid = "{ $rule }" is not a valid RRULE: { $why }
field-rrule-one-line = "{ $rule }" must be one rule on one line, like FREQ=WEEKLY;BYDAY=SU
field-rrule-interval = INTERVAL must be at least 1
field-rrule-count = COUNT must be at most { $max }; end a longer series with UNTIL
field-rrule-too-often = "{ $rule }" repeats more often than hourly; a window repeats at most every hour (FREQ=HOURLY with one BYMINUTE and one BYSECOND, or a longer FREQ)
field-rrule-never = "{ $rule }" never occurs

## Monitors.
field-severity-unknown = unknown severity "{ $value }", expected critical or warning
field-timeout-over-interval = { $timeout } is longer than the interval ({ $interval })
field-depends-on-itself = a monitor can't depend on itself
field-name-twice-in-file = "{ $name }" is used by more than one monitor
field-checkpoints-too-many = at most { $max } { $max ->
    [one] checkpoint
   *[other] checkpoints
}, got { $count }
field-checkpoint-heartbeat = a heartbeat can't be a checkpoint
field-quorum-unknown = "{ $value }" is not a quorum; use any, all or majority
field-confirm-after-interval = must be shorter than the interval ({ $interval })

## Recovery actions.
field-recovery-too-many = at most { $max } { $max ->
    [one] action
   *[other] actions
} per monitor, got { $count }
field-recovery-both = give either "run" or "webhook", not both
field-recovery-neither = needs "run" (a program and its arguments) or "webhook" (a URL)
field-recovery-no-program = must name a program: ["systemctl", "--user", "restart", "api"]

## Channels and drills.
field-channel-format = unknown format "{ $value }", expected kener, slack or discord
field-simulate-not-up = { $monitor } is { $status }; simulate an outage on a monitor that is UP
