//! Asking the kernel for the pages a listing is about to read, all at once (issue 17: the
//! morning cron listings from a cold page cache).
//!
//! From a cold page cache every page SQLite reads is a read of the disk, and SQLite asks
//! for one page at a time: a listing that looks 400 follow-ups' repairs, tickets,
//! customers and devices up waits for 800 reads one after the other (about 90 µs each on
//! the benchmark's virtual disk, and a wake-up each on a busy machine). A disk serves many
//! reads at once when it is asked for many: on that disk, 800 random pages named to the
//! kernel at once (`posix_fadvise(WILLNEED)`) were read in 7 ms, against 35 ms one after
//! the other. So before such a listing runs its query, it names the pages the query will
//! read: it walks the B-trees' interior pages itself (a few levels, each level's pages
//! asked for together) down to the leaves that hold the rows it will look up, or to every
//! leaf of a small tree. The query then runs as before, one statement on one snapshot,
//! and finds its pages in memory or on their way.
//!
//! This is a hint and nothing more. It reads the database file as it is on disk (pages
//! newer in the WAL are not looked for; an interior page changed since then only makes
//! it ask for pages the query will not need), it never writes, and a page it cannot
//! make sense of ends the walk of that tree: what a listing prints is always its query's.

use std::fs::File;
use std::os::unix::fs::FileExt;

use rusqlite::Connection;

/// The biggest tree `whole` asks for entirely (1,024 pages, 4 MB at 4 KiB pages): the small tables a
/// listing looks up for nearly every row (customers, the device serial numbers), not the
/// large ones, whose pages are asked for by key (`rows`).
const WHOLE_TREE_MAX_PAGES: usize = 1024;

/// Deeper than any B-tree SQLite makes (it stops at 20 levels).
const MAX_DEPTH: usize = 20;

/// A database file opened for reading ahead, with the roots of its B-trees.
pub struct Readahead<'c> {
    conn: &'c Connection,
    file: File,
    page_size: u64,
}

impl<'c> Readahead<'c> {
    /// The file under `conn`, or None when there is none to read (in memory) or it cannot
    /// be opened: the listing then reads as it always did.
    pub fn open(conn: &'c Connection) -> Option<Readahead<'c>> {
        let path = conn.path().filter(|p| !p.is_empty())?;
        let file = File::open(path).ok()?;
        let page_size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).ok()?;
        Some(Readahead { conn, file, page_size })
    }

    /// Ask for every page of the B-tree `name` (a table or an index) when it has at most
    /// `WHOLE_TREE_MAX_PAGES` leaves: its interior pages are read, its leaves asked for.
    pub fn whole(&self, name: &str) {
        if let Some(root) = self.root(name) {
            self.walk(root, &Keys::All);
        }
    }

    /// Ask for the leaves of table `name` that hold the rows `rowids` (sorted, ascending).
    pub fn rows(&self, name: &str, rowids: &[i64]) {
        if rowids.is_empty() {
            return;
        }
        if let Some(root) = self.root(name) {
            self.walk(root, &Keys::Rowids(rowids));
        }
    }

