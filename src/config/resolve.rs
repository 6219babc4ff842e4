//! Raw entries → model objects: what every kind's resolver shares ([`Ctx`], [`Declared`],
//! the common keys). Each kind resolves its own entry in `crate::kinds::<key>::entry`,
//! dispatched by `crate::kinds::resolve_entry`.
//!
//! Each resolver parses names (completing short ones from the file's `[defaults]`),
//! validates values (identifiers, data types, schedules, container rules) and records
//! where each reference was written, so the later whole-project checks
//! (`config::references`, `config::task_graph`) can point at it. Problems become
//! diagnostics; an entry with a problem yields no object, never a guess.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Kind, Lifecycle, Object, Origin, Provider, Resource};

use super::diagnostic::Diagnostic;
use super::document;
use super::interpolate::span_of_substring;
use super::names::NameScope;
use super::schema_file::RawDefaults;
use super::source::{Location, SourceFile};
use super::suggest::nearest;
use crate::sql::fragment::Fragment;

/// One declared object, with where it and its references were written.
#[derive(Debug)]
pub(crate) struct Declared {
    pub(crate) object: Object,
    pub(crate) lifecycle: Lifecycle,
    pub(crate) origin: Origin,
    /// The object's `name` value.
    pub(crate) at: Location,
    /// Where each explicit reference was written; references without an entry here (an
    /// object's own schema) point at the name.
    pub(crate) sites: BTreeMap<Address, Location>,
    /// Relations a view's query or a task's statement selects from, not yet resolved to a
    /// kind: table, view or stream, whichever is declared (`config::references` records
    /// them in `selects_from` / `uses`).
    pub(crate) relations: Vec<(ObjectName, Location)>,
    /// Names that become references only when they name a declared object, with their
    /// kind where the syntax says it, `None` for a relation (table, view or stream):
    /// * what a procedure's body uses (`INTO t` is a table, `@s` a stage, `FORMAT_NAME =
    ///   'f'` a file format): Snowflake resolves a procedure's statements when it is
    ///   called, not when it is created, and a body may name a temporary table it creates
    ///   itself;
    /// * the e-mail integration a task's or an alert's `SYSTEM$SEND_EMAIL('…')` names, and
    ///   the storage queue a notification integration's URI names: Snowflake resolves
    ///   neither at CREATE, and either may be managed outside the project. Declared, they
    ///   are edges, so the queue exists before its integration and the integration before
    ///   the alert that mails through it.
    pub(crate) soft_names: Vec<(Option<Kind>, String)>,
    /// SQL strings compiled against the desired state once everything is declared
    /// (`config::queries`).
    pub(crate) sql: Vec<super::queries::SqlText>,
    /// The role that must own the object, from `owner`.
    pub(crate) owner: Option<Ident>,
    /// Where `owner` was written.
    pub(crate) owner_at: Option<Location>,
}

