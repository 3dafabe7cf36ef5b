//! What a certificate says, in words: the leaf's names and dates, why a chain was refused
//! ("certificate expired 3 days ago", "certificate is for other.test, not localhost"), and the
//! judgement of a leaf's dates that `tls://` and `https://` checks share.

use chrono::{DateTime, Utc};
use rustls::pki_types::CertificateDer;
use rustls::CertificateError;
use serde_json::json;

use super::tls::CertPolicy;
use super::Outcome;
use crate::condition::Facts;
use crate::model::Status;

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
            // A trusted issuer of the same name exists whose key cannot have signed this one
            // (a self-signed "localhost" beside the system's snakeoil certificate, say).
            CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
                "certificate is not trusted (its signature does not match the issuer's key)".into()
            }
            CertificateError::UnsupportedSignatureAlgorithmContext { .. } => {
                "certificate is not trusted (unsupported signature algorithm)".into()
            }
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
/// expires within `warn_days`, whether or not the certificate is verified. Under `ignore_tls`
/// an expired or not-yet-valid leaf is DOWN here; otherwise the caller's verification says so.
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
    if policy.ignore_tls {
        if info.not_after <= now {
            let reason = format!("certificate expired {}", ago(now - info.not_after));
            outcome.worsen(Status::Down, reason);
        } else if info.not_before > now {
            let reason = format!(
                "certificate is not valid yet (valid from {})",
                info.not_before.format("%Y-%m-%d %H:%M UTC")
            );
            outcome.worsen(Status::Down, reason);
        }
    }
    if info.not_after > now {
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