    fn root(&self, name: &str) -> Option<u32> {
        self.conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).ok()
    }

    /// Down the tree from `root`, one level at a time: the children wanted of every
    /// interior page of a level are asked for together, then read (they are the next
    /// level) unless they are leaves, which are only asked for. Returns the leaves asked
    /// for (none when the walk gave up, or the root is the only page).
    fn walk(&self, root: u32, keys: &Keys) -> Vec<u32> {
        // Each page with the rowids it can hold: (lower, upper].
        let mut level = vec![(root, i64::MIN, i64::MAX)];
        // SQLite's trees are a few levels deep; a damaged file whose pages point in a
        // circle ends the walk here rather than never.
        for _ in 0..MAX_DEPTH {
            let mut next = Vec::new();
            for &(page, lower, upper) in &level {
                // Asked for with the rest of its level: this waits for it, not for each in turn.
                let Some(node) = self.read(page).and_then(|bytes| Node::parse(&bytes, page)) else { return Vec::new() };
                if node.leaf {
                    return Vec::new(); // a tree of one page: read already
                }
                next.extend(node.children(keys, lower, upper));
            }
            next.dedup_by_key(|c| c.0);
            if next.is_empty() || (matches!(keys, Keys::All) && next.len() > WHOLE_TREE_MAX_PAGES) {
                return Vec::new();
            }
            self.advise(next.iter().map(|c| c.0));
            // Are the children leaves? One of them says (a B-tree's leaves are all at the
            // same depth); asked for already, reading it adds no wait of its own.
            match self.read(next[0].0).and_then(|bytes| Node::parse(&bytes, next[0].0)) {
                Some(child) if !child.leaf => level = next,
                Some(_) => return next.into_iter().map(|c| c.0).collect(),
                None => return Vec::new(),
            }
        }
        Vec::new()
    }

    fn read(&self, page: u32) -> Option<Vec<u8>> {
        let mut bytes = vec![0; self.page_size as usize];
        self.file.read_exact_at(&mut bytes, u64::from(page.checked_sub(1)?) * self.page_size).ok()?;
        Some(bytes)
    }

    fn advise(&self, pages: impl Iterator<Item = u32>) {
        for page in pages {
            let Some(index) = page.checked_sub(1) else { continue };
            will_need(&self.file, i64::from(index) * self.page_size as i64, self.page_size as i64);
        }
    }
}

/// Tell the kernel that `len` bytes of `file` from `offset` will be read soon: it starts
/// reading them and returns at once. A failure only means no reading ahead.
#[cfg(target_os = "linux")]
fn will_need(file: &File, offset: i64, len: i64) {
    use std::os::unix::io::AsRawFd;
    const POSIX_FADV_WILLNEED: i32 = 3;
    extern "C" {
        fn posix_fadvise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
    }
    // SAFETY: posix_fadvise reads no memory of ours, and the descriptor is open for as
    // long as `file` is borrowed.
    unsafe {
        posix_fadvise(file.as_raw_fd(), offset, len, POSIX_FADV_WILLNEED);
    }
}

/// Elsewhere the listings read as they always did.
#[cfg(not(target_os = "linux"))]
fn will_need(_file: &File, _offset: i64, _len: i64) {}

/// Which children of an interior page are wanted.
enum Keys<'k> {
    All,
    /// Rows of a table by rowid, ascending.
    Rowids(&'k [i64]),
}

/// An interior page of a B-tree as far as the walk needs it: its children, and for a
/// table's, the largest rowid under each (the last child, `right`, holds the rest).
struct Node {
    leaf: bool,
    children: Vec<(u32, Option<i64>)>,
}

