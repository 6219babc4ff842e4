//! The `registry!` macro: from one line per kind (`view => View,` — the module, which is
//! also the TOML key, and the type) it declares the kind's module and generates every
//! list of kinds the tool needs, so none is written by hand:
//!
//! * [`Kind`](super::Kind), its order (report order and creation tie-break), keys, SQL
//!   keywords, providers and levels;
//! * [`Object`](super::Object), one object of any kind, with `Resource` and `From`;
//! * the schema file's shape for the JSON Schema (`SchemaFile`);
//! * dispatch to each kind's [`ObjectKind`](super::ObjectKind) implementation:
//!   resolving an entry, diffing, creating, dropping, naming, reading, importing.

macro_rules! registry {
    ($( $(#[$doc:meta])* $key:ident => $variant:ident ),* $(,)?) => {
        $( pub mod $key; )*
        $( pub(crate) use $key::$variant; )*

        /// Every kind lakeform manages. The declaration order is the order in which
        /// kinds are listed in reports and the tie-break when ordering creations.
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $( $variant, )*
        }

        impl Kind {
            /// How many kinds there are.
            pub(crate) const COUNT: usize = [$( stringify!($variant), )*].len();

            pub const ALL: [Kind; Kind::COUNT] = [$( Kind::$variant, )*];

            /// The key used in TOML (`[[file_format]]`) and JSON plans.
            pub(crate) fn key(self) -> &'static str {
                match self {
                    $( Kind::$variant => stringify!($key), )*
                }
            }

            /// The kind as Snowflake's DDL spells it (`FILE FORMAT`).
            pub(crate) fn sql_keyword(self) -> &'static str {
                match self {
                    $( Kind::$variant => <$variant as $crate::kinds::ObjectKind>::SQL_KEYWORD, )*
                }
            }

            pub(crate) fn from_key(key: &str) -> Option<Kind> {
                Kind::ALL.iter().copied().find(|k| k.key() == key)
            }

            pub(crate) fn provider(self) -> $crate::model::Provider {
                match self {
                    $( Kind::$variant => <$variant as $crate::kinds::ObjectKind>::PROVIDER, )*
                }
            }

            /// Whether the statement that replaces an object of the kind keeps its grants
            /// (`COPY GRANTS`): see [`ObjectKind::REPLACE_COPIES_GRANTS`].
            pub(crate) fn replace_copies_grants(self) -> bool {
                match self {
                    $( Kind::$variant => <$variant as $crate::kinds::ObjectKind>::REPLACE_COPIES_GRANTS, )*
                }
            }

            /// Kinds that live inside a schema (`DB.SCHEMA.NAME`).
            pub fn is_schema_level(self) -> bool {
                match self {
                    $( Kind::$variant => <$variant as $crate::kinds::ObjectKind>::SCHEMA_LEVEL, )*
                }
            }
        }

        impl std::fmt::Display for Kind {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }

        /// One object of any kind, in canonical form.
        #[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "kind", rename_all = "snake_case")]
        pub enum Object {
            $( $variant($variant), )*
        }

        $(
            impl $crate::kinds::Registered for $variant {
                const KIND: Kind = Kind::$variant;
            }
        )*

        $(
            impl From<$variant> for Object {
                fn from(object: $variant) -> Object {
                    Object::$variant(object)
                }
            }
        )*

        impl $crate::model::Resource for Object {
            fn address(&self) -> $crate::model::Address {
                match self {
                    $( Object::$variant(o) => o.address(), )*
                }
            }

            fn references(&self) -> Vec<$crate::model::Address> {
                match self {
                    $( Object::$variant(o) => o.references(), )*
                }
            }

            fn schema(&self) -> Option<$crate::model::identifier::SchemaName> {
                match self {
                    $( Object::$variant(o) => o.schema(), )*
                }
            }
        }

        impl Object {
            pub fn kind(&self) -> Kind {
                match self {
                    $( Object::$variant(_) => Kind::$variant, )*
                }
            }

            /// `CREATE …` (or `CREATE OR REPLACE …`) for the object.
            pub(crate) fn create_sql(
                &self,
                mode: $crate::kinds::ddl::CreateMode,
            ) -> Result<String, $crate::kinds::ddl::DdlError> {
                match self {
                    $( Object::$variant(o) => o.create_sql(mode), )*
                }
            }

            /// How ALTER and DROP name the object.
            pub(crate) fn reference(
                &self,
            ) -> Result<String, $crate::kinds::ddl::DdlError> {
                match self {
                    $( Object::$variant(o) => $crate::kinds::ObjectKind::reference(o), )*
                }
            }

            /// The name `RENAME TO` gives the object.
            pub(crate) fn rename_target(
                &self,
            ) -> Result<String, $crate::kinds::ddl::DdlError> {
                match self {
                    $( Object::$variant(o) => o.rename_target(), )*
                }
            }

            /// The steps creating the object.
            pub(crate) fn create_steps(
                &self,
                settings: &$crate::plan::diff::Settings,
            ) -> Result<Vec<$crate::plan::Step>, $crate::plan::diff::DiffError> {
                match self {
                    $( Object::$variant(o) => o.create_steps(settings), )*
                }
            }

            /// The steps dropping the object, and why beyond the drop itself.
            pub(crate) fn drop_steps(
                &self,
                settings: &$crate::plan::diff::Settings,
                reasons: &mut Vec<String>,
            ) -> Result<Vec<$crate::plan::Step>, $crate::plan::diff::DiffError> {
                match self {
                    $( Object::$variant(o) => o.drop_steps(settings, reasons), )*
                }
            }

            /// Compares this live object with `desired`; `None` when the kinds differ
            /// (addresses carry the kind, so matched objects never do).
            pub(crate) fn diff(
                &self,
                desired: &Object,
                cx: &$crate::kinds::DiffCx<'_>,
            ) -> Result<Option<$crate::plan::diff::Edits>, $crate::plan::diff::DiffError> {
                match (self, desired) {
                    $( (Object::$variant(l), Object::$variant(d)) => {
                        <$variant as $crate::kinds::ObjectKind>::diff(l, d, cx).map(Some)
                    } )*
                    _ => Ok(None),
                }
            }

            /// The object as a `[[key]]` table for `import`.
            pub(crate) fn import(
                &self,
                writer: &$crate::import::entry::Writer<'_>,
                schema: Option<&$crate::model::identifier::SchemaName>,
            ) -> $crate::import::entry::Entry {
                match self {
                    $( Object::$variant(o) => o.import(writer, schema), )*
                }
            }
        }

        /// Resolves one `[[key]]` entry of kind `kind`.
        pub(crate) fn resolve_entry(
            kind: Kind,
            entry: &toml::Spanned<toml::de::DeValue<'_>>,
            ctx: &mut $crate::config::resolve::Ctx<'_>,
        ) -> Option<$crate::config::resolve::Declared> {
            let what = format!("[[{}]]", kind.key());
            match kind {
                $( Kind::$variant => {
                    match $crate::config::document::deserialize::<
                        <$variant as $crate::kinds::ObjectKind>::Raw,
                    >(entry, &what, ctx.file) {
                        Ok(raw) => <$variant as $crate::kinds::ObjectKind>::resolve(raw, ctx),
                        Err(d) => {
                            ctx.diagnostics.push(d);
                            None
                        }
                    }
                } )*
            }
        }

        /// Every kind's expression words, with the kind each names.
        fn expression_words() -> Vec<(&'static str, Kind)> {
            let mut words = Vec::new();
            $(
                for word in <$variant as $crate::kinds::ObjectKind>::EXPRESSION_WORDS {
                    words.push((*word, Kind::$variant));
                }
            )*
            words
        }

        /// Spawns the listings of every schema-level kind (and schemas) in `database`.
        pub(crate) fn spawn_database_reads<C>(
            jobs: &mut $crate::providers::snowflake::introspect::Jobs,
            runner: &$crate::providers::snowflake::introspect::connection::Runner<C>,
            database: &$crate::model::identifier::Ident,
        ) where
            C: $crate::providers::snowflake::introspect::connection::Connection,
        {
            $( <$variant as $crate::kinds::ObjectKind>::spawn_reads(jobs, runner, database); )*
        }

        // The loader reads `[defaults]` and each `[[kind]]` entry separately, so one bad
        // entry does not hide the others; this type describes the whole file for the
        // JSON Schema.
        /// A lakeform schema file: optional `[defaults]` and one array of tables per object kind.
        #[derive(schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        #[schemars(title = "lakeform schema file")]
        #[allow(dead_code)] // read by the JSON Schema derive only
        pub(crate) struct SchemaFile {
            /// Completes short names in this file.
            #[serde(default)]
            defaults: Option<$crate::config::schema_file::RawDefaults>,
            $(
                $(#[$doc])*
                #[serde(default)]
                $key: Vec<<$variant as $crate::kinds::ObjectKind>::Raw>,
            )*
        }
    };
}
