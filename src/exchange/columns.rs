//! A record's columns, written once (issue 8). An area lists its fields in one
//! `record_columns!` table; the canonical column list, the personal columns, the help
//! lines, the SELECT, the INSERT, the UPDATE, reading a row and binding a record's
//! values all come from that table, in its order. SQL text is built from the table's
//! constant names only, once per type; every value is bound as a parameter.
//!
//! A column has two names: its canonical key (`customer_code`, what scripts read) and
//! its label in each catalogued language (`客户编号`, what `--headers zh` writes and what
//! people type in a sheet). `position` knows both, so a file with Chinese headers
//! imports without a map.

use rusqlite::{Connection, OptionalExtension, Params, Row, ToSql};

#[cfg(test)]
use super::{Record, Stored};
use crate::error::{Result, SqlContext};
use crate::words::catalogue::{self, Lang};

/// Where a record type's rows live: the table written, and how reading joins the
/// tables its derived columns come from.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// The table inserted into and updated.
    pub name: &'static str,
    /// Its alias in the SELECT, when the SELECT joins other tables.
    pub alias: Option<&'static str>,
    /// What follows `FROM name alias` in the SELECT (`JOIN customers c ON ...`).
    pub joins: &'static str,
    /// Columns the INSERT also writes, each with its constant SQL expression. In the
    /// expression, `{column}` is the parameter of that field and `?` a value the area
    /// passes after its resolved ones (e.g. the transaction's time).
    pub insert_also: &'static [(&'static str, &'static str)],
    /// The SQL expression the SELECT reads the row id with; `None`: the table's `id`.
    pub id: Option<&'static str>,
    /// A posted record (`posted`): the balances table the SELECT reads instead of
    /// `name`. No INSERT or UPDATE is built: its rows are written by posting.
    pub posted: Option<&'static str>,
}

impl Table {
    pub const fn new(name: &'static str) -> Table {
        Table { name, alias: None, joins: "", insert_also: &[], id: None, posted: None }
    }

    /// A posted record: a ledger's balance, written only by posting movements to `name`
    /// (the area's own write path, so it is never updated in place) and read back
    /// from `balances`, a table the ledger keeps. Export reads it; import posts it.
    pub const fn posted(self, balances: &'static str) -> Table {
        Table { posted: Some(balances), ..self }
    }

    /// Read the row id with this SQL expression (a balance has no row id of its own:
    /// its latest movement's).
    pub const fn id(self, sql: &'static str) -> Table {
        Table { id: Some(sql), ..self }
    }

    /// Read as `name alias joins`.
    pub const fn joined(self, alias: &'static str, joins: &'static str) -> Table {
        Table { alias: Some(alias), joins, ..self }
    }

    pub const fn insert_also(self, also: &'static [(&'static str, &'static str)]) -> Table {
        Table { insert_also: also, ..self }
    }
}

/// One column of a record: its canonical key and how it is read and written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The canonical column key (file header, serde name, `--flag`).
    pub column: &'static str,
    /// The SQL expression the SELECT reads it with; `None`: the table's column of the
    /// same name.
    pub read: Option<&'static str>,
    /// The table column it is written to; `None`: read only (derived, or resolved
    /// together with another field).
    pub write: Option<&'static str>,
    /// Written from a value the area resolves (an id looked up from a code), not from
    /// the record.
    pub resolved: bool,
    /// Part of the record's key: written by the INSERT, never by the UPDATE.
    pub key: bool,
    /// Personal data, masked by `--redact` (R8.1.2).
    pub personal: bool,
    /// One line of help for the column's `--flag`.
    pub help: Option<&'static str>,
}

impl Field {
    /// A column read from and written to the table's column of the same name.
    pub const fn new(column: &'static str) -> Field {
        Field { column, read: None, write: Some(column), resolved: false, key: false, personal: false, help: None }
    }

    /// Part of the key: inserted, never updated.
    pub const fn key(self) -> Field {
        Field { key: true, ..self }
    }

