# What an import of another tool's file could not carry over, and why: the monitors skipped,
# the settings left out, a file that is not the shape its format has, and the recovery actions
# a person must agree to. Said at once (`lookout import --dry-run`, the dashboard's import
# summary), never stored.

## Shared by the formats and the checks every planned monitor goes through.

import-separator = {"; "}
import-no-name = (no name)
import-invalid = not valid in Lookout: { $errors }
import-timeout-clamped = timeout { $timeout } is longer than the interval; using { $interval }
import-nesting = brackets nest more than { $max } levels deep; no monitor file does
import-no-url = has no url
import-not-a-monitor = not a monitor definition
import-group = group monitors have no Lookout equivalent
import-condition-unavailable = condition "{ $condition }": { $placeholder } is not available for { $kind } checks; left out
import-condition-invalid = condition "{ $condition }": { $error }; left out

## Uptime Kuma

import-kuma-shape = expected "monitorList": [...]
import-kuma-upside-down = upside-down mode (UP when the check fails) has no Lookout equivalent
import-kuma-headers = headers are not a JSON object; not imported
import-kuma-auth = authentication settings are not imported; add an Authorization header
import-kuma-port-no-host = port monitor without hostname and port
import-kuma-ping-no-host = ping monitor without hostname
import-kuma-dns-no-host = dns monitor without hostname
import-kuma-push = push monitors get a new push URL in Lookout: add it as a push:// monitor
import-kuma-other = Uptime Kuma's "{ $kind }" monitor has no Lookout equivalent
import-kuma-json-query = json-query "{ $path }" { $op } "{ $expected }" is not a plain path comparison; not imported

## Gatus

import-gatus-shape = expected "endpoints": a list
import-gatus-external-name = (external endpoint)
import-gatus-external = external endpoints are pushed to; add it as a push:// monitor in Lookout
import-gatus-graphql = graphql: the body is sent as written, not wrapped as a GraphQL query
import-gatus-scheme = { $scheme }:// endpoints have no Lookout equivalent
import-gatus-providers = alert providers ({ $providers }) are not imported; Lookout notifies on the desktop
# The counts are always plural: the English has always read so, and scripts compare it.
import-gatus-thresholds = alerts have different thresholds; using the first ({ $failures } failures, { $successes } successes)

## Kener

import-kener-shape-list = expected a list of monitors, or "monitors:" with a list
import-kener-shape = expected a list of monitors
import-kener-cron = cron "{ $cron }" is not a fixed interval; checking every minute instead
import-kener-triggers = alerts.{ $rule }.triggers: Kener's triggers are not imported; Lookout notifies on the desktop
import-kener-no-check = has no check (its status is set by hand or by API)
import-kener-heartbeat = heartbeat monitors get a new push URL in Lookout: add it as a push:// monitor
import-kener-no-equivalent = { $kind } monitors have no Lookout equivalent
import-kener-unknown-type = unknown Kener monitor type "{ $kind }"
import-kener-no-block = has no api, ping, tcp or dns block (its status is set by hand or by API)
import-kener-env = { $part ->
        [header] a header
        [body] the body
       *[url] url
    } uses $VARIABLES that Kener fills from its environment; Lookout sends them as written
import-kener-eval = eval: Kener's JavaScript evaluation cannot run in Lookout; status 200-399 counts as UP (add conditions to check the body)
import-kener-host-eval = { $field }: Kener's JavaScript evaluation cannot run in Lookout
import-kener-api-no-url = api block has no url
import-kener-no-hosts = { $block } block lists no hosts
import-kener-tcp-no-port = tcp host has no port
import-kener-dns-no-host = dns block has no host
import-kener-ssl-no-host = ssl monitor has no host

## Recovery actions a person must agree to: exactly what would run, every argument quoted.

import-consent-run = runs { $command }
import-consent-webhook = posts the monitor's name and target to { $url }
