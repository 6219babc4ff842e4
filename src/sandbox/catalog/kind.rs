//! What a kind kept by one module provides ([`SandboxKind`]), and the catalog's expansion
//! of the registry (`sandbox/registry.rs`): the kind modules, their maps in every schema
//! ([`Objects`](super::Objects)), their `SchemaObject` impls and the `with_schema_object!`
//! / `with_module_kind!` dispatch the engine, SHOW and DESCRIBE go through.
//!
//! A kind's grammar is read here, above the parser: the parser keeps a registered kind's
//! CREATE body and ALTER action as a [`crate::sandbox::statement::Tail`], and the engine
//! reads it with [`SandboxKind::parse_create`] / [`SandboxKind::parse_alter`] before it
//! resolves a name or touches the catalog, so a syntax error still comes first.

use super::rows::{DescribeRows, ShowRows};
use super::{Catalog, Meta, SchemaObject};
use crate::model::identifier::ObjectName;
use crate::sandbox::error::SqlError;
use crate::sandbox::statement::alter::{Change, set_or_unset};
use crate::sandbox::statement::properties::properties;
use crate::sandbox::statement::{Parser, Property, RawName};

/// Resolves a name written in a statement against the session (the engine's binder,
/// handed down so the catalog stays below it).
pub(crate) type Names<'a> = dyn Fn(&RawName) -> Result<ObjectName, SqlError> + 'a;

/// A schema-level kind kept by its own module: everything the engine dispatches through
/// besides its SHOW and DESCRIBE rows. RENAME TO, DROP, `COMMENT ON`, OR REPLACE and IF
/// [NOT] EXISTS are the same for every kind and handled once by the engine.
pub(crate) trait SandboxKind: SchemaObject + ShowRows + DescribeRows + Clone {
    /// CREATE's body after the name, as read.
    type Create;
    /// An ALTER action of the kind's own, as read.
    type Alter;

    /// Reads CREATE's body after the name; it must end the statement.
    fn parse_create(p: &mut Parser<'_>) -> Result<Self::Create, SqlError>;

    /// Reads an ALTER action after the name (anything but RENAME TO).
    fn parse_alter(p: &mut Parser<'_>) -> Result<Self::Alter, SqlError>;

    /// The new object, checked against the catalog (`names` resolves names in the body).
    /// The engine has already checked the name is free (or OR REPLACE) and stores it.
    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: Self::Create,
        names: &Names<'_>,
    ) -> Result<Self, SqlError>;

    /// Applies an ALTER action to a copy of the object stored under `name`; the engine
    /// stores it only when this succeeds.
    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: Self::Alter,
    ) -> Result<(), SqlError>;
}

/// A registered kind whose CREATE body is a property list and whose ALTER actions are
/// `SET <properties>` / `UNSET <keys>` (stages, file formats): it supplies only how its
/// properties apply and gets its [`SandboxKind`] from that.
pub(crate) trait PropertyKind: SchemaObject + ShowRows + DescribeRows + Clone {
    /// The new object from CREATE's properties; `name` is where it will be stored.
    fn build(
        catalog: &Catalog,
        name: &ObjectName,
        meta: Meta,
        properties: &[Property],
    ) -> Result<Self, SqlError>;

    /// `ALTER … SET` on the object stored under `name`.
    fn set_properties(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        properties: &[Property],
    ) -> Result<(), SqlError>;

    /// `ALTER … UNSET`.
    fn unset_properties(&mut self, keys: &[String]) -> Result<(), SqlError>;
}

impl<T: PropertyKind> SandboxKind for T {
    type Create = Vec<Property>;
    type Alter = Change;

    fn parse_create(p: &mut Parser<'_>) -> Result<Vec<Property>, SqlError> {
        properties(p)
    }

    fn parse_alter(p: &mut Parser<'_>) -> Result<Change, SqlError> {
        set_or_unset(p)?.ok_or_else(|| p.error())
    }

    fn create(
        catalog: &mut Catalog,
        name: &ObjectName,
        meta: Meta,
        body: Vec<Property>,
        _: &Names<'_>,
    ) -> Result<T, SqlError> {
        T::build(catalog, name, meta, &body)
    }

