//! logind's `PrepareForSleep` signal, fed to the runtime beside its clock-jump detector.
//!
//! The clock jump notices a sleep only after the machine is back and the clocks are compared;
//! logind says so before the machine goes down, so checks that fail while the network is being
//! torn down are not counted, and says so again the moment it is back. Where there is no logind
//! (a container, a system bus without it, another OS), [`spawn`] fails and the caller goes on
//! with the clock jump alone.
//!
//! A signal alone can lose the race with the suspend itself (the process is frozen before it
//! reads it), so Lookout also holds logind's "delay" inhibitor lock, as the logind docs ask of
//! programs that must act before a sleep: logind waits (at most `InhibitDelayMaxSec`) until
//! Lookout has taken note and closed the lock's file descriptor, and it is taken again on
//! resume.

use std::time::Duration;

use futures_lite::StreamExt;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use zbus::message::Type as MessageType;
use zbus::{Connection, MatchRule, MessageStream};

use crate::runtime::Runtime;

const LOGIND: &str = "org.freedesktop.login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const PATH: &str = "/org/freedesktop/login1";

/// Which bus logind is on: the system bus in real life; a private bus in tests.
#[derive(Debug, Clone)]
pub enum Bus {
    System,
    /// A D-Bus address such as `unix:path=/tmp/bus`.
    Address(String),
}

/// How long a D-Bus step may take: the app's start waits for [`spawn`].
const BUS_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum LogindError {
    #[error("could not listen to logind's sleep signal: {0}")]
    Bus(#[from] zbus::Error),
    #[error("could not listen to logind's sleep signal: the bus did not answer in time")]
    Timeout,
}

/// The listening task; stop it with [`SleepWatcher::shutdown`] before the runtime's shutdown.
pub struct SleepWatcher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SleepWatcher {
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let abort = self.task.abort_handle();
        if tokio::time::timeout(Duration::from_secs(2), self.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }
}

/// Subscribes to `PrepareForSleep` and hands each one to [`Runtime::prepare_for_sleep`].
/// Returns once the subscription is in place, so a signal sent after it is never missed.
pub async fn spawn(rt: &Runtime, bus: Bus) -> Result<SleepWatcher, LogindError> {
    let (conn, mut stream) = tokio::time::timeout(BUS_TIMEOUT, subscribe(bus))
        .await
        .map_err(|_| LogindError::Timeout)??;
    let mut inhibitor = inhibit(&conn).await;
    let (stop, mut stop_rx) = watch::channel(false);
    let rt = rt.clone();
    let task = tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = stop_rx.changed() => break,
                msg = stream.next() => {
                    let Some(msg) = msg else { break };
                    let going = msg.ok().and_then(|m| m.body().deserialize::<bool>().ok());
                    match going {
                        Some(going) => {
                            tracing::info!(going_to_sleep = going, "logind PrepareForSleep");
                            rt.prepare_for_sleep(going).await;
                            // Noted: let the suspend go on; on resume, ask to be waited for
                            // again next time.
                            inhibitor = if going { None } else { inhibit(&conn).await };
                        }
                        None => tracing::warn!("PrepareForSleep without a boolean; ignored"),
                    }
                }
            }
        }
        drop(inhibitor);
    });
    Ok(SleepWatcher { stop, task })
}

async fn subscribe(bus: Bus) -> Result<(Connection, MessageStream), LogindError> {
    let conn = match bus {
        Bus::System => Connection::system().await?,
        Bus::Address(a) => {
            zbus::connection::Builder::address(a.as_str())
                .build()
                .await?
        }
    };
    // The sender is matched by name, so only the process that owns logind's name (on the
    // system bus, only logind itself may) can make Lookout think the machine sleeps.
    let rule = MatchRule::builder()
        .msg_type(MessageType::Signal)
        .sender(LOGIND)
        .path(PATH)
        .interface(MANAGER)
        .member("PrepareForSleep")
        .build()?;
    let stream = MessageStream::for_match_rule(rule, &conn, None).await?;
    Ok((conn, stream))
}

/// Takes a "delay" inhibitor lock on sleep; it holds until the returned descriptor is closed.
/// Without it (refused, or not offered) Lookout still hears the signal, only with no promise
/// of hearing it before the suspend.
async fn inhibit(conn: &Connection) -> Option<zbus::OwnedFd> {
    let call = conn.call_method(
        Some(LOGIND),
        PATH,
        Some(MANAGER),
        "Inhibit",
        &(
            "sleep",
            "Lookout",
            "Hold checks across the suspend",
            "delay",
        ),
    );
    // A wedged logind must not hold up the app's start or the resume handling.
    let Ok(reply) = tokio::time::timeout(BUS_TIMEOUT, call).await else {
        tracing::warn!("logind did not answer Inhibit in time; the signal alone is used");
        return None;
    };
    match reply.and_then(|m| m.body().deserialize::<zbus::OwnedFd>()) {
        Ok(fd) => Some(fd),
        Err(e) => {
            tracing::info!(error = %e, "no sleep inhibitor lock from logind; the signal alone is used");
            None
        }
    }
}
