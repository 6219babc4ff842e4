//! The procedure diff. A new signature (argument types) is another procedure to
//! Snowflake: the old one is dropped and the new one created. Any other change —
//! body, return type, language — is `CREATE OR REPLACE … COPY GRANTS` of the same
//! signature; EXECUTE AS and the comment alter in place.

use crate::kinds::ddl;
use crate::kinds::procedure::Procedure;
use crate::model::Object;
use crate::plan::Attribute;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &Procedure, desired: &Procedure) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::Procedure(desired.clone());
    let types = |p: &Procedure| {
        let types: Vec<String> = p
            .arguments
            .iter()
            .map(|a| a.data_type.to_string())
            .collect();
        format!("({})", types.join(", "))
    };
    if e.compare("argument types", &types(live), &types(desired)) {
        e.replace("a procedure with other argument types is another procedure to Snowflake");
        e.sql(ddl::drop(&Object::Procedure(live.clone()))?);
        e.sql(ddl::create(&object)?);
        return Ok(e);
    }
    let arguments_renamed = live
        .arguments
        .iter()
        .zip(&desired.arguments)
        .any(|(l, d)| l.name != d.name);
    let body_changed = live.body != desired.body;
    if body_changed {
        e.attribute(
            Attribute::Body,
            Some(live.body.text().trim().to_string()),
            Some(desired.body.text().trim().to_string()),
        );
    }
    if arguments_renamed {
        let names = |p: &Procedure| {
            p.arguments
                .iter()
                .map(|a| a.name.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        e.attribute("argument names", Some(names(live)), Some(names(desired)));
    }
    let returns_changed = e.compare("returns", &live.returns, &desired.returns);
    let language_changed = e.compare("language", &live.language, &desired.language);
    if body_changed || arguments_renamed || returns_changed || language_changed {
        e.compare("execute_as", &live.execute_as, &desired.execute_as);
        e.compare_option("comment", &live.comment, &desired.comment);
        e.sql(ddl::replace(&object)?);
        return Ok(e);
    }
    if e.compare("execute_as", &live.execute_as, &desired.execute_as) {
        e.sql(super::ddl::set_execute_as(desired, desired.execute_as));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}
