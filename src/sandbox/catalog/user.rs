//! Users, the whole kind as far as the emulator needs it: the RSA public keys the server
//! checks key-pair JWTs against, the properties SHOW USERS prints, and DESCRIBE USER with
//! the keys' fingerprints.

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::rows::{columns, comment, flag, stamp, text};
use super::{
    Catalog, Meta, Origin, OuterKind, OuterName, bool_value, comment_property, text_value,
};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::session::SqlSession;
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{Parser, Property};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct User {
    pub(crate) meta: Meta,
    pub(crate) login_name: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) default_role: Option<String>,
    pub(crate) default_warehouse: Option<String>,
    pub(crate) default_namespace: Option<String>,
    pub(crate) user_type: Option<String>,
    pub(crate) disabled: bool,
    /// Base64 DER SubjectPublicKeyInfo, whitespace removed.
    pub(crate) rsa_public_key: Option<String>,
    pub(crate) rsa_public_key_2: Option<String>,
    /// `NETWORK_POLICY`: an existing network policy (`catalog/network_policy.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) network_policy: Option<Ident>,
}

/// A key as written in SQL, reduced to its base64 body.
fn key_body(written: &str) -> String {
    written.chars().filter(|c| !c.is_whitespace()).collect()
}

impl User {
    pub(crate) fn new(meta: Meta) -> User {
        User {
            meta,
            login_name: None,
            display_name: None,
            email: None,
            default_role: None,
            default_warehouse: None,
            default_namespace: None,
            user_type: None,
            disabled: false,
            rsa_public_key: None,
            rsa_public_key_2: None,
            network_policy: None,
        }
    }

    fn apply(&mut self, property: &Property) -> Result<(), SqlError> {
        if comment_property(&mut self.meta, property)? {
            return Ok(());
        }
        let text = || text_value(property);
        match property.key.as_str() {
            "RSA_PUBLIC_KEY" => self.rsa_public_key = Some(key_body(&text()?)),
            "RSA_PUBLIC_KEY_2" => self.rsa_public_key_2 = Some(key_body(&text()?)),
            "LOGIN_NAME" => self.login_name = Some(text()?),
            "DISPLAY_NAME" => self.display_name = Some(text()?),
            "EMAIL" => self.email = Some(text()?),
            "DEFAULT_ROLE" => self.default_role = Some(text()?),
            "DEFAULT_WAREHOUSE" => self.default_warehouse = Some(text()?),
            "DEFAULT_NAMESPACE" => self.default_namespace = Some(text()?),
            "TYPE" => self.user_type = Some(text()?.to_uppercase()),
            "DISABLED" => self.disabled = bool_value(property)?,
            "PASSWORD"
            | "FIRST_NAME"
            | "LAST_NAME"
            | "MUST_CHANGE_PASSWORD"
            | "DEFAULT_SECONDARY_ROLES" => {}
            "NETWORK_POLICY" => {
                self.network_policy = Some(Ident::from_stored(text()?.to_uppercase()))
            }
            _ => return Err(SqlError::invalid_property(&property.key, "USER")),
        }
        Ok(())
    }

    fn unset(&mut self, key: &str) -> Result<(), SqlError> {
        match key {
            "RSA_PUBLIC_KEY" => self.rsa_public_key = None,
            "RSA_PUBLIC_KEY_2" => self.rsa_public_key_2 = None,
            "COMMENT" => self.meta.comment = None,
            "DEFAULT_ROLE" => self.default_role = None,
            "DEFAULT_WAREHOUSE" => self.default_warehouse = None,
            "DEFAULT_NAMESPACE" => self.default_namespace = None,
            "EMAIL" => self.email = None,
            "DISPLAY_NAME" => self.display_name = None,
            "NETWORK_POLICY" => self.network_policy = None,
            _ => return Err(SqlError::invalid_property(key, "USER")),
        }
        Ok(())
    }

