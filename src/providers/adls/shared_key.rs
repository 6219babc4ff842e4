//! Shared Key authorisation for the Blob and DFS endpoints ("Authorize with Shared Key",
//! version 2009-09-19 and later).
//!
//! ```text
//! StringToSign = VERB \n Content-Encoding \n Content-Language \n Content-Length \n
//!                Content-MD5 \n Content-Type \n Date \n If-Modified-Since \n If-Match \n
//!                If-None-Match \n If-Unmodified-Since \n Range \n
//!                CanonicalizedHeaders CanonicalizedResource
//! ```
//! `Content-Length` is empty when zero; `Date` is empty because `x-ms-date` is always
//! sent. CanonicalizedHeaders are the `x-ms-*` headers, names lower-cased and sorted,
//! each `name:value\n` with the value trimmed. CanonicalizedResource is `/<account><path>`
//! (the encoded URI path as sent — for a path-style emulator URL that path already starts
//! with the account, so it appears twice) followed by each query parameter as
//! `\nname:value`, names lower-cased and sorted, values decoded, repeated names' values
//! sorted and comma-joined. The signature is base64(HMAC-SHA256(key, StringToSign)).
//!
//! Header names are sorted by byte order, as Microsoft documents. Azurite sorts with a
//! locale compare instead; the two agree on every header lakeform sends (they could only
//! differ on metadata names that share a prefix and then differ by '_' against a digit).
//!
//! Pure functions only: the transport collects the headers and calls in here.

use super::error::AdlsError;
use crate::secret::Secret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;

/// The standard headers of the string to sign, in their order.
const STANDARD_HEADERS: [&str; 11] = [
    "content-encoding",
    "content-language",
    "content-length",
    "content-md5",
    "content-type",
    "date",
    "if-modified-since",
    "if-match",
    "if-none-match",
    "if-unmodified-since",
    "range",
];

/// Builds the string to sign. `headers` are all headers sent (names in any case),
/// `url_path` the encoded path exactly as sent, `query` the decoded query parameters.
pub fn string_to_sign(
    account: &str,
    method: &str,
    headers: &[(String, String)],
    url_path: &str,
    query: &[(String, String)],
) -> String {
    let mut out = String::new();
    out.push_str(method);
    out.push('\n');
    for name in STANDARD_HEADERS {
        let value = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        if !(name == "content-length" && value == "0") {
            out.push_str(value);
        }
        out.push('\n');
    }
    out.push_str(&canonicalized_headers(headers));
    out.push_str(&canonicalized_resource(account, url_path, query));
    out
}

/// The `x-ms-*` headers, lower-cased, sorted by name, each `name:value\n`.
pub(crate) fn canonicalized_headers(headers: &[(String, String)]) -> String {
    let mut ms: Vec<(String, &str)> = headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim()))
        .filter(|(n, _)| n.starts_with("x-ms-"))
        .collect();
    ms.sort();
    ms.iter().map(|(n, v)| format!("{n}:{v}\n")).collect()
}

/// `/<account><path>` followed by the sorted, lower-cased query parameters.
pub(crate) fn canonicalized_resource(
    account: &str,
    url_path: &str,
    query: &[(String, String)],
) -> String {
    let mut out = format!("/{account}{url_path}");
    let mut params: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, value) in query {
        params
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(value.as_str());
    }
    for (name, mut values) in params {
        values.sort_unstable();
        out.push_str(&format!("\n{name}:{}", values.join(",")));
    }
    out
}

