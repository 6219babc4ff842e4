//! `[[task]]` → `model::task::Task`: schedule checked, predecessors read relative to the
//! task's schema and required to share it (Snowflake keeps a task graph in one schema),
//! and the stream in `SYSTEM$STREAM_HAS_DATA(…)` and the procedure it `CALL`s found by
//! tokenising the SQL.

use toml::Spanned;

use crate::config::names::Scope;
use crate::config::schema_file::RawTask;
use crate::model::identifier::{ObjectName, split_parts};
use crate::model::schedule::Schedule;
use crate::model::task::Task;
use crate::model::{Address, Kind};
use crate::sql::CanonicalSql;
use crate::sql::references::{called_procedures, stream_has_data_arguments};

use super::{Ctx, Declared, common_keys};

pub fn resolve(raw: RawTask, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "task")?;
    let own_scope = Scope::of(&name.schema_name());
    let mut valid = true;
    let mut sites = Vec::new();

    let warehouse = raw.warehouse.as_ref().and_then(|w| {
        let ident = ctx.ident(w, "warehouse");
        valid &= ident.is_some();
        ident.inspect(|i| sites.push((Address::new(Kind::Warehouse, i), ctx.locate(w))))
    });

    let mut after: Vec<ObjectName> = Vec::new();
    for predecessor in &raw.after {
        let Some(p) = ctx.object_name(predecessor, &own_scope, "task") else {
            valid = false;
            continue;
        };
        if p.schema_name() != name.schema_name() {
            ctx.error(
                predecessor,
                format!(
                    "task {name} runs after {p}, which is in another schema ({})",
                    p.schema_name()
                ),
            )
            .help = Some(format!(
                "Snowflake requires every task of a graph to be in one schema: move {p} to {}",
                name.schema_name()
            ));
            valid = false;
            continue;
        }
        if p == name {
            ctx.error(predecessor, format!("task {name} runs after itself"));
            valid = false;
            continue;
        }
        sites.push((Address::new(Kind::Task, &p), ctx.locate(predecessor)));
        after.push(p);
    }
    after.sort();
    after.dedup();

    let schedule = raw.schedule.as_ref().and_then(|s| {
        if !raw.after.is_empty() {
            ctx.error(
                s,
                format!("task {name} has a schedule but runs `after` other tasks"),
            )
            .help = Some(
                "only the root task of a graph is scheduled: remove `schedule` or `after`".into(),
            );
            valid = false;
        }
        let parsed = Schedule::parse(s.get_ref())
            .map_err(|e| {
                ctx.error(s, e.to_string());
            })
            .ok();
        valid &= parsed.is_some();
        parsed
    });

    let mut uses = Vec::new();
    if let Some(condition) = &raw.condition {
        match stream_has_data_arguments(condition.get_ref()) {
            Err(e) => {
                ctx.error(
                    condition,
                    format!("cannot read the `when` condition: {}", e.message),
                );
                valid = false;
            }
            Ok(streams) => {
                for stream in streams {
                    match split_parts(&stream)
                        .ok()
                        .and_then(|p| own_scope.complete(&p))
                    {
                        Some(s) => {
                            let address = Address::new(Kind::Stream, &s);
                            sites.push((address.clone(), ctx.locate_word(condition, &stream)));
                            uses.push(address);
                        }
                        None => {
                            ctx.error(
                                condition,
                                format!("invalid stream name {stream:?} in SYSTEM$STREAM_HAS_DATA"),
                            );
                            valid = false;
                        }
                    }
                }
            }
        }
    }
    valid &= statement(&raw.sql, &own_scope, ctx, &mut uses, &mut sites);

    let task = Task {
        name,
        warehouse,
        schedule,
        after,
        when: raw
            .condition
            .as_ref()
            .map(|c| CanonicalSql::new(c.get_ref().as_str())),
        sql: CanonicalSql::new(raw.sql.get_ref().as_str()),
        state: raw.state,
        comment: raw.comment.clone(),
        uses,
    };
    if !valid {
        return None;
    }
    let mut declared = ctx.declare(task, common_keys!(raw));
    declared.sites.extend(sites);
    Some(declared)
}

/// Checks the task's statement and records the procedures it calls. False on a problem.
fn statement(
    sql: &Spanned<String>,
    scope: &Scope,
    ctx: &mut Ctx<'_>,
    uses: &mut Vec<Address>,
    sites: &mut Vec<(Address, crate::config::source::Location)>,
) -> bool {
    if sql.get_ref().trim().is_empty() {
        ctx.error(sql, "a task needs a SQL statement");
        return false;
    }
    match called_procedures(sql.get_ref()) {
        Err(e) => {
            ctx.error(sql, format!("cannot read the task's SQL: {}", e.message));
            false
        }
        Ok(procedures) => {
            let mut valid = true;
            for parts in procedures {
                match scope.complete(&parts) {
                    Some(p) => {
                        let address = Address::new(Kind::Procedure, &p);
                        let word = parts.last().map(|i| i.as_str()).unwrap_or_default();
                        sites.push((address.clone(), ctx.locate_word(sql, word)));
                        uses.push(address);
                    }
                    None => {
                        ctx.error(sql, "invalid procedure name after CALL");
                        valid = false;
                    }
                }
            }
            valid
        }
    }
}
