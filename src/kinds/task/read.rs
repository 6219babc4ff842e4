//! Tasks from `SHOW TASKS IN DATABASE d`: `definition` is the SQL after `AS`, `condition`
//! the `WHEN` expression, `predecessors` a JSON array of quoted fully qualified names,
//! `schedule` `USING CRON …` or `n MINUTE`, `state` `started` / `suspended`.

use crate::kinds::task::{Task, TaskState};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::schedule::Schedule;
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::reported_name;
use crate::sql::CanonicalSql;

pub(crate) fn parse(record: &Record<'_>) -> Result<Task, IntrospectError> {
    let name = record.object_name("database_name", "schema_name", "name")?;
    let schedule = match record.optional("schedule")? {
        None => None,
        Some(text) => Some(
            Schedule::parse(text).map_err(|e| record.invalid("schedule", text, e.to_string()))?,
        ),
    };
    let predecessors = record.optional("predecessors")?.unwrap_or("[]");
    let after = predecessor_names(predecessors, &name.schema_name()).ok_or_else(|| {
        record.invalid(
            "predecessors",
            predecessors,
            "is not a JSON array of task names",
        )
    })?;
    let state_text = record.required("state")?;
    let state = match state_text.to_ascii_lowercase().as_str() {
        "started" => TaskState::Started,
        "suspended" => TaskState::Suspended,
        _ => return Err(record.invalid("state", state_text, "is not started or suspended")),
    };
    Ok(Task {
        warehouse: record.optional("warehouse")?.map(Ident::from_stored),
        schedule,
        after,
        when: record.optional("condition")?.map(CanonicalSql::new),
        sql: CanonicalSql::new(record.required("definition")?),
        state,
        comment: record.comment()?,
        uses: Default::default(),
        name,
    })
}

/// `["\"PR\".\"BRONZE\".\"LOAD\"", …]` → sorted names (Snowflake lists them unordered).
pub(crate) fn predecessor_names(json: &str, context: &SchemaName) -> Option<Vec<ObjectName>> {
    let texts: Vec<String> = serde_json::from_str(json).ok()?;
    let mut names = texts
        .iter()
        .map(|t| reported_name::object_name(t, context))
        .collect::<Option<Vec<_>>>()?;
    names.sort();
    Some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn reads_a_show_tasks_row() {
        let set = row(&[
            ("name", Some("MERGE_TASK")),
            ("id", Some("01b2")),
            ("database_name", Some("PR")),
            ("schema_name", Some("SILVER")),
            ("owner", Some("SYSADMIN")),
            ("comment", None),
            ("warehouse", Some("COMPUTE_WH")),
            ("schedule", None),
            (
                "predecessors",
                Some(
                    "[\"\\\"PR\\\".\\\"BRONZE\\\".\\\"LOAD_B\\\"\", \"\\\"PR\\\".\\\"BRONZE\\\".\\\"LOAD_A\\\"\"]",
                ),
            ),
            ("state", Some("started")),
            ("definition", Some("CALL PR.SILVER.MERGE()")),
            ("condition", Some("SYSTEM$STREAM_HAS_DATA('PR.BRONZE.S')")),
            ("allow_overlapping_execution", Some("false")),
        ]);
        let t = parse(&Record::new(set.rows().next().unwrap(), Kind::Task)).unwrap();
        assert_eq!(t.state, TaskState::Started);
        assert_eq!(
            t.after,
            vec![
                ObjectName::parse("PR.BRONZE.LOAD_A").unwrap(),
                ObjectName::parse("PR.BRONZE.LOAD_B").unwrap()
            ]
        );
        assert_eq!(
            t.when,
            Some(CanonicalSql::new("system$stream_has_data('PR.BRONZE.S')"))
        );
        assert_eq!(t.warehouse.unwrap().as_str(), "COMPUTE_WH");
    }

    #[test]
    fn schedules_are_canonical() {
        let set = row(&[
            ("name", Some("ROOT")),
            ("database_name", Some("PR")),
            ("schema_name", Some("S")),
            ("comment", None),
            ("warehouse", None),
            ("schedule", Some("USING CRON 0 2 * * * UTC")),
            ("predecessors", Some("[]")),
            ("state", Some("suspended")),
            ("definition", Some("SELECT 1")),
            ("condition", None),
        ]);
        let t = parse(&Record::new(set.rows().next().unwrap(), Kind::Task)).unwrap();
        assert_eq!(
            t.schedule,
            Some(Schedule::parse("using cron 0 2 * * * UTC").unwrap())
        );
        assert!(t.after.is_empty() && t.warehouse.is_none());
    }
}
