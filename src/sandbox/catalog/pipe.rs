//! Pipes (Snowpipe), the whole kind: CREATE PIPE with its COPY statement compiled against
//! the catalog (the table, stage and file formats must exist and the COPY must bind, as a
//! task's COPY does when it runs), the auto-ingest rules on Azure, ALTER PIPE (SET / UNSET
//! of `PIPE_EXECUTION_PAUSED`, `ERROR_INTEGRATION`, `COMMENT`; `REFRESH`), the SHOW PIPES /
//! DESCRIBE PIPE rows and the `SYSTEM$PIPE_STATUS` answer.
//!
//! The emulator receives no storage events and loads no files: a pipe's pending file
//! count is always 0, and REFRESH queues nothing.

use serde::{Deserialize, Serialize};

use super::rows::{DescribeRows, Entry, ShowRows, comment, render, stamp, text};
use super::view::{CatalogRelations, bind_error, resolve_in};
use super::{
    Catalog, FileFormat, Meta, Names, SandboxKind, Schema, SchemaObject, Stage, Table, bool_value,
    comment_property, text_value,
};
use crate::model::identifier::{Ident, ObjectName, split_parts};
use crate::sandbox::error::SqlError;
use crate::sandbox::result::QueryResult;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::{at_property, property};
use crate::sandbox::statement::{Parser, Property, RawName, Statement};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Pipe {
    pub(crate) meta: Meta,
    /// The COPY statement as written after `AS` (SHOW PIPES' `definition`).
    pub(crate) definition: String,
    pub auto_ingest: bool,
    pub integration: Option<Ident>,
    pub error_integration: Option<Ident>,
    /// `PIPE_EXECUTION_PAUSED`.
    pub(crate) paused: bool,
    /// Whether the pipe changed owner while paused and has not been force-resumed since:
    /// it then resumes only through `SYSTEM$PIPE_FORCE_RESUME` (see [`Pipe::force_resume`]).
    #[serde(default)]
    pub(crate) transferred: bool,
}

/// CREATE PIPE's body after the name
/// (https://docs.snowflake.com/en/sql-reference/sql/create-pipe):
/// `[ AUTO_INGEST = … ] [ ERROR_INTEGRATION = … ] [ AWS_SNS_TOPIC = '…' ]
/// [ INTEGRATION = '…' ] [ COMMENT = '…' ] AS <copy_statement>`.
#[derive(Debug)]
pub(crate) struct PipeBody {
    pub(crate) properties: Vec<Property>,
    pub(crate) definition: String,
    copy: crate::sandbox::statement::copy::CopyInto,
}

/// An ALTER PIPE action other than RENAME TO
/// (https://docs.snowflake.com/en/sql-reference/sql/alter-pipe).
#[derive(Debug)]
pub(crate) enum PipeAlter {
    Change(Change),
    /// `REFRESH [ PREFIX = '…' ] [ MODIFIED_AFTER = '…' ]`.
    Refresh,
}

impl Pipe {
    /// The pipe CREATE PIPE's `body` writes, its properties read as CREATE PIPE reads
    /// them; the catalog checks its COPY statement and integrations after.
    pub(crate) fn written(meta: Meta, body: &PipeBody) -> Result<Pipe, SqlError> {
        let mut pipe = Pipe {
            meta,
            definition: body.definition.clone(),
            auto_ingest: false,
            integration: None,
            error_integration: None,
            paused: false,
            transferred: false,
        };
        pipe.set(&body.properties, true)?;
        Ok(pipe)
    }

    fn set(&mut self, properties: &[Property], creating: bool) -> Result<(), SqlError> {
        for property in properties {
            if comment_property(&mut self.meta, property)? {
                continue;
            }
            match property.key.as_str() {
                "AUTO_INGEST" if creating => self.auto_ingest = bool_value(property)?,
                // A string literal naming the integration, "typed in all uppercase".
                "INTEGRATION" if creating => {
                    self.integration = Some(Ident::from_stored(text_value(property)?));
                }
                "AWS_SNS_TOPIC" if creating => {
                    text_value(property)?;
                }
                "ERROR_INTEGRATION" => {
                    self.error_integration = Some(integration_name(property)?);
                }
                "PIPE_EXECUTION_PAUSED" if !creating => self.paused = bool_value(property)?,
                _ => return Err(SqlError::invalid_property(&property.key, "PIPE")),
            }
        }
        Ok(())
    }