    /// Read with this SQL expression (a joined table's column).
    pub const fn read(self, sql: &'static str) -> Field {
        Field { read: Some(sql), ..self }
    }

    /// Written to `column` with a value the area resolves (`customer_id` for `customer_code`).
    pub const fn resolved(self, column: &'static str) -> Field {
        Field { write: Some(column), resolved: true, ..self }
    }

    /// Not written (derived, or resolved together with another field).
    pub const fn read_only(self) -> Field {
        Field { write: None, ..self }
    }

    pub const fn personal(self) -> Field {
        Field { personal: true, ..self }
    }

    pub const fn help(self, text: &'static str) -> Field {
        Field { help: Some(text), ..self }
    }
}

/// The SQL of one record type, built once from its table.
#[derive(Debug)]
pub struct Sql {
    /// `SELECT id, <reads> FROM table alias joins`: the row id, then one expression
    /// per field in column order (what `from_row` reads).
    pub select: String,
    /// `INSERT INTO table(<written columns>) VALUES (?1, ...) RETURNING id`; empty for
    /// a posted record.
    pub insert: String,
    /// `UPDATE table SET <written, non-key columns> WHERE id = ?1`; empty for a posted
    /// record.
    pub update: String,
}

impl Sql {
    pub fn build(table: &Table, fields: &[Field]) -> Sql {
        let qualify = |column: &str| match table.alias {
            Some(a) => format!("{a}.{column}"),
            None => column.to_string(),
        };
        let mut reads = vec![table.id.map_or_else(|| qualify("id"), str::to_string)];
        reads.extend(fields.iter().map(|f| f.read.map_or_else(|| qualify(f.column), str::to_string)));
        let mut from = table.posted.unwrap_or(table.name).to_string();
        if let Some(a) = table.alias {
            from = format!("{from} {a}");
        }
        if !table.joins.is_empty() {
            from = format!("{from} {}", table.joins);
        }
        let select = format!("SELECT {} FROM {from}", reads.join(", "));
        if table.posted.is_some() {
            return Sql { select, insert: String::new(), update: String::new() };
        }

        let written: Vec<(&Field, &str)> = fields.iter().filter_map(|f| f.write.map(|w| (f, w))).collect();
        let mut columns: Vec<&str> = written.iter().map(|(_, w)| *w).collect();
        let mut values: Vec<String> = (1..=written.len()).map(|n| format!("?{n}")).collect();
        let mut next = written.len();
        for (column, expr) in table.insert_also {
            let mut expr = expr.to_string();
            for (n, (f, _)) in written.iter().enumerate() {
                expr = expr.replace(&format!("{{{}}}", f.column), &format!("?{}", n + 1));
            }
            if expr == "?" {
                next += 1;
                expr = format!("?{next}");
            }
            columns.push(column);
            values.push(expr);
        }
        let insert =
            format!("INSERT INTO {}({}) VALUES ({}) RETURNING id", table.name, columns.join(", "), values.join(", "));

        let set: Vec<String> =
            written.iter().filter(|(f, _)| !f.key).enumerate().map(|(n, (_, w))| format!("{w} = ?{}", n + 2)).collect();
        let update = format!("UPDATE {} SET {} WHERE id = ?1", table.name, set.join(", "));
        Sql { select, insert, update }
    }
}

/// What `record_columns!` implements for a record type.
pub trait Columns: Sized + 'static {
    const FROM: Table;
    const FIELDS: &'static [Field];
    /// The canonical columns, in order (`Record::COLUMNS`).
    const NAMES: &'static [&'static str];
    /// The personal columns (`Record::PERSONAL`).
    const PERSONAL_NAMES: &'static [&'static str];
    /// The help lines (`Record::HELP`).
    const HELP_LINES: &'static [(&'static str, &'static str)];

    /// The type's SQL, built on first use.
    fn sql() -> &'static Sql;

    /// The row id and the record, from a row of `sql().select`.
    fn from_row(r: &Row) -> rusqlite::Result<(i64, Self)>;

    /// The record's values, one per field in column order.
    fn values(&self) -> Vec<&dyn ToSql>;
}

