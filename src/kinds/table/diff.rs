//! The table diff: columns added, dropped, renamed and altered, and the rebuild that
//! Snowflake's limits on ALTER make necessary for everything else.
//!
//! In place (Snowflake's `ALTER TABLE`): add, drop and rename columns; widen a VARCHAR or
//! BINARY, or raise a NUMBER's precision at the same scale; set or drop NOT NULL; drop a
//! default; column comments; clustering; change tracking; the table comment. Any other
//! column change — another type, a new or different default — and a change of
//! transience rebuild the table: a new table is created with the desired definition, the
//! rows are copied with casts, and the two are swapped (tier `rebuild`; `destructive`
//! when a column is dropped or narrowed, since values can be lost). Column order is not
//! compared: Snowflake appends added columns and cannot reorder them, so a desired order
//! could never be reached without a rebuild that changes nothing else.

use std::collections::BTreeSet;

use crate::kinds::masking_policy::set_on_column;
use crate::kinds::policy::Replaced;
use crate::kinds::table::{Column, Table};
use crate::model::identifier::{Ident, ObjectName};
use crate::model::{Lifecycle, Object};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};

/// How the columns of one desired table match the live ones.
struct Matching<'a> {
    /// (live column, desired column) pairs, the live one possibly under its old name.
    pairs: Vec<(&'a Column, &'a Column)>,
    added: Vec<&'a Column>,
    dropped: Vec<&'a Column>,
}

fn match_columns<'a>(live: &'a Table, desired: &'a Table, lifecycle: &Lifecycle) -> Matching<'a> {
    let mut used: BTreeSet<&Ident> = BTreeSet::new();
    let mut pairs = Vec::new();
    let mut added = Vec::new();
    for column in &desired.columns {
        let previous = live.column(&column.name).or_else(|| {
            lifecycle
                .column_renames
                .get(&column.name)
                .filter(|old| desired.column(old).is_none())
                .and_then(|old| live.column(old))
        });
        match previous {
            Some(previous) => {
                used.insert(&previous.name);
                pairs.push((previous, column));
            }
            None => added.push(column),
        }
    }
    let dropped = live
        .columns
        .iter()
        .filter(|c| !used.contains(&c.name))
        .collect();
    Matching {
        pairs,
        added,
        dropped,
    }
}

fn describe(column: &Column) -> String {
    let mut text = column.data_type.to_string();
    if !column.nullable {
        text.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        text.push_str(&format!(" DEFAULT {default}"));
    }
    text
}

