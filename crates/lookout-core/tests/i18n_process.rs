//! The process's language, alone in its own test binary: `i18n::set` changes it for every
//! thread, which would race the unit tests that run side by side under `cargo test`.

use lookout_core::i18n::{self, Lang};
use lookout_core::t;

/// The tests of this binary take turns: each sets the one language of the process.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn the_language_in_force_changes_when_set_and_every_thread_hears_it() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set(Lang::ZhCn);
    assert_eq!(t!("status-down"), "故障");
    assert_eq!(
        std::thread::spawn(|| t!("status-down")).join().unwrap(),
        "故障"
    );
    assert!(!i18n::set(Lang::ZhCn), "setting it again is no change");
    assert!(i18n::set(Lang::En));
    assert_eq!(t!("status-down"), "DOWN");
    assert_eq!(i18n::duration(192), "3m 12s");
}

/// An error made on the database's writer thread speaks the process's language too.
#[test]
fn an_error_made_on_another_thread_speaks_the_process_language() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let store = lookout_core::storage::Store::open(&dir.path().join("lookout.db")).unwrap();
    let missing = lookout_core::model::MonitorId(99);
    i18n::set(Lang::ZhCn);
    let zh = store.remove_monitor(missing).unwrap_err().to_string();
    i18n::set(Lang::En);
    let en = store.remove_monitor(missing).unwrap_err().to_string();
    assert_eq!(zh, "找不到监控 99");
    assert_eq!(en, "monitor 99 not found");
}
