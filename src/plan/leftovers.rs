//! lakeform's own leftovers: what an interrupted apply leaves behind, seen by every
//! `plan` and `drift`, with what becomes of each.
//!
//! A table rebuild runs `CREATE OR REPLACE TABLE <t>_LAKEFORM_REBUILD …`, `INSERT INTO
//! <t>_LAKEFORM_REBUILD … SELECT … FROM <t>`, `ALTER TABLE <t> SWAP WITH
//! <t>_LAKEFORM_REBUILD`, `DROP TABLE <t>_LAKEFORM_REBUILD` (see
//! [`crate::kinds::table::rebuild`]). A kill or a failure between the
//! first and the last leaves the scratch table. What it holds depends on where the apply
//! stopped, and the plan decides from the live state alone:
//!
//! * **Stopped before the swap.** `<t>` still has its old definition and every row; the
//!   scratch table has the definition the rebuild was heading for and at most a partial
//!   copy of the rows. Recognised when the plan rebuilds `<t>` again *and* the scratch
//!   table's columns (names and types, in order) are exactly the desired ones. The new
//!   rebuild starts with `CREATE OR REPLACE` of the scratch table, which discards it; the
//!   rebuild's change says so in its reasons.
//! * **Stopped after the swap.** `<t>` has the new definition and every row; the scratch
//!   table is `<t>` as it was before the rebuild — for a cast or a dropped column, the
//!   only copy of the old values besides a backup. It is never dropped without consent:
//!   `plan` and `drift` report it as a leftover with the statements to drop it or to swap
//!   it back, and leave it alone. This is the case whenever the plan does not rebuild
//!   `<t>` (`<t>` already has its desired definition, or is gone, or is undeclared).
//! * **Unclear.** The plan rebuilds `<t>` but the scratch table's columns are not the
//!   desired ones: the desired state changed since the interrupted apply, so the scratch
//!   table may be an after-swap copy. The new rebuild would overwrite it, so it first
//!   takes a zero-copy clone `<t>_LAKEFORM_REBUILD_BACKUP_<yyyymmddhhmmss>`, which the
//!   apply report names with the other backups.
//!
//! A scratch table inside a schema or database that the plan replaces or drops is left
//! to that change, which lists it among what it destroys and clones it first.
//!
//! Leftovers that stay are reported beside the plan, not as changes: a plan with nothing
//! to change still shows them (its exit code stays that of its changes), and `drift`
//! counts them as drift (exit 2), so the nightly check keeps asking until someone
//! decides.
//!
//! An **expired apply lock** — the `LAKEFORM_LOCK_<ENV>` database of an environment
//! without a lake, left by an apply that was killed — is reported the same way (see
//! [`expired_lock`]): it holds no data, and the next apply takes it over, which the report
//! says. Blob leases and the sandbox's file lock lapse by themselves and leave nothing.

use serde::Serialize;

use super::change::{Action, Change, Step};
use super::render::palette::Palette;
use crate::apply::snowflake_lock::LockRecord;
use crate::kinds::table::Table;
use crate::kinds::table::rebuild::{
    backup, is_scratch, scratch_name, scratch_owner, swap_statement,
};
use crate::model::identifier::{Ident, ObjectName};
use crate::model::{Address, DesiredState, Kind, LiveState, Object};

/// A leftover of lakeform's own that the plan leaves alone, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Leftover {
    pub address: Address,
    /// The object it was made for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) of: Option<Address>,
    /// What it is and what it may hold.
    pub(crate) finding: String,
    /// The statements that resolve it, for whoever decides.
    pub resolve: Vec<String>,
}

/// Whether `change` rebuilds `table` through its scratch table (it holds the swap).
fn rebuilds(change: &Change, table: &ObjectName) -> bool {
    let swap = Step::sql(swap_statement(table, &scratch_name(table)));
    change.address.kind == Kind::Table
        && change.action == Action::Replace
        && change.steps.contains(&swap)
}

/// Scratch tables in the live state, by the table they belong to.
fn scratch_tables(live: &LiveState) -> impl Iterator<Item = (&Table, ObjectName)> {
    live.objects.values().filter_map(|o| match o {
        Object::Table(t) if is_scratch(&t.name.name) => scratch_owner(&t.name).map(|o| (t, o)),
        _ => None,
    })
}

