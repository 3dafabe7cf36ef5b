//! `icmp://host` checks: `count` echo requests (default 3), one after another, each given an
//! equal share of the timeout.
//!
//! The socket is an unprivileged ICMP datagram socket where the OS allows it
//! (`net.ipv4.ping_group_range` on Linux), else a raw socket (root or CAP_NET_RAW). Where
//! neither is allowed the result is UNKNOWN, not DOWN, with a reason that says how to enable
//! it: the service may be fine, we just cannot look. Loss above `loss_threshold` percent is
//! DEGRADED; 100% loss is DOWN.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::json;
use surge_ping::{Client, Config, PingIdentifier, PingSequence, SurgeError, ICMP};

use super::{timed_out, Outcome};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::field::{defaults, FieldError};
use crate::model::Status;
use crate::spec::MonitorSpec;

/// What an ICMP check can tell conditions.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder::ResponseTime,
    Placeholder::Ip,
    Placeholder::Connected,
];

#[derive(Debug, Clone, PartialEq)]
pub struct IcmpConfig {
    pub host: String,
    /// 1 to 100.
    pub count: u32,
    /// Percent, 0 to 100.
    pub loss_threshold: f64,
    pub conditions: Conditions,
}

impl IcmpConfig {
    pub fn from_spec(target: &str, spec: &MonitorSpec) -> Result<IcmpConfig, Vec<FieldError>> {
        let mut errs = Vec::new();
        let rest = target.strip_prefix("icmp://").unwrap_or("");
        let host = rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("")
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host.is_empty() {
            errs.push(FieldError::new(
                "target",
                crate::t!("field-icmp-needs-host", target = target),
            ));
        } else if host.contains(':') && host.parse::<IpAddr>().is_err() {
            errs.push(FieldError::new("target", crate::t!("field-icmp-no-ports")));
        }
        let count = match spec.count {
            None => defaults::ICMP_COUNT,
            Some(n) if (1..=100).contains(&n) => n as u32,
            Some(n) => {
                errs.push(FieldError::new(
                    "count",
                    crate::t!(
                        "field-between",
                        min = "1",
                        max = "100",
                        value = n.to_string()
                    ),
                ));
                defaults::ICMP_COUNT
            }
        };
        let loss_threshold = match spec.loss_threshold {
            None => defaults::ICMP_LOSS_THRESHOLD,
            Some(p) if (0.0..=100.0).contains(&p) => p,
            Some(p) => {
                errs.push(FieldError::new(
                    "loss_threshold",
                    crate::t!("field-percentage-between", value = p.to_string()),
                ));
                defaults::ICMP_LOSS_THRESHOLD
            }
        };
        let conditions = Conditions::from_spec(spec, "icmp", PLACEHOLDERS, &mut errs);
        if errs.is_empty() {
            Ok(IcmpConfig {
                host,
                count,
                loss_threshold,
                conditions,
            })
        } else {
            Err(errs)
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        if self.count != defaults::ICMP_COUNT {
            spec.count = Some(self.count.into());
        }
        if self.loss_threshold != defaults::ICMP_LOSS_THRESHOLD {
            spec.loss_threshold = Some(self.loss_threshold);
        }
        self.conditions.write_spec(spec);
    }
}

/// Judges a run of echoes: `rtts` has one entry per echo sent, `None` for a lost one.
pub fn judge(
    rtts: &[Option<Duration>],
    loss_threshold: f64,
) -> (Status, String, serde_json::Value) {
    let sent = rtts.len();
    let got: Vec<f64> = rtts
        .iter()
        .flatten()
        .map(|d| d.as_secs_f64() * 1000.0)
        .collect();
    let received = got.len();
    let lost = sent - received;
    let loss = if sent == 0 {
        100.0
    } else {
        lost as f64 * 100.0 / sent as f64
    };
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let mut details = json!({
        "sent": sent,
        "received": received,
        "loss_percent": round(loss),
    });
    if received > 0 {
        let min = got.iter().copied().fold(f64::INFINITY, f64::min);
        let max = got.iter().copied().fold(0.0, f64::max);
        let avg = got.iter().sum::<f64>() / received as f64;
        details["rtt_min_ms"] = json!(round(min));
        details["rtt_avg_ms"] = json!(round(avg));
        details["rtt_max_ms"] = json!(round(max));
    }
    let pct = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}%")
        } else {
            format!("{x:.1}%")
        }
    };
    if received == 0 {
        let reason = if sent == 1 {
            crate::said!("reason-ping-no-reply-one")
        } else {
            crate::said!("reason-ping-no-reply", sent = sent)
        };
        (Status::Down, reason, details)
    } else if loss > loss_threshold {
        let reason = crate::said!(
            "reason-ping-loss",
            loss = pct(loss),
            lost = lost,
            sent = sent,
            limit = pct(loss_threshold)
        );
        (Status::Degraded, reason, details)
    } else {
        (Status::Up, String::new(), details)
    }
}

/// The outcome when no ICMP socket could be opened: UNKNOWN, with how to fix it.
pub fn socket_error(e: &std::io::Error) -> Outcome {
    let reason = if e.kind() == std::io::ErrorKind::PermissionDenied {
        crate::said!("reason-icmp-not-allowed")
    } else {
        crate::said!("reason-icmp-socket", error = e.to_string())
    };
    Outcome {
        status: Status::Unknown,
        reason,
        details: serde_json::Value::Null,
        latency: None,
        facts: None,
    }
}

