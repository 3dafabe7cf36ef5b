//! `tls://host:port` checks, and the certificate judgement shared with `https://`.
//!
//! The handshake accepts any certificate, then the chain is verified separately with webpki
//! (unless `ignore_tls`), so a bad certificate gives a reason in words ("certificate expired
//! 3 days ago", "certificate is for other.test, not localhost") rather than a handshake error.
//! Trusted roots are the system's, Mozilla's (webpki-roots), and those of an optional `ca_file`.
//! A leaf that expires within `cert_warn_days` makes the check DEGRADED.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde_json::json;

use super::{io_reason, timed_out, Outcome};
use crate::condition::{Conditions, Facts, Placeholder};
use crate::field::{defaults, FieldError};
use crate::model::Status;
use crate::spec::MonitorSpec;

/// What a TLS check can tell conditions.
pub const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder::ResponseTime,
    Placeholder::CertificateExpiration,
    Placeholder::Ip,
    Placeholder::Connected,
];

/// Extra trusted roots read from a PEM file when the monitor was validated.
#[derive(Debug, Clone, PartialEq)]
pub struct CaFile {
    /// As the user wrote it; written back on export.
    pub path: String,
    /// Never empty.
    pub certs: Vec<CertificateDer<'static>>,
}

/// How a certificate is judged (TLS and HTTPS).
#[derive(Debug, Clone, PartialEq)]
pub struct CertPolicy {
    /// Skip chain, name and date verification (the certificate is still described).
    pub ignore_tls: bool,
    /// DEGRADED when the leaf expires within this many days.
    pub warn_days: u32,
    pub ca: Option<CaFile>,
}

impl CertPolicy {
    /// Reads `ignore_tls`, `cert_warn_days` and `ca_file` (which must be a readable PEM file
    /// with at least one certificate).
    pub fn from_spec(spec: &MonitorSpec, errs: &mut Vec<FieldError>) -> CertPolicy {
        let warn_days = match spec.cert_warn_days {
            None => defaults::CERT_WARN_DAYS,
            Some(n) if (0..=3650).contains(&n) => n as u32,
            Some(n) => {
                errs.push(FieldError::new(
                    "cert_warn_days",
                    format!("must be between 0 and 3650, got {n}"),
                ));
                defaults::CERT_WARN_DAYS
            }
        };
        let ca = spec
            .ca_file
            .as_deref()
            .and_then(|path| match read_ca(path) {
                Ok(certs) => Some(CaFile {
                    path: path.to_string(),
                    certs,
                }),
                Err(m) => {
                    errs.push(FieldError::new("ca_file", m));
                    None
                }
            });
        CertPolicy {
            ignore_tls: spec.ignore_tls.unwrap_or(false),
            warn_days,
            ca,
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        if self.ignore_tls {
            spec.ignore_tls = Some(true);
        }
        if self.warn_days != defaults::CERT_WARN_DAYS {
            spec.cert_warn_days = Some(self.warn_days.into());
        }
        spec.ca_file = self.ca.as_ref().map(|c| c.path.clone());
    }
}

fn read_ca(path: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read \"{path}\": {e}"))?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("\"{path}\" is not a PEM file of certificates: {e}"))?;
    if certs.is_empty() {
        return Err(format!("\"{path}\" holds no PEM certificate"));
    }
    Ok(certs)
}

#[derive(Debug, Clone, PartialEq)]
pub struct TlsConfig {
    pub host: String,
    pub port: u16,
    pub policy: CertPolicy,
    pub conditions: Conditions,
}

impl TlsConfig {
    pub fn from_spec(target: &str, spec: &MonitorSpec) -> Result<TlsConfig, Vec<FieldError>> {
        let mut errs = Vec::new();
        let (host, port) = match super::host_port(target, "tls") {
            Ok(hp) => hp,
            Err(e) => return Err(vec![e]),
        };
        let policy = CertPolicy::from_spec(spec, &mut errs);
        let conditions = Conditions::from_spec(spec, "tls", PLACEHOLDERS, &mut errs);
        if errs.is_empty() {
            Ok(TlsConfig {
                host,
                port,
                policy,
                conditions,
            })
        } else {
            Err(errs)
        }
    }

    pub fn write_spec(&self, spec: &mut MonitorSpec) {
        self.policy.write_spec(spec);
        self.conditions.write_spec(spec);
    }
}

fn provider() -> Arc<CryptoProvider> {
    static P: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    P.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// The system's roots plus Mozilla's, loaded once.
fn base_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let native = rustls_native_certs::load_native_certs();
        for cert in native.certs {
            let _ = roots.add(cert);
        }
        roots
    })
}

