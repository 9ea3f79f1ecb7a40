//! Rows of another table read beside the repairs: in (repair, version) order, from the
//! period's first repair on, taken as the repairs ask for them in id order. One ordered
//! pass over each table and a merge here, rather than grouping a whole table per repair
//! and joining the groups (SQLite builds and sorts an index for that join: over 1 s on
//! 1,000,000 tickets with their service reports), or a lookup per repair.

use crate::error::{Result, SqlContext};

/// A row's repair id and what the caller keeps of it.
pub type Read<T> = fn(&rusqlite::Row) -> rusqlite::Result<(i64, T)>;

pub struct Beside<'s, T> {
    rows: rusqlite::Rows<'s>,
    read: Read<T>,
    /// The first row of a later repair, read ahead.
    ahead: Option<(i64, T)>,
    done: bool,
    what: &'static str,
}

impl<'s, T> Beside<'s, T> {
    /// `rows` must come in increasing repair id order (then in the order `fold` expects).
    pub fn new(rows: rusqlite::Rows<'s>, read: Read<T>, what: &'static str) -> Self {
        Beside { rows, read, ahead: None, done: false, what }
    }

    /// Repair `id`'s rows folded into `init`, in the order they come, passing over those
    /// of repairs before it (`id`s must be asked for in increasing order).
    pub fn fold<A>(&mut self, id: i64, init: A, mut f: impl FnMut(A, T) -> A) -> Result<A> {
        let mut acc = init;
        loop {
            let (repair, value) = match self.ahead.take() {
                Some(v) => v,
                None if self.done => break,
                None => match self.rows.next().ctx(self.what)? {
                    Some(r) => (self.read)(r).ctx(self.what)?,
                    None => {
                        self.done = true;
                        break;
                    }
                },
            };
            if repair > id {
                self.ahead = Some((repair, value));
                break;
            }
            if repair == id {
                acc = f(acc, value);
            }
        }
        Ok(acc)
    }
}