/// What a resolver works with: the file, its scope, and where problems go.
pub(crate) struct Ctx<'a> {
    pub(crate) file: &'a SourceFile,
    pub(crate) scope: &'a NameScope,
    pub(crate) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(crate) fn locate<T>(&self, value: &Spanned<T>) -> Location {
        self.file.locate(value.span())
    }

    pub(crate) fn error<T>(
        &mut self,
        value: &Spanned<T>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = Diagnostic::at(self.locate(value), message);
        self.diagnostics.push(d);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Where `word` (a name inside a SQL text) is written in the string `value`, ignoring
    /// ASCII case; the whole string when it cannot be found.
    pub(crate) fn locate_word(&self, value: &Spanned<String>, word: &str) -> Location {
        let span = value.span();
        let raw = self.file.slice(span.clone()).to_ascii_lowercase();
        match raw
            .find(&word.to_ascii_lowercase())
            .filter(|_| !word.is_empty())
        {
            Some(i) => self
                .file
                .locate(span.start + i..span.start + i + word.len()),
            None => self.file.locate(span),
        }
    }

    /// Where `range`, a byte range of `value`'s text (after variable substitution), is
    /// written in the file: the token a check refused, pointed at inside the string.
    pub(crate) fn locate_in(&self, value: &Spanned<String>, range: Range<usize>) -> Location {
        let text = value.get_ref();
        let needle = text.get(range.clone()).unwrap_or("");
        self.file.locate(span_of_substring(
            self.file,
            value.span(),
            needle,
            range.start,
            text,
        ))
    }

    /// Checks a SQL fragment before it can reach a statement (`sql::fragment`): a refusal
    /// becomes a diagnostic at the offending token inside the string. False on a problem.
    pub(crate) fn sql_fragment(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        fragment: Fragment,
    ) -> bool {
        match fragment.check(value.get_ref()) {
            Ok(()) => true,
            Err(e) => {
                let at = self.locate_in(value, e.range.clone());
                self.diagnostics.push(
                    Diagnostic::at(at, format!("invalid {what}: {}", e.message)).with_help(
                        format!(
                            "lakeform writes the {what} into the statement as SQL text, so it must be {}",
                            fragment.describe()
                        ),
                    ),
                );
                false
            }
        }
    }

    /// A single identifier (an account-level name, a column, an argument).
    pub(crate) fn ident(&mut self, value: &Spanned<String>, what: &str) -> Option<Ident> {
        Ident::parse(value.get_ref())
            .map_err(|e| self.error(value, format!("invalid {what} name: {e}")))
            .ok()
    }

    pub(crate) fn schema_name(
        &mut self,
        value: &Spanned<String>,
        scope: &NameScope,
    ) -> Option<SchemaName> {
        scope
            .schema_name(value.get_ref())
            .map_err(|e| {
                self.error(value, format!("invalid schema name: {e}")).help =
                    Some("set [defaults] database in this file, or write DATABASE.SCHEMA".into());
            })
            .ok()
    }

    pub(crate) fn object_name(
        &mut self,
        value: &Spanned<String>,
        scope: &NameScope,
        what: &str,
    ) -> Option<ObjectName> {
        scope
            .object_name(value.get_ref())
            .map_err(|e| {
                self.error(value, format!("invalid {what} name: {e}")).help = Some(
                    "write DATABASE.SCHEMA.NAME, or set [defaults] database and schema in this file"
                        .into(),
                );
            })
            .ok()
    }

    /// The previous address of `object`, from its `renamed_from`: a short name is read
    /// relative to the object's own schema (or database, for a schema), so
    /// `renamed_from = "OLD_NAME"` means "this object, in the same place, was OLD_NAME".
    fn previous_address(&mut self, object: &Object, value: &Spanned<String>) -> Option<Address> {
        let kind = object.kind();
        let own = object.address();
        let scope = match object {
            Object::Schema(schema) => NameScope {
                database: Some(schema.name.database.clone()),
                schema: None,
            },
            _ if kind.is_schema_level() => ObjectName::parse(&own.name)
                .map(|name| NameScope::of(&name.schema_name()))
                .unwrap_or_else(|_| self.scope.clone()),
            _ => self.scope.clone(),
        };
        let text = value.get_ref();
        let parsed = match kind {
            // Lake objects are named as Azure names them, not as SQL identifiers.
            k if k.provider() == Provider::Adls => Ok(text.trim().to_string()),
            Kind::Schema => scope.schema_name(text).map(|n| n.to_string()),
            k if k.is_schema_level() => scope.object_name(text).map(|n| n.to_string()),
            _ => Ident::parse(text).map(|n| n.to_string()),
        };
        match parsed {
            Ok(name) if name == own.name => {
                self.error(value, format!("{own} is renamed from itself"));
                None
            }
            Ok(name) => Some(Address::new(kind, name)),
            Err(e) => {
                self.error(value, format!("invalid renamed_from: {e}"));
                None
            }
        }
    }

    /// The role an entry's `owner` names, when its kind has an owner lakeform can move
    /// (`kinds::owner::object_type`).
    fn owner(&mut self, object: &Object, value: &Spanned<String>) -> Option<Ident> {
        if crate::kinds::owner::object_type(object.kind()).is_none() {
            self.error(
                value,
                format!(
                    "lakeform does not manage the owner of a {} yet",
                    object.kind()
                ),
            )
            .help = Some(format!(
                "owner is accepted on {}",
                crate::kinds::owner::supported()
            ));
            return None;
        }
        self.ident(value, "owner role")
    }

    /// Wraps up an entry: its lifecycle keys, origin and reference sites.
    pub(crate) fn declare(&mut self, object: impl Into<Object>, keys: CommonKeys<'_>) -> Declared {
        let object = object.into();
        let renamed_from = keys
            .renamed_from
            .and_then(|old| self.previous_address(&object, old));
        let at = self.locate(keys.name);
        let owner = keys.owner.and_then(|o| self.owner(&object, o));
        Declared {
            owner,
            owner_at: keys.owner.map(|o| self.locate(o)),
            origin: Origin {
                file: at.file.clone(),
                line: at.line,
                column: at.column,
            },
            object,
            lifecycle: Lifecycle {
                prevent_destroy: keys.prevent_destroy,
                allow_destructive: keys.allow_destructive,
                renamed_from,
                column_renames: BTreeMap::new(),
            },
            at,
            sites: BTreeMap::new(),
            relations: Vec::new(),
            soft_names: Vec::new(),
            sql: Vec::new(),
        }
    }
}

