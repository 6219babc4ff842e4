//! The registry of object kinds: [`Object`] is any one object, of any kind.
//!
//! Adding a kind means writing its model file, its provider support, and one line in
//! the `registry!` invocation below.

use serde::{Deserialize, Serialize};

use super::identifier::SchemaName;
use super::kind::{Address, Kind};
use super::resource::Resource;
use super::{
    container::Container, database::Database, file_format::FileFormat, procedure::Procedure,
    schema::Schema, stage::Stage, storage_integration::StorageIntegration, stream::Stream,
    table::Table, task::Task, view::View, warehouse::Warehouse,
};

macro_rules! registry {
    ($($variant:ident($type:ty)),* $(,)?) => {
        /// One object of any kind, in canonical form.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Object {
            $($variant($type),)*
        }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Object::$variant(_) => Kind::$variant,)*
                }
            }
        }

        impl Resource for Object {
            fn address(&self) -> Address {
                match self {
                    $(Object::$variant(o) => o.address(),)*
                }
            }

            fn references(&self) -> Vec<Address> {
                match self {
                    $(Object::$variant(o) => o.references(),)*
                }
            }

            fn schema(&self) -> Option<SchemaName> {
                match self {
                    $(Object::$variant(o) => o.schema(),)*
                }
            }
        }

        $(
            impl From<$type> for Object {
                fn from(object: $type) -> Object {
                    Object::$variant(object)
                }
            }
        )*
    };
}

registry! {
    Container(Container),
    Warehouse(Warehouse),
    StorageIntegration(StorageIntegration),
    Database(Database),
    Schema(Schema),
    FileFormat(FileFormat),
    Stage(Stage),
    Table(Table),
    Stream(Stream),
    Procedure(Procedure),
    Task(Task),
    View(View),
}
