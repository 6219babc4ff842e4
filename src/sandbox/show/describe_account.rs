//! DESCRIBE for containers and account objects: DATABASE and SCHEMA list what they hold
//! (`created_on`, `name`, `kind`), WAREHOUSE names itself, and USER lists its properties
//! with the public-key fingerprints (`SHA256:<base64 of the key's SHA-256>`) that key-pair
//! JWTs must carry.

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::model::identifier::{Ident, SchemaName};
use crate::sandbox::catalog::rows::{columns, stamp, text};
use crate::sandbox::catalog::{Catalog, SchemaObject, User};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;

const CONTENT_COLUMNS: [(&str, &str); 3] = [
    ("created_on", "timestamp_ltz"),
    ("name", "text"),
    ("kind", "text"),
];

pub(super) fn database(catalog: &Catalog, name: &Ident) -> Result<QueryResult, SqlError> {
    let database = catalog.database(name)?;
    let rows = database
        .schemas
        .iter()
        .map(|(n, s)| {
            vec![
                stamp(s.meta().map_or(database.meta.created_on, |m| m.created_on)),
                text(n.as_str()),
                text("SCHEMA"),
            ]
        })
        .collect();
    Ok(QueryResult {
        columns: columns(&CONTENT_COLUMNS),
        rows,
    })
}

fn push_objects<T: SchemaObject>(
    rows: &mut Vec<Vec<Option<String>>>,
    schema: &crate::sandbox::catalog::Schema,
    kind: &str,
) {
    for (name, object) in T::map(schema) {
        rows.push(vec![
            stamp(object.meta().created_on),
            text(name.as_str()),
            text(kind),
        ]);
    }
}

pub(super) fn schema(catalog: &Catalog, name: &SchemaName) -> Result<QueryResult, SqlError> {
    use crate::sandbox::catalog::{Table, Task, View};
    let schema = catalog.schema(name)?;
    let mut rows = Vec::new();
    push_objects::<Table>(&mut rows, schema, "TABLE");
    push_objects::<View>(&mut rows, schema, "VIEW");
    for (kind, name, meta) in schema.objects.listing() {
        rows.push(vec![
            stamp(meta.created_on),
            text(name.as_str()),
            text(kind),
        ]);
    }
    push_objects::<Task>(&mut rows, schema, "TASK");
    for (name, overloads) in &schema.procedures {
        for p in overloads {
            rows.push(vec![
                stamp(p.meta.created_on),
                text(name.as_str()),
                text("PROCEDURE"),
            ]);
        }
    }
    rows.sort_by(|a, b| a[1].cmp(&b[1]));
    Ok(QueryResult {
        columns: columns(&CONTENT_COLUMNS),
        rows,
    })
}

pub(super) fn warehouse(catalog: &Catalog, name: &Ident) -> Result<QueryResult, SqlError> {
    let warehouse = catalog
        .warehouses
        .get(name)
        .ok_or_else(|| SqlError::does_not_exist("Warehouse", &name.to_sql()))?;
    Ok(QueryResult {
        columns: columns(&CONTENT_COLUMNS),
        rows: vec![vec![
            stamp(warehouse.meta.created_on),
            text(name.as_str()),
            text("WAREHOUSE"),
        ]],
    })
}

/// `SHA256:<base64>` of the DER key, or `null` when the key is not valid base64.
pub(super) fn fingerprint(key: &str) -> String {
    match base64::engine::general_purpose::STANDARD.decode(key) {
        Ok(der) => format!(
            "SHA256:{}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&der))
        ),
        Err(_) => "null".to_string(),
    }
}

pub(super) fn user(catalog: &Catalog, name: &Ident) -> Result<QueryResult, SqlError> {
    let user: &User = catalog
        .users
        .get(name)
        .ok_or_else(|| SqlError::does_not_exist("User", &name.to_sql()))?;
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
    Ok(QueryResult {
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
    })
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
