//! Warehouses from `SHOW WAREHOUSES` (account-wide).

use crate::kinds::warehouse::{Generation, Warehouse, WarehouseSize};
use crate::providers::snowflake::introspect::error::IntrospectError;
use crate::providers::snowflake::introspect::record::Record;

pub(crate) const STATEMENT: &str = "SHOW WAREHOUSES";

/// One `SHOW WAREHOUSES` row. `size` is `X-Small`-style; a NULL `auto_suspend` means
/// never (0). Snowflake does not report `INITIALLY_SUSPENDED`; the live value says
/// whether the warehouse is suspended now.
pub(crate) fn parse(record: &Record<'_>) -> Result<Warehouse, IntrospectError> {
    let size_text = record.required("size")?;
    let size = WarehouseSize::parse(size_text)
        .map_err(|e| record.invalid("size", size_text, e.to_string()))?;
    let state = record.text("state")?.unwrap_or("");
    Ok(Warehouse {
        name: record.ident("name")?,
        size,
        auto_suspend: Some(record.number("auto_suspend")?.unwrap_or(0)),
        auto_resume: record.flag("auto_resume")?,
        initially_suspended: state.eq_ignore_ascii_case("SUSPENDED"),
        comment: record.comment()?,
        // SHOW WAREHOUSES' last column (https://docs.snowflake.com/en/sql-reference/sql/show-warehouses);
        // NULL for a warehouse never given one, absent in answers recorded before it.
        generation: record.if_present("generation").and_then(Generation::parse),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::providers::snowflake::introspect::record::fixture::row;

    #[test]
    fn reads_a_show_warehouses_row() {
        let set = row(&[
            ("name", Some("COMPUTE_WH")),
            ("state", Some("SUSPENDED")),
            ("type", Some("STANDARD")),
            ("size", Some("X-Small")),
            ("auto_suspend", Some("60")),
            ("auto_resume", Some("true")),
            ("comment", Some("")),
        ]);
        let w = parse(&Record::new(set.rows().next().unwrap(), Kind::Warehouse)).unwrap();
        assert_eq!(w.size, WarehouseSize::XSmall);
        assert_eq!(w.auto_suspend, Some(60));
        assert!(w.auto_resume && w.initially_suspended);
    }

    #[test]
    fn an_unknown_size_is_an_error_naming_the_warehouse() {
        let set = row(&[
            ("name", Some("W")),
            ("size", Some("Gigantic")),
            ("state", None),
            ("auto_suspend", None),
            ("auto_resume", None),
            ("comment", None),
        ]);
        let err = parse(&Record::new(set.rows().next().unwrap(), Kind::Warehouse))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("warehouse W") && err.contains("Gigantic"),
            "{err}"
        );
    }
}