/// The values of the written fields, in the order of the INSERT (`update`: of the
/// UPDATE's SET), resolved fields from `given` in turn, then what is left of `given`.
fn bind<'a, T: Columns>(record: &'a T, given: &[&'a dyn ToSql], update: bool) -> Vec<&'a dyn ToSql> {
    let mut given = given.iter().copied();
    let mut out = Vec::with_capacity(T::FIELDS.len() + 1);
    for (f, v) in T::FIELDS.iter().zip(record.values()) {
        if f.write.is_none() || (update && f.key) {
            continue;
        }
        if f.resolved {
            // A missing value leaves a parameter unbound: SQLite refuses the statement.
            out.extend(given.next());
        } else {
            out.push(v);
        }
    }
    out.extend(given);
    out
}

/// Insert a record; `given` holds the resolved fields' values in column order, then
/// the values of the table's `insert_also` `?`s. Returns the new row id.
pub fn insert<T: Columns>(conn: &Connection, record: &T, given: &[&dyn ToSql], what: &str) -> Result<i64> {
    refuse_posted::<T>(what)?;
    let values = bind(record, given, false);
    conn.prepare_cached(insert_sql::<T>()).and_then(|mut s| s.execute(values.as_slice())).ctx(what)?;
    Ok(conn.last_insert_rowid())
}

/// The INSERT as run: without its RETURNING. SQLite collects returned rows in a
/// temporary b-tree it opens and frees for every statement, which doubled the cost of
/// each row of an import. The row id it would return is the connection's last inserted
/// one (a trigger's inserts do not change that once the statement is done). Reading it
/// afterwards is safe only because a connection is used by one thread at a time
/// (rusqlite's Connection is not Sync) and nothing runs on it between the insert and the
/// read: another insert in between would change the id read.
fn insert_sql<T: Columns>() -> &'static str {
    let sql = T::sql().insert.as_str();
    sql.strip_suffix(" RETURNING id").unwrap_or(sql)
}

/// `insert` of many records with nothing resolved (`given` empty), through one statement
/// prepared once: an import's rows, without a look-up in the connection's statement
/// cache for each (hashing the SQL text there and back, clearing the bindings).
pub struct Inserter<'c, T> {
    conn: &'c Connection,
    stmt: rusqlite::Statement<'c>,
    what: &'static str,
    record: std::marker::PhantomData<fn(&T)>,
}

impl<'c, T: Columns> Inserter<'c, T> {
    /// `what` names the work in errors, as `insert`'s does.
    pub fn new(conn: &'c Connection, what: &'static str) -> Result<Self> {
        refuse_posted::<T>(what)?;
        let stmt = conn.prepare(insert_sql::<T>()).ctx(what)?;
        Ok(Inserter { conn, stmt, what, record: std::marker::PhantomData })
    }

    /// As `insert(conn, record, &[], what)`: the new row id.
    pub fn insert(&mut self, record: &T) -> Result<i64> {
        // A table whose every field is written from the record as it is (a customer's)
        // binds the record's values in their own order: no second list.
        let values = if T::FIELDS.iter().all(|f| f.write.is_some() && !f.resolved) {
            record.values()
        } else {
            bind(record, &[], false)
        };
        self.stmt.execute(values.as_slice()).ctx(self.what)?;
        Ok(self.conn.last_insert_rowid())
    }
}

/// Update row `id` with a record's non-key fields; `given` as for `insert`, for the
/// resolved non-key fields.
pub fn update<T: Columns>(conn: &Connection, id: i64, record: &T, given: &[&dyn ToSql], what: &str) -> Result<()> {
    refuse_posted::<T>(what)?;
    let mut values: Vec<&dyn ToSql> = vec![&id];
    values.extend(bind(record, given, true));
    conn.prepare_cached(&T::sql().update).and_then(|mut s| s.execute(values.as_slice())).ctx(what)?;
    Ok(())
}

