//! A Snowflake sequence: `[[sequence]]` with `start`, `increment`, `order` and `comment`.
//!
//! What Snowflake lets change in place, and what it does not
//! (https://docs.snowflake.com/en/sql-reference/sql/alter-sequence):
//! * `increment` is `ALTER SEQUENCE … SET INCREMENT = n` (any non-zero 64-bit value,
//!   https://docs.snowflake.com/en/sql-reference/sql/create-sequence);
//! * `order` can go from ORDER to NOORDER (`SET NOORDER`) but not back: NOORDER → ORDER
//!   recreates the sequence. lakeform recreates it starting at its live next value, so
//!   numbering continues, but values handed out between plan and apply would be handed
//!   out again and grants on the sequence are lost: the change is destructive;
//! * the comment is `SET COMMENT` / `UNSET COMMENT`;
//! * `start` is never alterable, and is not reported: SHOW SEQUENCES and DESCRIBE
//!   SEQUENCE give the next value and the interval, not the start
//!   (https://docs.snowflake.com/en/sql-reference/sql/show-sequences). `start` therefore
//!   only shapes the CREATE; changing it for an existing sequence is not a change lakeform
//!   can see, and the README says so.
//!
//! A table column whose default is `SEQ.NEXTVAL` depends on the sequence: the
//! `EXPRESSION_WORDS` below make `crate::kinds::objects_in_expression` find it, so the
//! configuration checks it is declared and the plan creates it first.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{DiffCx, ObjectKind};
use crate::config::resolve::{Ctx, Declared, common_keys};
use crate::config::schema_file::object_entry;
use crate::import::entry::{Entry, Writer};
use crate::kinds::ddl::{CreateMode, DdlError};
use crate::model::identifier::{Ident, ObjectName, SchemaName};
use crate::model::{Address, Kind, Object, Resource};
use crate::plan::Tier;
use crate::plan::diff::{DiffError, Edits, comment};
use crate::providers::snowflake::introspect::record::Record;
use crate::providers::snowflake::introspect::{IntrospectError, Listing};
use crate::sql::quote::comment_clause;

/// A sequence, in canonical form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sequence {
    pub name: ObjectName,
    /// The first value, for the CREATE; `None` when read from Snowflake, which does not
    /// report it. Takes no part in equality.
    pub start: Option<i64>,
    pub increment: i64,
    /// ORDER (values strictly increasing in call order) or NOORDER.
    pub ordered: bool,
    pub comment: Option<String>,
    /// The value NEXTVAL gives next, as SHOW SEQUENCES reports it; only read from
    /// Snowflake, and takes no part in equality.
    #[serde(default)]
    pub next_value: Option<i64>,
}

impl PartialEq for Sequence {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
            && self.increment == other.increment
            && self.ordered == other.ordered
            && self.comment == other.comment
    }
}

impl Eq for Sequence {}

impl Resource for Sequence {
    fn address(&self) -> Address {
        Address::new(Kind::Sequence, &self.name)
    }

    fn schema(&self) -> Option<SchemaName> {
        Some(self.name.schema_name())
    }

    fn references(&self) -> Vec<Address> {
        vec![Address::new(Kind::Schema, self.name.schema_name())]
    }
}

object_entry! {
    /// `[[sequence]]`.
    RawSequence {
        /// The first value (default 1); only used when the sequence is created.
        #[serde(default)]
        start: Option<i64>,
        /// The step between values (default 1); not 0.
        #[serde(default)]
        #[schemars(with = "Option<i64>")]
        increment: Option<Spanned<i64>>,
        /// ORDER (true) or NOORDER (false, the default).
        #[serde(default)]
        order: bool,
    }
}