/// `streamed`: a stream is declared on this table. Creating a stream turns change
/// tracking on, so such a table is compared as tracked whatever it declares.
/// `replaced`: which policies the plan replaces (their change then removes them from every
/// column or table and puts them back where they are still declared; see
/// `kinds::masking_policy`).
pub(crate) fn diff(
    live: &Table,
    desired: &Table,
    lifecycle: &Lifecycle,
    backup: Option<jiff::Timestamp>,
    streamed: bool,
    replaced: &Replaced<'_>,
) -> Result<Edits, DiffError> {
    let mut e = Edits::default();
    let name = &desired.name;
    let matching = match_columns(live, desired, lifecycle);
    let mut rebuild: Vec<String> = Vec::new();
    let mut in_place: Vec<String> = Vec::new();
    let mut loses_data = false;

    if e.compare("transient", &live.transient, &desired.transient) {
        rebuild.push("Snowflake cannot change whether a table is transient".into());
    }
    for (before, after) in &matching.pairs {
        let label = format!("column {}", after.name);
        if before.name != after.name {
            e.attribute(
                format!("column {}.name", before.name),
                Some(before.name.to_string()),
                Some(after.name.to_string()),
            );
            in_place.push(super::ddl::rename_column(name, &before.name, &after.name));
        }
        if before.data_type != after.data_type {
            e.attribute(
                format!("{label}.type"),
                Some(before.data_type.to_string()),
                Some(after.data_type.to_string()),
            );
            if before.data_type.alters_in_place_to(&after.data_type) {
                in_place.push(super::ddl::set_column_type(
                    name,
                    &after.name,
                    &after.data_type,
                ));
            } else {
                if after.data_type.alters_in_place_to(&before.data_type) {
                    loses_data = true;
                    e.reasons.push(format!(
                        "{label} narrows from {} to {}: longer values cannot be kept",
                        before.data_type, after.data_type
                    ));
                }
                rebuild.push(format!(
                    "Snowflake cannot change {label} from {} to {} in place",
                    before.data_type, after.data_type
                ));
            }
        }
        if before.nullable != after.nullable {
            e.attribute(
                format!("{label}.nullable"),
                Some(before.nullable.to_string()),
                Some(after.nullable.to_string()),
            );
            in_place.push(super::ddl::set_nullable(name, &after.name, after.nullable));
            if !after.nullable {
                e.reasons.push(format!(
                    "setting NOT NULL on {label} fails if it holds NULLs"
                ));
            }
        }
        if before.default != after.default {
            e.compare_option(&format!("{label}.default"), &before.default, &after.default);
            match after.default {
                None => in_place.push(super::ddl::drop_default(name, &after.name)),
                Some(_) => rebuild.push(format!(
                    "Snowflake cannot set or change the default of {label} in place"
                )),
            }
        }
        if e.compare_option(&format!("{label}.comment"), &before.comment, &after.comment) {
            in_place.push(super::ddl::set_column_comment(
                name,
                &after.name,
                after.comment.as_deref(),
            ));
        }
    }
    for column in &matching.added {
        e.attribute(
            format!("column {}", column.name),
            None,
            Some(describe(column)),
        );
        in_place.push(super::ddl::add_column(name, column));
        if let Some(default) = column.default.as_ref().filter(|d| !d.is_constant()) {
            rebuild.push(format!(
                "Snowflake adds column {} with a default only if it is a constant, not {}",
                column.name,
                default.text()
            ));
        }
        if !column.nullable && column.default.is_none() {
            e.reasons.push(format!(
                "adding NOT NULL column {} without a default fails if the table has rows",
                column.name
            ));
        }
    }
    for column in &matching.dropped {
        e.attribute(
            format!("column {}", column.name),
            Some(describe(column)),
            None,
        );
        in_place.push(super::ddl::drop_column(name, &column.name));
        loses_data = true;
        e.reasons
            .push(format!("dropping column {} loses its data", column.name));
    }
    if e.compare(
        "cluster_by",
        &keys(&live.cluster_by),
        &keys(&desired.cluster_by),
    ) {
        in_place.push(super::ddl::set_cluster_by(name, &desired.cluster_by));
    }
    let tracked = desired.change_tracking || streamed;
    if e.compare("change_tracking", &live.change_tracking, &tracked) {
        in_place.push(super::ddl::set_change_tracking(name, tracked));
    }
    let comment_changed = live.comment != desired.comment;

    if loses_data {
        e.raise(Tier::Destructive, "data is lost");
    }
    if let (true, Some(at)) = (loses_data, backup) {
        let (backup_name, statement) = super::rebuild::backup(name, at);
        e.reasons
            .push(format!("a zero-copy backup {backup_name} is taken first"));
        e.sql(statement);
    }
    let rebuilt = !rebuild.is_empty();
    in_place.extend(masking_policies(
        &mut e,
        &matching,
        desired,
        rebuilt,
        replaced.masking,
    ));
    let (row_access_first, row_access_last) = row_access(
        &mut e,
        &matching,
        live,
        desired,
        rebuilt,
        replaced.row_access,
    );
    if let Some(statement) = row_access_first {
        in_place.insert(0, statement);
    }
    in_place.extend(row_access_last);
    in_place.extend(tags(&mut e, &matching, live, desired, rebuilt));
    if rebuild.is_empty() {
        for statement in in_place {
            e.sql(statement);
        }
        comment(
            &mut e,
            &live.comment,
            &desired.comment,
            &Object::Table(desired.clone()),
        )?;
    } else {
        e.replace(format!(
            "rebuilt with its data copied: {}",
            rebuild.join("; ")
        ));
        e.raise(
            Tier::Rebuild,
            "rows are copied into a new table that is then swapped in",
        );
        if comment_changed {
            e.compare_option("comment", &live.comment, &desired.comment);
        }
        for statement in super::rebuild::rebuild(live, desired, &lifecycle.column_renames) {
            e.sql(statement);
        }
        // The swapped-in table is new: it and its columns have no policy yet.
        for column in &desired.columns {
            if let Some(policy) = &column.masking_policy {
                e.sql(set_on_column(
                    crate::model::Kind::Table,
                    name,
                    &column.name,
                    policy,
                    &column.masking_using,
                    false,
                ));
            }
        }
        if let Some(statement) = crate::kinds::row_access_policy::alter_table(
            crate::model::Kind::Table,
            name,
            None,
            desired.row_access_policy.as_ref(),
        ) {
            e.sql(statement);
        }
        // Nor tags.
        for statement in set_declared_tags(desired) {
            e.sql(statement);
        }
    }
    Ok(e)
}

