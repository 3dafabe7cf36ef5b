//! `push://` heartbeats: a job proves it ran by calling Lookout, and silence is the failure.
//!
//! Each push monitor has a random token; the runtime's push listener (127.0.0.1 only, see
//! [`crate::push_server`]) records pushes to `/push/TOKEN` on the [`PushBoard`], and each
//! scheduled check reads the board: a push within `grace` is UP (or DOWN if it said
//! `status=down`), no push within `grace` is DOWN.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;

use super::Outcome;
use crate::field::{defaults, format_duration, parse_duration_in, FieldError};
use crate::model::MonitorId;
use crate::spec::MonitorSpec;

/// Token length: 24 characters of [a-zA-Z0-9], about 143 bits.
const TOKEN_LEN: usize = 24;

/// The longest latency a push may report. A job's own timing is whatever it sends; bounded so
/// that it adds up safely in history and rollups.
pub const MAX_PUSHED_LATENCY: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushConfig {
    pub token: String,
    /// How long silence is tolerated, as written; `None` means the monitor's interval.
    pub grace: Option<Duration>,
    /// The monitor's interval, the grace when none is written.
    interval: Duration,
}

impl PushConfig {
    pub fn from_spec(spec: &MonitorSpec) -> Result<PushConfig, Vec<FieldError>> {
        let mut errs = Vec::new();
        let token = match spec.token.as_deref().map(str::trim) {
            None | Some("") => new_token(),
            Some(t)
                if t.len() >= 16
                    && t.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                t.to_string()
            }
            Some(_) => {
                errs.push(FieldError::new("token", crate::t!("field-push-token")));
                String::new()
            }
        };
        let grace = spec.grace.as_deref().and_then(|s| {
            parse_duration_in("grace", s, defaults::MIN_GRACE, defaults::MAX_GRACE)
                .map_err(|e| errs.push(e))
                .ok()
        });
        // The monitor validates the interval and reports its errors; here it is only the
        // grace when none is written.
        let interval = spec
            .interval
            .as_deref()
            .and_then(|i| {
                parse_duration_in(
                    "interval",
                    i,
                    defaults::MIN_INTERVAL,
                    defaults::MAX_INTERVAL,
                )
                .ok()
            })
            .unwrap_or(defaults::INTERVAL);
        if errs.is_empty() {
            Ok(PushConfig {
                token,
                grace,
                interval,
            })
        } else {
            Err(errs)
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        spec.token = Some(self.token.clone());
        spec.grace = self.grace.map(format_duration);
    }
}

fn new_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; TOKEN_LEN];
    // Without an OS random source there is no safe token; an empty one fails validation below.
    if getrandom::fill(&mut bytes).is_err() {
        return String::new();
    }
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// One received push.
#[derive(Debug, Clone, PartialEq)]
pub struct Push {
    pub at: DateTime<Utc>,
    pub up: bool,
    pub msg: String,
    /// As the job reported it; read no further than [`MAX_PUSHED_LATENCY`].
    pub latency_ms: Option<u64>,
}

/// Which tokens are live and the last push each received. Shared by the listener and the checks.
#[derive(Debug, Clone, Default)]
pub struct PushBoard(Arc<Mutex<Board>>);

#[derive(Debug, Default)]
struct Board {
    /// Live tokens, their monitor and since when they are live (silence counts from then).
    tokens: HashMap<String, (MonitorId, DateTime<Utc>)>,
    last: HashMap<String, Push>,
}

impl PushBoard {
    fn lock(&self) -> std::sync::MutexGuard<'_, Board> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the set of live tokens (after the runtime's monitors change); tokens new to the
    /// board are live from `now`.
    pub fn set_tokens(&self, tokens: HashMap<String, MonitorId>, now: DateTime<Utc>) {
        let mut b = self.lock();
        b.last.retain(|t, _| tokens.contains_key(t));
        let old = std::mem::take(&mut b.tokens);
        b.tokens = tokens
            .into_iter()
            .map(|(t, id)| {
                let since = old.get(&t).map_or(now, |(_, since)| *since);
                (t, (id, since))
            })
            .collect();
    }

    /// Records a push. Returns the monitor it belongs to, or `None` for an unknown token
    /// (which records nothing).
    pub fn record(&self, token: &str, push: Push) -> Option<MonitorId> {
        let mut b = self.lock();
        let (id, _) = *b.tokens.get(token)?;
        b.last.insert(token.to_string(), push);
        Some(id)
    }

    pub fn last(&self, token: &str) -> Option<Push> {
        self.lock().last.get(token).cloned()
    }

    fn live_since(&self, token: &str) -> Option<DateTime<Utc>> {
        self.lock().tokens.get(token).map(|(_, since)| *since)
    }
}

pub(super) fn check(c: &PushConfig, board: &PushBoard, now: DateTime<Utc>) -> Outcome {
    let grace = c.grace.unwrap_or(c.interval);
    let Some(p) = board.last(&c.token) else {
        let details = json!({ "grace_s": grace.as_secs() });
        let waited = board
            .live_since(&c.token)
            .map(|since| (now - since).to_std().unwrap_or_default());
        return match waited {
            // Give a new (or newly started) monitor its grace before calling silence an outage.
            Some(w) if w <= grace => Outcome {
                status: crate::model::Status::Unknown,
                reason: crate::said!("reason-push-waiting"),
                details,
                latency: Some(Duration::ZERO),
                facts: None,
            },
            _ => Outcome::down(
                crate::said!("reason-push-none", span = format_duration(grace)),
                details,
            ),
        };
    };
    let age = (now - p.at).to_std().unwrap_or_default();
    let details = json!({ "last_push": p.at, "message": p.msg, "latency_ms": p.latency_ms });
    if age > grace {
        let reason = crate::said!(
            "reason-push-late",
            span = format_duration(Duration::from_secs(age.as_secs())),
            span_grace = format_duration(grace)
        );
        return Outcome::down(reason, details);
    }
    let mut outcome = if p.up {
        Outcome::up(details)
    } else if p.msg.is_empty() {
        Outcome::down(crate::said!("reason-push-down"), details)
    } else {
        let reason = crate::said!("reason-push-down-message", message = p.msg.as_str());
        Outcome::down(reason, details)
    };
    outcome.latency = Some(
        p.latency_ms
            .map_or(Duration::ZERO, Duration::from_millis)
            .min(MAX_PUSHED_LATENCY),
    );
    outcome
}

/// The URL a job calls: `http://127.0.0.1:PORT/push/TOKEN`.
pub fn push_url(port: u16, token: &str) -> String {
    format!("http://127.0.0.1:{port}/push/{token}")
}
