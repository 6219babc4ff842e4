//! `[[task]]` → `Task` (the kind's model): `when` checked to be exactly one expression and
//! `sql` exactly one statement (both are written into the DDL as SQL), schedule checked,
//! predecessors read relative to the task's schema and required to share it (Snowflake
//! keeps a task graph in one schema), and what it uses found by tokenising its SQL: the
//! stream in `SYSTEM$STREAM_HAS_DATA(…)`, the procedure it `CALL`s, the stage it reads, the
//! file formats it names (`FORMAT_NAME = '…'`), the table it writes and the relations it
//! selects from.

use toml::Spanned;

use crate::config::names::NameScope;
use crate::config::source::Location;
use crate::kinds::task::{Task, TaskState};
use crate::model::identifier::{ObjectName, split_parts};
use crate::model::schedule::Schedule;
use crate::model::{Address, Kind};
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::references::{
    called_procedures, email_integrations, first_string_arguments, relations,
};
use crate::sql::references::{file_formats, stages, write_targets};

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[task]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[task]]`.
    RawTask {
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        warehouse: Option<Spanned<String>>,
        /// "USING CRON <5 fields> <time zone>" or "<n> MINUTES"; root tasks only.
        #[serde(default)]
        #[schemars(with = "Option<String>")]
        schedule: Option<Spanned<String>>,
        /// Predecessor tasks (same schema).
        #[serde(default)]
        #[schemars(with = "Vec<String>")]
        after: Vec<Spanned<String>>,
        /// SQL boolean condition, e.g. SYSTEM$STREAM_HAS_DATA('STREAM').
        #[serde(default, rename = "when")]
        #[schemars(with = "Option<String>")]
        condition: Option<Spanned<String>>,
        /// One SQL statement.
        #[schemars(with = "String")]
        sql: Spanned<String>,
        #[serde(default)]
        state: TaskState,
    }
}

pub(crate) fn resolve(raw: RawTask, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "task")?;
    let own_scope = NameScope::of(&name.schema_name());
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
    let condition = raw.condition.as_ref().filter(|c| {
        let ok = ctx.sql_fragment(c, "`when` condition", Fragment::Expression);
        valid &= ok;
        ok
    });
    if let Some(condition) = condition {
        match first_string_arguments(condition.get_ref(), "SYSTEM$STREAM_HAS_DATA") {
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
    let mut relations_read = Vec::new();
    let mut soft_names = Vec::new();
    let out = Statement {
        uses: &mut uses,
        sites: &mut sites,
        relations: &mut relations_read,
        soft_names: &mut soft_names,
    };
    valid &= statement(&raw.sql, "task", &own_scope, ctx, out);
    uses.dedup();

    let sql = crate::config::queries::SqlText {
        form: crate::config::queries::SqlForm::Statement,
        text: raw.sql.get_ref().clone(),
        file: ctx.file.path().to_path_buf(),
        span: raw.sql.span(),
        schema: name.schema_name(),
    };
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
        uses: uses.into(),
    };
    if !valid {
        return None;
    }
    let mut declared = ctx.declare(task, common_keys!(raw));
    declared.sites.extend(sites);
    declared.relations = relations_read;
    declared.soft_names = soft_names;
    declared.sql.push(sql);
    Some(declared)
}

/// What a task's, a pipe's or an alert's statement refers to: typed references go to
/// `uses` (and `sites`), relations it reads (whose kind is decided once everything is
/// declared) to `relations`, names that are references only when declared (the e-mail
/// integration of `SYSTEM$SEND_EMAIL`) to `soft_names`.
pub(crate) struct Statement<'a> {
    pub(crate) uses: &'a mut Vec<Address>,
    pub(crate) sites: &'a mut Vec<(Address, Location)>,
    pub(crate) relations: &'a mut Vec<(ObjectName, Location)>,
    pub(crate) soft_names: &'a mut Vec<(Option<Kind>, String)>,
}

/// Checks that `sql`, the one statement of a `owner` ("task", "pipe", "alert"), is
/// exactly one statement and collects what it names into `out`. False on a problem.
pub(crate) fn statement(
    sql: &Spanned<String>,
    owner: &str,
    scope: &NameScope,
    ctx: &mut Ctx<'_>,
    out: Statement<'_>,
) -> bool {
    let text = sql.get_ref();
    if text.trim().is_empty() {
        ctx.error(sql, format!("a {owner} needs a SQL statement"));
        return false;
    }
    if !ctx.sql_fragment(sql, &format!("{owner} statement"), Fragment::Statement) {
        return false;
    }
    let found = (|| {
        Ok::<_, crate::sql::LexError>([
            (Some(Kind::Procedure), called_procedures(text)?),
            (Some(Kind::Stage), stages(text)?),
            (Some(Kind::FileFormat), file_formats(text)?),
            (Some(Kind::Table), write_targets(text)?),
            (None, relations(text)?),
        ])
    })();
    let found = match found.and_then(|found| Ok((found, email_integrations(text)?))) {
        Ok((found, mails)) => {
            out.soft_names.extend(
                mails
                    .into_iter()
                    .map(|name| (Some(Kind::NotificationIntegration), name.to_string())),
            );
            found
        }
        Err(e) => {
            ctx.error(sql, format!("cannot read the {owner}'s SQL: {}", e.message));
            return false;
        }
    };
    let mut valid = true;
    for (kind, names) in found {
        for parts in names {
            let word = parts.last().map(|i| i.as_str()).unwrap_or_default();
            let at = ctx.locate_word(sql, word);
            match (scope.complete(&parts), kind) {
                (Some(name), Some(kind)) => {
                    let address = Address::new(kind, &name);
                    out.sites.push((address.clone(), at));
                    out.uses.push(address);
                }
                (Some(name), None) => out.relations.push((name, at)),
                (None, _) => {
                    ctx.diagnostics
                        .push(crate::config::diagnostic::Diagnostic::at(
                            at,
                            format!("a name in the {owner}'s SQL has more than three parts"),
                        ));
                    valid = false;
                }
            }
        }
    }
    valid
}