impl ObjectKind for Sequence {
    const SQL_KEYWORD: &'static str = "SEQUENCE";
    const SCHEMA_LEVEL: bool = true;
    const EXPRESSION_WORDS: &'static [&'static str] = &["NEXTVAL"];
    type Raw = RawSequence;

    fn resolve(raw: RawSequence, ctx: &mut Ctx<'_>) -> Option<Declared> {
        let scope = ctx.scope.clone();
        let name = ctx.object_name(&raw.name, &scope, "sequence")?;
        let increment = match &raw.increment {
            Some(step) if *step.get_ref() == 0 => {
                // "Supported values are any non-zero value that can be represented by a
                // 64-bit two's complement integer."
                // (https://docs.snowflake.com/en/sql-reference/sql/create-sequence)
                ctx.error(step, "a sequence's increment cannot be 0").help =
                    Some("use a positive step to count up, a negative one to count down".into());
                return None;
            }
            Some(step) => *step.get_ref(),
            None => 1,
        };
        let sequence = Sequence {
            name,
            start: Some(raw.start.unwrap_or(1)),
            increment,
            ordered: raw.order,
            comment: raw.comment.clone(),
            next_value: None,
        };
        Some(ctx.declare(sequence, common_keys!(raw)))
    }

    fn diff(live: &Sequence, desired: &Sequence, _cx: &DiffCx<'_>) -> Result<Edits, DiffError> {
        let mut e = Edits::default();
        if desired.ordered && !live.ordered {
            e.compare("order", &live.ordered, &desired.ordered);
            e.compare("increment", &live.increment, &desired.increment);
            e.compare_option("comment", &live.comment, &desired.comment);
            e.replace("Snowflake cannot change a NOORDER sequence to ORDER in place");
            e.raise(
                Tier::Destructive,
                "the sequence is recreated starting at its current next value: values handed out between plan and apply are handed out again, and grants on it go with the old one (the declared ones are granted again)",
            );
            let restart = Sequence {
                start: live.next_value.or(desired.start),
                ..desired.clone()
            };
            e.sql(restart.create_sql(CreateMode::Replace)?);
            return Ok(e);
        }
        if e.compare("increment", &live.increment, &desired.increment) {
            e.sql(format!(
                "ALTER SEQUENCE {} SET INCREMENT = {}",
                desired.name, desired.increment
            ));
        }
        if e.compare("order", &live.ordered, &desired.ordered) {
            e.sql(format!("ALTER SEQUENCE {} SET NOORDER", desired.name));
        }
        let object = Object::Sequence(desired.clone());
        comment(&mut e, &live.comment, &desired.comment, &object)?;
        Ok(e)
    }

    fn create_sql(&self, mode: CreateMode) -> Result<String, DdlError> {
        let order = if self.ordered { "ORDER" } else { "NOORDER" };
        Ok(format!(
            "{} SEQUENCE {} START = {} INCREMENT = {} {order}{}",
            mode.verb(),
            self.name,
            self.start.unwrap_or(1),
            self.increment,
            comment_clause(self.comment.as_deref())
        ))
    }

    /// `SHOW SEQUENCES IN DATABASE d`: it takes no `LIMIT … FROM` and silently stops at
    /// 10,000 rows (https://docs.snowflake.com/en/sql-reference/sql/show-sequences), so a
    /// listing at the cap is an error rather than a short read.
    fn listing(database: &Ident) -> Option<Listing> {
        Some(Listing::Unpaged(format!(
            "SHOW SEQUENCES IN DATABASE {database}"
        )))
    }

    fn parse_row(record: &Record<'_>) -> Result<Option<Self>, IntrospectError> {
        parse(record).map(Some)
    }

    fn import(&self, w: &Writer<'_>, schema: Option<&SchemaName>) -> Entry {
        let mut e = Entry::new("sequence");
        e.set("name", w.text(&w.short(&self.name, schema)));
        w.comment(&mut e, &self.comment);
        // The start is not reported; numbering in a new environment starts at 1.
        if self.increment != 1 {
            e.set("increment", self.increment.to_string());
        }
        if self.ordered {
            e.set("order", "true".into());
        }
        e
    }
}

