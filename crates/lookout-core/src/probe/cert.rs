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
                expired(chrono::TimeDelta::seconds(d))
            }
            CertificateError::Expired => match leaf_info.as_ref().map(|i| i.not_after) {
                Some(t) => expired(now - t),
                None => crate::said!("reason-cert-has-expired"),
            },
            CertificateError::NotValidYetContext { not_before, .. } => not_yet_valid(
                DateTime::<Utc>::from_timestamp(not_before.as_secs() as i64, 0),
            ),
            CertificateError::NotValidYet => {
                not_yet_valid(leaf_info.as_ref().map(|i| i.not_before))
            }
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
                    crate::said!("reason-cert-not-for", host = host)
                } else {
                    crate::said!(
                        "reason-cert-for-other",
                        names = names.join(", "),
                        host = host
                    )
                }
            }
            CertificateError::UnknownIssuer => crate::said!("reason-cert-unknown-issuer"),
            CertificateError::BadSignature => crate::said!("reason-cert-bad-signature"),
            // A trusted issuer of the same name exists whose key cannot have signed this one
            // (a self-signed "localhost" beside the system's snakeoil certificate, say).
            CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
                crate::said!("reason-cert-signature-mismatch")
            }
            CertificateError::UnsupportedSignatureAlgorithmContext { .. } => {
                crate::said!("reason-cert-unsupported-algorithm")
            }
            CertificateError::Revoked => crate::said!("reason-cert-revoked"),
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                crate::said!("reason-cert-wrong-purpose")
            }
            other => crate::said!("reason-cert-not-trusted", error = format!("{other:?}")),
        },
        other => crate::said!("reason-tls-error", error = other.to_string()),
    }
}

/// "certificate expired 3 days ago", `d` after its notAfter.
fn expired(d: chrono::TimeDelta) -> String {
    match d.num_days() {
        0 => match d.num_hours() {
            hours if hours <= 0 => crate::said!("reason-cert-expired-just-now"),
            hours => crate::said!("reason-cert-expired-hours", hours = hours),
        },
        days => crate::said!("reason-cert-expired-days", days = days),
    }
}

/// "certificate is not valid yet (valid from 2026-12-07 14:02 UTC)".
fn not_yet_valid(from: Option<DateTime<Utc>>) -> String {
    match from {
        Some(t) => crate::said!(
            "reason-cert-not-yet-valid-from",
            date = t.format("%Y-%m-%d %H:%M UTC").to_string()
        ),
        None => crate::said!("reason-cert-not-yet-valid"),
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
            outcome.worsen(Status::Down, expired(now - info.not_after));
        } else if info.not_before > now {
            outcome.worsen(Status::Down, not_yet_valid(Some(info.not_before)));
        }
    }
    if info.not_after > now {
        let left = info.not_after - now;
        if left < chrono::TimeDelta::days(policy.warn_days.into()) {
            let date = info.not_after.format("%Y-%m-%d").to_string();
            let reason = match days {
                0 => crate::said!("reason-cert-expires-today", date = date),
                n => crate::said!("reason-cert-expires-in", days = n, date = date),
            };
            outcome.worsen(Status::Degraded, reason);
        }
    }
}