/// Accepts any certificate during the handshake (signatures are still checked); the chain is
/// judged afterwards by [`verify_chain`], which can say what is wrong in words.
#[derive(Debug)]
struct AcceptAny(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAny {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Verifies a presented chain for `server_name`; `Err` is the reason in words.
fn verify_chain(
    chain: &[CertificateDer<'static>],
    server_name: &ServerName<'static>,
    host: &str,
    ca: Option<&CaFile>,
) -> Result<(), String> {
    let Some((leaf, intermediates)) = chain.split_first() else {
        return Err("the server sent no certificate".into());
    };
    let mut roots = base_roots().clone();
    if let Some(ca) = ca {
        for c in &ca.certs {
            let _ = roots.add(c.clone());
        }
    }
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
        .build()
        .map_err(|e| format!("cannot verify certificates: {e}"))?;
    verifier
        .verify_server_cert(leaf, intermediates, server_name, &[], UnixTime::now())
        .map(|_| ())
        .map_err(|e| describe_error(&e, Some(leaf), host))
}

/// "certificate expired 3 days ago", "certificate is for other.test, not localhost", ...
pub(crate) fn describe_error(
    e: &rustls::Error,
    leaf: Option<&CertificateDer<'_>>,
    host: &str,
) -> String {
    let leaf_info = leaf.and_then(|l| LeafInfo::parse(l));
    let now = Utc::now();
    match e {
        rustls::Error::InvalidCertificate(ce) => match ce {
            CertificateError::ExpiredContext { time, not_after } => {
                let d = time.as_secs() as i64 - not_after.as_secs() as i64;
                format!("certificate expired {}", ago(chrono::TimeDelta::seconds(d)))
            }
            CertificateError::Expired => match leaf_info.as_ref().map(|i| i.not_after) {
                Some(t) => format!("certificate expired {}", ago(now - t)),
                None => "certificate has expired".into(),
            },
            CertificateError::NotValidYetContext { not_before, .. } => {
                let from = DateTime::<Utc>::from_timestamp(not_before.as_secs() as i64, 0);
                match from {
                    Some(t) => format!(
                        "certificate is not valid yet (valid from {})",
                        t.format("%Y-%m-%d %H:%M UTC")
                    ),
                    None => "certificate is not valid yet".into(),
                }
            }
            CertificateError::NotValidYet => match leaf_info.as_ref().map(|i| i.not_before) {
                Some(t) => format!(
                    "certificate is not valid yet (valid from {})",
                    t.format("%Y-%m-%d %H:%M UTC")
                ),
                None => "certificate is not valid yet".into(),
            },
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                let mut names = match ce {
                    CertificateError::NotValidForNameContext { presented, .. } => presented.clone(),
                    _ => Vec::new(),
                };
                if names.is_empty() {
                    names = leaf_info.map(|i| i.names).unwrap_or_default();
                }
                let names: Vec<String> = names
                    .into_iter()
                    .map(|n| {
                        n.trim_start_matches("DnsName(\"")
                            .trim_start_matches("IpAddress(")
                            .trim_end_matches("\")")
                            .trim_end_matches(')')
                            .to_string()
                    })
                    .collect();
                if names.is_empty() {
                    format!("certificate is not for {host}")
                } else {
                    format!("certificate is for {}, not {host}", names.join(", "))
                }
            }
            CertificateError::UnknownIssuer => "certificate is not trusted (unknown issuer)".into(),
            CertificateError::BadSignature => "certificate is not trusted (bad signature)".into(),
            CertificateError::Revoked => "certificate has been revoked".into(),
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                "certificate is not for TLS servers (wrong key usage)".into()
            }
            other => format!("certificate is not trusted ({other:?})"),
        },
        other => format!("TLS error: {other}"),
    }
}

fn ago(d: chrono::TimeDelta) -> String {
    let days = d.num_days();
    match days {
        0 => {
            let hours = d.num_hours();
            if hours <= 0 {
                "just now".into()
            } else if hours == 1 {
                "1 hour ago".into()
            } else {
                format!("{hours} hours ago")
            }
        }
        1 => "1 day ago".into(),
        n => format!("{n} days ago"),
    }
}

/// What the probe reports about a leaf certificate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LeafInfo {
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// Subject alternative names (DNS names and IPs), else the subject's common name.
    pub names: Vec<String>,
    pub subject: String,
    pub issuer: String,
}

