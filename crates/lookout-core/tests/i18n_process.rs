//! The process's language, alone in its own test binary: `i18n::set` changes it for every
//! thread, which would race the unit tests that run side by side under `cargo test`.

use lookout_core::i18n::{self, Lang};
use lookout_core::t;

#[test]
fn the_language_in_force_changes_when_set_and_every_thread_hears_it() {
    assert!(i18n::set(Lang::ZhCn) || i18n::current() == Lang::ZhCn);
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
