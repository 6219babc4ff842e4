//! The grammar of tasks: the `CREATE TASK` body (properties, `AFTER`, `WHEN`, `AS <sql>`)
//! and the `ALTER TASK` actions of the task's own (`SET` / `UNSET`, `MODIFY AS`, `MODIFY
//! WHEN`, `REMOVE WHEN`, `ADD AFTER`, `REMOVE AFTER`; SUSPEND and RESUME are the generic
//! verbs the parser reads). The SQL after `AS` and the `WHEN` condition are kept as
//! written.

use crate::sandbox::error::SqlError;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::inline::{TagValue, tag_clause};
use crate::sandbox::statement::properties::{at_property, property};
use crate::sandbox::statement::{Parser, Property, RawName};

/// What CREATE TASK defines after the name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TaskDefinition {
    pub(crate) properties: Vec<Property>,
    pub(crate) after: Vec<RawName>,
    pub(crate) condition: Option<String>,
    pub(crate) body: String,
    /// `[ WITH ] TAG ( … )`, set as ALTER's SET TAG would.
    pub(crate) tags: Vec<TagValue>,
}

/// The task-only ALTER TASK actions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskAlter {
    ModifyAs(String),
    ModifyWhen(String),
    RemoveWhen,
    AddAfter(Vec<RawName>),
    RemoveAfter(Vec<RawName>),
}

/// An ALTER TASK action of the task's own
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-task).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskChange {
    Set(Vec<Property>),
    Unset(Vec<String>),
    Own(TaskAlter),
}

/// Reads an ALTER TASK action other than SUSPEND / RESUME.
pub(crate) fn task_change(p: &mut Parser) -> Result<TaskChange, SqlError> {
    if let Some(own) = task_alter(p)? {
        return Ok(TaskChange::Own(own));
    }
    match set_or_unset(p)? {
        Some(Change::Set(props)) => Ok(TaskChange::Set(props)),
        Some(Change::Unset(keys)) => Ok(TaskChange::Unset(keys)),
        None => Err(p.error()),
    }
}

pub(crate) fn task_definition(p: &mut Parser) -> Result<TaskDefinition, SqlError> {
    let mut definition = TaskDefinition {
        properties: Vec::new(),
        after: Vec::new(),
        condition: None,
        body: String::new(),
        tags: Vec::new(),
    };
    loop {
        if p.eat_kw("AFTER") {
            definition.after.extend(name_list(p)?);
        } else if p.eat_kw("WHEN") {
            definition.condition = Some(condition(p)?);
        } else if p.eat_kw("AS") {
            definition.body = body(p)?;
            return Ok(definition);
        } else if p.eat_kws(&["COPY", "GRANTS"]) {
        } else if let Some(tags) = tag_clause(p)? {
            // `[ WITH ] TAG ( … )` (https://docs.snowflake.com/en/sql-reference/sql/create-task).
            definition.tags.extend(tags);
        } else if at_property(p) {
            definition.properties.push(property(p)?);
        } else {
            return Err(p.error());
        }
    }
}

fn name_list(p: &mut Parser) -> Result<Vec<RawName>, SqlError> {
    let mut names = vec![p.name()?];
    while p.eat_sym(",") {
        names.push(p.name()?);
    }
    Ok(names)
}

/// The `WHEN` expression: everything up to a top-level `AS`.
fn condition(p: &mut Parser) -> Result<String, SqlError> {
    let start = p.mark();
    let mut depth = 0usize;
    while let Some(t) = p.peek() {
        if depth == 0 && t.is_keyword("AS") {
            break;
        }
        if t.is_symbol("(") {
            depth += 1;
        } else if t.is_symbol(")") {
            depth = depth.saturating_sub(1);
        }
        p.advance();
    }
    if p.mark() == start {
        return Err(p.error());
    }
    Ok(p.text_between(start, p.mark()).to_string())
}

fn body(p: &mut Parser) -> Result<String, SqlError> {
    if p.at_end() {
        return Err(p.error());
    }
    Ok(p.rest().to_string())
}

fn task_alter(p: &mut Parser) -> Result<Option<TaskAlter>, SqlError> {
    if p.eat_kws(&["MODIFY", "AS"]) {
        return Ok(Some(TaskAlter::ModifyAs(body(p)?)));
    }
    if p.eat_kws(&["MODIFY", "WHEN"]) {
        let start = p.mark();
        let text = p.rest().to_string();
        if text.is_empty() {
            p.reset(start);
            return Err(p.error());
        }
        return Ok(Some(TaskAlter::ModifyWhen(text)));
    }
    if p.eat_kws(&["REMOVE", "WHEN"]) {
        return Ok(Some(TaskAlter::RemoveWhen));
    }
    if p.eat_kws(&["ADD", "AFTER"]) {
        return Ok(Some(TaskAlter::AddAfter(name_list(p)?)));
    }
    if p.eat_kws(&["REMOVE", "AFTER"]) {
        return Ok(Some(TaskAlter::RemoveAfter(name_list(p)?)));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_task_definition() {
        let sql = "warehouse = compute_wh schedule = 'USING CRON 0 2 * * * UTC' comment = 'c'\n\
                   after a, s.b when system$stream_has_data('S') and (1 = 1)\n\
                   as copy into t from (select $1, metadata$filename from @stg) file_format = (format_name = 'F')";
        let mut p = Parser::new(sql).unwrap();
        let d = task_definition(&mut p).unwrap();
        assert_eq!(d.properties.len(), 3);
        assert_eq!(d.after.len(), 2);
        assert_eq!(
            d.condition.as_deref(),
            Some("system$stream_has_data('S') and (1 = 1)")
        );
        assert!(d.body.starts_with("copy into t from (select $1"));
        assert!(d.body.ends_with("(format_name = 'F')"));
    }

    #[test]
    fn alter_reads_properties_and_the_tasks_own_actions() {
        use crate::sandbox::statement::parser::read_all;
        let set = read_all("set schedule = '5 minute', comment = 'c'", task_change).unwrap();
        assert!(matches!(set, TaskChange::Set(ref p) if p.len() == 2));
        assert!(matches!(
            read_all("modify when system$stream_has_data('S')", task_change).unwrap(),
            TaskChange::Own(TaskAlter::ModifyWhen(_))
        ));
        assert_eq!(
            read_all("frobnicate", task_change).unwrap_err().code,
            "001003"
        );
    }

    #[test]
    fn a_task_needs_a_body() {
        let mut p = Parser::new("warehouse = w as").unwrap();
        assert!(task_definition(&mut p).is_err());
        let mut p = Parser::new("warehouse = w").unwrap();
        assert!(task_definition(&mut p).is_err());
    }
}
