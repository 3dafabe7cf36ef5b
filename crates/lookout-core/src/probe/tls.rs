//! `tls://host:port` checks, and the certificate policy shared with `https://` (the judgement
//! of a leaf, in words, is in [`super::cert`]).
//!
//! The handshake accepts any certificate, then the chain is verified separately with webpki
//! (unless `ignore_tls`), so a bad certificate gives a reason in words ("certificate expired
//! 3 days ago", "certificate is for other.test, not localhost") rather than a handshake error.
//! Trusted roots are the system's, Mozilla's (webpki-roots), and those of an optional `ca_file`.
//! A leaf that expires within `cert_warn_days` makes the check DEGRADED.
//!
//! `ignore_tls` skips trust and name only: a self-signed certificate expires too, and that is
//! when its owner needs the warning. An expired (or not yet valid) leaf is DOWN either way:
//! every client that verifies refuses it.
//!
//! The handshake's client configuration and the verifiers (the root store is large) are built
//! once, not at every check: [`Verifiers`] keeps one per distinct `ca_file`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use serde_json::json;

use super::cert::{describe_error, judge_leaf};
use super::{io_reason, Outcome};
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
    /// Skip chain and name verification. Dates are still judged, and the certificate described.
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
                    crate::t!(
                        "field-between",
                        min = "0",
                        max = "3650",
                        value = n.to_string()
                    ),
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
                Err(e) => {
                    errs.push(FieldError::new("ca_file", e.to_string()));
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

/// Why a `ca_file` was refused (in the language in force; `source` is the system's words).
#[derive(Debug, thiserror::Error)]
pub enum CaFileError {
    #[error("{}", crate::t!("field-ca-unreadable", path = .path.as_str(), error = .source.to_string()))]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", crate::t!("field-ca-not-pem", path = .path.as_str(), error = .source.to_string()))]
    NotPem {
        path: String,
        source: rustls::pki_types::pem::Error,
    },
    #[error("{}", crate::t!("field-ca-empty", path = .path.as_str()))]
    Empty { path: String },
}

fn read_ca(path: &str) -> Result<Vec<CertificateDer<'static>>, CaFileError> {
    let bytes = std::fs::read(path).map_err(|source| CaFileError::Read {
        path: path.into(),
        source,
    })?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<_, _>>()
        .map_err(|source| CaFileError::NotPem {
            path: path.into(),
            source,
        })?;
    if certs.is_empty() {
        return Err(CaFileError::Empty { path: path.into() });
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

/// Why a presented chain was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("{}", crate::said!("reason-no-certificate"))]
    NoCertificate,
    #[error("{}", crate::said!("reason-cannot-verify", error = .0.to_string()))]
    Verifier(#[from] rustls::client::VerifierBuilderError),
    /// The verifier refused the chain; the reason in words ([`describe_error`]).
    #[error("{0}")]
    Refused(String),
}

/// Chain verifiers: the system's and Mozilla's roots, plus each distinct `ca_file`'s. Building
/// one copies the root store (over a hundred roots), so each is built once.
#[derive(Default)]
pub(crate) struct Verifiers {
    with_ca: super::cache::PerCa<Arc<WebPkiServerVerifier>>,
}

impl Verifiers {
    fn get(&self, ca: Option<&CaFile>) -> Result<Arc<WebPkiServerVerifier>, ChainError> {
        let build = |extra: &[CertificateDer<'static>]| {
            let mut roots = base_roots().clone();
            for c in extra {
                // A certificate webpki cannot use as a root simply adds no trust.
                let _ = roots.add(c.clone());
            }
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
                .build()
                .map_err(ChainError::from)
        };
        match ca {
            None => {
                static BASE: OnceLock<Arc<WebPkiServerVerifier>> = OnceLock::new();
                if let Some(v) = BASE.get() {
                    return Ok(v.clone());
                }
                let v = build(&[])?;
                Ok(BASE.get_or_init(|| v).clone())
            }
            Some(ca) => self.with_ca.get_or_build(&ca.certs, || build(&ca.certs)),
        }
    }
}

/// Verifies a presented chain for `server_name`.
fn verify_chain(
    verifier: &WebPkiServerVerifier,
    chain: &[CertificateDer<'static>],
    server_name: &ServerName<'static>,
    host: &str,
) -> Result<(), ChainError> {
    let Some((leaf, intermediates)) = chain.split_first() else {
        return Err(ChainError::NoCertificate);
    };
    verifier
        .verify_server_cert(leaf, intermediates, server_name, &[], UnixTime::now())
        .map(|_| ())
        .map_err(|e| ChainError::Refused(describe_error(&e, Some(leaf), host)))
}

/// A host that is neither a DNS name nor an IP address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::said!("reason-invalid-server-name", host = .0.as_str()))]
pub struct InvalidServerName(pub String);

fn server_name(host: &str) -> Result<ServerName<'static>, InvalidServerName> {
    ServerName::try_from(host.to_string()).map_err(|_| InvalidServerName(host.to_string()))
}

/// The handshake's configuration, the same for every check: it accepts any certificate.
fn client_config() -> Result<Arc<rustls::ClientConfig>, rustls::Error> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, rustls::Error>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let config = rustls::ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()?
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAny(provider())))
                .with_no_client_auth();
            Ok(Arc::new(config))
        })
        .clone()
}

pub(super) async fn check(c: &TlsConfig, timeout: Duration, verifiers: &Verifiers) -> Outcome {
    let details = json!({ "host": c.host, "port": c.port });
    // Says where a timeout struck: a server that accepts and then stalls the handshake is a
    // different fault from one that cannot be reached.
    let connected = AtomicBool::new(false);
    match tokio::time::timeout(
        timeout,
        handshake(c, details.clone(), verifiers, &connected),
    )
    .await
    {
        Ok(outcome) => outcome,
        Err(_) => {
            let span = crate::field::format_duration(timeout);
            let reason = if connected.load(Ordering::Relaxed) {
                crate::said!("reason-timed-out-handshake", span = span)
            } else {
                crate::said!("reason-timed-out-connecting", span = span)
            };
            Outcome::down(reason, details)
        }
    }
}

async fn handshake(
    c: &TlsConfig,
    details: serde_json::Value,
    verifiers: &Verifiers,
    connected: &AtomicBool,
) -> Outcome {
    let name = match server_name(&c.host) {
        Ok(n) => n,
        Err(e) => return Outcome::down(e.to_string(), details),
    };
    let tcp = match tokio::net::TcpStream::connect((c.host.as_str(), c.port)).await {
        Ok(s) => s,
        Err(e) => return Outcome::down(io_reason(&e), details),
    };
    connected.store(true, Ordering::Relaxed);
    let ip = tcp.peer_addr().ok().map(|a| a.ip());
    let config = match client_config() {
        Ok(c) => c,
        Err(e) => {
            let reason = crate::said!("reason-tls-setup", error = e.to_string());
            return Outcome::down(reason, details);
        }
    };
    let connector = tokio_rustls::TlsConnector::from(config);
    let stream = match connector.connect(name.clone(), tcp).await {
        Ok(s) => s,
        Err(e) => {
            let why = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(te) => te.to_string(),
                None => io_reason(&e),
            };
            let reason = crate::said!("reason-tls-handshake", reason = why);
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
        let verified = verifiers
            .get(c.policy.ca.as_ref())
            .and_then(|v| verify_chain(&v, &chain, &name, &c.host));
        if let Err(e) = verified {
            outcome.worsen(Status::Down, e.to_string());
        }
    }
    outcome.with_facts(facts)
}
