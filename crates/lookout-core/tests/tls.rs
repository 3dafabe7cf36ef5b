//! TLS and HTTPS certificate checks against real TLS servers on 127.0.0.1, with certificates
//! generated here: trusted through a test CA (`ca_file`), untrusted, expired, not yet valid,
//! for another host, and expiring soon.

mod certs;

use certs::Ca;
use chrono::{Duration as Days, Utc};
use lookout_core::i18n::{word_in, Lang};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use tokio::net::TcpListener;

/// A TLS server on 127.0.0.1 presenting a leaf for `names` (plus the CA), answering HTTP 200.
async fn server(ca: &Ca, names: &[&str], from: i64, to: i64) -> u16 {
    certs::serve(certs::signed(ca, names, from, to), certs::OK.to_vec()).await
}

fn spec(target: String) -> MonitorSpec {
    MonitorSpec {
        name: "t".into(),
        target,
        timeout: Some("3s".into()),
        ..Default::default()
    }
}

fn trusted(target: String, ca: &Ca) -> MonitorSpec {
    let mut s = spec(target);
    s.ca_file = Some(ca.pem_file.path().display().to_string());
    s
}

async fn check(spec: MonitorSpec) -> CheckResult {
    let m = Monitor::try_from(spec).expect("valid monitor");
    Prober::new()
        .unwrap()
        .check(&m.probe, m.timeout, m.degraded_latency, Utc::now())
        .await
}

/// Both forms of the same check: `tls://` and `https://`.
fn targets(port: u16) -> [String; 2] {
    [
        format!("tls://localhost:{port}"),
        format!("https://localhost:{port}/health"),
    ]
}

#[tokio::test]
async fn trusted_certificate_is_up_with_days_left() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], -1, 90).await;
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Up, "{target}: {r:?}");
        let days = r.details["cert_days_left"].as_i64().unwrap();
        assert!((88..=90).contains(&days), "{target}: {days}");
        assert!(r.details["cert_not_after"].as_str().is_some(), "{r:?}");
    }
}

#[tokio::test]
async fn untrusted_certificate_is_down() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], -1, 90).await;
    for target in targets(port) {
        let r = check(spec(target.clone())).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(
            r.reason, "certificate is not trusted (unknown issuer)",
            "{target}"
        );
    }
}

#[tokio::test]
async fn ignore_tls_accepts_an_untrusted_certificate_and_still_records_it() {
    let ca = certs::ca();
    let port = server(&ca, &["other.test"], -30, 60).await;
    for target in targets(port) {
        let mut s = spec(target.clone());
        s.ignore_tls = Some(true);
        let r = check(s).await;
        assert_eq!(r.status, Status::Up, "{target}: {r:?}");
        assert!(r.details["cert_days_left"].as_i64().unwrap() > 50, "{r:?}");
        assert_eq!(r.details["cert_names"][0], "other.test", "{r:?}");
    }
}

// `ignore_tls` skips trust and name; a self-signed certificate still expires, and its owner
// needs the warning as much as anyone.
#[tokio::test]
async fn ignore_tls_still_warns_before_a_self_signed_certificate_expires() {
    let port = certs::serve(
        certs::self_signed(&["localhost"], -10, 3),
        certs::OK.to_vec(),
    )
    .await;
    for target in targets(port) {
        let mut s = spec(target.clone());
        s.ignore_tls = Some(true);
        let r = check(s).await;
        assert_eq!(r.status, Status::Degraded, "{target}: {r:?}");
        assert!(
            r.reason.starts_with("certificate expires in 2 days (")
                || r.reason.starts_with("certificate expires in 3 days ("),
            "{target}: {}",
            r.reason
        );
    }
}