/// A posted record is written by its ledger's posting, never through its table.
fn refuse_posted<T: Columns>(what: &str) -> Result<()> {
    match T::FROM.posted {
        Some(_) => Err(rusqlite::Error::InvalidQuery).ctx(what),
        None => Ok(()),
    }
}

/// The row id and record the type's SELECT finds with `filter` (constant SQL after
/// the FROM: `WHERE code = ?1`).
pub fn find<T: Columns>(conn: &Connection, filter: &str, params: impl Params, what: &str) -> Result<Option<(i64, T)>> {
    conn.prepare_cached(&format!("{} {filter}", T::sql().select))
        .and_then(|mut s| s.query_row(params, T::from_row).optional())
        .ctx(what)
}

/// Every record the type's SELECT finds with `tail` (constant SQL: `WHERE (?1 IS NULL OR
/// type = ?1) ORDER BY code`) and `params`, to `each`.
pub fn each<T: Columns>(
    conn: &Connection,
    tail: &str,
    params: impl Params,
    what: &str,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<()> {
    let sql = format!("{} {tail}", T::sql().select);
    crate::db::each_row(conn, &sql, params, what, |r| T::from_row(r).map(|(_, t)| t), each)
}

/// A header as compared: trimmed, without a byte-order mark, full-width forms made
/// half-width, case folded (` Name `, `ＮＡＭＥ` and `name` are one header).
pub fn header_key(h: &str) -> String {
    super::normalize::half_width(h.trim().trim_start_matches('\u{FEFF}')).trim().to_lowercase()
}

/// Whether `header` names the canonical column `column`: the key itself or the column's
/// label in a catalogued language (the command's own, or the one shared by all).
pub fn is_named(column: &str, header: &str) -> bool {
    let header = header_key(header);
    header == column
        || Lang::CATALOGUED.iter().any(|&lang| {
            let label = catalogue::label(column, lang);
            let shared = catalogue::word(&format!("col-{column}"), lang);
            (label != column && header_key(&label) == header) || shared.is_some_and(|l| header_key(&l) == header)
        })
}

/// The column of `columns` that `header` names (`is_named`), the key before a label.
pub fn position(columns: &[&str], header: &str) -> Option<usize> {
    let key = header_key(header);
    columns.iter().position(|c| *c == key).or_else(|| columns.iter().position(|c| is_named(c, header)))
}

/// How many fields satisfy `keep`; a const fn, so that the lists below are consts.
pub const fn count(fields: &[Field], personal: bool, help: bool) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < fields.len() {
        if (!personal || fields[i].personal) && (!help || fields[i].help.is_some()) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The canonical columns (`personal`: only the personal ones), in order.
pub const fn names<const N: usize>(fields: &[Field], personal: bool) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < fields.len() {
        if !personal || fields[i].personal {
            out[n] = fields[i].column;
            n += 1;
        }
        i += 1;
    }
    out
}

/// The (column, help) pairs, in order.
pub const fn help<const N: usize>(fields: &[Field]) -> [(&'static str, &'static str); N] {
    let mut out = [("", ""); N];
    let (mut i, mut n) = (0, 0);
    while i < fields.len() {
        if let Some(h) = fields[i].help {
            out[n] = (fields[i].column, h);
            n += 1;
        }
        i += 1;
    }
    out
}

/// Declare a record type's columns once:
///
/// ```ignore
/// record_columns! {
///     Customer in Table::new("customers") {
///         code: Field::new("code").key(),
///         kind: Field::new("type").help("hospital, clinic, distributor or other"),
///         contact: Field::new("contact").personal(),
///     }
/// }
/// ```
///
/// Each line is a struct field and its `Field`, in canonical column order; every
/// field of the struct is listed (a missing one does not compile). `Field` and `Table`
/// are in scope inside the macro.
#[macro_export]
macro_rules! record_columns {
    ($ty:ident in $table:expr => { $( $field:ident : $def:expr ),* $(,)? }) => {
        impl $crate::exchange::columns::Columns for $ty {
            const FROM: $crate::exchange::columns::Table = {
                #[allow(unused_imports)]
                use $crate::exchange::columns::{Field, Table};
                $table
            };
            const FIELDS: &'static [$crate::exchange::columns::Field] = {
                #[allow(unused_imports)]
                use $crate::exchange::columns::{Field, Table};
                &[$( $def ),*]
            };
            const NAMES: &'static [&'static str] = &$crate::exchange::columns::names::<
                { $crate::exchange::columns::count(<$ty as $crate::exchange::columns::Columns>::FIELDS, false, false) },
            >(<$ty as $crate::exchange::columns::Columns>::FIELDS, false);
            const PERSONAL_NAMES: &'static [&'static str] = &$crate::exchange::columns::names::<
                { $crate::exchange::columns::count(<$ty as $crate::exchange::columns::Columns>::FIELDS, true, false) },
            >(<$ty as $crate::exchange::columns::Columns>::FIELDS, true);
            const HELP_LINES: &'static [(&'static str, &'static str)] = &$crate::exchange::columns::help::<
                { $crate::exchange::columns::count(<$ty as $crate::exchange::columns::Columns>::FIELDS, false, true) },
            >(<$ty as $crate::exchange::columns::Columns>::FIELDS);

            fn sql() -> &'static $crate::exchange::columns::Sql {
                static SQL: ::std::sync::OnceLock<$crate::exchange::columns::Sql> = ::std::sync::OnceLock::new();
                SQL.get_or_init(|| {
                    $crate::exchange::columns::Sql::build(
                        &<$ty as $crate::exchange::columns::Columns>::FROM,
                        <$ty as $crate::exchange::columns::Columns>::FIELDS,
                    )
                })
            }

            fn from_row(r: &::rusqlite::Row) -> ::rusqlite::Result<(i64, Self)> {
                let mut _i = 0usize;
                Ok((r.get(0)?, $ty { $( $field: { _i += 1; r.get(_i)? } ),* }))
            }

            fn values(&self) -> Vec<&dyn ::rusqlite::ToSql> {
                vec![$( &self.$field as &dyn ::rusqlite::ToSql ),*]
            }
        }
    };
}

