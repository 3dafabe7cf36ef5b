//! Which origins an HTTP check may reach over a kept connection: those that answered UP on a
//! new connection within the window ([`super::http::FRESH_EVERY`]).

use std::time::Duration;

use tokio::time::Instant;

/// Origins remembered at once; past it the memory starts over (every origin connects anew).
const FRESH_ORIGINS: usize = 10_000;

/// When each origin last answered UP on a new connection.
pub(crate) struct Freshness {
    every: Duration,
    at: std::sync::Mutex<std::collections::HashMap<String, Instant>>,
}

impl Freshness {
    pub fn new(every: Duration) -> Self {
        Freshness {
            every,
            at: Default::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Instant>> {
        // Plain values: a panic elsewhere cannot leave the map inconsistent.
        self.at.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn vouched(&self, origin: &str, now: Instant) -> bool {
        self.lock()
            .get(origin)
            .is_some_and(|t| now.saturating_duration_since(*t) < self.every)
    }

    pub fn set(&self, origin: String, up: Option<Instant>) {
        let mut at = self.lock();
        match up {
            Some(now) => {
                if at.len() >= FRESH_ORIGINS && !at.contains_key(&origin) {
                    at.clear();
                }
                at.insert(origin, now);
            }
            None => {
                at.remove(&origin);
            }
        }
    }
}
