//! The configuration stage: reads an environment file and the schema files it includes,
//! substitutes variables, validates everything it can without a connection, and produces
//! the typed desired state ([`Environment`]) — or every problem found, each with its file,
//! line and column ([`ConfigErrors`]).
//!
//! It never talks to Snowflake or Azure, and never decides what to change; that is the
//! plan's job.

pub(crate) mod connection;
pub(crate) mod diagnostic;
pub(crate) mod document;
pub(crate) mod environment;
pub(crate) mod environment_file;
pub(crate) mod external;
pub(crate) mod interpolate;
pub(crate) mod json_schema;
mod load;
pub(crate) mod names;
pub(crate) mod queries;
pub(crate) mod references;
pub(crate) mod resolve;
pub(crate) mod schema_file;
pub(crate) mod source;
pub(crate) mod suggest;
pub(crate) mod task_graph;

pub(crate) use connection::{AdlsConfig, SnowflakeConfig};
pub use diagnostic::{ConfigErrors, Diagnostic};
pub use environment::Environment;
pub(crate) use json_schema::schema_file_json_schema;
pub(crate) use load::is_included;
pub use load::{load, load_for_import, load_with};