/// Whether `scratch` has exactly the columns `desired` declares, names and types in order.
fn has_desired_columns(scratch: &Table, desired: Option<&Table>) -> bool {
    desired.is_some_and(|d| {
        d.columns.len() == scratch.columns.len()
            && d.columns
                .iter()
                .zip(&scratch.columns)
                .all(|(a, b)| a.name == b.name && a.data_type == b.data_type)
    })
}

/// Makes each planned rebuild whose scratch table is already there say what happens to it,
/// and clone it first when it may hold data (see the module documentation).
pub(crate) fn adjust_rebuilds(
    changes: &mut [Change],
    desired: &DesiredState,
    live: &LiveState,
    now: jiff::Timestamp,
) {
    for (scratch, owner) in scratch_tables(live) {
        let Some(change) = changes.iter_mut().find(|c| rebuilds(c, &owner)) else {
            continue;
        };
        let declared = match desired.objects.get(&Address::new(Kind::Table, &owner)) {
            Some(entry) => match &entry.object {
                Object::Table(t) => Some(t),
                _ => None,
            },
            None => None,
        };
        if has_desired_columns(scratch, declared) {
            change.reasons.push(format!(
                "{} is left from an earlier rebuild that stopped before its swap: it holds at most a partial copy ({owner} still has every row), and this rebuild replaces it",
                scratch.name
            ));
        } else {
            let (copy, statement) = backup(&scratch.name, now);
            change.reasons.push(format!(
                "{} is left from an earlier rebuild and may hold {owner}'s rows from before it: a zero-copy clone {copy} is taken before this rebuild replaces it",
                scratch.name
            ));
            change.steps.insert(0, Step::sql(statement));
        }
    }
}

/// The scratch tables the plan leaves alone: each may hold the only copy of the rows of
/// its table from before an interrupted rebuild.
pub fn kept(plan_changes: &[Change], live: &LiveState) -> Vec<Leftover> {
    let destroyed_containers: Vec<&Address> = plan_changes
        .iter()
        .filter(|c| matches!(c.action, Action::Replace | Action::Drop))
        .filter(|c| matches!(c.address.kind, Kind::Schema | Kind::Database))
        .map(|c| &c.address)
        .collect();
    let inside_destroyed = |name: &ObjectName| {
        destroyed_containers.iter().any(|a| {
            (a.kind == Kind::Schema && a.name == name.schema_name().to_string())
                || (a.kind == Kind::Database && a.name == name.database.to_string())
        })
    };
    scratch_tables(live)
        .filter(|(_, owner)| !plan_changes.iter().any(|c| rebuilds(c, owner)))
        .filter(|(scratch, _)| !inside_destroyed(&scratch.name))
        .map(|(scratch, owner)| Leftover {
            address: Address::new(Kind::Table, &scratch.name),
            of: Some(Address::new(Kind::Table, &owner)),
            finding: format!(
                "left by an interrupted rebuild of {owner}; if it stopped after its swap, this holds {owner} as it was before the rebuild (possibly the only copy of values the rebuild cast or dropped). lakeform keeps it"
            ),
            resolve: vec![
                format!("DROP TABLE {}", scratch.name),
                swap_statement(&owner, &scratch.name),
            ],
        })
        .collect()
}

/// An expired apply lock (see [`crate::apply::snowflake_lock`]): the apply that held it
/// stopped without releasing it. It holds no data; the next apply takes it over.
pub(crate) fn expired_lock(name: &Ident, record: &LockRecord) -> Leftover {
    let holder = &record.holder;
    Leftover {
        address: Address::new(Kind::Database, name),
        of: None,
        finding: format!(
            "the apply lock taken by {}@{} (pid {}) at {} expired at {}: that apply stopped without releasing it. It holds no data; the next apply takes it over (drops and re-creates it)",
            holder.user, holder.host, holder.pid, holder.since, record.expires
        ),
        resolve: vec![format!("DROP DATABASE {name}")],
    }
}

/// The leftovers as text, after a plan or a drift report; empty when there are none.
pub fn render_text(leftovers: &[Leftover], palette: &Palette) -> String {
    if leftovers.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{} leftover(s) of an interrupted apply, kept (lakeform never drops them without you):\n",
        leftovers.len()
    );
    for leftover in leftovers {
        out.push_str(&format!(
            "  {} {}\n",
            palette.changed("!"),
            palette.emphasis(&leftover.address.to_string())
        ));
        out.push_str(&format!(
            "      {}\n",
            palette.dim(&format!("# {}", leftover.finding))
        ));
        out.push_str(if leftover.resolve.len() > 1 {
            "      to drop it once checked, or to put it back instead:\n"
        } else {
            "      to drop it yourself:\n"
        });
        for statement in &leftover.resolve {
            out.push_str(&format!("        {statement}\n"));
        }
    }
    out
}

