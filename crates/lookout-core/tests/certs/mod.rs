//! Certificates made for tests (a CA, leaves it signs, self-signed leaves, all with chosen
//! dates) and a TLS server on 127.0.0.1 that answers every HTTP request with fixed bytes.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::{Datelike, Duration as Days, Utc};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A plain 200 that closes the connection.
pub const OK: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";

pub struct Ca {
    pub issuer: Issuer<'static, KeyPair>,
    pub der: CertificateDer<'static>,
    /// The CA as PEM, for a monitor's `ca_file`.
    pub pem_file: tempfile::NamedTempFile,
}

pub fn ca() -> Ca {
    ca_with(KeyPair::generate().unwrap())
}

/// A CA named like [`ca`]'s, with this key.
pub fn ca_with(key: KeyPair) -> Ca {
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
pub fn validity(params: &mut CertificateParams, from: i64, to: i64) {
    let d = |n: i64| {
        let t = Utc::now() + Days::days(n);
        rcgen::date_time_ymd(t.year(), t.month() as u8, t.day() as u8)
    };
    params.not_before = d(from);
    params.not_after = d(to);
}

/// What a server presents: its chain (leaf first) and the leaf's key.
pub struct Leaf {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

fn params(names: &[&str], from: i64, to: i64) -> CertificateParams {
    let mut params =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    validity(&mut params, from, to);
    params
}

/// A leaf for `names` signed by `ca`, valid from today + `from` to today + `to` days.
pub fn signed(ca: &Ca, names: &[&str], from: i64, to: i64) -> Leaf {
    let key = KeyPair::generate().unwrap();
    let leaf = params(names, from, to).signed_by(&key, &ca.issuer).unwrap();
    Leaf {
        chain: vec![leaf.der().clone(), ca.der.clone()],
        key: PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    }
}

/// A self-signed leaf for `names`, valid from today + `from` to today + `to` days.
pub fn self_signed(names: &[&str], from: i64, to: i64) -> Leaf {
    let key = KeyPair::generate().unwrap();
    let leaf = params(names, from, to).self_signed(&key).unwrap();
    Leaf {
        chain: vec![leaf.der().clone()],
        key: PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    }
}

/// A TLS server on 127.0.0.1 presenting `leaf`, answering each request with `response`.
pub async fn serve(leaf: Leaf, response: Vec<u8>) -> u16 {
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(leaf.chain, leaf.key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let response = Arc::new(response);
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                continue;
            };
            let (acceptor, response) = (acceptor.clone(), response.clone());
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
                let _ = tls.write_all(&response).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}