    /// The network policy it names exists
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-user: "NETWORK_POLICY =
    /// string: Specifies an existing network policy").
    fn check_network_policy(&self, catalog: &Catalog) -> Result<(), SqlError> {
        match &self.network_policy {
            Some(policy) if !catalog.account.network_policies.contains_key(policy) => {
                Err(SqlError::does_not_exist("Network policy", &policy.to_sql()))
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn public_keys(&self) -> Vec<String> {
        self.rsa_public_key
            .iter()
            .chain(&self.rsa_public_key_2)
            .cloned()
            .collect()
    }
}

impl Catalog {
    /// The user a session authenticates as exists even if no CREATE USER was seen: an
    /// account always contains the user that is connected to it. Called before that user
    /// alters itself, so `CREATE USER` of a not-yet-touched session user still works.
    pub(crate) fn ensure_session_user(&mut self, name: &Ident, origin: &Origin) {
        if !self.account.users.contains_key(name) {
            let user = User::new(self.meta(origin, None));
            self.account.users.insert(name.clone(), user);
        }
    }
}

/// SHOW USERS (https://docs.snowflake.com/en/sql-reference/sql/show-users).
const USER_COLUMNS: [(&str, &str); 18] = [
    ("name", "text"),
    ("created_on", "timestamp_ltz"),
    ("login_name", "text"),
    ("display_name", "text"),
    ("first_name", "text"),
    ("last_name", "text"),
    ("email", "text"),
    ("comment", "text"),
    ("disabled", "text"),
    ("must_change_password", "text"),
    ("snowflake_lock", "text"),
    ("default_warehouse", "text"),
    ("default_namespace", "text"),
    ("default_role", "text"),
    ("owner", "text"),
    ("has_password", "text"),
    ("has_rsa_public_key", "text"),
    ("type", "text"),
];

/// CREATE USER / ALTER USER (https://docs.snowflake.com/en/sql-reference/sql/create-user,
/// https://docs.snowflake.com/en/sql-reference/sql/alter-user).
impl OuterKind for User {
    const COLUMNS: &'static [(&'static str, &'static str)] = &USER_COLUMNS;

    /// `[ WITH ] <properties>`.
    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        p.eat_kw("WITH");
        properties(p)
    }

    fn build(
        catalog: &Catalog,
        _: &OuterName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<User, SqlError> {
        let mut user = User::new(meta);
        for property in properties {
            user.apply(property)?;
        }
        user.check_network_policy(catalog)?;
        Ok(user)
    }

    fn set_properties(
        &mut self,
        catalog: &Catalog,
        properties: &[Property],
    ) -> Result<(), SqlError> {
        for property in properties {
            self.apply(property)?;
        }
        self.check_network_policy(catalog)
    }

    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            self.unset(key)?;
        }
        Ok(())
    }

    fn row(_: &Catalog, _: &SqlSession, name: &OuterName, u: &User) -> Vec<Option<String>> {
        let name = &name.name;
        vec![
            text(name.as_str()),
            stamp(u.meta.created_on),
            text(
                u.login_name
                    .clone()
                    .unwrap_or_else(|| name.as_str().to_string()),
            ),
            text(
                u.display_name
                    .clone()
                    .unwrap_or_else(|| name.as_str().to_string()),
            ),
            None,
            None,
            u.email.clone(),
            comment(&u.meta.comment),
            flag(u.disabled, "true", "false"),
            text("false"),
            text("false"),
            u.default_warehouse.clone(),
            u.default_namespace.clone(),
            u.default_role.clone(),
            text(u.meta.owner.clone()),
            text("false"),
            flag(
                u.rsa_public_key.is_some() || u.rsa_public_key_2.is_some(),
                "true",
                "false",
            ),
            u.user_type.clone(),
        ]
    }

    /// DESCRIBE USER (https://docs.snowflake.com/en/sql-reference/sql/desc-user): its
    /// properties, with the public-key fingerprints (`SHA256:<base64 of the key's
    /// SHA-256>`) that key-pair JWTs must carry.
    fn describe(_: &Catalog, name: &OuterName, user: &User) -> QueryResult {
        let name = &name.name;
        let or_null = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".to_string());
        let key_fp = |k: &Option<String>| k.as_deref().map_or("null".to_string(), fingerprint);
        let properties: Vec<(&str, String)> = vec![
            ("NAME", name.as_str().to_string()),
            ("COMMENT", or_null(&user.meta.comment)),
            (
                "DISPLAY_NAME",
                user.display_name
                    .clone()
                    .unwrap_or_else(|| name.as_str().to_string()),
            ),
            (
                "LOGIN_NAME",
                user.login_name
                    .clone()
                    .unwrap_or_else(|| name.as_str().to_string()),
            ),
            ("EMAIL", or_null(&user.email)),
            ("TYPE", or_null(&user.user_type)),
            ("DISABLED", user.disabled.to_string()),
            ("DEFAULT_WAREHOUSE", or_null(&user.default_warehouse)),
            ("DEFAULT_NAMESPACE", or_null(&user.default_namespace)),
            ("DEFAULT_ROLE", or_null(&user.default_role)),
            ("RSA_PUBLIC_KEY", or_null(&user.rsa_public_key)),
            ("RSA_PUBLIC_KEY_FP", key_fp(&user.rsa_public_key)),
            ("RSA_PUBLIC_KEY_2", or_null(&user.rsa_public_key_2)),
            ("RSA_PUBLIC_KEY_2_FP", key_fp(&user.rsa_public_key_2)),
        ];
        QueryResult {
            columns: columns(&[
                ("property", "text"),
                ("value", "text"),
                ("default", "text"),
                ("description", "text"),
            ]),
            rows: properties
                .into_iter()
                .map(|(p, v)| vec![text(p), text(v), text("null"), text("")])
                .collect(),
        }
    }
}

/// `SHA256:<base64>` of the DER key, or `null` when the key is not valid base64.
pub(crate) fn fingerprint(key: &str) -> String {
    match base64::engine::general_purpose::STANDARD.decode(key) {
        Ok(der) => format!(
            "SHA256:{}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&der))
        ),
        Err(_) => "null".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprints_hash_the_decoded_key() {
        // sha256("abc") = ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=
        assert_eq!(
            fingerprint("YWJj"),
            "SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(fingerprint("not base64!"), "null");
    }
}