/// base64(HMAC-SHA256(base64-decoded key, string_to_sign)).
pub fn sign(account_key: &Secret, string_to_sign: &str) -> Result<String, AdlsError> {
    let key = STANDARD.decode(account_key.expose().trim()).map_err(|_| {
        AdlsError::Settings("account_key is not valid base64 (the value is not shown)".into())
    })?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key)
        .map_err(|_| AdlsError::Settings("account_key is empty".into()))?;
    mac.update(string_to_sign.as_bytes());
    Ok(STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `Authorization` header value.
pub fn authorization(
    account: &str,
    account_key: &Secret,
    string_to_sign: &str,
) -> Result<Secret, AdlsError> {
    let signature = sign(account_key, string_to_sign)?;
    Ok(Secret::new(format!("SharedKey {account}:{signature}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    /// The example in Microsoft's "Authorize with Shared Key" page: Get Container
    /// Metadata with `timeout=20`, version 2015-02-21.
    #[test]
    fn matches_microsofts_documented_string_to_sign() {
        let sts = string_to_sign(
            "myaccount",
            "GET",
            &h(&[
                ("x-ms-date", "Fri, 26 Jun 2015 23:39:12 GMT"),
                ("x-ms-version", "2015-02-21"),
            ]),
            "/mycontainer",
            &h(&[
                ("restype", "container"),
                ("comp", "metadata"),
                ("timeout", "20"),
            ]),
        );
        assert_eq!(
            sts,
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20"
        );
    }

    /// The canonicalized-resource examples of the same page, including repeated
    /// parameters and the emulator's path-style URL.
    #[test]
    fn matches_microsofts_documented_canonicalized_resources() {
        assert_eq!(
            canonicalized_resource(
                "myaccount",
                "/mycontainer",
                &h(&[("restype", "container"), ("comp", "metadata")])
            ),
            "/myaccount/mycontainer\ncomp:metadata\nrestype:container"
        );
        assert_eq!(
            canonicalized_resource(
                "myaccount",
                "/mycontainer",
                &h(&[
                    ("restype", "container"),
                    ("comp", "list"),
                    ("include", "snapshots"),
                    ("include", "metadata"),
                    ("include", "uncommittedblobs"),
                ])
            ),
            "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container"
        );
        assert_eq!(
            canonicalized_resource("devstoreaccount1", "/devstoreaccount1/mycontainer", &[]),
            "/devstoreaccount1/devstoreaccount1/mycontainer"
        );
    }

    #[test]
    fn standard_headers_and_zero_length() {
        let sts = string_to_sign(
            "acct",
            "PUT",
            &h(&[
                ("Content-Length", "0"),
                ("Content-Type", "application/xml"),
                ("If-None-Match", "*"),
                ("x-ms-version", "2025-01-05"),
                ("X-MS-Meta-Owner", "  data-eng"),
                ("x-ms-blob-public-access", "blob"),
                ("x-ms-date", "Wed, 25 Nov 2026 18:00:00 GMT"),
                ("user-agent", "lakeform"),
            ]),
            "/c/dir/",
            &[],
        );
        assert_eq!(
            sts,
            "PUT\n\n\n\n\napplication/xml\n\n\n\n*\n\n\n\
             x-ms-blob-public-access:blob\nx-ms-date:Wed, 25 Nov 2026 18:00:00 GMT\n\
             x-ms-meta-owner:data-eng\nx-ms-version:2025-01-05\n/acct/c/dir/"
        );
    }

    /// The signature of the documented string to sign under Azurite's published
    /// well-known development key, computed independently with
    /// `openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64`.
    #[test]
    fn signature_matches_an_independent_hmac() {
        let key = Secret::new(
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        );
        let sts = "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Fri, 26 Jun 2015 23:39:12 GMT\nx-ms-version:2015-02-21\n/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20";
        assert_eq!(
            sign(&key, sts).unwrap(),
            include_str!("testdata/documented_example.sig").trim()
        );
        let auth = authorization("myaccount", &key, sts).unwrap();
        assert!(auth.expose().starts_with("SharedKey myaccount:"));
        assert_eq!(format!("{auth}"), "***");
    }

    #[test]
    fn a_bad_key_is_an_error_that_hides_the_key() {
        let err = sign(&Secret::new("not base64!"), "x").unwrap_err();
        assert!(!err.to_string().contains("not base64!"));
    }
}