impl LeafInfo {
    pub fn parse(der: &[u8]) -> Option<LeafInfo> {
        use x509_parser::extensions::GeneralName;
        let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
        let ts = |t: x509_parser::time::ASN1Time| DateTime::<Utc>::from_timestamp(t.timestamp(), 0);
        let mut names = Vec::new();
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            for n in &san.value.general_names {
                match n {
                    GeneralName::DNSName(d) => names.push(d.to_string()),
                    GeneralName::IPAddress(b) => match b.len() {
                        4 => names.push(
                            std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*b).ok()?).to_string(),
                        ),
                        16 => names.push(
                            std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*b).ok()?).to_string(),
                        ),
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        if names.is_empty() {
            if let Some(cn) = cert.subject().iter_common_name().next() {
                if let Ok(s) = cn.as_str() {
                    names.push(s.to_string());
                }
            }
        }
        Some(LeafInfo {
            not_before: ts(cert.validity().not_before)?,
            not_after: ts(cert.validity().not_after)?,
            names,
            subject: cert.subject().to_string(),
            issuer: cert.issuer().to_string(),
        })
    }

    /// Whole days left until notAfter (negative once expired).
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.not_after - now).num_days()
    }
}

/// Records the leaf's dates in `details` and facts, and makes the outcome DEGRADED when it
/// expires within `warn_days`. Expired and not-yet-valid certificates are DOWN only when
/// verifying (`ignore_tls` off): the caller's verification reports those.
pub(crate) fn judge_leaf(
    outcome: &mut Outcome,
    facts: &mut Facts,
    der: &[u8],
    policy: &CertPolicy,
) {
    let Some(info) = LeafInfo::parse(der) else {
        return;
    };
    let now = Utc::now();
    let days = info.days_left(now);
    if let Some(map) = outcome.details.as_object_mut() {
        map.insert("cert_days_left".into(), json!(days));
        map.insert("cert_not_after".into(), json!(info.not_after.to_rfc3339()));
        map.insert("cert_subject".into(), json!(info.subject));
        map.insert("cert_issuer".into(), json!(info.issuer));
        map.insert("cert_names".into(), json!(info.names));
    }
    facts.cert_expiration_ms = Some((info.not_after - now).num_milliseconds());
    if !policy.ignore_tls && info.not_after > now {
        let left = info.not_after - now;
        if left < chrono::TimeDelta::days(policy.warn_days.into()) {
            let when = match days {
                0 => "today".to_string(),
                1 => "in 1 day".to_string(),
                n => format!("in {n} days"),
            };
            outcome.worsen(
                Status::Degraded,
                format!(
                    "certificate expires {when} ({})",
                    info.not_after.format("%Y-%m-%d")
                ),
            );
        }
    }
}

fn server_name(host: &str) -> Result<ServerName<'static>, String> {
    ServerName::try_from(host.to_string())
        .map_err(|_| format!("\"{host}\" is not a valid server name"))
}

pub(super) async fn check(c: &TlsConfig, timeout: Duration) -> Outcome {
    let details = json!({ "host": c.host, "port": c.port });
    match tokio::time::timeout(timeout, handshake(c, details.clone())).await {
        Ok(outcome) => outcome,
        Err(_) => Outcome::down(timed_out(timeout), details),
    }
}

async fn handshake(c: &TlsConfig, details: serde_json::Value) -> Outcome {
    let name = match server_name(&c.host) {
        Ok(n) => n,
        Err(m) => return Outcome::down(m, details),
    };
    let tcp = match tokio::net::TcpStream::connect((c.host.as_str(), c.port)).await {
        Ok(s) => s,
        Err(e) => return Outcome::down(io_reason(&e), details),
    };
    let ip = tcp.peer_addr().ok().map(|a| a.ip());
    let config = match rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
    {
        Ok(b) => b
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAny(provider())))
            .with_no_client_auth(),
        Err(e) => return Outcome::down(format!("TLS setup failed: {e}"), details),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let stream = match connector.connect(name.clone(), tcp).await {
        Ok(s) => s,
        Err(e) => {
            let reason = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(te) => format!("TLS handshake failed: {te}"),
                None => format!("TLS handshake failed: {}", io_reason(&e)),
            };
            return Outcome::down(reason, details);
        }
    };
    let (_, conn) = stream.get_ref();
    let chain: Vec<CertificateDer<'static>> = conn
        .peer_certificates()
        .map(|c| c.iter().map(|d| d.clone().into_owned()).collect())
        .unwrap_or_default();
    let mut details = details;
    if let (Some(map), Some(v)) = (details.as_object_mut(), conn.protocol_version()) {
        map.insert("tls_version".into(), json!(format!("{v:?}")));
    }
    let mut outcome = Outcome::up(details);
    let mut facts = Facts {
        ip,
        connected: Some(true),
        ..Facts::default()
    };
    if let Some(leaf) = chain.first() {
        judge_leaf(&mut outcome, &mut facts, leaf, &c.policy);
    }
    if !c.policy.ignore_tls {
        if let Err(reason) = verify_chain(&chain, &name, &c.host, c.policy.ca.as_ref()) {
            outcome.worsen(Status::Down, reason);
        }
    }
    outcome.with_facts(facts)
}
