//! `external = [...]`: objects that may be referenced without being declared.
//!
//! An entry is one identifier, `DB.SCHEMA` or `DB.SCHEMA.NAME`. One identifier covers an
//! account-level object of that name (a database, warehouse or storage integration) and,
//! for a database, everything inside it; `DB.SCHEMA` covers the schema and everything in
//! it; a full name covers that object. A lake container is covered by an entry spelling
//! its name exactly (`external = ["archive"]`). Entries are matched on folded
//! identifiers, like any other name.

use toml::Spanned;

use crate::model::identifier::{Ident, split_parts};
use crate::model::{Address, Kind, Provider};

use super::diagnostic::Diagnostic;
use super::source::SourceFile;

#[derive(Clone, Debug, Default)]
pub(crate) struct External {
    entries: Vec<Entry>,
}

#[derive(Clone, Debug)]
struct Entry {
    written: String,
    parts: Vec<Ident>,
}

impl External {
    /// Reads the entries, reporting any that is not a name of 1 to 3 parts.
    pub(crate) fn parse(
        entries: &[Spanned<String>],
        file: &SourceFile,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> External {
        let mut parsed = Vec::new();
        for entry in entries {
            let text = entry.get_ref();
            match split_parts(text) {
                Ok(parts) if parts.len() <= 3 => parsed.push(Entry {
                    written: text.trim().to_string(),
                    parts,
                }),
                Ok(_) => diagnostics.push(
                    Diagnostic::at(
                        file.locate(entry.span()),
                        format!("invalid external entry {text:?}: too many name parts"),
                    )
                    .with_help("write DATABASE, DATABASE.SCHEMA or DATABASE.SCHEMA.NAME"),
                ),
                Err(e) => diagnostics.push(Diagnostic::at(
                    file.locate(entry.span()),
                    format!("invalid external entry: {e}"),
                )),
            }
        }
        External { entries: parsed }
    }

    /// True when `address` may be referenced without being declared.
    pub(crate) fn covers(&self, address: &Address) -> bool {
        // Lake objects (containers, queues) are named as Azure names them.
        if address.kind.provider() == Provider::Adls {
            return self.entries.iter().any(|e| e.written == address.name);
        }
        let Ok(parts) = split_parts(&address.name) else {
            return false;
        };
        self.entries.iter().any(|entry| match entry.parts.len() {
            1 if !address.kind.is_schema_level() && address.kind != Kind::Schema => {
                parts == entry.parts
            }
            _ => parts.starts_with(&entry.parts),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn external(entries: &[&str]) -> External {
        let file = SourceFile::new("e.toml".into(), String::new());
        let spanned: Vec<Spanned<String>> = entries
            .iter()
            .map(|e| Spanned::new(0..0, e.to_string()))
            .collect();
        let mut diagnostics = Vec::new();
        let external = External::parse(&spanned, &file, &mut diagnostics);
        assert!(diagnostics.is_empty());
        external
    }

    #[test]
    fn databases_schemas_objects_and_containers() {
        let ext = external(&[
            "snowflake_sample_data",
            "PR.SHARED",
            "PR.GOLD.V",
            "archive",
            "COMPUTE_WH",
        ]);
        let yes = [
            Address::new(Kind::Database, "SNOWFLAKE_SAMPLE_DATA"),
            Address::new(Kind::Schema, "SNOWFLAKE_SAMPLE_DATA.TPCH_SF1"),
            Address::new(Kind::Table, "SNOWFLAKE_SAMPLE_DATA.TPCH_SF1.ORDERS"),
            Address::new(Kind::Table, "PR.SHARED.T"),
            Address::new(Kind::Schema, "PR.SHARED"),
            Address::new(Kind::View, "PR.GOLD.V"),
            Address::new(Kind::Container, "archive"),
            Address::new(Kind::StorageQueue, "archive"),
            Address::new(Kind::Warehouse, "COMPUTE_WH"),
        ];
        let no = [
            Address::new(Kind::Table, "PR.GOLD.W"),
            Address::new(Kind::Schema, "PR.GOLD"),
            Address::new(Kind::Container, "landing"),
            Address::new(Kind::Warehouse, "OTHER_WH"),
        ];
        for a in yes {
            assert!(ext.covers(&a), "{a}");
        }
        for a in no {
            assert!(!ext.covers(&a), "{a}");
        }
    }
}
