//! Snoozes and maintenance windows.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{from_ms, now_ms, to_ms, Store, StoreError};
use crate::maintenance::Maintenance;
use crate::model::MonitorId;

/// "Until resumed": a snooze with no end (9999-12-31T23:59:59Z; whole seconds, so it survives
/// the millisecond column unchanged).
pub const SNOOZE_FOREVER: DateTime<Utc> = match DateTime::from_timestamp(253_402_300_799, 0) {
    Some(t) => t,
    None => DateTime::<Utc>::MAX_UTC,
};

impl Store {
    /// Holds a monitor's notifications until `until` ([`SNOOZE_FOREVER`] for "until resumed");
    /// `None` lifts the snooze.
    pub fn set_snooze(
        &self,
        id: MonitorId,
        until: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.write(move |c| {
            let exists: bool = c
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM monitors WHERE id = ?1)")?
                .query_row([id.0], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound(super::monitors::what_monitor(id)));
            }
            match until {
                Some(t) => c.execute(
                    "INSERT INTO snoozes (monitor_id, until_ms) VALUES (?1, ?2)
                     ON CONFLICT (monitor_id) DO UPDATE SET until_ms = excluded.until_ms",
                    params![id.0, to_ms(t)],
                )?,
                None => c.execute("DELETE FROM snoozes WHERE monitor_id = ?1", [id.0])?,
            };
            Ok(())
        })
    }

    /// Every snooze still in force at `now`.
    pub fn snoozes(
        &self,
        now: DateTime<Utc>,
    ) -> Result<HashMap<MonitorId, DateTime<Utc>>, StoreError> {
        self.read(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT monitor_id, until_ms FROM snoozes WHERE until_ms > ?1")?;
            let rows = stmt.query_map([to_ms(now)], |r| {
                Ok((MonitorId(r.get(0)?), from_ms(r.get(1)?)))
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Stores a maintenance window for `monitors`; returns its id. Each monitor must exist
    /// (`NotFound("monitor 9")`); nothing is stored otherwise.
    pub fn add_maintenance(
        &self,
        monitors: &[MonitorId],
        start: DateTime<Utc>,
        duration: Duration,
        rrule: Option<&str>,
    ) -> Result<i64, StoreError> {
        let monitors = monitors.to_vec();
        let rrule = rrule.map(str::to_string);
        let (start, dur, now) = (to_ms(start), duration.as_millis() as i64, now_ms());
        self.write(move |c| {
            let mut exists = c.prepare_cached("SELECT 1 FROM monitors WHERE id = ?1")?;
            for m in &monitors {
                if !exists.exists([m.0])? {
                    return Err(StoreError::NotFound(super::monitors::what_monitor(m)));
                }
            }
            c.execute(
                "INSERT INTO maintenance (start_ms, duration_ms, rrule, created_ms) VALUES (?1, ?2, ?3, ?4)",
                params![start, dur, rrule, now],
            )?;
            let id = c.last_insert_rowid();
            let mut stmt = c.prepare_cached(
                "INSERT INTO maintenance_monitors (maintenance_id, monitor_id) VALUES (?1, ?2)",
            )?;
            for m in &monitors {
                stmt.execute([id, m.0])?;
            }
            Ok(id)
        })
    }

    /// Every maintenance window, oldest first.
    pub fn maintenances(&self) -> Result<Vec<Maintenance>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT m.id, m.start_ms, m.duration_ms, m.rrule, mm.monitor_id
                 FROM maintenance m LEFT JOIN maintenance_monitors mm ON mm.maintenance_id = m.id
                 ORDER BY m.id, mm.monitor_id",
            )?;
            let mut out: Vec<Maintenance> = Vec::new();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let monitor: Option<i64> = r.get(4)?;
                if out.last().is_none_or(|w| w.id != id) {
                    out.push(Maintenance {
                        id,
                        monitors: Vec::new(),
                        start: from_ms(r.get(1)?),
                        duration: Duration::from_millis(r.get::<_, i64>(2)?.max(0) as u64),
                        rrule: r.get(3)?,
                    });
                }
                if let (Some(m), Some(w)) = (monitor, out.last_mut()) {
                    w.monitors.push(MonitorId(m));
                }
            }
            Ok(out)
        })
    }

    pub fn remove_maintenance(&self, id: i64) -> Result<(), StoreError> {
        self.write(move |c| {
            let n = c.execute("DELETE FROM maintenance WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(StoreError::NotFound(crate::t!(
                    "error-what-maintenance",
                    id = id.to_string()
                )));
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::Monitor;
    use crate::spec::MonitorSpec;

    fn store() -> (tempfile::TempDir, Store, MonitorId) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("lookout.db")).unwrap();
        let m = Monitor::try_from(MonitorSpec {
            name: "api".into(),
            target: "tcp://127.0.0.1:80".into(),
            ..Default::default()
        })
        .unwrap();
        let id = s.add_monitor(&m).unwrap();
        (dir, s, id)
    }

    #[test]
    fn snoozes_expire_and_lift_and_bump_the_revision() {
        let (_d, s, id) = store();
        let now = Utc::now();
        let rev = s.config_rev().unwrap();
        s.set_snooze(id, Some(now + chrono::Duration::hours(1)))
            .unwrap();
        assert!(s.config_rev().unwrap() > rev);
        assert!(s.snoozes(now).unwrap().contains_key(&id));
        assert!(s
            .snoozes(now + chrono::Duration::hours(2))
            .unwrap()
            .is_empty());
        s.set_snooze(id, Some(SNOOZE_FOREVER)).unwrap();
        assert_eq!(s.snoozes(now).unwrap()[&id], SNOOZE_FOREVER);
        s.set_snooze(id, None).unwrap();
        assert!(s.snoozes(now).unwrap().is_empty());
        assert!(matches!(
            s.set_snooze(MonitorId(999), None),
            Err(StoreError::NotFound(_))
        ));
    }

    #[test]
    fn maintenance_windows_round_trip_and_follow_their_monitor() {
        let (_d, s, id) = store();
        let start = from_ms(to_ms(Utc::now()));
        let rev = s.config_rev().unwrap();
        let w = s
            .add_maintenance(&[id], start, Duration::from_secs(600), Some("FREQ=DAILY"))
            .unwrap();
        assert!(s.config_rev().unwrap() > rev);
        let all = s.maintenances().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(
            (all[0].id, all[0].start, all[0].monitors.clone()),
            (w, start, vec![id])
        );
        assert_eq!(all[0].rrule.as_deref(), Some("FREQ=DAILY"));
        s.remove_maintenance(w).unwrap();
        assert!(s.maintenances().unwrap().is_empty());
        // A window for a monitor that is gone is refused whole.
        let e = s
            .add_maintenance(&[id, MonitorId(999)], start, Duration::from_secs(600), None)
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::NotFound(m) if m == "monitor 999"),
            "{e}"
        );
        assert!(s.maintenances().unwrap().is_empty());
        assert!(matches!(
            s.remove_maintenance(w),
            Err(StoreError::NotFound(_))
        ));
    }
}
