//! SQLite's memory: its first allocations are cut from one region, by moving a cursor.
//!
//! Every command reads the whole schema when it opens the file (SQLite parses each
//! CREATE TABLE, INDEX and TRIGGER in `sqlite_schema` on the first statement): about
//! 15,000 allocations and as many frees when the connection closes, which went to the C
//! library's allocator one by one (SQLite takes no lookaside memory for the schema):
//! 1.8M of the 10.9M instructions of `svc customer list` on an empty database
//! (docs/performance.md, start-up). Here a block is cut from a region of `REGION_BYTES`,
//! and a freed block of the region waits in a list of its size for the next request of
//! that size (SQLite parses statement after statement, asking for the same sizes), so
//! the region's pages touched stay as few as the C library's heap pages were. Past the
//! region, every allocation is the C library's, as SQLite's own default allocator makes
//! it (the size in 8 bytes before the block).

use std::alloc::{alloc, dealloc, realloc, Layout};
use std::cell::UnsafeCell;
use std::os::raw::{c_int, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rusqlite::ffi;

/// The region's size: the schema parsed, the first statements and the first pages read
/// (`svc customer list` on an empty database of schema 25 takes 870 KB of it), with room
/// for the schema to grow.
const REGION_BYTES: usize = 2 << 20;

/// Each block is preceded by its size, so that `size` answers for any block.
const HEADER: usize = 8;

/// SQLite asks for 8-byte alignment; blocks are 8-byte multiples after an 8-byte header.
const ALIGN: usize = 8;

#[repr(C, align(16))]
struct Region(UnsafeCell<[u8; REGION_BYTES]>);

// SAFETY: bytes of the region are handed out once each, by an atomic cursor; a block
// belongs to the one who was given it.
unsafe impl Sync for Region {}

static REGION: Region = Region(UnsafeCell::new([0; REGION_BYTES]));

/// How much of the region is handed out.
static CURSOR: AtomicUsize = AtomicUsize::new(0);

/// Freed blocks of the region up to `LARGEST_REUSED` bytes, one list per size in steps
/// of 8; a freed block holds the next one's address in its first 8 bytes. Larger blocks
/// of the region are not reused (SQLite frees few).
static FREED: Mutex<Lists> = Mutex::new(Lists([std::ptr::null_mut(); CLASSES]));

const LARGEST_REUSED: usize = 4096;
const CLASSES: usize = LARGEST_REUSED / ALIGN;

struct Lists([*mut u8; CLASSES]);

// SAFETY: the lists hold blocks no one else holds; the mutex gives them to one at a time.
unsafe impl Send for Lists {}

fn base() -> *mut u8 {
    REGION.0.get().cast()
}

fn in_region(p: *const u8) -> bool {
    let start = base() as usize;
    (start..start + REGION_BYTES).contains(&(p as usize))
}

/// `n` rounded up to whole 8 bytes, or None past what SQLite can ask (it asks < 2 GB).
fn rounded(n: c_int) -> Option<usize> {
    usize::try_from(n).ok().filter(|&n| n > 0).map(|n| n.div_ceil(ALIGN) * ALIGN)
}

fn class(size: usize) -> Option<usize> {
    (size <= LARGEST_REUSED).then(|| size / ALIGN - 1)
}

fn lists() -> std::sync::MutexGuard<'static, Lists> {
    // A panic while the lock was held cannot leave a list half-changed (each change is
    // one store), so a poisoned lock is taken as it is.
    FREED.lock().unwrap_or_else(|e| e.into_inner())
}

/// A block of `size` bytes (a multiple of 8) from the region: a freed one of that size,
/// else a new one, if the region has room. Returns the block's header.
fn from_region(size: usize) -> Option<*mut u8> {
    if let Some(c) = class(size) {
        let mut lists = lists();
        let block = lists.0[c];
        if !block.is_null() {
            // SAFETY: a listed block is a freed block of this size; its first 8 bytes
            // hold the next listed block.
            lists.0[c] = unsafe { block.cast::<*mut u8>().read() };
            return Some(unsafe { block.sub(HEADER) });
        }
    }
    let total = size + HEADER;
    let mut at = CURSOR.load(Ordering::Relaxed);
    loop {
        if at + total > REGION_BYTES {
            return None;
        }
        match CURSOR.compare_exchange_weak(at, at + total, Ordering::Relaxed, Ordering::Relaxed) {
            // SAFETY: [at, at + total) is inside the region and handed out to no one else.
            Ok(_) => return Some(unsafe { base().add(at) }),
            Err(now) => at = now,
        }
    }
}

/// Give a block of the region back, for the next request of its size.
///
/// SAFETY: `p` is a block of the region, of `size` bytes, that its holder gives up.
unsafe fn back_to_region(p: *mut u8, size: usize) {
    if let Some(c) = class(size) {
        let mut lists = lists();
        p.cast::<*mut u8>().write(lists.0[c]);
        lists.0[c] = p;
    }
}

