//! The surveys' SQL (the storage seam, issue 8): the columns table beside `Survey`
//! builds the statements; here are the filters and orders they run with.

use rusqlite::{params, Connection};

use super::{Filter, Survey};
use crate::db::Tx;
use crate::error::Result;
use crate::exchange::columns;

/// The survey of a customer (by code) on a date through a channel.
pub fn find(conn: &Connection, customer: &str, date: &str, channel: &str) -> Result<Option<(i64, Survey)>> {
    let filter = "WHERE c.code = ?1 AND s.date = ?2 AND s.channel = ?3";
    columns::find(conn, filter, [customer, date, channel], "looking up a survey")
}

/// Write a new survey of customer `customer_id`; its id.
pub fn insert(tx: &Tx, s: &Survey, customer_id: i64) -> Result<i64> {
    columns::insert(tx.conn(), s, &[&customer_id], "adding a survey")
}

/// Change a survey's answers (its customer, date and channel are its key).
pub fn update(tx: &Tx, id: i64, s: &Survey) -> Result<()> {
    columns::update(tx.conn(), id, s, &[], "changing a survey")
}

/// Surveys by date, then customer.
pub fn list(conn: &Connection, f: &Filter, each: &mut dyn FnMut(Survey) -> Result<()>) -> Result<()> {
    let limit = f.limit.map(|l| l as i64).unwrap_or(-1);
    let tail = "WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR s.channel = ?2) AND (?3 IS NULL OR s.date >= ?3)
               AND (?4 IS NULL OR s.date <= ?4) ORDER BY s.date, c.code, s.channel LIMIT ?5";
    columns::each(conn, tail, params![f.customer, f.channel, f.since, f.until, limit], "listing surveys", each)
}
