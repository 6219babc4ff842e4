//! The view diff: a query change is `CREATE OR REPLACE VIEW … COPY GRANTS` (grants are
//! kept, nothing is lost, so it is shown as an update); SECURE and the comment alter in
//! place.

use crate::kinds::ddl;
use crate::kinds::view::View;
use crate::model::Object;
use crate::plan::Attribute;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(live: &View, desired: &View) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::View(desired.clone());
    if live.query != desired.query {
        e.attribute(
            Attribute::Query,
            Some(live.query.text().trim().to_string()),
            Some(desired.query.text().trim().to_string()),
        );
        e.compare("secure", &live.secure, &desired.secure);
        e.compare_option("comment", &live.comment, &desired.comment);
        e.reasons
            .push("a view's query can only change by CREATE OR REPLACE … COPY GRANTS".into());
        e.sql(ddl::replace(&object)?);
        return Ok(e);
    }
    if e.compare("secure", &live.secure, &desired.secure) {
        e.sql(super::ddl::set_secure(&desired.name, desired.secure));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    Ok(e)
}
