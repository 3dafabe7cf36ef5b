//! Following an HTTP redirect, decided hop by hop by the HTTP probe rather than by reqwest.
//!
//! reqwest strips only its own sensitive headers (Authorization, Cookie) when a redirect leaves
//! the host, and follows https→http. A monitor's headers often carry an API key and its body a
//! credential, so the probe follows redirects itself and asks [`next`] at each 3xx:
//! - a user header goes only to the origin (scheme, host, port) the monitor names;
//! - a redirect from https to http fails the check: the answer would come over plain text, and
//!   the next request would carry what the user meant for TLS;
//! - a 307/308 that would resend the body to another origin fails the check rather than send it;
//! - at most [`defaults::MAX_REDIRECTS`] hops.

use reqwest::{Method, StatusCode};

use super::redact::without_credentials;
use crate::field::defaults;

/// Why a redirect was not followed; its Display is the check's reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectError {
    #[error("{}", crate::said!("reason-redirect-too-many", max = *.max))]
    TooMany { max: usize },
    #[error("{}", crate::said!("reason-redirect-downgrade", to = .to.as_str()))]
    Downgrade { to: String },
    #[error("{}", bad_location(.location))]
    BadLocation { location: Option<String> },
    #[error("{}", crate::said!("reason-redirect-scheme", scheme = .scheme.as_str(), to = .to.as_str()))]
    Scheme { scheme: String, to: String },
    #[error("{}", crate::said!("reason-redirect-body", to = .to.as_str()))]
    BodyToOtherOrigin { to: String },
}

fn bad_location(location: &Option<String>) -> String {
    match location {
        Some(l) => crate::said!("reason-redirect-bad-location-quoted", location = l.as_str()),
        None => crate::said!("reason-redirect-bad-location"),
    }
}

/// The request a redirect asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    pub url: url::Url,
    pub method: Method,
    /// Whether the request body goes along (307 and 308 keep it; the others turn into a GET).
    pub keep_body: bool,
}

/// Whether `status` is a redirect the probe follows (a 300, 304 or 305 is an answer).
pub fn is_followed(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The next request after a `status` answer with `location` to a `method` request for `from`
/// (the `hops`-th redirect so far), or why not to make it. `origin` is the monitor's own;
/// `has_body`: the request carries a body.
pub fn next(
    from: &url::Url,
    origin: &url::Origin,
    status: StatusCode,
    location: Option<&reqwest::header::HeaderValue>,
    method: &Method,
    has_body: bool,
    hops: usize,
) -> Result<Hop, RedirectError> {
    if hops >= defaults::MAX_REDIRECTS {
        return Err(RedirectError::TooMany {
            max: defaults::MAX_REDIRECTS,
        });
    }
    let text = location.and_then(|l| l.to_str().ok());
    let url = text
        .and_then(|t| from.join(t).ok())
        .ok_or_else(|| RedirectError::BadLocation {
            location: text.map(|t| t.chars().take(100).collect()),
        })?;
    let to = without_credentials(&url);
    match url.scheme() {
        "http" if from.scheme() == "https" => return Err(RedirectError::Downgrade { to }),
        "http" | "https" => {}
        other => {
            return Err(RedirectError::Scheme {
                scheme: other.to_string(),
                to,
            })
        }
    }
    // As browsers and reqwest do: 301, 302 and 303 turn into a GET without a body.
    let (method, keep_body) = match status.as_u16() {
        307 | 308 => (method.clone(), has_body),
        _ if *method == Method::HEAD => (Method::HEAD, false),
        _ => (Method::GET, false),
    };
    if keep_body && url.origin() != *origin {
        return Err(RedirectError::BodyToOtherOrigin { to });
    }
    Ok(Hop {
        url,
        method,
        keep_body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn hop(
        from: &str,
        status: u16,
        to: &str,
        method: Method,
        body: bool,
    ) -> Result<Hop, RedirectError> {
        let from = url::Url::parse(from).unwrap();
        let loc = HeaderValue::from_str(to).unwrap();
        next(
            &from,
            &from.origin(),
            StatusCode::from_u16(status).unwrap(),
            Some(&loc),
            &method,
            body,
            0,
        )
    }

    #[test]
    fn relative_locations_resolve_and_303_becomes_get() {
        let h = hop("https://a.test/x/y", 303, "../z?q=1", Method::POST, true).unwrap();
        assert_eq!(h.url.as_str(), "https://a.test/z?q=1");
        assert_eq!(h.method, Method::GET);
        assert!(!h.keep_body);
        let h = hop("https://a.test/x", 307, "/y", Method::POST, true).unwrap();
        assert_eq!((h.method, h.keep_body), (Method::POST, true));
    }

    #[test]
    fn downgrades_other_schemes_and_bodies_to_other_origins_are_refused() {
        assert_eq!(
            hop(
                "https://a.test/",
                302,
                "http://a.test/?token=s",
                Method::GET,
                false
            )
            .unwrap_err()
            .to_string(),
            "redirect from https to http refused (a downgrade to http://a.test/?…)"
        );
        assert!(matches!(
            hop("https://a.test/", 302, "ftp://a.test/", Method::GET, false),
            Err(RedirectError::Scheme { .. })
        ));
        assert!(matches!(
            hop(
                "https://a.test/",
                308,
                "https://b.test/",
                Method::POST,
                true
            ),
            Err(RedirectError::BodyToOtherOrigin { .. })
        ));
        // Upgrades are fine.
        assert!(hop("http://a.test/", 301, "https://a.test/", Method::GET, false).is_ok());
    }

    #[test]
    fn hops_are_bounded_and_a_missing_location_is_named() {
        let from = url::Url::parse("http://a.test/").unwrap();
        let loc = HeaderValue::from_static("/again");
        let e = next(
            &from,
            &from.origin(),
            StatusCode::FOUND,
            Some(&loc),
            &Method::GET,
            false,
            10,
        );
        assert_eq!(e.unwrap_err().to_string(), "more than 10 redirects");
        let e = next(
            &from,
            &from.origin(),
            StatusCode::FOUND,
            None,
            &Method::GET,
            false,
            0,
        );
        assert_eq!(
            e.unwrap_err().to_string(),
            "redirect to a Location that is not a URL"
        );
    }
}