    fn unset(&mut self, keys: &[String]) -> Result<(), SqlError> {
        for key in keys {
            match key.as_str() {
                "COMMENT" => self.meta.comment = None,
                "ERROR_INTEGRATION" => self.error_integration = None,
                "PIPE_EXECUTION_PAUSED" => self.paused = false,
                _ => return Err(SqlError::invalid_property(key, "PIPE")),
            }
        }
        Ok(())
    }

    /// GRANT OWNERSHIP on a pipe: it "must be paused" first
    /// (https://docs.snowflake.com/en/sql-reference/sql/grant-ownership, usage notes), and
    /// once moved while paused it resumes only by `SYSTEM$PIPE_FORCE_RESUME`, which "is
    /// necessary" when "the pipe owner transfers ownership of the pipe to another role
    /// while the pipe is paused"
    /// (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_force_resume).
    /// The docs give no error for either refusal: they are the sandbox's
    /// (`SqlError::pipe_not_paused`, `SqlError::pipe_transferred`).
    pub(crate) fn transfer(&mut self, shown: &str) -> Result<(), SqlError> {
        if !self.paused {
            return Err(SqlError::pipe_not_paused(shown));
        }
        self.transferred = true;
        Ok(())
    }

    /// `SYSTEM$PIPE_FORCE_RESUME`: the pipe runs again, whatever paused it. The docs show
    /// no answer text; the sandbox's is its own.
    pub(crate) fn force_resume(&mut self) -> String {
        self.paused = false;
        self.transferred = false;
        "Pipe resumed.".to_string()
    }

    /// `SYSTEM$PIPE_STATUS`'s JSON
    /// (https://docs.snowflake.com/en/sql-reference/functions/system_pipe_status):
    /// `executionState` RUNNING or PAUSED (STOPPED_MISSING_TABLE when the target table is
    /// gone), `pendingFileCount` (always 0 here), and for an auto-ingest pipe the queue
    /// it reads as `notificationChannelName`.
    pub(crate) fn status(&self, catalog: &Catalog, name: &ObjectName) -> String {
        let table_exists = copy_target(&self.definition, name)
            .is_some_and(|table| catalog.find::<Table>(&table).is_some());
        let state = match (table_exists, self.paused) {
            (false, _) => "STOPPED_MISSING_TABLE",
            (true, true) => "PAUSED",
            (true, false) => "RUNNING",
        };
        let mut status = serde_json::json!({
            "executionState": state,
            "pendingFileCount": 0,
        });
        if let Some(queue) = self
            .integration
            .as_ref()
            .and_then(|i| catalog.integration(i).ok())
            .and_then(|i| i.queue_uri.clone())
            && let Some(fields) = status.as_object_mut()
        {
            fields.insert("notificationChannelName".into(), queue.into());
        }
        status.to_string()
    }
}

/// `ERROR_INTEGRATION = name` (an identifier, unlike INTEGRATION's string).
fn integration_name(property: &Property) -> Result<Ident, SqlError> {
    use crate::sandbox::statement::properties::Value;
    match &property.value {
        Value::Name(name) if name.parts.len() == 1 => Ok(name.parts[0].clone()),
        _ => Err(SqlError::invalid_value(
            &property.key,
            &super::display_value(property),
        )),
    }
}

/// The table a pipe's COPY loads, its name completed in the pipe's schema.
fn copy_target(definition: &str, pipe: &ObjectName) -> Option<ObjectName> {
    match crate::sandbox::statement::parse(definition).ok()? {
        Statement::CopyInto(copy) => Some(resolve_in(&copy.table, &pipe.schema_name())),
        _ => None,
    }
}

impl Catalog {
    /// Checks a pipe's COPY against the catalog: its table, stages and named file formats
    /// exist and it binds. The docs do not say where a pipe's unqualified names resolve;
    /// here it is the pipe's own schema, as for a task's statement, so a pipe does not
    /// depend on the session that created it.
    fn check_pipe_copy(
        &self,
        pipe: &ObjectName,
        copy: &crate::sandbox::statement::copy::CopyInto,
        definition: &str,
    ) -> Result<Vec<ObjectName>, SqlError> {
        let schema = pipe.schema_name();
        self.get::<Table>(&resolve_in(&copy.table, &schema))?;
        let mut stages = Vec::new();
        for stage in &copy.stages {
            let stage = resolve_in(stage, &schema);
            self.get::<Stage>(&stage)?;
            stages.push(stage);
        }
        for format in &copy.format_names {
            let parts =
                split_parts(format).map_err(|_| SqlError::invalid_value("FORMAT_NAME", format))?;
            let name = resolve_in(&RawName { parts }, &schema);
            if self.find::<FileFormat>(&name).is_none() {
                return Err(SqlError::does_not_exist("File format", &name.to_string()));
            }
        }
        let relations = CatalogRelations {
            catalog: self,
            database: Some(schema.database.clone()),
            schema: Some(schema.schema.clone()),
        };
        crate::sql::bind::bind_statement(definition, &relations, &[])
            .map_err(|e| bind_error(&e, definition, 0))?;
        Ok(stages)
    }

