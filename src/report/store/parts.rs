//! The parts analysis' SQL (`super::super::analysis::parts`): each part's demand, stock
//! and last movement, and the one write of `report parts --apply`, a part's `min_qty`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::db::Tx;
use crate::error::{Result, SqlContext};
use crate::report::analysis::parts::Line;

/// Whether a part of this number is on record.
pub fn part_known(conn: &Connection, part_no: &str) -> Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM parts WHERE part_no = ?1)", [part_no], |r| r.get(0))
        .ctx("looking up a part")
}

/// Set a part's `min_qty` (the caller records the change in the history).
pub fn set_min_qty(tx: &Tx, part_no: &str, min_qty: i64) -> Result<()> {
    tx.execute("UPDATE parts SET min_qty = ?1 WHERE part_no = ?2", params![min_qty, part_no])
        .ctx("setting a part's min_qty")?;
    Ok(())
}

/// Every active part (or the ones named, known: `part_known`): stock on hand, net issues to repairs and
/// maintenance in [from, to), the last movement. Summed in SQL, one row per part.
pub fn lines(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    only: &[String],
) -> Result<Vec<Line>> {
    let only = serde_json::to_string(only).unwrap_or_else(|_| "[]".into());
    crate::db::all_rows(
        conn,
        "WITH used AS (SELECT part_id, -sum(qty) AS qty FROM movements
                        WHERE kind IN ('issue', 'return') AND at >= ?1 AND at < ?2 GROUP BY part_id),
              held AS (SELECT part_id, sum(qty) AS qty FROM stock GROUP BY part_id),
              last AS (SELECT part_id, max(at) AS at FROM movements GROUP BY part_id)
         SELECT p.part_no, p.name, p.unit, coalesce(h.qty, 0), coalesce(u.qty, 0), p.min_qty, l.at,
                CAST(julianday(?3) - julianday(l.at) AS INTEGER)
           FROM parts p LEFT JOIN used u ON u.part_id = p.id LEFT JOIN held h ON h.part_id = p.id
           LEFT JOIN last l ON l.part_id = p.id
          WHERE p.active = 1 AND (json_array_length(?4) = 0 OR p.part_no IN (SELECT value FROM json_each(?4)))
          ORDER BY p.part_no",
        params![crate::clock::utc_text(from), crate::clock::utc_text(to), crate::clock::utc_text(now), only],
        "summing parts demand",
        |r| {
            Ok(Line {
                part_no: r.get(0)?,
                name: r.get(1)?,
                unit: r.get(2)?,
                on_hand: r.get(3)?,
                used: r.get(4)?,
                min_qty: r.get(5)?,
                last_movement: r
                    .get::<_, Option<String>>(6)?
                    .and_then(|t| crate::clock::local_date(&t))
                    .map(|d| d.to_string()),
                idle_days: r.get(7)?,
            })
        },
    )
}
