//! Binder tests over a small catalog: resolution, Snowflake's identifier rules, output
//! names and types, and that what the binder does not model is accepted.

use super::*;

struct Catalog(Vec<(&'static str, Vec<(&'static str, &'static str)>)>);

impl Relations for Catalog {
    fn columns(&self, parts: &[Ident]) -> Option<Vec<BoundColumn>> {
        let last = parts.last()?;
        self.0
            .iter()
            .find(|(name, _)| *name == last.as_str())
            .map(|(_, columns)| {
                columns
                    .iter()
                    .map(|(n, t)| BoundColumn {
                        name: Ident::from_stored(*n),
                        data_type: ColumnType::Known(DataType::parse(t).unwrap()),
                        nullable: true,
                    })
                    .collect()
            })
    }
}

fn catalog() -> Catalog {
    Catalog(vec![
        (
            "ORDERS",
            vec![
                ("ID", "NUMBER(38,0)"),
                ("CUSTOMER_ID", "NUMBER(38,0)"),
                ("AMOUNT", "NUMBER(12,2)"),
                ("V", "VARIANT"),
                ("Mixed", "VARCHAR"),
            ],
        ),
        (
            "CUSTOMER",
            vec![("ID", "NUMBER(38,0)"), ("NAME", "VARCHAR")],
        ),
    ])
}

fn names_and_types(sql: &str) -> Vec<(String, String)> {
    bind_view(sql, &catalog())
        .unwrap()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c.name.as_str().to_string(),
                c.data_type
                    .known()
                    .map_or("?".to_string(), |t| t.to_string()),
            )
        })
        .collect()
}

fn error(sql: &str) -> (String, String) {
    let e = bind_view(sql, &catalog()).unwrap_err();
    let at = e
        .range
        .clone()
        .map_or(String::new(), |r| sql[r].to_string());
    (e.to_string(), at)
}

