//! The configuration stage: reads an environment file and the schema files it includes,
//! substitutes variables, validates everything it can without a connection, and produces
//! the typed desired state ([`Environment`]) — or every problem found, each with its file,
//! line and column ([`ConfigErrors`]).
//!
//! It never talks to Snowflake or Azure, and never decides what to change; that is the
//! plan's job.

pub mod connection;
pub mod diagnostic;
pub mod document;
pub mod environment;
pub mod environment_file;
pub mod external;
pub mod interpolate;
pub mod json_schema;
mod load;
pub mod names;
pub(crate) mod queries;
pub mod references;
pub mod resolve;
pub mod schema_file;
pub mod source;
pub mod suggest;
pub mod task_graph;

pub use connection::{AdlsConfig, SnowflakeConfig};
pub use diagnostic::{ConfigErrors, Diagnostic};
pub use environment::Environment;
pub use external::External;
pub use json_schema::schema_file_json_schema;
pub(crate) use load::is_included;
pub use load::{load, load_for_import, load_with};
pub use source::Location;