    /// AUTO_INGEST on an external Azure stage reads a notification integration of the
    /// Azure storage queue type: "INTEGRATION … Required only when configuring AUTO_INGEST
    /// for Google Cloud Storage or Microsoft Azure stages"
    /// (https://docs.snowflake.com/en/sql-reference/sql/create-pipe). Auto-ingest needs an
    /// external stage: internal stages have no event notifications to read
    /// (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-auto-azure).
    fn check_auto_ingest(&self, pipe: &Pipe, stages: &[ObjectName]) -> Result<(), SqlError> {
        if !pipe.auto_ingest {
            return Ok(());
        }
        for stage in stages {
            let url = self.get::<Stage>(stage)?.url.clone();
            let Some(url) = url else {
                return Err(SqlError::pipe_auto_ingest(&format!(
                    "stage {stage} is internal; AUTO_INGEST needs an external stage"
                )));
            };
            if url.starts_with("azure://") && pipe.integration.is_none() {
                return Err(SqlError::pipe_auto_ingest(
                    "AUTO_INGEST on an Azure stage needs INTEGRATION naming a notification integration",
                ));
            }
        }
        if let Some(name) = &pipe.integration {
            let integration = self.integration(name)?;
            if !integration.is_azure_storage_queue() {
                return Err(SqlError::pipe_auto_ingest(&format!(
                    "integration {} is not a notification integration with NOTIFICATION_PROVIDER = AZURE_STORAGE_QUEUE",
                    name.to_sql()
                )));
            }
        }
        Ok(())
    }
}

impl SandboxKind for Pipe {
    type Create = PipeBody;
    type Alter = PipeAlter;

