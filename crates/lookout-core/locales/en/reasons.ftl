# Why a check failed, as Lookout writes it down (in English: stored, in events and JSON) and
# as people read it (`lookout_core::i18n::said`). An English message must read one way only:
# no two variables side by side, and a variable's name says how it is worded again:
# `$reason…` another such text, `$span…` a length, `$status…` a status word.
#
# A check's reasons are joined by "; ", and a variable at either end of a message takes in
# the reasons joined on that side when the whole text is read as that message. Where other
# reasons are often joined there (failed conditions after a status code, before a condition's
# side), that variable is a `$reason…` too, so what it took in is worded as well. A server's or
# a library's own words go last where they can, and are never worded again.

# Between the reasons of one check.
reason-separator = {"; "}

## Connections (any probe).
reason-refused = connection refused
reason-reset = connection reset
reason-aborted = connection aborted
reason-closed = connection closed
reason-timed-out = timed out
reason-timed-out-after = timed out after {$span}
reason-unresolved-host = could not resolve host: {$error}
reason-unresolved-host-bare = could not resolve host
reason-slow = slow: {$ms} ms, over the {$limit} ms limit

## HTTP.
reason-status = status {$code}, expected {$reason_accepted}
reason-keyword-found = keyword "{$keyword}" found, expected it absent
reason-keyword-missing = keyword "{$keyword}" not found
reason-timed-out-reading-body = timed out after {$span} reading the body
reason-while-reading-body = {$reason} while reading the body
reason-closed-before-response = connection closed before a response
reason-headers-too-large = the response's headers are too large (too many or too long)
reason-http-client = could not build the HTTP client: {$error}
reason-redirect-too-many = more than {$max} redirects
reason-redirect-downgrade = redirect from https to http refused (a downgrade to {$to})
reason-redirect-bad-location = redirect to a Location that is not a URL
reason-redirect-bad-location-quoted = redirect to a Location that is not a URL ("{$location}")
reason-redirect-scheme = redirect to an unsupported scheme "{$scheme}" ({$to})
reason-redirect-body = redirect to another origin ({$to}) would resend the request body; not followed

## TLS and certificates (tls:// and https://).
reason-timed-out-connecting = timed out after {$span} connecting
reason-timed-out-handshake = timed out after {$span} in the TLS handshake
reason-tls-setup = TLS setup failed: {$error}
reason-tls-handshake = TLS handshake failed: {$reason}
reason-tls-error = TLS error: {$error}
reason-invalid-server-name = "{$host}" is not a valid server name
reason-no-certificate = the server sent no certificate
reason-cannot-verify = cannot verify certificates: {$error}
reason-cert-expired-days = certificate expired {$days} {$days ->
        [one] day
       *[other] days
    } ago
reason-cert-expired-hours = certificate expired {$hours} {$hours ->
        [one] hour
       *[other] hours
    } ago
reason-cert-expired-just-now = certificate expired just now
reason-cert-has-expired = certificate has expired
reason-cert-not-yet-valid = certificate is not valid yet
reason-cert-not-yet-valid-from = certificate is not valid yet (valid from {$date})
reason-cert-not-for = certificate is not for {$host}
reason-cert-for-other = certificate is for {$names}, not {$host}
reason-cert-unknown-issuer = certificate is not trusted (unknown issuer)
reason-cert-bad-signature = certificate is not trusted (bad signature)
reason-cert-signature-mismatch = certificate is not trusted (its signature does not match the issuer's key)
reason-cert-unsupported-algorithm = certificate is not trusted (unsupported signature algorithm)
reason-cert-not-trusted = certificate is not trusted ({$error})
reason-cert-revoked = certificate has been revoked
reason-cert-wrong-purpose = certificate is not for TLS servers (wrong key usage)
reason-cert-expires-today = certificate expires today ({$date})
reason-cert-expires-in = certificate expires in {$days} {$days ->
        [one] day
       *[other] days
    } ({$date})

## DNS. An error code's reason has one message per record type, which ends it as text.
reason-dns-rcode-a = {$rcode} for {$name} A
reason-dns-rcode-aaaa = {$rcode} for {$name} AAAA
reason-dns-rcode-cname = {$rcode} for {$name} CNAME
reason-dns-rcode-mx = {$rcode} for {$name} MX
reason-dns-rcode-txt = {$rcode} for {$name} TXT
reason-dns-rcode-ns = {$rcode} for {$name} NS
reason-dns-no-records = no {$kind} records for {$name} (NOERROR)
reason-dns-none-expected = none of the expected values ({$expected}) in the answers ({$answers})
reason-dns-missing-expected = {$missing} not in the answers ({$answers})
reason-dns-resolver-lookup = could not resolve the resolver {$host}: {$error}
reason-dns-resolver-no-address = could not resolve the resolver {$host}
reason-dns-invalid-name = invalid name: {$error}
reason-dns-encode = could not encode the query: {$error}
reason-dns-truncated-tcp = truncated answer, and TCP failed: {$reason}
reason-dns-malformed = malformed DNS answer: {$error}
reason-dns-other-query = DNS answer for another query

## ICMP.
reason-ping-no-reply-one = no reply to the ping (100% loss)
reason-ping-no-reply = no reply to {$sent} pings (100% loss)
reason-ping-loss = {$loss} packet loss ({$lost} of {$sent} lost), over the {$limit} limit
reason-icmp-not-allowed = ICMP sockets are not allowed for this process; enable them with `sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"` (or give the binary CAP_NET_RAW)
reason-icmp-socket = cannot open an ICMP socket: {$error}

## Heartbeats.
reason-push-waiting = waiting for the first push
reason-push-none = no push received in {$span}
reason-push-late = no push for {$span}, grace is {$span_grace}
reason-push-down = the job reported down
reason-push-down-message = the job reported down: {$message}

## Conditions that did not hold: the operator stays as written, a side is worded again.
reason-condition-eq = {$reason} == {$reason2}
reason-condition-ne = {$reason} != {$reason2}
reason-condition-lt = {$reason} < {$reason2}
reason-condition-le = {$reason} <= {$reason2}
reason-condition-gt = {$reason} > {$reason2}
reason-condition-ge = {$reason} >= {$reason2}
reason-condition-missing = {$reason} (missing)
reason-condition-expired = {$reason} (expired {$span} ago)

## A monitor's check as a whole.
reason-checkpoint = {$target}: {$reason}
reason-checkpoints-failed = {$failed} of {$total} checkpoints failed: {$reason}
reason-confirmed = {$reason} (confirmed by a re-check)
reason-offline = offline: {$reason}
reason-check-crashed = the check failed inside Lookout ({$error}); it goes on at the next interval
reason-check-not-run = could not run the check: {$reason}
reason-heartbeat-needs-engine = a heartbeat is judged by the running engine (lookout run or the desktop app)

## Is this machine online?
reason-no-route = no network route
reason-references-unreachable = reference targets unreachable: {$targets}
reason-drill = simulated outage (self-test; the service was not touched)

# The part of Lookout an `engine_fault` names (its `task`).
reason-task-check = the check of {$monitor}
reason-task-check-unknown = the check of a monitor
reason-task-background = a background task of the engine
reason-task-engine-loop = the engine loop
reason-task-writer = the database writer
reason-task-heartbeat = the heartbeat listener
reason-task-dispatcher = the action dispatcher