#[test]
fn a_missing_column_is_an_invalid_identifier_at_its_place() {
    assert_eq!(
        error("select id, nosuchcol from orders"),
        ("invalid identifier 'NOSUCHCOL'".into(), "nosuchcol".into())
    );
    assert_eq!(
        error("select id from orders where nosuch > 0"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    assert_eq!(
        error("select o.id from orders o join customer c on o.customer_id = c.nope"),
        ("invalid identifier 'C.NOPE'".into(), "c.nope".into())
    );
}

#[test]
fn identifiers_fold_unquoted_and_keep_quoted() {
    // `mixed` folds to MIXED, which is not the quoted column "Mixed".
    assert_eq!(
        error("select mixed from orders").0,
        "invalid identifier 'MIXED'"
    );
    assert_eq!(
        names_and_types("select \"Mixed\", ID from orders"),
        [
            ("Mixed".into(), "VARCHAR(16777216)".into()),
            ("ID".into(), "NUMBER(38,0)".into())
        ]
    );
    assert_eq!(
        error("select \"id\" from orders").0,
        "invalid identifier '\"id\"'"
    );
}

#[test]
fn duplicate_output_names_are_refused() {
    assert_eq!(
        error("select id, id from orders"),
        ("duplicate column name 'ID'".into(), "id".into())
    );
    assert_eq!(
        error("select o.id, c.id from orders o join customer c on o.customer_id = c.id").0,
        "duplicate column name 'ID'"
    );
    // Renamed, they are fine; a plain query (not a view) may repeat names.
    assert!(
        bind_view(
            "select o.id, c.id as cid from orders o, customer c",
            &catalog()
        )
        .is_ok()
    );
    assert!(bind_statement("select id, id from orders", &catalog(), &[]).is_ok());
}

#[test]
fn scopes_ctes_subqueries_stars_and_windows() {
    assert_eq!(
        names_and_types(
            "with recent as (select id, amount from orders where amount > 0) \
             select r.*, (select max(c.name) from customer c where c.id = r.id) as name \
             from recent r qualify row_number() over (partition by r.id order by r.amount) = 1"
        ),
        [
            ("ID".into(), "NUMBER(38,0)".into()),
            ("AMOUNT".into(), "NUMBER(12,2)".into()),
            ("NAME".into(), "VARCHAR(16777216)".into()),
        ]
    );
    assert_eq!(names_and_types("select * from customer").len(), 2);
    assert_eq!(
        error("with r as (select id from orders) select amount from r").0,
        "invalid identifier 'AMOUNT'"
    );
    assert_eq!(
        error("select x.id from (select customer_id from orders) x").0,
        "invalid identifier 'X.ID'"
    );
    // A select-list alias may be named by later clauses (Snowflake's lateral alias).
    assert!(
        bind_view(
            "select amount * 2 as doubled from orders where doubled > 1",
            &catalog()
        )
        .is_ok()
    );
}

#[test]
fn flatten_and_semi_structured_paths() {
    assert_eq!(
        names_and_types(
            "select o.id, f.value:sku::varchar as sku, f.index, v:a.b as ab \
             from orders o, lateral flatten(input => o.v:items) f"
        ),
        [
            ("ID".into(), "NUMBER(38,0)".into()),
            ("SKU".into(), "VARCHAR(16777216)".into()),
            ("INDEX".into(), "NUMBER(38,0)".into()),
            ("AB".into(), "VARIANT".into()),
        ]
    );
    assert_eq!(
        error("select f.nope from orders o, lateral flatten(input => o.v) f").0,
        "invalid identifier 'F.NOPE'"
    );
    assert_eq!(
        error("select 1 as x from orders o, lateral flatten(input => o.nope) f").0,
        "invalid identifier 'O.NOPE'"
    );
}

/// SUM of NUMBER(p,s) is NUMBER(38,s), COUNT is NUMBER(18,0), MIN/MAX keep the type, a cast
/// names its type, AVG is SUM / COUNT under the division rule (see types.rs).
#[test]
fn output_types_follow_the_documented_rules() {
    assert_eq!(
        names_and_types(
            "select count(distinct id) as n, sum(amount) as total, avg(amount) as mean, \
             max(id) as top, amount::number(10,1) as cast, dateadd(day, 1, current_date()) as d \
             from orders"
        ),
        [
            ("N".into(), "NUMBER(18,0)".into()),
            ("TOTAL".into(), "NUMBER(38,2)".into()),
            ("MEAN".into(), "NUMBER(38,8)".into()),
            ("TOP".into(), "NUMBER(38,0)".into()),
            ("CAST".into(), "NUMBER(10,1)".into()),
            ("D".into(), "?".into()),
        ]
    );
}

#[test]
fn what_is_not_understood_is_accepted() {
    let c = catalog();
    // Unknown relations, stages, table functions, unparsable text.
    let unknown = bind_view("select anything from not_declared", &c)
        .unwrap()
        .unwrap();
    assert_eq!(unknown[0].name.as_str(), "ANYTHING");
    assert_eq!(unknown[0].data_type, ColumnType::Unknown);
    assert!(bind_view("select $1, nope from @stage/path", &c).is_ok());
    assert_eq!(bind_view("select * from not_declared", &c), Ok(None));
    assert_eq!(
        bind_view("select * from table(result_scan(last_query_id()))", &c),
        Ok(None)
    );
    assert_eq!(bind_view("select from where", &c), Ok(None));
    // A qualifier naming no source (a sequence) and bare date parts.
    assert!(
        bind_view(
            "select seq1.nextval as n, datediff(month, id, id) as m from orders",
            &c
        )
        .is_ok()
    );
}

#[test]
fn statements_check_their_column_lists() {
    let c = catalog();
    let merge = "merge into orders as t using (select id, name from customer) as s on t.id = s.id \
                 when matched then update set amount = s.id \
                 when not matched then insert (id, customer_id) values (s.id, s.id)";
    assert_eq!(bind_statement(merge, &c, &[]), Ok(()));
    let e = bind_statement(&merge.replace("set amount", "set amountt"), &c, &[]).unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'AMOUNTT'");
    let e = bind_statement(&merge.replace("s.id)", "s.idd)"), &c, &[]).unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'S.IDD'");
    let e = bind_statement(
        "insert into customer (id, nam) select id, name from customer",
        &c,
        &[],
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'NAM'");
    let copy = "copy into customer (id, nmae) from (select $1, $2 from @st/p/) file_format = (format_name = 'f')";
    let e = bind_statement(copy, &c, &[]).unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'NMAE'");
    assert_eq!(&copy[e.range.unwrap()], "nmae");
    let e = bind_statement(
        "update customer c set nme = o.amount from orders o where o.customer_id = c.id",
        &c,
        &[],
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'NME'");
    let e = bind_statement("update customer set name = 'x' where idd = 1", &c, &[]).unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'IDD'");
    let e = bind_statement(
        "delete from orders using customer c where orders.customer_id = c.idd",
        &c,
        &[],
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "invalid identifier 'C.IDD'");
    assert_eq!(
        bind_statement(
            "delete from orders o using customer c where o.customer_id = c.id",
            &c,
            &[]
        ),
        Ok(())
    );
    // A procedure's variables are accepted as names.
    let vars = [Ident::from_stored("P_ID")];
    assert_eq!(
        bind_statement("select id from orders where id = p_id", &c, &vars),
        Ok(())
    );
}

/// Snowflake forms that are valid against the catalog: none may be refused (a false error
/// would block a correct configuration).
#[test]
fn valid_snowflake_forms_are_never_refused() {
    let c = catalog();
    for sql in [
        "select current_timestamp, current_date as d, sysdate() as s from orders",
        "select orders.* exclude (v) from orders",
        "select * rename (id as oid) from orders",
        "select iff(amount > 0, 'x', 'y') as f, zeroifnull(amount) as z from orders",
        "select id from orders at(offset => -60)",
        "select id from orders sample (10)",
        "select date_trunc('month', current_date()) as m, extract(year from current_date()) as y from orders",
        "select position('a' in name) as p, trim(both ' ' from name) as t from customer",
        "select listagg(name, ',') within group (order by name) as l from customer",
        "select object_construct(*) as o from orders",
        "select array_agg(id) over (partition by customer_id order by amount rows between unbounded preceding and current row) as a from orders",
        "select seq8() as s, uuid_string() as u from orders",
        "select $1, t.$2 from @st/path t",
        "select value from table(flatten(input => parse_json('[1]')))",
        "select f.value, f.seq from orders o, lateral flatten(o.v:items) f",
        "select amount::number(10,2) as a, v:\"Key\"::string as k, v['a'][0] as e from orders",
        "select orders.id, s.orders.id as id2 from orders",
        "select id from orders where exists (select 1 from customer c where c.id = orders.customer_id)",
        "select id from orders where customer_id in (select id from customer)",
        "select id from orders union all select id from customer",
        "with recursive r (n) as (select 1 union all select n + 1 from r where n < 3) select n from r",
        "select c.name, x.total from customer c join (select customer_id, sum(amount) as total from orders group by 1) x on x.customer_id = c.id",
        "select o.id from orders o natural join customer",
        "select id from orders qualify row_number() over (partition by customer_id order by id desc) = 1",
        "select id, amount as a from orders order by a desc nulls last limit 10",
        "select count(*) as n from orders group by all",
        "select coalesce(c.name, 'n/a') as name from orders o left join customer c on o.customer_id = c.id",
        "select t.id from (values (1), (2)) as t (id)",
        "select metadata$action, metadata$filename from orders",
        "select :1 as b, ? as q from orders",
        // A column named by an unaliased expression: the relation's columns are unknown.
        "with x as (select id, count(*) from orders group by id) select x.anything from x",
    ] {
        assert!(
            bind_view(sql, &c).is_ok(),
            "{sql}: {:?}",
            bind_view(sql, &c)
        );
    }
    for sql in [
        "insert into customer (id, name) values (1, default)",
        "insert overwrite into customer select id, name from customer",
        "merge into orders t using customer s on t.customer_id = s.id when matched and s.name is null then delete when not matched then insert values (s.id, s.id, 0, null, 'x')",
        "copy into customer from @st/p/ file_format = (type = csv)",
        "call some_procedure(1)",
        "update customer set name = 'x' where id = 1",
    ] {
        assert_eq!(bind_statement(sql, &c, &[]), Ok(()), "{sql}");
    }
}

/// A SQL function's body, an expression or a query, binds with the arguments in scope
/// and typed; a missing name is reported at its place in the body
/// (https://docs.snowflake.com/en/developer-guide/udf/sql/udf-sql-introduction).
#[test]
fn function_bodies_bind_with_their_arguments() {
    let c = catalog();
    let number = DataType::Number {
        precision: 38,
        scale: 0,
    };
    let args = [(Ident::from_stored("WHO"), number)];
    let out = bind_function_body(
        "select sum(amount) as total from orders where customer_id = who",
        &c,
        &args,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        out[0].data_type.known().unwrap().to_string(),
        "NUMBER(38,2)"
    );
    assert!(bind_function_body("who * 2", &c, &args).is_ok());
    let e = bind_function_body("who + nosuch", &c, &args).unwrap_err();
    assert_eq!(e.kind, BindErrorKind::InvalidIdentifier("NOSUCH".into()));
    assert_eq!(e.range, Some(6..12));
    let e = bind_function_body("select who from orders where idd = 1", &c, &args).unwrap_err();
    assert_eq!(e.range, Some(29..32));
}

/// PIVOT and UNPIVOT output columns
/// (https://docs.snowflake.com/en/sql-reference/constructs/pivot,
/// https://docs.snowflake.com/en/sql-reference/constructs/unpivot).
#[test]
fn pivot_and_unpivot_name_their_columns() {
    assert_eq!(
        names_and_types(
            "select * from orders pivot (sum(amount) for customer_id in (1, 2 as two)) p"
        )
        .into_iter()
        .map(|(n, t)| format!("{n} {t}"))
        .collect::<Vec<_>>(),
        [
            "ID NUMBER(38,0)",
            "V VARIANT",
            "Mixed VARCHAR(16777216)",
            "1 NUMBER(38,2)",
            "TWO NUMBER(38,2)"
        ]
    );
    let unpivoted: Vec<String> =
        names_and_types("select * from customer unpivot (val for col in (id))")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
    assert_eq!(unpivoted, ["NAME", "COL", "VAL"]);
}

/// A materialized view's query: what "Limitations on creating materialized views" forbids
/// is named; a plain one-table aggregate is allowed.
#[test]
fn materialized_view_limits_are_named() {
    let c = catalog();
    let limit = |sql| materialized_view_limit(sql, &c);
    assert_eq!(
        limit("select customer_id, sum(amount) as s from orders group by customer_id"),
        None
    );
    assert_eq!(
        limit("select id from orders union all select id from customer"),
        Some("Set operators are not supported.")
    );
    assert_eq!(
        limit("with x as (select id from orders) select id from x"),
        Some("Subqueries are not supported.")
    );
    assert_eq!(
        limit("select id, rank() over (order by id) as r from orders"),
        Some("Window functions are not supported.")
    );
    assert_eq!(
        limit("select id from orders limit 1"),
        Some("LIMIT is not supported.")
    );
}

/// Every output column's name, as the binder names it, certain or not.
fn projected_names(sql: &str) -> Vec<String> {
    bind_renamed_view(sql, &catalog())
        .unwrap()
        .unwrap()
        .iter()
        .map(|c| c.name.as_str().to_string())
        .collect()
}

/// An unaliased expression is named by its whole text as written, upper case: the
/// SYSTIMESTAMP page's example prints the column `SYSTIMESTAMP()`
/// (https://docs.snowflake.com/en/sql-reference/functions/systimestamp). sqlparser's spans
/// leave out a call's closing parenthesis and a CAST's keyword; the names must not.
#[test]
fn unaliased_expressions_are_named_by_their_whole_text() {
    assert_eq!(
        projected_names(
            "select distinct top 5 sum(amount), count(*), cast(id as varchar),\n  systimestamp(), v['k'], id\nfrom orders group by all"
        ),
        [
            "SUM(AMOUNT)",
            "COUNT(*)",
            "CAST(ID AS VARCHAR)",
            "SYSTIMESTAMP()",
            "V['K']",
            "ID"
        ]
    );
    // A keyword inside the expression does not end it; a clause keyword after it does.
    assert_eq!(
        projected_names(
            "select id is distinct from 1, extract(year from current_date()), row_number() over (order by id) from orders where id > 0"
        ),
        [
            "ID IS DISTINCT FROM 1",
            "EXTRACT(YEAR FROM CURRENT_DATE())",
            "ROW_NUMBER() OVER (ORDER BY ID)"
        ]
    );
    // A trailing comma ends the list (https://docs.snowflake.com/en/sql-reference/sql/select).
    assert_eq!(
        projected_names("select upper(name), lower(name),\nfrom customer"),
        ["UPPER(NAME)", "LOWER(NAME)"]
    );
    assert_eq!(
        projected_names(
            "select (select max(id) from orders), 'é' || name as n, upper(name) from customer"
        ),
        ["(SELECT MAX(ID) FROM ORDERS)", "N", "UPPER(NAME)"]
    );
    let types = bind_renamed_view("select systimestamp() from orders", &catalog()).unwrap();
    assert_eq!(
        types.unwrap()[0].data_type,
        ColumnType::Known(DataType::TimestampLtz(9))
    );
}

/// `* EXCLUDE / REPLACE / RENAME` and `t.* …`
/// (https://docs.snowflake.com/en/sql-reference/sql/select#parameters): the columns left,
/// renamed, and retyped by REPLACE, in the order the table has them.
#[test]
fn star_exclude_replace_and_rename_shape_the_columns() {
    assert_eq!(
        names_and_types(
            "select * exclude (v, \"Mixed\") replace (customer_id as amount) rename (id as oid) from orders"
        ),
        [
            ("OID".to_string(), "NUMBER(38,0)".to_string()),
            ("CUSTOMER_ID".to_string(), "NUMBER(38,0)".to_string()),
            ("AMOUNT".to_string(), "NUMBER(38,0)".to_string()),
        ]
    );
    assert_eq!(
        names_and_types("select o.* exclude v rename amount as amt, c.name from orders o join customer c on c.id = o.customer_id")
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>(),
        ["ID", "CUSTOMER_ID", "AMT", "Mixed", "NAME"]
    );
    // REPLACE's expressions resolve like any select item's.
    assert_eq!(
        error("select * replace (nosuch as amount) from orders"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    // ILIKE keeps the columns whose names match, without regard to case; a name EXCLUDE
    // lists that the table lacks stays unknown (the page gives no error for it).
    let c = catalog();
    assert_eq!(
        names_and_types("select * ilike '%i%' rename id as oid from orders")
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>(),
        ["OID", "CUSTOMER_ID", "Mixed"]
    );
    // No column matching is the page's `SELECT with no columns`.
    assert_eq!(
        bind_view("select * ilike 'zz%' from orders", &c).map_err(|e| e.kind),
        Err(BindErrorKind::NoColumns)
    );
    assert_eq!(
        bind_view("select * exclude (nosuch) from orders", &c),
        Ok(None)
    );
}

/// USING and NATURAL join one column per joined name: `*` lists it once, so a view over
/// such a join has no duplicate column
/// (https://docs.snowflake.com/en/sql-reference/constructs/join).
#[test]
fn using_and_natural_joins_list_a_joined_column_once() {
    let names =
        |sql: &str| -> Vec<String> { names_and_types(sql).into_iter().map(|(n, _)| n).collect() };
    assert_eq!(
        names("select * from orders join customer using (id)"),
        ["ID", "CUSTOMER_ID", "AMOUNT", "V", "Mixed", "NAME"]
    );
    assert_eq!(
        names("select * from customer natural join orders"),
        ["ID", "NAME", "CUSTOMER_ID", "AMOUNT", "V", "Mixed"]
    );
    // A qualified star still lists its source's columns.
    assert_eq!(
        names("select customer.* from orders join customer using (id)"),
        ["ID", "NAME"]
    );
    // ON keeps both: a view of both is a duplicate.
    assert_eq!(
        error("select * from orders o join customer c on o.id = c.id").0,
        "duplicate column name 'ID'"
    );
}

/// Higher-order functions' lambdas
/// (https://docs.snowflake.com/en/user-guide/querying-semistructured#label-higher-order-functions):
/// the arguments are names in the body, the query's columns too; anything else is 000904.
/// `LIKE ALL (…)` (https://docs.snowflake.com/en/sql-reference/functions/like_all) binds its
/// patterns. ASOF JOIN's MATCH_CONDITION and ON
/// (https://docs.snowflake.com/en/sql-reference/constructs/asof-join) bind against both sides.
/// `TABLE('<name>')` (https://docs.snowflake.com/en/sql-reference/literals-table) reads the
/// named table.
#[test]
fn lambdas_like_all_asof_and_table_literals_bind() {
    let c = catalog();
    for sql in [
        "select transform(v, x -> x:a) as t, filter(v, e int -> e > amount) as f from orders",
        "select reduce(v, 0, (acc, e) -> acc + e) as r from orders",
        "select id from orders where \"Mixed\" like all ('a%', '%b')",
        "select o.id from orders o asof join customer c match_condition (o.id >= c.id) on o.customer_id = c.id",
    ] {
        assert!(
            bind_view(sql, &c).is_ok(),
            "{sql}: {:?}",
            bind_view(sql, &c)
        );
    }
    assert_eq!(
        error("select filter(v, x -> x > nosuch) as f from orders"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    assert_eq!(
        error("select id from orders where \"Mixed\" like all ('a%', nosuch)"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    assert_eq!(
        error("select o.id from orders o asof join customer c match_condition (o.nosuch >= c.id)"),
        ("invalid identifier 'O.NOSUCH'".into(), "o.nosuch".into())
    );
    assert_eq!(
        names_and_types("select * from table('customer') c"),
        [
            ("ID".to_string(), "NUMBER(38,0)".to_string()),
            ("NAME".to_string(), "VARCHAR(16777216)".to_string()),
        ]
    );
    assert_eq!(
        error("select nosuch from table('customer')"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
}

/// A dynamic PIVOT (`IN (ANY [ORDER BY …])`, `IN (SELECT …)`,
/// https://docs.snowflake.com/en/sql-reference/constructs/pivot) binds its ORDER BY and
/// subquery; its value columns are data, so unknown offline. MATCH_RECOGNIZE
/// (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize) binds its
/// clauses against its input and answers the partition columns and the measures (all
/// the input's columns first with ALL ROWS PER MATCH).
#[test]
fn dynamic_pivots_and_match_recognize_bind() {
    let c = catalog();
    assert_eq!(
        bind_view(
            "select * from orders pivot (sum(amount) for customer_id in (any order by customer_id))",
            &c
        ),
        Ok(None)
    );
    assert_eq!(
        error("select * from orders pivot (sum(amount) for customer_id in (any order by nosuch))"),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    assert_eq!(
        error(
            "select * from orders pivot (sum(amount) for customer_id in (select id from customer where nosuch))"
        ),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
    assert_eq!(
        names_and_types(
            "select * from orders match_recognize (partition by customer_id order by id measures match_number() as mn, last(amount) as last_amount one row per match pattern (a b+) define b as amount > prev(amount))"
        ),
        [
            ("CUSTOMER_ID".to_string(), "NUMBER(38,0)".to_string()),
            ("MN".to_string(), "?".to_string()),
            ("LAST_AMOUNT".to_string(), "?".to_string()),
        ]
    );
    assert_eq!(
        names_and_types(
            "select * from customer match_recognize (order by id measures classifier() as c all rows per match pattern (a) define a as true)"
        )
        .into_iter()
        .map(|(n, _)| n)
        .collect::<Vec<_>>(),
        ["ID", "NAME", "C"]
    );
    assert_eq!(
        error(
            "select * from orders match_recognize (order by id pattern (a) define a as nosuch > 0)"
        ),
        ("invalid identifier 'NOSUCH'".into(), "nosuch".into())
    );
}

/// `IDENTIFIER('<name>')` in an expression names a column
/// (https://docs.snowflake.com/en/sql-reference/identifier-literal: "not a true function").
#[test]
fn identifier_literals_name_columns() {
    let types = bind_renamed_view(
        "select identifier('name'), identifier('c.id') from customer c",
        &catalog(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        types
            .iter()
            .map(|c| c.data_type.clone())
            .collect::<Vec<_>>(),
        [
            ColumnType::Known(DataType::Varchar(16_777_216)),
            ColumnType::Known(DataType::Number {
                precision: 38,
                scale: 0
            })
        ]
    );
    assert_eq!(
        error("select identifier('nosuch') as x from customer").0,
        "invalid identifier 'NOSUCH'"
    );
    // A variable names nothing the binder knows: accepted.
    assert!(bind_view("select identifier(:v) as x from customer", &catalog()).is_ok());
}

/// Forms sqlparser reads only once rewritten in place (`parse::rewritten`) bind with
/// positions in the text as written: a DIRECTED join
/// (https://docs.snowflake.com/en/sql-reference/constructs/join) and the TIMESTAMP_LTZ
/// synonym `TIMESTAMP WITH LOCAL TIME ZONE`
/// (https://docs.snowflake.com/en/sql-reference/data-types-datetime).
#[test]
fn rewritten_forms_bind_at_their_written_positions() {
    assert_eq!(
        error(
            "select o.id from orders o inner directed join customer c on c.nosuch = o.customer_id"
        ),
        ("invalid identifier 'C.NOSUCH'".into(), "c.nosuch".into())
    );
    assert_eq!(
        names_and_types("select id::timestamp with local time zone as t from orders"),
        [("T".to_string(), "TIMESTAMP_LTZ(9)".to_string())]
    );
    assert_eq!(
        projected_names("select id::timestamp with local time zone from orders"),
        ["ID::TIMESTAMP WITH LOCAL TIME ZONE"]
    );
}
