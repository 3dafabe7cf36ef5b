//! What went wrong, said to whoever asked in their language: the same failure, the same kind
//! of error, only the words change; English stays the wording scripts have always read.
//!
//! Real files: a real database that is another program's, real import text. (An error made on
//! the database's writer thread speaks the process's language: `i18n_process.rs` shows one.)

use lookout_core::i18n::{with_lang, Lang};
use lookout_core::import::detect;
use lookout_core::storage::Store;

#[test]
fn another_programs_database_is_named_so_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lookout.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');")
        .unwrap();
    drop(c);
    let e = with_lang(Lang::ZhCn, || {
        Store::open(&path).map(|_| ()).unwrap_err().to_string()
    });
    assert!(e.contains("不是 Lookout 数据库"), "{e}");
    assert!(e.contains(&path.display().to_string()), "{e}");
    let e = with_lang(Lang::En, || {
        Store::open(&path).map(|_| ()).unwrap_err().to_string()
    });
    assert!(
        e.ends_with("is not a Lookout database (it is another program's SQLite file)"),
        "{e}"
    );
}

#[test]
fn an_import_file_that_is_nothing_known_says_so_in_chinese() {
    let zh = with_lang(Lang::ZhCn, || detect("{oops").unwrap_err().to_string());
    assert!(
        zh.starts_with("无法判断这是什么文件：它既不是 JSON 也不是 YAML（"),
        "{zh}"
    );
    let zh = with_lang(Lang::ZhCn, || detect("[1, 2]").unwrap_err().to_string());
    assert!(zh.contains("请用 --from 指明格式"), "{zh}");
    let en = with_lang(Lang::En, || detect("[1, 2]").unwrap_err().to_string());
    assert!(
        en.ends_with("or Lookout's {\"monitors\": [...]}; name the format with --from"),
        "{en}"
    );
}