fn heap_layout(size: usize) -> Layout {
    // Cannot fail: size is under 2 GB plus the header, and the alignment a power of two.
    Layout::from_size_align(size + HEADER, ALIGN).expect("SQLite allocations are under 2 GB")
}

/// SAFETY: `header` points to HEADER + size writable bytes.
unsafe fn finish(header: *mut u8, size: usize) -> *mut c_void {
    header.cast::<u64>().write(size as u64);
    header.add(HEADER).cast()
}

/// SAFETY: `p` is a block given out by `malloc` or `resize`.
unsafe fn size_of_block(p: *mut c_void) -> usize {
    p.cast::<u8>().sub(HEADER).cast::<u64>().read() as usize
}

unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
    let Some(size) = rounded(n) else { return std::ptr::null_mut() };
    if let Some(header) = from_region(size) {
        return finish(header, size);
    }
    let header = alloc(heap_layout(size));
    if header.is_null() {
        return std::ptr::null_mut();
    }
    finish(header, size)
}

unsafe extern "C" fn free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    let size = size_of_block(p);
    if in_region(p.cast()) {
        return back_to_region(p.cast(), size);
    }
    dealloc(p.cast::<u8>().sub(HEADER), heap_layout(size));
}

unsafe extern "C" fn resize(p: *mut c_void, n: c_int) -> *mut c_void {
    let Some(size) = rounded(n) else { return std::ptr::null_mut() };
    let old = size_of_block(p);
    if !in_region(p.cast()) {
        let header = realloc(p.cast::<u8>().sub(HEADER), heap_layout(old), size + HEADER);
        if header.is_null() {
            return std::ptr::null_mut();
        }
        return finish(header, size);
    }
    if size <= old {
        return p;
    }
    // The last block handed out grows where it is (SQLite grows arrays as it parses).
    let end = p as usize + old - base() as usize;
    let grown = end + (size - old);
    if grown <= REGION_BYTES && CURSOR.compare_exchange(end, grown, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
        return finish(p.cast::<u8>().sub(HEADER), size);
    }
    let moved = malloc(n);
    if !moved.is_null() {
        std::ptr::copy_nonoverlapping(p.cast::<u8>(), moved.cast::<u8>(), old);
        back_to_region(p.cast(), old);
    }
    moved
}

unsafe extern "C" fn size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    size_of_block(p) as c_int
}

unsafe extern "C" fn roundup(n: c_int) -> c_int {
    rounded(n).map_or(n, |r| r as c_int)
}

unsafe extern "C" fn init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn shutdown(_: *mut c_void) {}

/// Give SQLite this allocator. Must run before SQLite initialises (db::configure_sqlite).
///
/// SAFETY: no other thread may use SQLite meanwhile.
pub unsafe fn install() -> c_int {
    let methods = ffi::sqlite3_mem_methods {
        xMalloc: Some(malloc),
        xFree: Some(free),
        xRealloc: Some(resize),
        xSize: Some(size),
        xRoundup: Some(roundup),
        xInit: Some(init),
        xShutdown: Some(shutdown),
        pAppData: std::ptr::null_mut(),
    };
    // SQLite copies the methods.
    ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods as *const ffi::sqlite3_mem_methods)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_sized_and_keep_their_bytes_as_they_grow() {
        unsafe {
            let a = malloc(5);
            assert_eq!(a as usize % 8, 0);
            assert_eq!(size(a), 8);
            a.cast::<u8>().write_bytes(7, 8);
            // The last block grows in place; another moves, its bytes kept.
            let b = malloc(16);
            b.cast::<u8>().write_bytes(9, 16);
            let b2 = resize(b, 40);
            assert_eq!(size(b2), 40);
            let a2 = resize(a, 100);
            assert_eq!(size(a2), 104);
            assert_eq!(std::slice::from_raw_parts(a2.cast::<u8>(), 8), &[7; 8]);
            assert_eq!(std::slice::from_raw_parts(b2.cast::<u8>(), 16), &[9; 16]);
            free(a2);
            free(b2);
            assert!(malloc(0).is_null());
        }
    }

    #[test]
    fn a_freed_block_serves_the_next_request_of_its_size() {
        unsafe {
            let a = malloc(300);
            assert!(in_region(a.cast()));
            free(a);
            let b = malloc(297);
            assert_eq!(a, b, "the freed block of 304 bytes is taken again");
            assert_eq!(size(b), 304);
            free(b);
        }
    }

    #[test]
    fn past_the_region_blocks_come_from_the_heap_and_are_freed() {
        unsafe {
            let big = malloc(REGION_BYTES as c_int);
            assert!(!big.is_null() && !in_region(big.cast()));
            big.cast::<u8>().write_bytes(1, REGION_BYTES);
            let bigger = resize(big, 2 * REGION_BYTES as c_int);
            assert_eq!(size(bigger) as usize, 2 * REGION_BYTES);
            assert_eq!(*bigger.cast::<u8>().add(REGION_BYTES - 1), 1);
            free(bigger);
        }
    }
}
