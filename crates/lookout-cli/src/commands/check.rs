//! `lookout check TARGET`: one probe now, no database, Nagios exit codes.

use lookout_core::field::defaults;
use lookout_core::model::Status;
use lookout_core::spec::MonitorSpec;

use super::{print, probe_spec};
use crate::cli::CheckArgs;
use crate::error::{nagios_code, CliError};
use crate::output::{self, CheckView};

/// The spec for a one-off check. Validation wants `timeout <= interval`, and the interval means
/// nothing for one check, so it is the default or the timeout, whichever is longer.
pub fn spec(args: &CheckArgs) -> MonitorSpec {
    let interval = args
        .timeout
        .as_deref()
        .and_then(|t| lookout_core::field::parse_duration("timeout", t).ok())
        // Capped, so a timeout out of bounds is told as the timeout's error alone.
        .map(|t| {
            lookout_core::field::format_duration(
                t.clamp(defaults::INTERVAL, defaults::MAX_INTERVAL),
            )
        });
    MonitorSpec {
        name: "check".into(),
        target: args.target.clone(),
        interval,
        timeout: args.timeout.clone(),
        ..probe_spec(&args.probe)
    }
}

pub async fn run(args: CheckArgs) -> Result<u8, CliError> {
    match lookout_core::monitor::check_spec(spec(&args)).await {
        Ok(result) => {
            let text = if args.json {
                let mut s = serde_json::to_string(&CheckView::new(&args.target, &result))
                    .expect("check views serialize");
                s.push('\n');
                s
            } else {
                output::check_line(&result) + "\n"
            };
            print(&text)?;
            Ok(nagios_code(result.status))
        }
        Err(e) => {
            if args.json {
                // Scripts reading stdout still get an answer: UNKNOWN, with the reason, in
                // English (validation is pure, so it is asked again in English).
                let reason = output::for_machines(true, || {
                    match lookout_core::monitor::Monitor::try_from(spec(&args)) {
                        Err(english) => english.to_string(),
                        Ok(_) => e.to_string(),
                    }
                });
                let view = CheckView {
                    target: &args.target,
                    status: Status::Unknown,
                    latency_ms: None,
                    reason: &reason,
                    details: &serde_json::Value::Null,
                };
                let s = serde_json::to_string(&view).expect("check views serialize") + "\n";
                print(&s)?;
            }
            Err(e.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(timeout: Option<&str>) -> CheckArgs {
        CheckArgs {
            target: "tcp://127.0.0.1:1".into(),
            timeout: timeout.map(Into::into),
            json: false,
            probe: Default::default(),
        }
    }

    #[test]
    fn interval_is_never_shorter_than_the_timeout() {
        assert_eq!(spec(&args(None)).interval, None);
        assert_eq!(spec(&args(Some("2s"))).interval.as_deref(), Some("1m"));
        assert_eq!(spec(&args(Some("5m"))).interval.as_deref(), Some("5m"));
        // An unparsable timeout is left for validation to name.
        assert_eq!(spec(&args(Some("soon"))).interval, None);
        assert_eq!(spec(&args(Some("soon"))).timeout.as_deref(), Some("soon"));
    }

    #[test]
    fn probe_flags_reach_the_spec() {
        let mut a = args(None);
        a.probe.conditions = vec!["[CONNECTED] == true".into()];
        a.probe.ignore_tls = true;
        a.probe.cert_warn_days = Some(30);
        a.probe.degraded_latency = Some("200ms".into());
        let s = spec(&a);
        assert_eq!(s.conditions, Some(vec!["[CONNECTED] == true".to_string()]));
        assert_eq!(s.degraded_conditions, None);
        assert_eq!(s.ignore_tls, Some(true));
        assert_eq!(s.invert_keyword, None);
        assert_eq!(s.cert_warn_days, Some(30));
        assert_eq!(s.degraded_latency.as_deref(), Some("200ms"));
    }
}
