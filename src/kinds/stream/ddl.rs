//! Stream DDL. Only the comment can be altered ([`crate::kinds::ddl::set_comment`]); any
//! other change is a replace, which loses the stream's offset.

use crate::kinds::ddl::CreateMode;
use crate::kinds::stream::Stream;
use crate::sql::quote::comment_clause;

pub(crate) fn create(stream: &Stream, mode: CreateMode) -> String {
    let append_only = if stream.append_only {
        " APPEND_ONLY = TRUE"
    } else {
        ""
    };
    format!(
        "{} STREAM {} ON TABLE {}{append_only}{}",
        mode.verb(),
        stream.name,
        stream.on_table,
        comment_clause(stream.comment.as_deref())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::identifier::ObjectName;

    #[test]
    fn renders_create() {
        let stream = Stream {
            name: ObjectName::parse("PR.BRONZE.CUSTOMER_STREAM").unwrap(),
            on_table: ObjectName::parse("PR.BRONZE.\"raw customer\"").unwrap(),
            append_only: true,
            comment: Some("cdc".into()),
        };
        assert_eq!(
            create(&stream, CreateMode::Replace),
            "CREATE OR REPLACE STREAM PR.BRONZE.CUSTOMER_STREAM ON TABLE PR.BRONZE.\"raw customer\" APPEND_ONLY = TRUE COMMENT = 'cdc'"
        );
    }
}
