//! Parent holds: a monitor that depends on another (`depends_on`) does not alert while its
//! parent is DOWN; it is named on the parent's incident instead.
//!
//! When the child's DOWN rule triggers, [`ParentHolds::on_child_down`] decides from the
//! parent's status whether its alert is held. A held child whose outage ends first was never
//! announced, so its resolution is silent ([`ParentHolds::on_child_resolved`]). When the
//! parent recovers, [`ParentHolds::release`] names the children still held: those still DOWN
//! alert on their own then.

use std::collections::HashSet;

use crate::model::{MonitorId, Status};

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ParentHolds {
    held: HashSet<MonitorId>,
}

impl ParentHolds {
    /// `child`'s DOWN rule triggered; its parent is in `parent` (`None`: no such monitor).
    /// Returns whether the child's alert is held.
    pub fn on_child_down(&mut self, child: MonitorId, parent: Option<Status>) -> bool {
        if parent != Some(Status::Down) {
            return false;
        }
        self.held.insert(child);
        true
    }

    /// `child`'s DOWN rule resolved. Returns whether its outage had been held (and so never
    /// announced: nothing to resolve).
    pub fn on_child_resolved(&mut self, child: MonitorId) -> bool {
        self.held.remove(&child)
    }

    /// The parent recovered: which of `children` (the monitors that depend on it) were held.
    /// They are no longer held.
    pub fn release(&mut self, children: impl IntoIterator<Item = MonitorId>) -> Vec<MonitorId> {
        children
            .into_iter()
            .filter(|c| self.held.remove(c))
            .collect()
    }

    /// A monitor went away (removed or paused).
    pub fn forget(&mut self, id: MonitorId) {
        self.held.remove(&id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: MonitorId = MonitorId(2);
    const OTHER: MonitorId = MonitorId(3);

    #[test]
    fn a_child_is_held_only_while_its_parent_is_down() {
        let mut h = ParentHolds::default();
        assert!(!h.on_child_down(CHILD, Some(Status::Up)));
        assert!(!h.on_child_down(CHILD, Some(Status::Degraded)));
        assert!(
            !h.on_child_down(CHILD, None),
            "a parent that does not exist holds nothing"
        );
        assert!(h.on_child_down(CHILD, Some(Status::Down)));
    }

    #[test]
    fn a_child_that_recovers_first_is_silent_and_not_released_later() {
        let mut h = ParentHolds::default();
        assert!(h.on_child_down(CHILD, Some(Status::Down)));
        assert!(
            h.on_child_resolved(CHILD),
            "its outage was held: nothing to resolve"
        );
        assert!(!h.on_child_resolved(CHILD));
        assert!(h.release([CHILD, OTHER]).is_empty());
    }

    #[test]
    fn the_parent_recovering_releases_only_the_held_children_once() {
        let mut h = ParentHolds::default();
        assert!(h.on_child_down(CHILD, Some(Status::Down)));
        assert_eq!(h.release([CHILD, OTHER]), [CHILD]);
        assert!(h.release([CHILD]).is_empty());
        assert!(
            !h.on_child_resolved(CHILD),
            "released: its own resolution is announced"
        );
    }

    #[test]
    fn a_forgotten_child_is_not_released() {
        let mut h = ParentHolds::default();
        h.on_child_down(CHILD, Some(Status::Down));
        h.forget(CHILD);
        assert!(h.release([CHILD]).is_empty());
    }
}