// An expired certificate is refused by every client that verifies: the service is down for
// them, whatever this monitor is told to trust.
#[tokio::test]
async fn ignore_tls_does_not_hide_an_expired_or_not_yet_valid_certificate() {
    let port = certs::serve(
        certs::self_signed(&["localhost"], -30, -3),
        certs::OK.to_vec(),
    )
    .await;
    for target in targets(port) {
        let mut s = spec(target.clone());
        s.ignore_tls = Some(true);
        let r = check(s).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(r.reason, "certificate expired 3 days ago", "{target}");
    }
    let port = certs::serve(
        certs::self_signed(&["localhost"], 10, 100),
        certs::OK.to_vec(),
    )
    .await;
    for target in targets(port) {
        let mut s = spec(target.clone());
        s.ignore_tls = Some(true);
        let r = check(s).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert!(
            r.reason
                .starts_with("certificate is not valid yet (valid from "),
            "{target}: {}",
            r.reason
        );
    }
}

#[tokio::test]
async fn expired_certificate_says_how_long_ago() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], -30, -3).await;
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(r.reason, "certificate expired 3 days ago", "{target}");
    }
}

#[tokio::test]
async fn not_yet_valid_certificate_is_down() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], 10, 100).await;
    let from = (Utc::now() + Days::days(10))
        .format("%Y-%m-%d 00:00 UTC")
        .to_string();
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(
            r.reason,
            format!("certificate is not valid yet (valid from {from})"),
            "{target}"
        );
    }
}

#[tokio::test]
async fn certificate_for_another_host_is_down() {
    let ca = certs::ca();
    let port = server(&ca, &["other.test"], -1, 90).await;
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(
            r.reason, "certificate is for other.test, not localhost",
            "{target}"
        );
    }
}

#[tokio::test]
async fn certificate_expiring_soon_is_degraded() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], -30, 5).await;
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Degraded, "{target}: {r:?}");
        assert!(
            r.reason.starts_with("certificate expires in 4 days (")
                || r.reason.starts_with("certificate expires in 5 days ("),
            "{target}: {}",
            r.reason
        );
        // A lower warning threshold makes it UP again.
        let mut s = trusted(target.clone(), &ca);
        s.cert_warn_days = Some(3);
        assert_eq!(check(s).await.status, Status::Up, "{target}");
    }
}

#[tokio::test]
async fn certificate_expiration_condition() {
    let ca = certs::ca();
    let port = server(&ca, &["localhost"], -1, 90).await;
    let mut s = trusted(format!("tls://localhost:{port}"), &ca);
    s.conditions = Some(vec!["[CERTIFICATE_EXPIRATION] > 48h".into()]);
    assert_eq!(check(s.clone()).await.status, Status::Up);
    s.conditions = Some(vec!["[CERTIFICATE_EXPIRATION] > 2400h".into()]);
    let r = check(s).await;
    assert_eq!(r.status, Status::Down);
    assert!(
        r.reason.starts_with("[CERTIFICATE_EXPIRATION] ("),
        "{}",
        r.reason
    );
}

#[test]
fn ca_file_and_cert_warn_days_are_validated_and_round_trip() {
    let mut s = spec("tls://localhost:443".into());
    s.ca_file = Some("/nonexistent/ca.pem".into());
    s.cert_warn_days = Some(-1);
    let e = Monitor::try_from(s).unwrap_err();
    let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["cert_warn_days", "ca_file"], "{e}");

    let ca = certs::ca();
    let mut s = trusted("https://localhost/".into(), &ca);
    s.cert_warn_days = Some(30);
    let m = Monitor::try_from(s.clone()).unwrap();
    let back = MonitorSpec::from(&m);
    assert_eq!(back.ca_file, s.ca_file);
    assert_eq!(back.cert_warn_days, Some(30));
    assert_eq!(Monitor::try_from(back).unwrap(), m);

    let mut s = spec("http://localhost/".into());
    s.ca_file = Some(ca.pem_file.path().display().to_string());
    assert_eq!(Monitor::try_from(s).unwrap_err().errors[0].field, "ca_file");
}