/// The leftovers as markdown, after a plan or a drift report; empty when there are none.
pub(crate) fn render_markdown(leftovers: &[Leftover]) -> String {
    if leftovers.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n#### {} leftover(s) of an interrupted apply, kept\n\n",
        leftovers.len()
    );
    for leftover in leftovers {
        out.push_str(&format!(
            "- {}: {}\n",
            code_span(&leftover.address.to_string()),
            escape_html(&leftover.finding)
        ));
        let fence = fence_for(&leftover.resolve.join("\n"));
        out.push_str(&format!(
            "\n  {fence}sql\n  {};\n  {fence}\n\n",
            leftover.resolve.join(";\n  ")
        ));
    }
    out
}

/// A code span that no backtick run inside can close.
fn code_span(text: &str) -> String {
    let ticks = "`".repeat(longest_backtick_run(text) + 1);
    format!("{ticks} {text} {ticks}")
}

/// A code fence longer than any backtick run inside (and at least three).
fn fence_for(text: &str) -> String {
    "`".repeat((longest_backtick_run(text) + 1).max(3))
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::table::Column;
    use crate::model::data_type::DataType;
    use crate::plan::Tier;

    fn table(name: &str, columns: &[(&str, &str)]) -> Table {
        Table {
            name: ObjectName::parse(name).unwrap(),
            columns: columns
                .iter()
                .map(|(n, t)| Column {
                    name: Ident::from_stored(*n),
                    data_type: DataType::parse(t).unwrap(),
                    nullable: true,
                    default: None,
                    comment: None,
                    masking_policy: None,
                    masking_using: Vec::new(),
                    tags: None,
                })
                .collect(),
            transient: false,
            cluster_by: vec![],
            change_tracking: false,
            comment: None,
            row_access_policy: None,
            tags: None,
            data_quality: None,
        }
    }

    fn live(tables: Vec<Table>) -> LiveState {
        LiveState {
            objects: tables
                .into_iter()
                .map(|t| (Address::new(Kind::Table, &t.name), Object::Table(t)))
                .collect(),
            ..Default::default()
        }
    }

    fn rebuild_change(name: &str) -> Change {
        let table = ObjectName::parse(name).unwrap();
        let mut change = Change::new(
            Address::new(Kind::Table, &table),
            Action::Replace,
            Tier::Rebuild,
        );
        change.steps = vec![
            Step::sql(format!(
                "CREATE OR REPLACE TABLE {} (A INT)",
                scratch_name(&table)
            )),
            Step::sql(swap_statement(&table, &scratch_name(&table))),
        ];
        change
    }

    #[test]
    fn a_scratch_table_no_rebuild_claims_is_kept_and_reported() {
        let state = live(vec![
            table("DB.S.T", &[("A", "INT")]),
            table("DB.S.T_LAKEFORM_REBUILD", &[("A", "VARCHAR")]),
        ]);
        let kept = kept(&[], &state);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].address.name, "DB.S.T_LAKEFORM_REBUILD");
        assert_eq!(kept[0].of, Some(Address::new(Kind::Table, "DB.S.T")));
        assert_eq!(
            kept[0].resolve,
            vec![
                "DROP TABLE DB.S.T_LAKEFORM_REBUILD".to_string(),
                "ALTER TABLE DB.S.T SWAP WITH DB.S.T_LAKEFORM_REBUILD".to_string()
            ]
        );
        let text = render_text(&kept, &Palette::plain());
        assert!(text.contains("DB.S.T_LAKEFORM_REBUILD"), "{text}");
        assert!(render_markdown(&kept).contains("```sql"));
        // A rebuild of the table in the plan takes it over: not reported.
        assert!(super::kept(&[rebuild_change("DB.S.T")], &state).is_empty());
        // Neither is one inside a schema the plan drops (that change lists and clones it).
        let drop = Change::new(
            Address::new(Kind::Schema, "DB.S"),
            Action::Drop,
            Tier::Destructive,
        );
        assert!(super::kept(&[drop], &state).is_empty());
    }

    #[test]
    fn markdown_code_spans_outlast_backticks_inside() {
        assert_eq!(code_span("a``b"), "``` a``b ```");
        assert_eq!(fence_for("x"), "```");
        assert_eq!(fence_for("````"), "`````");
    }
}
