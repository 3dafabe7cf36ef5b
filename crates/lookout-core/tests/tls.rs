//! TLS and HTTPS certificate checks against real TLS servers on 127.0.0.1, with certificates
//! generated here: trusted through a test CA (`ca_file`), untrusted, expired, not yet valid,
//! for another host, and expiring soon.

use std::sync::Arc;

use chrono::{Datelike, Duration as Days, Utc};
use lookout_core::model::{CheckResult, Status};
use lookout_core::monitor::Monitor;
use lookout_core::probe::Prober;
use lookout_core::spec::MonitorSpec;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

struct Ca {
    issuer: Issuer<'static, KeyPair>,
    der: CertificateDer<'static>,
    pem_file: tempfile::NamedTempFile,
}

fn ca() -> Ca {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "Lookout Test CA");
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let pem_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(pem_file.path(), cert.pem()).unwrap();
    Ca {
        der: cert.der().clone(),
        issuer: Issuer::new(params, key),
        pem_file,
    }
}

/// Sets the validity to [today + `from`, today + `to`] days, at midnight UTC.
fn validity(params: &mut CertificateParams, from: i64, to: i64) {
    let d = |n: i64| {
        let t = Utc::now() + Days::days(n);
        rcgen::date_time_ymd(t.year(), t.month() as u8, t.day() as u8)
    };
    params.not_before = d(from);
    params.not_after = d(to);
}

/// A TLS server on 127.0.0.1 presenting a leaf for `names` (plus the CA), answering HTTP 200.
async fn server(ca: &Ca, names: &[&str], from: i64, to: i64) -> u16 {
    let mut params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    validity(&mut params, from, to);
    let key = KeyPair::generate().unwrap();
    let leaf = params.signed_by(&key, &ca.issuer).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![leaf.der().clone(), ca.der.clone()],
        PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else {
                    return;
                };
                let mut buf = vec![0u8; 4096];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = tls
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                    )
                    .await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
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
    let ca = ca();
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
    let ca = ca();
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
    let ca = ca();
    let port = server(&ca, &["other.test"], -30, -3).await;
    for target in targets(port) {
        let mut s = spec(target.clone());
        s.ignore_tls = Some(true);
        let r = check(s).await;
        assert_eq!(r.status, Status::Up, "{target}: {r:?}");
        assert!(r.details["cert_days_left"].as_i64().unwrap() < 0, "{r:?}");
    }
}

#[tokio::test]
async fn expired_certificate_says_how_long_ago() {
    let ca = ca();
    let port = server(&ca, &["localhost"], -30, -3).await;
    for target in targets(port) {
        let r = check(trusted(target.clone(), &ca)).await;
        assert_eq!(r.status, Status::Down, "{target}: {r:?}");
        assert_eq!(r.reason, "certificate expired 3 days ago", "{target}");
    }
}

#[tokio::test]
async fn not_yet_valid_certificate_is_down() {
    let ca = ca();
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
    let ca = ca();
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
    let ca = ca();
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
    let ca = ca();
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

    let ca = ca();
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
