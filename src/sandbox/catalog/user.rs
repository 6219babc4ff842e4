//! Users, as far as the emulator needs them: the RSA public keys the server checks
//! key-pair JWTs against, plus the properties SHOW USERS prints.

use serde::{Deserialize, Serialize};

use super::{
    Catalog, Created, Meta, Origin, account_insert, account_remove, bool_value, comment_property,
    text_value,
};
use crate::model::identifier::Ident;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::{ObjectKind, Property};

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
            | "DEFAULT_SECONDARY_ROLES"
            | "NETWORK_POLICY" => {}
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
            _ => return Err(SqlError::invalid_property(key, "USER")),
        }
        Ok(())
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
    pub(crate) fn create_user(
        &mut self,
        name: &Ident,
        properties: &[Property],
        or_replace: bool,
        if_not_exists: bool,
        origin: &Origin,
    ) -> Result<Created<User>, SqlError> {
        let mut user = User::new(self.meta(origin, None));
        for property in properties {
            user.apply(property)?;
        }
        account_insert(&mut self.users, name, user, or_replace, if_not_exists)
    }

    /// The user a session authenticates as exists even if no CREATE USER was seen: an
    /// account always contains the user that is connected to it. Called before that user
    /// alters itself, so `CREATE USER` of a not-yet-touched session user still works.
    pub(crate) fn ensure_session_user(&mut self, name: &Ident, origin: &Origin) {
        if !self.users.contains_key(name) {
            let user = User::new(self.meta(origin, None));
            self.users.insert(name.clone(), user);
        }
    }

    pub(crate) fn alter_user(
        &mut self,
        name: &Ident,
        set: &[Property],
        unset: &[String],
    ) -> Result<(), SqlError> {
        let user = self
            .users
            .get_mut(name)
            .ok_or_else(|| SqlError::does_not_exist("User", &name.to_sql()))?;
        for property in set {
            user.apply(property)?;
        }
        for key in unset {
            user.unset(key)?;
        }
        Ok(())
    }

    pub(crate) fn drop_user(&mut self, name: &Ident, if_exists: bool) -> Result<bool, SqlError> {
        account_remove(&mut self.users, name, if_exists, ObjectKind::User)
    }
}
