//! The view diff: a query change is `CREATE OR REPLACE VIEW … COPY GRANTS` (grants are
//! kept, nothing is lost, so it is shown as an update); SECURE and the comment alter in
//! place; tags are `ALTER VIEW … SET TAG / UNSET TAG`, and set again after a replace.

use crate::kinds::ddl;
use crate::kinds::tag::{TagValues, alter_tags, diff_tags, shown};
use crate::kinds::view::View;
use crate::model::identifier::ObjectName;
use crate::model::{Kind, Object};
use crate::plan::Attribute;
use crate::plan::diff::{DiffError, Edits, comment};

/// `row_access_replaced`: whether the plan replaces a row access policy (its change then
/// drops it from the view and adds it back where it is still declared; see
/// `kinds::row_access_policy`).
pub(crate) fn diff(
    live: &View,
    desired: &View,
    row_access_replaced: &dyn Fn(&ObjectName) -> bool,
) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let object = Object::View(desired.clone());
    // The replacing change drops the policy from the view, and adds it back as declared.
    let mut held = live.row_access_policy.clone();
    if let Some(policy) = held.as_ref().map(|h| h.policy.clone())
        && row_access_replaced(&policy)
    {
        held = desired
            .row_access_policy
            .clone()
            .filter(|d| d.policy == policy);
    }
    let row_access_changed =
        e.compare_option("row_access_policy", &held, &desired.row_access_policy);
    let target = format!("VIEW {}", desired.name);
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
        // The replaced view is a new object: it has no policy until one is added.
        if let Some(statement) = crate::kinds::row_access_policy::alter_table(
            Kind::View,
            &desired.name,
            None,
            desired.row_access_policy.as_ref(),
        ) {
            e.sql(statement);
        }
        // The replaced view keeps its grants (COPY GRANTS) but not its tags: every
        // declared tag is set again.
        if let Some(tags) = &desired.tags {
            e.compare(
                "tags",
                &shown(live.tags.as_ref().unwrap_or(&TagValues::new())),
                &shown(tags),
            );
            for statement in alter_tags(&target, &TagValues::new(), tags) {
                e.sql(statement);
            }
        }
        return Ok(e);
    }
    if row_access_changed
        && let Some(statement) = crate::kinds::row_access_policy::alter_table(
            Kind::View,
            &desired.name,
            held.as_ref(),
            desired.row_access_policy.as_ref(),
        )
    {
        e.sql(statement);
    }
    if e.compare("secure", &live.secure, &desired.secure) {
        e.sql(super::ddl::set_secure(&desired.name, desired.secure));
    }
    comment(&mut e, &live.comment, &desired.comment, &object)?;
    for statement in diff_tags(
        &mut e,
        "tags",
        &target,
        live.tags.as_ref(),
        desired.tags.as_ref(),
    ) {
        e.sql(statement);
    }
    Ok(e)
}