/// The keys every entry takes besides its own.
pub(crate) struct CommonKeys<'a> {
    pub(crate) name: &'a Spanned<String>,
    pub(crate) owner: Option<&'a Spanned<String>>,
    pub(crate) renamed_from: Option<&'a Spanned<String>>,
    pub(crate) prevent_destroy: bool,
    pub(crate) allow_destructive: bool,
}

macro_rules! common_keys {
    ($raw:expr) => {
        $crate::config::resolve::CommonKeys {
            name: &$raw.name,
            owner: $raw.owner.as_ref(),
            renamed_from: $raw.renamed_from.as_ref(),
            prevent_destroy: $raw.prevent_destroy,
            allow_destructive: $raw.allow_destructive,
        }
    };
}
pub(crate) use common_keys;

/// Resolves every entry of one schema file.
pub(crate) fn file(
    file: &SourceFile,
    document: &Spanned<DeTable<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Declared> {
    let root = document.get_ref();
    let scope = root
        .get("defaults")
        .and_then(|d| {
            document::deserialize::<RawDefaults>(d, "[defaults]", file)
                .map_err(|e| diagnostics.push(e))
                .ok()
        })
        .map(|d| defaults_scope(d, file, diagnostics))
        .unwrap_or_default();
    let mut ctx = Ctx {
        file,
        scope: &scope,
        diagnostics,
    };
    let mut declared = Vec::new();
    for (key, value) in root.iter() {
        let key_text = key.get_ref().as_ref();
        if key_text == "defaults" {
            continue;
        }
        let Some(kind) = Kind::from_key(key_text) else {
            let known = Kind::ALL.iter().map(|k| k.key()).chain(["defaults"]);
            let d = Diagnostic::at(
                file.locate(key.span()),
                format!("unknown section `{key_text}`"),
            );
            ctx.diagnostics.push(match nearest(key_text, known) {
                Some(s) => d.with_help(format!("did you mean `[[{s}]]`?")),
                None => d.with_help(format!(
                    "a schema file holds [defaults] and arrays of tables: {}",
                    Kind::ALL
                        .iter()
                        .map(|k| format!("[[{}]]", k.key()))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
            continue;
        };
        let entries = match value.get_ref() {
            DeValue::Array(entries) => entries,
            _ => {
                ctx.diagnostics.push(
                    Diagnostic::at(
                        file.locate(key.span()),
                        format!("`{key_text}` must be an array of tables"),
                    )
                    .with_help(format!(
                        "declare each {} with a `[[{key_text}]]` header",
                        kind.key()
                    )),
                );
                continue;
            }
        };
        for entry in entries.iter() {
            if let Some(object) = crate::kinds::resolve_entry(kind, entry, &mut ctx) {
                declared.push(object);
            }
        }
    }
    declared
}

fn defaults_scope(
    raw: RawDefaults,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> NameScope {
    let mut ident = |value: Option<Spanned<String>>, what: &str| {
        value.and_then(|v| {
            Ident::parse(v.get_ref())
                .map_err(|e| {
                    diagnostics.push(Diagnostic::at(
                        file.locate(v.span()),
                        format!("invalid [defaults] {what}: {e}"),
                    ))
                })
                .ok()
        })
    };
    NameScope {
        database: ident(raw.database, "database"),
        schema: ident(raw.schema, "schema"),
    }
}