    fn parse_create(p: &mut Parser<'_>) -> Result<PipeBody, SqlError> {
        let mut properties = Vec::new();
        while at_property(p) {
            properties.push(property(p)?);
        }
        p.expect_kw("AS")?;
        // `AS ( COPY INTO … )`: the page's examples also write the statement in parentheses
        // (https://docs.snowflake.com/en/sql-reference/sql/create-pipe, "Examples").
        let definition = if p.is_sym("(") && p.is_kw_at(1, "COPY") && p.is_kw_at(2, "INTO") {
            let (from, to) = p.skip_parens()?;
            p.expect_end()?;
            p.text_between(from, to).trim().to_string()
        } else if p.is_kws(&["COPY", "INTO"]) {
            p.rest().to_string()
        } else {
            return Err(p.error());
        };
        let copy = match crate::sandbox::statement::parse(&definition)? {
            Statement::CopyInto(copy) => copy,
            // An unload (`COPY INTO @stage`) is no pipe definition.
            _ => {
                return Err(SqlError::unsupported(
                    "A pipe's COPY statement must load a table.",
                ));
            }
        };
        Ok(PipeBody {
            properties,
            definition,
            copy,
        })
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<PipeAlter, SqlError> {
        if p.eat_kw("REFRESH") {
            while at_property(p) {
                let option = property(p)?;
                if !matches!(option.key.as_str(), "PREFIX" | "MODIFIED_AFTER") {
                    return Err(SqlError::invalid_property(&option.key, "PIPE"));
                }
                text_value(&option)?;
            }
            return Ok(PipeAlter::Refresh);
        }
        set_or_unset(p)?
            .map(PipeAlter::Change)
            .ok_or_else(|| p.error())
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: PipeBody,
        _: &Names<'_>,
    ) -> Result<Pipe, SqlError> {
        let pipe = Pipe::written(meta, &body)?;
        let stages = catalog.check_pipe_copy(name, &body.copy, &pipe.definition)?;
        catalog.check_auto_ingest(&pipe, &stages)?;
        if let Some(error) = &pipe.error_integration {
            catalog.integration(error)?;
        }
        Ok(pipe)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: PipeAlter,
        _: super::Stamp,
        _: &super::Names<'_>,
    ) -> Result<(), SqlError> {
        let was_paused = self.paused;
        self.apply_alter(catalog, action)?;
        // A pipe moved to another owner while paused resumes only by
        // SYSTEM$PIPE_FORCE_RESUME (see `Pipe::transfer`).
        if self.transferred && was_paused && !self.paused {
            return Err(SqlError::pipe_transferred(&name.to_string()));
        }
        Ok(())
    }
}

impl Pipe {
    fn apply_alter(&mut self, catalog: &Catalog, action: PipeAlter) -> Result<(), SqlError> {
        match action {
            PipeAlter::Change(Change::Set(properties)) => {
                self.set(&properties, false)?;
                if let Some(error) = &self.error_integration {
                    catalog.integration(error)?;
                }
            }
            PipeAlter::Change(Change::Unset(keys)) => self.unset(&keys)?,
            // Nothing to queue: the emulator holds no staged files.
            PipeAlter::Refresh => {}
        }
        Ok(())
    }
}

/// SHOW PIPES (https://docs.snowflake.com/en/sql-reference/sql/show-pipes), the columns
/// in the Output table's order; `notification_channel` is an S3 pipe's SQS queue, so it
/// is empty here, and `kind` is `STAGE` for a pipe created with CREATE PIPE.
impl ShowRows for Pipe {
    const SHOW: &'static str = "SHOW PIPES";
    const COLUMNS: &'static [(&'static str, &'static str)] = &[
        ("created_on", "timestamp_ltz"),
        ("name", "text"),
        ("database_name", "text"),
        ("schema_name", "text"),
        ("definition", "text"),
        ("owner", "text"),
        ("notification_channel", "text"),
        ("comment", "text"),
        ("integration", "text"),
        ("pattern", "text"),
        ("error_integration", "text"),
        ("owner_role_type", "text"),
        ("invalid_reason", "text"),
        ("kind", "text"),
    ];

    fn in_schema(schema: &Schema) -> Vec<(&Ident, &Self)> {
        Pipe::map(schema).iter().collect()
    }

    fn row(catalog: &Catalog, entry: &Entry<'_, Self>) -> Vec<Option<String>> {
        let p = entry.object;
        let name = ObjectName {
            database: entry.database.clone(),
            schema: entry.schema.clone(),
            name: entry.name.clone(),
        };
        let invalid = copy_target(&p.definition, &name)
            .filter(|table| catalog.find::<Table>(table).is_none())
            .map(|table| format!("Table {table} does not exist or not authorized."));
        vec![
            stamp(p.meta.created_on),
            text(entry.name.as_str()),
            text(entry.database.as_str()),
            text(entry.schema.as_str()),
            text(p.definition.clone()),
            text(p.meta.owner.clone()),
            None,
            comment(&p.meta.comment),
            p.integration.as_ref().map(|i| i.as_str().to_string()),
            None,
            p.error_integration.as_ref().map(|i| i.as_str().to_string()),
            text("ROLE"),
            invalid,
            text("STAGE"),
        ]
    }
}

/// DESCRIBE PIPE (https://docs.snowflake.com/en/sql-reference/sql/desc-pipe): the SHOW
/// PIPES columns for the one pipe.
impl DescribeRows for Pipe {
    fn describe(catalog: &Catalog, entry: &Entry<'_, Self>) -> QueryResult {
        render(catalog, std::slice::from_ref(entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    fn create(sql: &str) -> Result<PipeBody, SqlError> {
        read_all(sql, Pipe::parse_create)
    }

    #[test]
    fn create_reads_properties_then_the_copy() {
        let body = create(
            "auto_ingest = true integration = 'Q' comment = 'c' as copy into t from @s/x/ file_format = (format_name = 'f')",
        )
        .unwrap();
        assert_eq!(body.properties.len(), 3);
        assert_eq!(
            body.definition,
            "copy into t from @s/x/ file_format = (format_name = 'f')"
        );
        assert_eq!(body.copy.format_names, ["f"]);
        assert_eq!(create("as select 1").unwrap_err().code, "001003");
        assert_eq!(create("auto_ingest = true").unwrap_err().code, "001003");
        assert_eq!(create("as copy into @s from t").unwrap_err().code, "002043");
    }
}