/// One row of SHOW SEQUENCES: `name`, `schema_name`, `database_name`, `next_value`,
/// `interval`, `ordered`, `comment` (the columns the Terraform provider reads; the docs
/// list none).
fn parse(record: &Record<'_>) -> Result<Sequence, IntrospectError> {
    let increment = record
        .number("interval")?
        .ok_or_else(|| record.invalid("interval", "", "is missing"))?;
    Ok(Sequence {
        name: record.object_name("database_name", "schema_name", "name")?,
        start: None,
        increment,
        ordered: record.flag("ordered")?,
        comment: record.comment()?,
        next_value: record.number("next_value")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Action;
    use crate::providers::snowflake::introspect::record::fixture::row;

    fn sequence(increment: i64, ordered: bool, comment: Option<&str>) -> Sequence {
        Sequence {
            name: ObjectName::parse("PR.SILVER.CUSTOMER_KEY").unwrap(),
            start: Some(1000),
            increment,
            ordered,
            comment: comment.map(str::to_string),
            next_value: None,
        }
    }

    fn diff(live: &Sequence, desired: &Sequence) -> Edits {
        crate::kinds::diff_in_test(live, desired)
    }

    fn statements(e: &Edits) -> Vec<String> {
        e.steps.iter().map(|s| s.describe()).collect()
    }

    #[test]
    fn create_states_every_attribute() {
        assert_eq!(
            sequence(5, false, Some("keys"))
                .create_sql(CreateMode::Create)
                .unwrap(),
            "CREATE SEQUENCE PR.SILVER.CUSTOMER_KEY START = 1000 INCREMENT = 5 NOORDER COMMENT = 'keys'"
        );
    }

    #[test]
    fn increment_noorder_and_comment_alter_in_place() {
        let e = diff(&sequence(1, true, None), &sequence(10, false, Some("k")));
        assert_eq!(e.action, Action::Update);
        assert_eq!(e.tier, Tier::Safe);
        assert_eq!(
            statements(&e),
            [
                "ALTER SEQUENCE PR.SILVER.CUSTOMER_KEY SET INCREMENT = 10",
                "ALTER SEQUENCE PR.SILVER.CUSTOMER_KEY SET NOORDER",
                "ALTER SEQUENCE PR.SILVER.CUSTOMER_KEY SET COMMENT = 'k'",
            ]
        );
    }

    #[test]
    fn noorder_to_order_recreates_at_the_next_value_with_consent() {
        let mut live = sequence(1, false, None);
        live.next_value = Some(4242);
        let e = diff(&live, &sequence(1, true, None));
        assert_eq!(e.action, Action::Replace);
        assert_eq!(e.tier, Tier::Destructive);
        assert_eq!(
            statements(&e),
            ["CREATE OR REPLACE SEQUENCE PR.SILVER.CUSTOMER_KEY START = 4242 INCREMENT = 1 ORDER"]
        );
    }

    #[test]
    fn the_start_and_next_value_are_not_compared() {
        let mut live = sequence(1, false, None);
        live.start = None;
        live.next_value = Some(77);
        assert!(diff(&live, &sequence(1, false, None)).is_empty());
    }

    #[test]
    fn show_rows_are_read_by_column_name() {
        let rows = row(&[
            ("created_on", Some("2026-12-06 08:00:00.000 -0800")),
            ("name", Some("CUSTOMER_KEY")),
            ("schema_name", Some("SILVER")),
            ("database_name", Some("PR")),
            ("next_value", Some("1042")),
            ("interval", Some("-2")),
            ("owner", Some("SYSADMIN")),
            ("comment", Some("")),
            ("ordered", Some("Y")),
        ]);
        let record = Record::new(rows.rows().next().unwrap(), Kind::Sequence);
        let parsed = parse(&record).unwrap();
        assert_eq!(parsed.name.to_string(), "PR.SILVER.CUSTOMER_KEY");
        assert_eq!((parsed.increment, parsed.ordered), (-2, true));
        assert_eq!(parsed.next_value, Some(1042));
        assert_eq!(parsed.comment, None);
        let missing = row(&[
            ("name", Some("S")),
            ("schema_name", Some("SILVER")),
            ("database_name", Some("PR")),
        ]);
        let record = Record::new(missing.rows().next().unwrap(), Kind::Sequence);
        assert!(parse(&record).is_err());
    }
}