impl Node {
    /// The page's header and cells (the file format: sqlite.org/fileformat2.html); None
    /// for anything that is not a B-tree page as expected.
    fn parse(bytes: &[u8], page: u32) -> Option<Node> {
        let start = if page == 1 { 100 } else { 0 };
        let kind = *bytes.get(start)?;
        let (leaf, table) = match kind {
            0x0d => (true, true),
            0x0a => (true, false),
            0x05 => (false, true),
            0x02 => (false, false),
            _ => return None,
        };
        if leaf {
            return Some(Node { leaf, children: Vec::new() });
        }
        let cells = usize::from(u16::from_be_bytes([*bytes.get(start + 3)?, *bytes.get(start + 4)?]));
        let right = u32::from_be_bytes(bytes.get(start + 8..start + 12)?.try_into().ok()?);
        let mut children = Vec::with_capacity(cells + 1);
        for i in 0..cells {
            let at = start + 12 + 2 * i;
            let cell = usize::from(u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
            let child = u32::from_be_bytes(bytes.get(cell..cell + 4)?.try_into().ok()?);
            // A table's interior cell is the child and the largest rowid under it; an
            // index's holds a key, which the walk does not compare (it takes all).
            let key = if table { Some(varint(bytes.get(cell + 4..)?)?) } else { None };
            children.push((child, key));
        }
        children.push((right, None));
        Some(Node { leaf, children })
    }

    /// The children holding `keys` of this page, which holds the rowids in (`lower`,
    /// `upper`], in order, each with the rowids it holds.
    fn children(&self, keys: &Keys, lower: i64, upper: i64) -> Vec<(u32, i64, i64)> {
        let mut wanted = Vec::new();
        let mut from = lower;
        for &(child, last) in &self.children {
            // The last child holds the rest of the page's rowids.
            let to = last.unwrap_or(upper).min(upper);
            let holds = match keys {
                Keys::All => true,
                Keys::Rowids(rowids) => {
                    let first = rowids.partition_point(|&r| r <= from);
                    rowids.get(first).is_some_and(|&r| r <= to)
                }
            };
            if holds {
                wanted.push((child, from, to));
            }
            from = to;
        }
        wanted
    }
}

/// SQLite's variable-length integer: 1 to 9 bytes, big-endian, 7 bits a byte (8 in the ninth).
fn varint(bytes: &[u8]) -> Option<i64> {
    let mut v: u64 = 0;
    for (i, &b) in bytes.iter().take(9).enumerate() {
        if i == 8 {
            return Some(((v << 8) | u64::from(b)) as i64);
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some(v as i64);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("r.db")).unwrap();
        conn.execute_batch(
            "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
             INSERT INTO t SELECT i * 3, printf('%0100d', i) FROM n;
             CREATE INDEX t_v ON t(v);",
        )
        .unwrap();
        (dir, conn)
    }

    /// The rowids a leaf page of table t holds, read through its cells.
    fn rowids_on(ra: &Readahead, page: u32) -> Vec<i64> {
        let bytes = ra.read(page).unwrap();
        assert_eq!(bytes[0], 0x0d, "page {page} is a table leaf");
        let cells = usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        (0..cells)
            .map(|i| {
                let cell = usize::from(u16::from_be_bytes([bytes[8 + 2 * i], bytes[9 + 2 * i]]));
                let payload = &bytes[cell..];
                let skip = payload.iter().position(|b| b & 0x80 == 0).unwrap() + 1;
                varint(&payload[skip..]).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_walk_finds_the_leaf_that_holds_each_row() {
        let (_dir, conn) = filled();
        let ra = Readahead::open(&conn).unwrap();
        for id in (3..=60000).step_by(3 * 97).chain([3, 60000]) {
            let leaf = ra.walk(ra.root("t").unwrap(), &Keys::Rowids(&[id]));
            assert_eq!(leaf.len(), 1, "{id}: {leaf:?}");
            assert!(rowids_on(&ra, leaf[0]).contains(&id), "row {id} is not on page {}", leaf[0]);
        }
        // Rows far apart are on different leaves, asked for once each; a row that is not
        // there asks for the leaf it would be on, and nothing past the end.
        let some = ra.walk(ra.root("t").unwrap(), &Keys::Rowids(&[3, 4, 6, 30000, 60000, 70000]));
        assert_eq!(some.len(), 3, "{some:?}");
        let every = ra.walk(ra.root("t").unwrap(), &Keys::All);
        let count: i64 = conn
            .query_row("SELECT count(*) FROM dbstat WHERE name = 't' AND pagetype = 'leaf'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(every.len() as i64, count);
        // An index's leaves too, every one.
        let index = ra.walk(ra.root("t_v").unwrap(), &Keys::All);
        let count: i64 = conn
            .query_row("SELECT count(*) FROM dbstat WHERE name = 't_v' AND pagetype = 'leaf'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(index.len() as i64, count);
    }

    #[test]
    fn reading_ahead_changes_nothing_and_gives_up_quietly() {
        let (_dir, conn) = filled();
        let ra = Readahead::open(&conn).unwrap();
        ra.whole("t");
        ra.whole("t_v");
        ra.rows("t", &[3, 600, 60000]);
        ra.rows("t", &[]);
        ra.rows("no_such_table", &[1]);
        ra.whole("no_such_index");
        // A page that is no B-tree page ends the walk.
        assert!(Node::parse(&[0u8; 4096], 2).is_none());
        assert!(Node::parse(&[0x05, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 1], 2).is_none());
        let n: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 20000);
        assert!(Readahead::open(&Connection::open_in_memory().unwrap()).is_none());
    }

    #[test]
    fn varints_read_as_sqlite_writes_them() {
        assert_eq!(varint(&[0x05]), Some(5));
        assert_eq!(varint(&[0x81, 0x00]), Some(128));
        assert_eq!(varint(&[0xff; 9]), Some(-1));
        assert_eq!(varint(&[0x81]), None);
    }
}
