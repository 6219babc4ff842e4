//! The view diff: a query change is `CREATE OR REPLACE VIEW … COPY GRANTS` (grants are
//! kept, nothing is lost, so it is shown as an update); SECURE and the comment alter in
//! place; tags are `ALTER VIEW … SET TAG / UNSET TAG`, and the declared columns' masking
//! policies and tags `ALTER VIEW … MODIFY COLUMN c SET | UNSET MASKING POLICY / TAG`
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-view); all are set again after a
//! replace, which makes a new view without them.

use crate::kinds::ddl;
use crate::kinds::policy::Replaced;
use crate::kinds::tag::{TagValues, alter_tags, diff_tags, shown};
use crate::kinds::view::View;
use crate::model::{Kind, Object};
use crate::plan::Attribute;
use crate::plan::diff::{DiffError, Edits, comment};

pub(crate) fn diff(
    live: &View,
    desired: &View,
    replaced: &Replaced<'_>,
) -> Result<Edits, DiffError> {
    let row_access_replaced = replaced.row_access;
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
        // Nor its columns' policies and tags: every declared one is set again.
        for column in &desired.columns {
            let held = live.column(&column.name);
            crate::kinds::masking_policy::diff_column(
                &mut e,
                Kind::View,
                &desired.name,
                &column.name,
                held.and_then(|c| c.masking_policy.as_ref().map(|p| (p, &c.masking_using[..]))),
                column
                    .masking_policy
                    .as_ref()
                    .map(|p| (p, &column.masking_using[..])),
                true,
                replaced.masking,
            );
            if let Some(policy) = &column.masking_policy {
                e.sql(crate::kinds::masking_policy::set_on_column(
                    Kind::View,
                    &desired.name,
                    &column.name,
                    policy,
                    &column.masking_using,
                    false,
                ));
            }
            if let Some(tags) = &column.tags {
                e.compare(
                    &format!("column {}.tags", column.name),
                    &shown(
                        held.and_then(|c| c.tags.as_ref())
                            .unwrap_or(&TagValues::new()),
                    ),
                    &shown(tags),
                );
                for statement in alter_tags(
                    &format!("{target} MODIFY COLUMN {}", column.name),
                    &TagValues::new(),
                    tags,
                ) {
                    e.sql(statement);
                }
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
    // The declared columns only: the query names the columns, and a column the project
    // does not list is not governed by it.
    for column in &desired.columns {
        let held = live.column(&column.name);
        for statement in crate::kinds::masking_policy::diff_column(
            &mut e,
            Kind::View,
            &desired.name,
            &column.name,
            held.and_then(|c| c.masking_policy.as_ref().map(|p| (p, &c.masking_using[..]))),
            column
                .masking_policy
                .as_ref()
                .map(|p| (p, &column.masking_using[..])),
            false,
            replaced.masking,
        ) {
            e.sql(statement);
        }
        for statement in diff_tags(
            &mut e,
            &format!("column {}.tags", column.name),
            &format!("{target} MODIFY COLUMN {}", column.name),
            held.and_then(|c| c.tags.as_ref()),
            column.tags.as_ref(),
        ) {
            e.sql(statement);
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::view::ViewColumn;
    use crate::model::identifier::Ident;
    use crate::model::identifier::ObjectName;
    use crate::sql::CanonicalSql;

    fn view(query: &str, columns: Vec<ViewColumn>) -> View {
        View {
            name: ObjectName::parse("PR.SILVER.V").unwrap(),
            query: CanonicalSql::new(query),
            secure: false,
            comment: None,
            selects_from: Default::default(),
            row_access_policy: None,
            tags: None,
            data_quality: None,
            columns,
        }
    }

    fn email(policy: Option<&str>, using: &[&str], tags: Option<&str>) -> ViewColumn {
        ViewColumn {
            name: Ident::from_stored("EMAIL"),
            masking_policy: policy.map(|p| ObjectName::parse(p).unwrap()),
            masking_using: using.iter().map(|u| Ident::from_stored(*u)).collect(),
            tags: tags.map(|v| {
                TagValues::from([(ObjectName::parse("PR.SILVER.PII").unwrap(), v.to_string())])
            }),
        }
    }

    fn statements(live: &View, desired: &View) -> Vec<String> {
        let never = |_: &ObjectName| false;
        diff(
            live,
            desired,
            &Replaced {
                masking: &never,
                row_access: &never,
            },
        )
        .unwrap()
        .steps
        .iter()
        .map(|s| s.describe())
        .collect()
    }

    #[test]
    fn view_columns_are_governed_in_place_and_again_after_a_replace() {
        let bare = view("SELECT EMAIL FROM T", vec![]);
        let governed = view(
            "SELECT EMAIL FROM T",
            vec![email(Some("PR.SILVER.MASK"), &[], Some("email"))],
        );
        assert_eq!(
            statements(&bare, &governed),
            [
                "ALTER VIEW PR.SILVER.V MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.MASK",
                "ALTER VIEW PR.SILVER.V MODIFY COLUMN EMAIL SET TAG PR.SILVER.PII = 'email'",
            ]
        );
        assert!(statements(&governed, &governed).is_empty());
        // A column the project does not list is not governed: a live policy on it stays.
        let undeclared = view("SELECT EMAIL FROM T", vec![]);
        assert!(statements(&governed, &undeclared).is_empty());
        // Declared without a policy: the live one is unset.
        let unmasked = view("SELECT EMAIL FROM T", vec![email(None, &[], Some("email"))]);
        assert_eq!(
            statements(&governed, &unmasked),
            ["ALTER VIEW PR.SILVER.V MODIFY COLUMN EMAIL UNSET MASKING POLICY"]
        );
        let replaced = view(
            "SELECT EMAIL, 1 AS X FROM T",
            vec![email(
                Some("PR.SILVER.MASK"),
                &["EMAIL", "X"],
                Some("email"),
            )],
        );
        let steps = statements(&governed, &replaced);
        assert!(steps[0].starts_with("CREATE OR REPLACE VIEW PR.SILVER.V COPY GRANTS"));
        assert_eq!(
            &steps[1..],
            [
                "ALTER VIEW PR.SILVER.V MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.MASK USING (EMAIL, X)",
                "ALTER VIEW PR.SILVER.V MODIFY COLUMN EMAIL SET TAG PR.SILVER.PII = 'email'",
            ]
        );
    }
}
