//! `LIST | LS @<stage>[/<path>] [ PATTERN = '<regex>' ]`
//! (https://docs.snowflake.com/en/sql-reference/sql/list): the stage it names — a named
//! stage, a table's stage (`@%t`) or the user's (`@~`).

use super::parser::{Parser, RawName};
use super::properties::properties;
use crate::sandbox::error::SqlError;

/// Which stage a LIST reads.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Listed {
    /// `@name`: a named stage.
    Named(RawName),
    /// `@%t`: table `t`'s stage.
    Table(RawName),
    /// `@~`: the user's stage.
    User,
}

pub(crate) fn list(p: &mut Parser) -> Result<Listed, SqlError> {
    p.expect_sym("@")?;
    let listed = if p.eat_sym("~") {
        Listed::User
    } else if p.eat_sym("%") {
        Listed::Table(p.name()?)
    } else {
        Listed::Named(p.name()?)
    };
    // The path after the name, written without spaces (`@st/2024/`).
    super::copy::skip_stage_reference(p);
    for property in properties(p)? {
        if property.key != "PATTERN" || property.value.text().is_none() {
            return Err(SqlError::invalid_property(&property.key, "LIST"));
        }
    }
    Ok(listed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::statement::parser::read_all;

    #[test]
    fn named_table_and_user_stages() {
        assert_eq!(
            read_all("@st/2024/ pattern = '.*csv'", list).unwrap(),
            Listed::Named(RawName::single(
                crate::model::identifier::Ident::from_stored("ST")
            ))
        );
        assert!(matches!(read_all("@%t", list).unwrap(), Listed::Table(_)));
        assert_eq!(read_all("@~", list).unwrap(), Listed::User);
        assert!(read_all("st", list).is_err());
        assert!(read_all("@st files = ('a')", list).is_err());
    }
}