pub(super) async fn check(c: &IcmpConfig, timeout: Duration) -> Outcome {
    let started = std::time::Instant::now();
    let ip = match c.host.parse::<IpAddr>() {
        Ok(ip) => ip,
        Err(_) => {
            match tokio::time::timeout(timeout, tokio::net::lookup_host((c.host.as_str(), 0))).await
            {
                Err(_) => return Outcome::down(timed_out(timeout), json!({ "host": c.host })),
                Ok(Err(e)) => {
                    let reason = crate::said!("reason-unresolved-host", error = e.to_string());
                    return Outcome::down(reason, json!({ "host": c.host }));
                }
                Ok(Ok(mut addrs)) => match addrs.next() {
                    Some(a) => a.ip(),
                    None => {
                        let reason = crate::said!("reason-unresolved-host-bare");
                        return Outcome::down(reason, json!({ "host": c.host }));
                    }
                },
            }
        }
    };
    let kind = if ip.is_ipv4() { ICMP::V4 } else { ICMP::V6 };
    let config = Config::builder()
        .kind(kind)
        .sock_type_hint(socket2::Type::DGRAM)
        .build();
    let client = match Client::new(&config) {
        Ok(c) => c,
        Err(e) => return socket_error(&e),
    };
    let remaining = timeout.saturating_sub(started.elapsed());
    let per_echo = remaining / c.count.max(1);
    let mut pinger = client
        .pinger(ip, PingIdentifier(std::process::id() as u16))
        .await;
    pinger.timeout(per_echo);
    let payload = [0x4cu8; 56];
    let mut rtts = Vec::with_capacity(c.count as usize);
    for seq in 0..c.count {
        match pinger.ping(PingSequence(seq as u16), &payload).await {
            Ok((_, rtt)) => rtts.push(Some(rtt)),
            Err(SurgeError::Timeout { .. }) => rtts.push(None),
            Err(SurgeError::IOError(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return socket_error(&e)
            }
            // Unreachable networks and the like: the echo is lost.
            Err(_) => rtts.push(None),
        }
    }
    let (status, reason, mut details) = judge(&rtts, c.loss_threshold);
    details["host"] = json!(c.host);
    details["ip"] = json!(ip.to_string());
    let received = rtts.iter().any(Option::is_some);
    let mut outcome = Outcome::up(details);
    outcome.worsen(status, reason);
    if received {
        outcome.with_facts(Facts {
            ip: Some(ip),
            connected: Some(true),
            ..Facts::default()
        })
    } else {
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Option<Duration> {
        Some(Duration::from_millis(n))
    }

    #[test]
    fn loss_math() {
        let (s, r, d) = judge(&[ms(1), ms(2), ms(3)], 20.0);
        assert_eq!((s, r.as_str()), (Status::Up, ""));
        assert_eq!(d["loss_percent"], 0.0);
        assert_eq!(d["rtt_min_ms"], 1.0);
        assert_eq!(d["rtt_avg_ms"], 2.0);
        assert_eq!(d["rtt_max_ms"], 3.0);

        let (s, r, d) = judge(&[ms(1), None, ms(3)], 20.0);
        assert_eq!(s, Status::Degraded);
        assert_eq!(r, "33.3% packet loss (1 of 3 lost), over the 20% limit");
        assert_eq!(d["received"], 2);
        assert_eq!(d["loss_percent"], 33.333);

        // At the threshold is not above it.
        let (s, _, _) = judge(&[ms(1), ms(1), ms(1), ms(1), None], 20.0);
        assert_eq!(s, Status::Up);

        let (s, r, d) = judge(&[None, None, None], 20.0);
        assert_eq!(s, Status::Down);
        assert_eq!(r, "no reply to 3 pings (100% loss)");
        assert_eq!(d["loss_percent"], 100.0);
        assert!(d.get("rtt_avg_ms").is_none());
    }

    #[test]
    fn ping_reasons_stay_english_and_read_in_chinese() {
        use crate::i18n::{word_in, Lang};
        let cases = [
            (
                vec![None],
                "no reply to the ping (100% loss)",
                "ping 没有应答（丢包 100%）",
            ),
            (
                vec![None, None, None],
                "no reply to 3 pings (100% loss)",
                "3 次 ping 都没有应答（丢包 100%）",
            ),
            (
                vec![ms(1), None, ms(3)],
                "33.3% packet loss (1 of 3 lost), over the 20% limit",
                "丢包率 33.3%（3 个中丢失 1 个），超过 20% 的上限",
            ),
        ];
        for (rtts, en, zh) in cases {
            let (_, reason, _) = judge(&rtts, 20.0);
            assert_eq!(reason, en);
            assert_eq!(word_in(Lang::ZhCn, &reason), zh);
        }
        let o = socket_error(&std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert!(word_in(Lang::ZhCn, &o.reason).starts_with("此进程不允许使用 ICMP 套接字；"));
    }

    #[test]
    fn permission_denied_is_unknown_with_the_fix() {
        let o = socket_error(&std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(o.status, Status::Unknown);
        assert!(o
            .reason
            .contains("net.ipv4.ping_group_range=\"0 2147483647\""));
    }
}
