//! Supervision: a panic in a long-lived task (a monitor's task, the engine loop, the action
//! dispatcher, the heartbeat listener, the database writer) must not leave Lookout silently
//! blind. Each of those catches a panic where it happens ([`caught`], or
//! `std::panic::catch_unwind` on the writer's thread), reports it as a [`Fault`] (the runtime
//! turns it into an `engine_fault` event: a JSON line in `lookout run`, a notification on the
//! desktop) and goes on: a loop that owns state goes on with its next input, a task that owns
//! nothing but its inputs ([`supervise`]) is started again after a pause that grows while it
//! keeps failing.
//!
//! Tests reach every one of them through [`inject`], which panics where it is placed once a
//! test has [`arm`]ed that point; without the `fault-injection` feature it is an empty inline
//! function.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt;

/// A panic caught in a long-lived task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What failed, in words: "the engine loop", "the check of Mockoon".
    pub task: String,
    /// The panic's message.
    pub message: String,
}

/// The message a panic carried (`panic!("...")` gives a `&str` or a `String`).
pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs `fut`; a panic inside it comes back as its message instead of unwinding further.
/// The caller owns whatever state `fut` touched and decides whether it is still good.
pub async fn caught<T>(fut: impl Future<Output = T>) -> Result<T, String> {
    AssertUnwindSafe(fut)
        .catch_unwind()
        .await
        .map_err(|p| panic_message(&*p))
}

/// The first pause before a restart, doubled after each panic that follows a short run, up to
/// [`RESTART_MAX`]. A task that ran for [`RESTART_MAX`] before panicking starts over at
/// [`RESTART_FIRST`].
pub const RESTART_FIRST: Duration = Duration::from_millis(500);
pub const RESTART_MAX: Duration = Duration::from_secs(60);

/// Runs the task `start()` makes until it returns. When it panics, `report` hears it and a new
/// one is started after a pause, so a panic that recurs at once cannot spin.
pub async fn supervise<Fut>(task: &str, mut start: impl FnMut() -> Fut, report: impl Fn(Fault))
where
    Fut: Future<Output = ()>,
{
    let mut pause = RESTART_FIRST;
    loop {
        let began = tokio::time::Instant::now();
        let Err(message) = caught(start()).await else {
            return;
        };
        tracing::error!(task, %message, "a task panicked; restarting it");
        report(Fault {
            task: task.to_string(),
            message,
        });
        if began.elapsed() >= RESTART_MAX {
            pause = RESTART_FIRST;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(RESTART_MAX);
    }
}

#[cfg(feature = "fault-injection")]
static ARMED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Makes the next [`inject`] at `point` panic, once. Points: `"engine"` (the engine loop,
/// applying an input), `"check:NAME"` (a check of the monitor named NAME), `"dispatcher"`
/// (the action dispatcher, on an event), `"heartbeat listener"` (its accept loop, on a
/// connection), `"writer"` (the database writer, on a job).
#[cfg(feature = "fault-injection")]
pub fn arm(point: &str) {
    ARMED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(point.to_string());
}

/// Panics if a test armed `point`.
#[cfg(feature = "fault-injection")]
pub fn inject(point: &str) {
    let mut armed = ARMED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(i) = armed.iter().position(|p| p == point) {
        armed.remove(i);
        drop(armed);
        panic!("fault injected at {point}");
    }
}

#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn inject(_point: &str) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn caught_turns_a_panic_into_its_message() {
        let r = caught(async { panic!("boom {}", 7) }).await;
        assert_eq!(r, Err::<(), _>("boom 7".to_string()));
        assert_eq!(caught(async { 5 }).await, Ok(5));
    }

    #[tokio::test(start_paused = true)]
    async fn supervise_restarts_a_panicking_task_with_growing_pauses() {
        let runs = Arc::new(AtomicU32::new(0));
        let faults = Arc::new(Mutex::new(Vec::new()));
        let started = tokio::time::Instant::now();
        let (r, f) = (runs.clone(), faults.clone());
        supervise(
            "the test task",
            move || {
                let n = r.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n < 3 {
                        panic!("run {n}");
                    }
                }
            },
            move |fault| f.lock().unwrap().push(fault),
        )
        .await;
        assert_eq!(
            runs.load(Ordering::SeqCst),
            4,
            "three panics, then a clean run"
        );
        let faults = faults.lock().unwrap();
        assert_eq!(faults.len(), 3);
        assert_eq!(faults[2].task, "the test task");
        assert_eq!(faults[2].message, "run 2");
        // 0.5 s + 1 s + 2 s of pauses.
        assert_eq!(started.elapsed(), Duration::from_millis(3500));
    }
}
