//! A stored monitor that no longer validates (edited by hand, or written by a build that knew a
//! field this one refuses) is shown as broken, with why, and can be removed: never silently
//! skipped.

mod common;

use common::run;

#[test]
fn a_broken_monitor_is_listed_with_its_reason_and_removable() {
    let d = tempfile::tempdir().unwrap();
    for (name, target) in [("good", "tcp://127.0.0.1:9"), ("bad", "tcp://127.0.0.1:9")] {
        let r = run(
            d.path(),
            &["monitors", "add", "--name", name, "--target", target],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // As another build, or a hand edit, might leave it.
    let db = rusqlite::Connection::open(d.path().join("lookout.db")).unwrap();
    db.execute(
        "UPDATE monitors SET spec = '{\"name\":\"bad\",\"target\":\"gopher://127.0.0.1:9\"}' WHERE name = 'bad'",
        [],
    )
    .unwrap();
    drop(db);

    let r = run(d.path(), &["monitors", "list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bad_row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("bad "))
        .unwrap_or_else(|| panic!("bad is not listed:\n{}", r.stdout));
    assert!(bad_row.contains("BROKEN"), "{bad_row}");
    assert!(
        r.stdout.contains("bad: it no longer validates") && r.stdout.contains("gopher"),
        "the reason is shown:\n{}",
        r.stdout
    );
    assert!(r.stdout.lines().any(|l| l.starts_with("good ")));

    let r = run(d.path(), &["monitors", "list", "--json"]);
    let v = r.json();
    assert_eq!(v["monitors"].as_array().unwrap().len(), 1);
    assert_eq!(v["broken"][0]["name"], "bad");
    assert!(
        v["broken"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("gopher"),
        "{v}"
    );

    let r = run(d.path(), &["monitors", "remove", "bad"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(d.path(), &["monitors", "list", "--json"]);
    let v = r.json();
    assert!(v.get("broken").is_none(), "{v}");
    assert_eq!(v["monitors"][0]["name"], "good");
}