    fn alter(
        &mut self,
        catalog: &Catalog,
        name: &ObjectName,
        action: Change,
    ) -> Result<(), SqlError> {
        match action {
            Change::Set(props) => self.set_properties(catalog, name, &props),
            Change::Unset(keys) => self.unset_properties(&keys),
        }
    }
}

/// The catalog's expansion of the registry, invoked once in `catalog/mod.rs` as
/// `module_kinds!(catalog_kinds $)` (the `$` lets it define the dispatch macros).
macro_rules! catalog_kinds {
    ($d:tt $(
        $variant:ident {
            module: $module:ident, type: $type:ident, field: $field:ident,
            noun: $noun:literal, sql: $sql:literal, label: $label:literal,
            words: [$($word:literal),+], plural: [$($plural:literal),+] $(,)?
        }
    ),* $(,)?) => {
        $(pub(crate) mod $module;)*
        $(pub(crate) use $module::$type;)*

        /// The registered kinds' objects in one schema: one map per kind, serialized under
        /// the kind's field name.
        #[derive(Clone, Debug, Default, Serialize, Deserialize)]
        pub(crate) struct Objects {
            $(
                #[serde(default)]
                pub $field: BTreeMap<Ident, $type>,
            )*
        }

        impl Objects {
            /// Every registered object's metadata, for clones that give each a new
            /// identity.
            pub(crate) fn metas_mut(&mut self) -> Vec<&mut Meta> {
                let mut metas = Vec::new();
                $(metas.extend(self.$field.values_mut().map(|o| &mut o.meta));)*
                metas
            }

            /// Every registered object as DESCRIBE SCHEMA lists it: its kind label, name
            /// and metadata, kind by kind in registry order.
            pub(crate) fn listing(&self) -> Vec<(&'static str, &Ident, &Meta)> {
                let mut all = Vec::new();
                $(all.extend(self.$field.iter().map(|(name, o)| ($label, name, &o.meta)));)*
                all
            }
        }

        $(
            impl SchemaObject for $type {
                const KIND: ObjectKind = ObjectKind::$variant;
                fn map(schema: &Schema) -> &BTreeMap<Ident, Self> {
                    &schema.objects.$field
                }
                fn map_mut(schema: &mut Schema) -> &mut BTreeMap<Ident, Self> {
                    &mut schema.objects.$field
                }
                fn meta(&self) -> &Meta {
                    &self.meta
                }
                fn meta_mut(&mut self) -> &mut Meta {
                    &mut self.meta
                }
            }
        )*

        /// Dispatch over every schema-level kind kept through [`SchemaObject`]:
        /// `with_schema_object!(kind, T => body, other => fallback, …)` evaluates `body`
        /// with the type alias `T` bound to `kind`'s type, and the fallback arms (match
        /// arms) for every other kind. The DDL and DESCRIBE dispatch through it.
        macro_rules! with_schema_object {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectKind as Kind;
                match $d kind {
                    Kind::Table => { type $d T = $crate::sandbox::catalog::Table; $d body },
                    Kind::Task => { type $d T = $crate::sandbox::catalog::Task; $d body },
                    Kind::View => { type $d T = $crate::sandbox::catalog::View; $d body },
                    $(Kind::$variant => { type $d T = $crate::sandbox::catalog::$type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_schema_object;

        /// Dispatch over the registered kinds only, whose types implement
        /// [`SandboxKind`](kind::SandboxKind): `with_module_kind!(kind, T => body, other =>
        /// fallback, …)`, as [`with_schema_object!`].
        macro_rules! with_module_kind {
            ($d kind:expr, $d T:ident => $d body:expr, $d($d other:pat => $d fallback:expr),+ $d(,)?) => {{
                use $crate::sandbox::statement::ObjectKind as Kind;
                match $d kind {
                    $(Kind::$variant => { type $d T = $crate::sandbox::catalog::$type; $d body },)*
                    $d($d other => $d fallback,)+
                }
            }};
        }
        pub(crate) use with_module_kind;
    };
}
pub(crate) use catalog_kinds;