/// The statements setting every tag `table` declares, on itself and its columns, on a
/// table that has none yet (a new or rebuilt one).
pub(crate) fn set_declared_tags(table: &Table) -> Vec<String> {
    use crate::kinds::tag::{TagValues, alter_tags};
    let none = TagValues::new();
    let mut statements = Vec::new();
    if let Some(tags) = &table.tags {
        statements.extend(alter_tags(&format!("TABLE {}", table.name), &none, tags));
    }
    for column in &table.columns {
        if let Some(tags) = &column.tags {
            statements.extend(alter_tags(
                &format!("TABLE {} MODIFY COLUMN {}", table.name, column.name),
                &none,
                tags,
            ));
        }
    }
    statements
}

/// The tag changes of the table and of its matched and added columns, compared only
/// where the desired table declares `tags` (see `kinds::tag`). A rebuilt table gets every
/// declared tag after the swap instead (see [`diff`]).
fn tags(
    e: &mut Edits,
    matching: &Matching<'_>,
    live: &Table,
    desired: &Table,
    rebuilt: bool,
) -> Vec<String> {
    use crate::kinds::tag::diff_tags;
    let name = &desired.name;
    let mut statements = diff_tags(
        e,
        "tags",
        &format!("TABLE {name}"),
        live.tags.as_ref(),
        desired.tags.as_ref(),
    );
    let pairs = matching.pairs.iter().map(|(l, d)| (Some(*l), *d));
    let added = matching.added.iter().map(|d| (None, *d));
    for (before, after) in pairs.chain(added) {
        statements.extend(diff_tags(
            e,
            &format!("column {}.tags", after.name),
            &format!("TABLE {name} MODIFY COLUMN {}", after.name),
            before.and_then(|c| c.tags.as_ref()),
            after.tags.as_ref(),
        ));
    }
    if rebuilt { Vec::new() } else { statements }
}

/// The row access policy change, compared as [`masking_policies`] compares a column's:
/// the statement that runs before the column changes, and the one after. The live policy's
/// columns are read under their desired names (a renamed column keeps its policy, as a
/// constraint does). Usually one statement runs after everything (an added column can be
/// named in `ON`); when a column the live policy is added on is dropped, the policy is
/// dropped first, since Snowflake refuses to drop such a column
/// (https://docs.snowflake.com/en/sql-reference/sql/drop-row-access-policy, usage notes).
fn row_access(
    e: &mut Edits,
    matching: &Matching<'_>,
    live: &Table,
    desired: &Table,
    rebuilt: bool,
    replaced: &dyn Fn(&ObjectName) -> bool,
) -> (Option<String>, Option<String>) {
    use crate::kinds::row_access_policy::alter_table;
    use crate::model::Kind;
    let mut before = live.row_access_policy.clone().map(|mut held| {
        for column in &mut held.on {
            if let Some((_, renamed)) = matching.pairs.iter().find(|(l, _)| &l.name == column) {
                *column = renamed.name.clone();
            }
        }
        held
    });
    // The replacing change drops the policy from the table, and adds it back as declared
    // when the table still declares it.
    if let Some(held) = &before
        && replaced(&held.policy)
    {
        before = desired
            .row_access_policy
            .clone()
            .filter(|d| d.policy == held.policy);
    }
    if !e.compare_option("row_access_policy", &before, &desired.row_access_policy) || rebuilt {
        return (None, None);
    }
    let name = &desired.name;
    let wanted = desired.row_access_policy.as_ref();
    let loses_a_column = before.as_ref().is_some_and(|held| {
        held.on
            .iter()
            .any(|c| matching.dropped.iter().any(|d| &d.name == c))
    });
    if loses_a_column {
        return (
            alter_table(Kind::Table, name, before.as_ref(), None),
            alter_table(Kind::Table, name, None, wanted),
        );
    }
    (
        None,
        alter_table(Kind::Table, name, before.as_ref(), wanted),
    )
}