#[tokio::test]
async fn tls_refused_is_down() {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let r = check(spec(format!("tls://127.0.0.1:{port}"))).await;
    assert_eq!(r.status, Status::Down);
    assert_eq!(r.reason, "connection refused");
}

// A trusted root with the issuer's name but another key (as the system's snakeoil "localhost"
// beside a self-signed "localhost"): the reason says so in words, not as a debug dump.
#[tokio::test]
async fn an_issuer_named_like_a_trusted_root_but_with_another_key_is_named_in_words() {
    let root = certs::ca_with(rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap());
    let impostor = certs::ca();
    let mut leaf = certs::signed(&impostor, &["localhost"], -1, 90);
    leaf.chain.truncate(1);
    let port = certs::serve(leaf, certs::OK.to_vec()).await;
    let r = check(trusted(format!("tls://localhost:{port}"), &root)).await;
    assert_eq!(r.status, Status::Down, "{r:?}");
    assert_eq!(
        r.reason,
        "certificate is not trusted (its signature does not match the issuer's key)"
    );
}

/// A reason as a reader of Chinese reads it.
fn zh(reason: &str) -> String {
    word_in(Lang::ZhCn, reason).into_owned()
}

// What is wrong with a certificate, stored in English, reads in Chinese over both forms of
// the check; names and dates stay as they were.
#[tokio::test]
async fn certificate_reasons_stay_english_and_read_in_chinese() {
    let ca = certs::ca();
    let untrusted = server(&ca, &["localhost"], -1, 90).await;
    let expired = server(&ca, &["localhost"], -30, -3).await;
    let other = server(&ca, &["other.test"], -1, 90).await;
    let soon = server(&ca, &["localhost"], -30, 5).await;
    for i in 0..2 {
        let r = check(spec(targets(untrusted)[i].clone())).await;
        assert_eq!(r.reason, "certificate is not trusted (unknown issuer)");
        assert_eq!(zh(&r.reason), "证书不受信任（签发者未知）");
        let r = check(trusted(targets(expired)[i].clone(), &ca)).await;
        assert_eq!(r.reason, "certificate expired 3 days ago");
        assert_eq!(zh(&r.reason), "证书已过期 3 天");
        let r = check(trusted(targets(other)[i].clone(), &ca)).await;
        assert_eq!(r.reason, "certificate is for other.test, not localhost");
        assert_eq!(zh(&r.reason), "证书适用于 other.test，而不是 localhost");
        let r = check(trusted(targets(soon)[i].clone(), &ca)).await;
        let (en, worded) = (r.reason.clone(), zh(&r.reason));
        let date = en.rsplit_once('(').map(|(_, d)| d.trim_end_matches(')'));
        let date = date.unwrap_or_else(|| panic!("{en}"));
        assert!(
            [4, 5].iter().any(
                |n| en == format!("certificate expires in {n} days ({date})")
                    && worded == format!("证书将在 {n} 天后到期（{date}）")
            ),
            "{en} / {worded}"
        );
    }
    // A condition's side that saw an expired certificate is worded after the probe's reason.
    let mut s = spec(format!("tls://localhost:{expired}"));
    s.ignore_tls = Some(true);
    s.conditions = Some(vec!["[CERTIFICATE_EXPIRATION] > 48h".into()]);
    let r = check(s).await;
    let worded = zh(&r.reason);
    assert!(
        r.reason
            .starts_with("certificate expired 3 days ago; [CERTIFICATE_EXPIRATION] (expired 3days"),
        "{}",
        r.reason
    );
    assert!(
        worded.starts_with("证书已过期 3 天；[CERTIFICATE_EXPIRATION]（已过期3天")
            && worded.ends_with("） > 48h"),
        "{worded}"
    );

    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    let r = check(spec(format!("tls://127.0.0.1:{port}"))).await;
    assert_eq!(zh(&r.reason), "连接被拒绝");
}
