//! A wrapper for secret values (private keys, tokens, account keys, passphrases).
//!
//! `Secret` never shows its content through `Debug` or `Display`, so a secret that ends up
//! in an error, a log line or a `{:?}` dump prints `***`. It deliberately does not implement
//! `Serialize`: a secret can never be written into a saved plan or any other file.

use std::fmt;

/// A secret string. Read it with [`Secret::expose`] only where it is sent to a server.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself: call this only at the point where it is put on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_shows_its_value() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "***");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2");
    }
}