/// The masking policy changes of the matched and added columns, after the column changes
/// (an added column gets its policy once it exists). A column whose live policy the plan
/// replaces is compared as the replacing change leaves it: unset, then set back (with the
/// column's declared USING) if the column still declares it. SET with FORCE swaps one
/// policy for another in one statement
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column). A new USING list
/// for the same policy is UNSET then SET: FORCE is documented only as replacing the
/// policy "with a different masking policy", so it is not relied on for the same one, and
/// the column is unmasked in between (destructive, as a policy's replacement is). A
/// rebuilt table gets every declared policy after the swap instead (see [`diff`]).
fn masking_policies(
    e: &mut Edits,
    matching: &Matching<'_>,
    desired: &Table,
    rebuilt: bool,
    replaced: &dyn Fn(&ObjectName) -> bool,
) -> Vec<String> {
    let mut statements = Vec::new();
    let pairs = matching.pairs.iter().map(|(l, d)| (Some(*l), *d));
    let added = matching.added.iter().map(|d| (None, *d));
    for (before, after) in pairs.chain(added) {
        statements.extend(crate::kinds::masking_policy::diff_column(
            e,
            crate::model::Kind::Table,
            &desired.name,
            &after.name,
            before.and_then(|c| c.masking_policy.as_ref().map(|p| (p, &c.masking_using[..]))),
            after
                .masking_policy
                .as_ref()
                .map(|p| (p, &after.masking_using[..])),
            rebuilt,
            replaced,
        ));
    }
    statements
}