/// For the unit test of each converted type: the generated SQL against COLUMNS and
/// against a migrated schema. Returns what disagrees (empty: all agree).
#[cfg(test)]
pub fn disagreements<T: Columns + Stored>(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    let sql = T::sql();
    let (columns, table) = (<T as Record>::COLUMNS, T::FROM.name);
    if T::NAMES != columns {
        out.push(format!("the table's columns {:?} are not COLUMNS {columns:?}", T::NAMES));
    }
    if table != <T as Stored>::TABLE {
        out.push(format!("the table written, {table}, is not Stored::TABLE {}", <T as Stored>::TABLE));
    }
    if T::PERSONAL_NAMES != <T as Record>::PERSONAL {
        out.push(format!("personal {:?} is not PERSONAL {:?}", T::PERSONAL_NAMES, <T as Record>::PERSONAL));
    }
    if T::HELP_LINES != <T as Record>::HELP {
        out.push(format!("help {:?} is not HELP {:?}", T::HELP_LINES, <T as Record>::HELP));
    }
    // The SELECT prepares, and yields the id and one value per column.
    match conn.prepare(&sql.select) {
        Ok(s) if s.column_count() == columns.len() + 1 => {}
        Ok(s) => out.push(format!("the SELECT yields {} values, not 1 + {}", s.column_count(), columns.len())),
        Err(e) => out.push(format!("the SELECT does not prepare: {e}: {}", sql.select)),
    }
    if T::FROM.posted.is_some() {
        // Nothing is written through the table: only the SELECT is to agree.
        return out;
    }
    // Every written column exists in the table.
    let existing: Vec<String> = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{}')", table))
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    let written = T::FIELDS.iter().filter_map(|f| f.write).chain(T::FROM.insert_also.iter().map(|(c, _)| *c));
    for w in written {
        if !existing.iter().any(|e| e == w) {
            out.push(format!("{} has no column {w}", table));
        }
    }
    // The INSERT and UPDATE prepare, and take as many parameters as there are values.
    let inserted = T::FIELDS.iter().filter(|f| f.write.is_some()).count();
    let updated = T::FIELDS.iter().filter(|f| f.write.is_some() && !f.key).count();
    for (what, text, least) in [("INSERT", &sql.insert, inserted), ("UPDATE", &sql.update, updated + 1)] {
        match conn.prepare(text) {
            Ok(s) if s.parameter_count() >= least => {}
            Ok(s) => out.push(format!("the {what} takes {} parameters, not {least}", s.parameter_count())),
            Err(e) => out.push(format!("the {what} does not prepare: {e}: {text}")),
        }
    }
    out
}

