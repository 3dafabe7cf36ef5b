//! URLs with their secrets taken out, for every text a person or a log may see.
//!
//! A webhook URL's path is often its only secret (Slack's `/services/T0/B0/xyz`, Discord's
//! `/api/webhooks/id/token`), and a monitored URL's query string or userinfo may carry a token.
//! reqwest puts the whole URL into its errors' text, so error texts go through
//! [`scrub`] before they reach an incident timeline, a report, an event or a log.

/// `https://hooks.slack.com/…`: scheme, host and port only. What is left out (userinfo, path,
/// query, fragment) is shown as `…` so a reader knows something was removed.
pub fn redact_url(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else {
        return "<a URL>".into();
    };
    let Some(host) = u.host_str() else {
        return format!("{}:…", u.scheme());
    };
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let hidden = !u.username().is_empty()
        || u.password().is_some()
        || u.path() != "/"
        || u.query().is_some()
        || u.fragment().is_some();
    let tail = if hidden { "/…" } else { "/" };
    format!("{}://{host}{port}{tail}", u.scheme())
}

/// The URL without userinfo, query and fragment, path kept: for the monitored URL, whose path
/// says which endpoint failed but whose query may hold a token.
pub fn without_credentials(u: &url::Url) -> String {
    let mut u = u.clone();
    let had_query = u.query().is_some();
    // Setting these can only fail for URLs that cannot have them (no host), which then have
    // none to remove.
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_query(None);
    u.set_fragment(None);
    let mut s = u.to_string();
    if had_query {
        s.push_str("?…");
    }
    s
}

/// `text` with every occurrence of `url` (whole, or its path and query) replaced by
/// [`redact_url`]. For error texts that may quote the URL they were about.
pub fn scrub(text: &str, url: &str) -> String {
    let redacted = redact_url(url);
    let mut out = text.replace(url, &redacted);
    if let Ok(u) = url::Url::parse(url) {
        // The URL as the parser normalized it, and its secret parts quoted on their own.
        out = out.replace(u.as_str(), &redacted);
        let path_and_query = &u[url::Position::BeforePath..];
        if path_and_query.len() > 1 {
            out = out.replace(path_and_query, "/…");
        }
        if let Some(pw) = u.password().filter(|p| !p.is_empty()) {
            out = out.replace(pw, "…");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_keep_only_their_origin() {
        assert_eq!(
            redact_url("https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            redact_url("http://user:pw@127.0.0.1:8080/?token=x"),
            "http://127.0.0.1:8080/…"
        );
        assert_eq!(redact_url("https://example.com"), "https://example.com/");
        assert_eq!(redact_url("not a url"), "<a URL>");
    }

    #[test]
    fn monitored_urls_lose_query_and_userinfo() {
        let u = url::Url::parse("https://me:pw@api.test:8443/health?token=s3cret#x").unwrap();
        assert_eq!(without_credentials(&u), "https://api.test:8443/health?…");
        let u = url::Url::parse("http://api.test/health").unwrap();
        assert_eq!(without_credentials(&u), "http://api.test/health");
    }

    #[test]
    fn error_texts_are_scrubbed() {
        let url = "https://hooks.example/services/T0/B0/secret";
        let text =
            format!("error sending request for url ({url}): refused; path /services/T0/B0/secret");
        let s = scrub(&text, url);
        assert!(!s.contains("secret"), "{s}");
        assert!(s.contains("https://hooks.example/…"), "{s}");
    }
}
