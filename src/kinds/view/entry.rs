//! `[[view]]` → `View` (the kind's model); the query must be exactly one query (it is
//! written into `CREATE VIEW … AS` as SQL); the relations its query selects from are found
//! by tokenising the query and read relative to the view's schema. Whether each is a table,
//! a view or a stream is decided once everything is declared (`config::references`).

use toml::Spanned;

use crate::config::names::NameScope;
use crate::kinds::view::View;
use crate::sql::CanonicalSql;
use crate::sql::fragment::Fragment;
use crate::sql::references::relations;

use crate::config::resolve::{Ctx, Declared, common_keys};

// The `[[view]]` entry as serde reads it (unknown keys refused).
crate::config::schema_file::object_entry! {
    /// `[[view]]`.
    RawView {
        /// The SELECT.
        #[schemars(with = "String")]
        query: Spanned<String>,
        #[serde(default)]
        secure: bool,
    }
}

pub(crate) fn resolve(raw: RawView, ctx: &mut Ctx<'_>) -> Option<Declared> {
    let scope = ctx.scope.clone();
    let name = ctx.object_name(&raw.name, &scope, "view")?;
    let own_scope = NameScope::of(&name.schema_name());
    let query = raw.query.get_ref();
    if query.trim().is_empty() {
        ctx.error(&raw.query, "a view needs a query");
        return None;
    }
    if !ctx.sql_fragment(&raw.query, "view query", Fragment::Query) {
        return None;
    }
    let found = match relations(query) {
        Ok(found) => found,
        Err(e) => {
            ctx.error(
                &raw.query,
                format!("cannot read the view's query: {}", e.message),
            );
            return None;
        }
    };
    let mut selects = Vec::new();
    for parts in found {
        let word = parts
            .last()
            .map(|i| i.as_str())
            .unwrap_or_default()
            .to_string();
        match own_scope.complete(&parts) {
            Some(relation) => selects.push((relation, ctx.locate_word(&raw.query, &word))),
            None => {
                let at = ctx.locate_word(&raw.query, &word);
                ctx.diagnostics
                    .push(crate::config::diagnostic::Diagnostic::at(
                        at,
                        format!("view {name} selects from a name with too many parts"),
                    ));
                return None;
            }
        }
    }
    let sql = crate::config::queries::SqlText {
        form: crate::config::queries::SqlForm::View,
        text: query.clone(),
        file: ctx.file.path().to_path_buf(),
        span: raw.query.span(),
        schema: name.schema_name(),
    };
    let view = View {
        name,
        query: CanonicalSql::new(query.as_str()),
        secure: raw.secure,
        comment: raw.comment.clone(),
        selects_from: Vec::new(),
    };
    let mut declared = ctx.declare(view, common_keys!(raw));
    declared.relations = selects;
    declared.sql.push(sql);
    Some(declared)
}