/// Assert that `T`'s declared columns agree with its `Record` and a migrated schema;
/// the database, for further checks.
#[cfg(test)]
pub fn assert_agree<T: Columns + Stored>() -> Connection {
    let conn = migrated();
    assert_eq!(disagreements::<T>(&conn), Vec::<String>::new(), "{}", std::any::type_name::<T>());
    conn
}

#[cfg(test)]
pub fn migrated() -> Connection {
    let mut conn = Connection::open_in_memory().expect("an in-memory database");
    crate::db::migrate::migrate(&mut conn, std::path::Path::new(":memory:"), "2026-01-01T00:00:00Z")
        .expect("the migrations run on an empty database");
    conn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_is_built_from_the_table() {
        const FIELDS: &[Field] = &[
            Field::new("code").key(),
            Field::new("customer_code").read("c.code").resolved("customer_id"),
            Field::new("name").help("the name"),
            Field::new("phone").personal(),
            Field::new("maker").read("m.maker").read_only(),
        ];
        let t = Table::new("things")
            .joined("t", "JOIN customers c ON c.id = t.customer_id")
            .insert_also(&[("avg", "coalesce({name}, 0)"), ("at", "?")]);
        let sql = Sql::build(&t, FIELDS);
        assert_eq!(
            sql.select,
            "SELECT t.id, t.code, c.code, t.name, t.phone, m.maker FROM things t JOIN customers c ON c.id = t.customer_id"
        );
        assert_eq!(
            sql.insert,
            "INSERT INTO things(code, customer_id, name, phone, avg, at) VALUES (?1, ?2, ?3, ?4, coalesce(?3, 0), ?5) RETURNING id"
        );
        assert_eq!(sql.update, "UPDATE things SET customer_id = ?2, name = ?3, phone = ?4 WHERE id = ?1");
        assert_eq!(names::<{ count(FIELDS, true, false) }>(FIELDS, true), ["phone"]);
        assert_eq!(help::<{ count(FIELDS, false, true) }>(FIELDS), [("name", "the name")]);
    }

    #[test]
    fn a_posted_record_is_read_from_its_balances_and_never_written_through_the_table() {
        const FIELDS: &[Field] = &[Field::new("code").read("t.code").read_only(), Field::new("qty").read("b.qty")];
        let t = Table::new("moves")
            .posted("balances")
            .joined("b", "JOIN things t ON t.id = b.thing_id")
            .id("(SELECT max(m.id) FROM moves m WHERE m.thing_id = b.thing_id)");
        let sql = Sql::build(&t, FIELDS);
        assert_eq!(
            sql.select,
            "SELECT (SELECT max(m.id) FROM moves m WHERE m.thing_id = b.thing_id), t.code, b.qty \
             FROM balances b JOIN things t ON t.id = b.thing_id"
        );
        assert_eq!((sql.insert.as_str(), sql.update.as_str()), ("", ""));
    }
}
