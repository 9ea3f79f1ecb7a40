//! Issue 9: the import fuzz target, run on stable for a bounded number of inputs in
//! every `cargo test` (cargo-fuzz needs a nightly toolchain; `fuzz/` keeps the
//! coverage-guided target for longer runs). The body is the target's own
//! (`svc::import_fuzz`); this driver makes the inputs: the real legacy files (the GBK
//! customer list, the UTF-8-with-BOM equipment list, the workbooks in .xlsx, .xls and
//! .ods), the examples, the fuzz corpus and a count sheet, each mutated by a
//! deterministic generator, and given to a random area's import (or the count sheet)
//! in a random format.
//!
//! Longer: `SVC_FUZZ_ITERATIONS=20000 cargo test --test fuzz_import -- --nocapture`
//! (`SVC_FUZZ_SEED=N` for another sequence). A failing input is written to
//! `target/fuzz-import-failure.*` with the command to replay it.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use svc::import_fuzz::{World, FORMATS};

/// Inputs per `cargo test` run: a few seconds in a debug build.
const DEFAULT_ITERATIONS: u64 = 300;

/// SplitMix64: a tiny, well-known generator; the same seed gives the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that make a file almost valid, or exactly wrong: separators, quotes, line
/// ends, byte-order marks, GBK and broken UTF-8, formulas, the YAML and JSON scalars
/// that change type, dates out of range, huge numbers, a redacted export's mark.
const TOKENS: &[&[u8]] = &[
    b",",
    b"\t",
    b";",
    b"\"",
    b"\"\"",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xc4\xe3\xba\xc3",
    b"\xe4\xbd",
    b"=1+1",
    b"'=HYPERLINK(\"x\")",
    b"12E4",
    b"0b101",
    b".inf",
    b"-.nan",
    b"~",
    b"1900-01-00",
    b"2026-02-30",
    b"9999-12-31",
    b"2026/3/5",
    b"99999999999999999999",
    b"-1",
    b"1.38E+10",
    b"{",
    b"}",
    b"[",
    b"]",
    b"- ",
    b": ",
    b"&a [*a, *a]",
    b"!!binary AA==",
    b"svc_redacted",
    b"\xe2\x80\xae",
    b"code,name,type\n",
    b"part_no,location,lot,qty\n",
    b"count,location,part_no,lot,counted_qty\n",
];

/// One mutation of `input`, as libFuzzer's would be: flip, set, insert, erase,
/// duplicate, splice from another seed, insert a token, truncate.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            input[i] = [0, 0xff, b'"', b',', b'\n', 0x80, b'9'][rng.below(7)];
        }
        2 => {
            let at = rng.below(len + 1);
            let n = rng.below(8) + 1;
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            input.splice(at..at, bytes);
        }
        3 if len > 0 => {
            let at = rng.below(len);
            let n = rng.below((len - at).min(64)) + 1;
            input.drain(at..at + n);
        }
        4 if len > 0 => {
            let at = rng.below(len);
            let n = rng.below((len - at).min(256)) + 1;
            let copy = input[at..at + n].to_vec();
            let to = rng.below(len + 1);
            input.splice(to..to, copy);
        }
        5 => {
            let other = &seeds[rng.below(seeds.len())];
            if !other.is_empty() {
                let from = rng.below(other.len());
                let n = rng.below((other.len() - from).min(512)) + 1;
                let at = rng.below(len + 1);
                input.splice(at..at, other[from..from + n].iter().copied());
            }
        }
        6 | 7 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            let at = rng.below(len + 1);
            input.splice(at..at, token.iter().copied());
        }
        _ if len > 0 => input.truncate(rng.below(len)),
        _ => input.extend_from_slice(TOKENS[rng.below(TOKENS.len())]),
    }
}

/// The seed files: the example data (the legacy GBK and BOM files among them), the
/// legacy workbooks, a damaged one and the signed report of tests/data, and the fuzz
/// corpus (whose files start with the three bytes that pick area, format and mode:
/// taken off here).
fn seeds(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (dir, header) in [("examples/data", 0), ("tests/data", 0), ("fuzz/corpus/import", 3)] {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(root.join(dir)).expect("a seed directory").map(|e| e.expect("an entry").path()).collect();
        files.sort();
        for f in files {
            let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            let bytes = std::fs::read(&f).expect("a seed file");
            if FORMATS.contains(&ext.as_str()) && bytes.len() >= header {
                out.push((ext, bytes[header..].to_vec()));
            }
        }
    }
    out
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

#[test]
fn i9_every_import_and_the_count_sheet_take_mutated_legacy_files_without_a_panic_or_a_stray_error() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut world = World::new(&root.join("examples/data")).expect("the fuzzing database");
    let mut seeds = seeds(root);
    // A count sheet as svc writes it (CSV), for the count-sheet target's seeds.
    seeds.push((
        "csv".into(),
        b"count,location,part_no,name,spec,unit,lot,counted_qty,note\nPC-000001,WH1/A-01,0012-A,,,,L2409,8,\n".to_vec(),
    ));
    let corpus: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
    let iterations = env_number("SVC_FUZZ_ITERATIONS", DEFAULT_ITERATIONS);
    let start = env_number("SVC_FUZZ_SEED", 0x5eed_0009);
    let mut rng = Rng(start);
    let targets = World::targets();
    let started = std::time::Instant::now();
    for i in 0..iterations {
        let (ext, seed) = &seeds[rng.below(seeds.len())];
        let mut input = seed.clone();
        // Sometimes the seed as it is (in another format or area), mostly a few mutations.
        for _ in 0..rng.below(6) {
            mutate(&mut rng, &mut input, &corpus);
        }
        // Mostly the seed's own format (a mutated workbook is read as a workbook).
        let format = if rng.below(4) == 0 {
            rng.below(FORMATS.len())
        } else {
            FORMATS.iter().position(|f| f == ext).unwrap_or(0)
        };
        let (target, mode) = (rng.below(targets), rng.below(3));
        let outcome = catch_unwind(AssertUnwindSafe(|| world.feed(target, format, mode, &input)));
        let broke = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(property)) => property,
            Err(panic) => {
                let text = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("a panic: {text}")
            }
        };
        let kept = root.join(format!("target/fuzz-import-failure.{}", FORMATS[format]));
        let _ = std::fs::write(&kept, &input);
        panic!(
            "input {i} (area {target} of svc::registry::each, then the count sheet; format {}; mode {mode}) \
             broke a property: {broke}\nthe input is kept in {}: feed it to `svc AREA import FILE --dry-run`, \
             or replay the run with SVC_FUZZ_SEED={start} SVC_FUZZ_ITERATIONS={}",
            FORMATS[format],
            kept.display(),
            i + 1
        );
    }
    eprintln!("{iterations} inputs in {:.1} s", started.elapsed().as_secs_f64());
}