fn keys(cluster_by: &[crate::sql::CanonicalSql]) -> String {
    let keys: Vec<&str> = cluster_by.iter().map(|k| k.canonical()).collect();
    format!("({})", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::row_access_policy::RowAccess;
    use crate::model::data_type::DataType;

    fn table(email_policy: Option<&str>, access: Option<(&str, &[&str])>) -> Table {
        let column = |name: &str, policy: Option<&str>| Column {
            name: Ident::from_stored(name),
            data_type: DataType::parse("VARCHAR").unwrap(),
            nullable: true,
            default: None,
            comment: None,
            masking_policy: policy.map(|p| ObjectName::parse(p).unwrap()),
            masking_using: Vec::new(),
            tags: None,
        };
        Table {
            name: ObjectName::parse("PR.SILVER.CUSTOMER").unwrap(),
            columns: vec![column("EMAIL", email_policy), column("COUNTRY", None)],
            transient: false,
            cluster_by: vec![],
            change_tracking: false,
            comment: None,
            row_access_policy: access.map(|(p, on)| RowAccess {
                policy: ObjectName::parse(p).unwrap(),
                on: on.iter().map(|c| Ident::from_stored(*c)).collect(),
            }),
            tags: None,
            data_quality: None,
        }
    }

    fn statements(live: &Table, desired: &Table, replaced: &str) -> Vec<String> {
        let is_replaced = |p: &ObjectName| p.to_string() == replaced;
        let e = diff(
            live,
            desired,
            &Lifecycle::default(),
            None,
            false,
            &Replaced {
                masking: &is_replaced,
                row_access: &is_replaced,
            },
        )
        .unwrap();
        e.steps.iter().map(|s| s.describe()).collect()
    }

    /// The policies a table names are created before it: the plan orders by references.
    #[test]
    fn a_table_references_its_masking_and_row_access_policies() {
        use crate::model::{Address, Kind, Resource};
        let refs = table(
            Some("PR.SILVER.MASK"),
            Some(("PR.GOLD.BY_COUNTRY", &["COUNTRY"])),
        )
        .references();
        assert!(refs.contains(&Address::new(Kind::MaskingPolicy, "PR.SILVER.MASK")));
        assert!(refs.contains(&Address::new(Kind::RowAccessPolicy, "PR.GOLD.BY_COUNTRY")));
    }

    #[test]
    fn masking_policies_are_set_swapped_with_force_and_unset() {
        let none = table(None, None);
        let masked = table(Some("PR.SILVER.MASK"), None);
        let other = table(Some("PR.SILVER.OTHER"), None);
        assert_eq!(
            statements(&none, &masked, ""),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.MASK"
            ]
        );
        assert_eq!(
            statements(&masked, &other, ""),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.OTHER FORCE"
            ]
        );
        assert_eq!(
            statements(&masked, &none, ""),
            ["ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY"]
        );
        // A replaced policy is unset and set back by its own change; a column leaving it
        // is set plainly (no FORCE: the replacing change unset it first).
        assert!(statements(&masked, &masked, "PR.SILVER.MASK").is_empty());
        assert_eq!(
            statements(&masked, &other, "PR.SILVER.MASK"),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.OTHER"
            ]
        );
        assert!(statements(&masked, &none, "PR.SILVER.MASK").is_empty());
    }

    #[test]
    fn a_conditional_policy_is_set_with_using_and_a_new_using_unsets_first() {
        let none = table(None, None);
        let with = |using: &[&str]| {
            let mut t = table(Some("PR.SILVER.MASK"), None);
            t.columns[0].masking_using = using.iter().map(|c| Ident::from_stored(*c)).collect();
            t
        };
        assert_eq!(
            statements(&none, &with(&["EMAIL", "COUNTRY"]), ""),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.MASK USING (EMAIL, COUNTRY)"
            ]
        );
        assert!(
            statements(
                &with(&["EMAIL", "COUNTRY"]),
                &with(&["EMAIL", "COUNTRY"]),
                ""
            )
            .is_empty()
        );
        // Read with no USING (POLICY_REFERENCES documents none for masking policies): the
        // live USING is unknown and taken as declared, never unset and set on every plan.
        assert!(statements(&with(&[]), &with(&["EMAIL", "COUNTRY"]), "").is_empty());
        // A reported USING that differs: UNSET, then SET.
        let e = diff(
            &with(&["EMAIL", "EMAIL_2"]),
            &with(&["EMAIL", "COUNTRY"]),
            &Lifecycle::default(),
            None,
            false,
            &Replaced {
                masking: &|_| false,
                row_access: &|_| false,
            },
        )
        .unwrap();
        assert_eq!(e.tier, Tier::Destructive);
        assert_eq!(
            e.steps.iter().map(|s| s.describe()).collect::<Vec<_>>(),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL UNSET MASKING POLICY",
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.MASK USING (EMAIL, COUNTRY)",
            ]
        );
        // Another policy with USING swaps with FORCE; a replaced policy is set back by
        // its own change, with the declared USING.
        let mut other = with(&["EMAIL", "COUNTRY"]);
        other.columns[0].masking_policy = Some(ObjectName::parse("PR.SILVER.OTHER").unwrap());
        assert_eq!(
            statements(&with(&[]), &other, ""),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER MODIFY COLUMN EMAIL SET MASKING POLICY PR.SILVER.OTHER USING (EMAIL, COUNTRY) FORCE"
            ]
        );
        assert!(statements(&with(&[]), &with(&["EMAIL", "COUNTRY"]), "PR.SILVER.MASK").is_empty());
    }

    #[test]
    fn a_row_access_policy_is_added_swapped_and_dropped() {
        let none = table(None, None);
        let a = table(None, Some(("PR.SILVER.A", &["COUNTRY"])));
        let b = table(None, Some(("PR.SILVER.B", &["COUNTRY"])));
        assert_eq!(
            statements(&none, &a, ""),
            ["ALTER TABLE PR.SILVER.CUSTOMER ADD ROW ACCESS POLICY PR.SILVER.A ON (COUNTRY)"]
        );
        assert_eq!(
            statements(&a, &b, ""),
            [
                "ALTER TABLE PR.SILVER.CUSTOMER DROP ROW ACCESS POLICY PR.SILVER.A, ADD ROW ACCESS POLICY PR.SILVER.B ON (COUNTRY)"
            ]
        );
        assert_eq!(
            statements(&a, &none, ""),
            ["ALTER TABLE PR.SILVER.CUSTOMER DROP ROW ACCESS POLICY PR.SILVER.A"]
        );
        assert!(statements(&a, &a, "PR.SILVER.A").is_empty());
        assert_eq!(
            statements(&a, &b, "PR.SILVER.A"),
            ["ALTER TABLE PR.SILVER.CUSTOMER ADD ROW ACCESS POLICY PR.SILVER.B ON (COUNTRY)"]
        );
    }
}
