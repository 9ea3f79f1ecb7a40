//! A large .xlsx export is zipped straight into where it goes: the finished workbook is
//! never held whole in memory (it was: 98 MB peak for a 1,000,000-row export, most of it
//! the workbook's 82 MB of bytes). Linux only: the peak is read from /proc.

mod common;

use std::io::Read;
use std::process::Stdio;

use common::Svc;

/// Text a deflated workbook cannot make much smaller (a fixed pseudo-random sequence).
fn noise(seed: u64, len: usize) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            LETTERS[(x % LETTERS.len() as u64) as usize] as char
        })
        .collect()
}

/// The most memory `svc args` used (VmHWM, in kB) and what it wrote to stdout. Its stdout
/// is a pipe read as it fills, and the peak is sampled before each read: the process is
/// alive then, blocked on the full pipe or still working.
fn peak_writing(svc: &Svc, args: &[&str]) -> (u64, Vec<u8>) {
    let mut child = svc.command(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("run svc");
    let status = format!("/proc/{}/status", child.id());
    let mut out = child.stdout.take().expect("stdout");
    let (mut peak, mut bytes, mut buf) = (0, Vec::new(), vec![0u8; 64 * 1024]);
    loop {
        let hwm = std::fs::read_to_string(&status).ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
        peak = peak.max(hwm.unwrap_or(0));
        match out.read(&mut buf).expect("read svc's output") {
            0 => break,
            n => bytes.extend_from_slice(&buf[..n]),
        }
    }
    assert!(child.wait().expect("svc ends").success(), "svc {args:?} failed");
    assert!(peak > 0, "no VmHWM read from {status}");
    (peak, bytes)
}

#[test]
#[cfg(target_os = "linux")]
fn a_large_xlsx_export_does_not_hold_the_workbook_in_memory() {
    let svc = Svc::new();
    // 2,500 customers with 8,000 characters of notes each: a 20 MB CSV, a workbook of
    // some 15 MB that deflate cannot shrink much.
    let mut csv = String::from("code,name,type,notes\n");
    for i in 0..2_500u64 {
        csv.push_str(&format!("K{i:05},客户{i},hospital,{}\n", noise(i, 8_000)));
    }
    svc.write("customers.csv", &csv);
    svc.run(&["-q", "customer", "import", "customers.csv"]).ok();

    let (csv_peak, csv_bytes) = peak_writing(&svc, &["-q", "customer", "export", "--format", "csv"]);
    let (xlsx_peak, xlsx_bytes) = peak_writing(&svc, &["-q", "customer", "export", "--format", "xlsx"]);
    assert!(csv_bytes.len() > 20_000_000, "the CSV export has {} bytes", csv_bytes.len());
    assert!(xlsx_bytes.starts_with(b"PK\x03\x04"), "a workbook on stdout");
    let workbook_kb = xlsx_bytes.len() as u64 / 1024;
    assert!(workbook_kb > 12_000, "the workbook has {workbook_kb} kB: not large enough to show in memory");
    eprintln!("peak: xlsx export {xlsx_peak} kB, CSV export {csv_peak} kB; the workbook {workbook_kb} kB");
    // Flat: the export takes what the streamed CSV export of the same records takes, give
    // or take a few MB (its zip and XML writers), far from the workbook's own size.
    assert!(
        xlsx_peak < csv_peak + 6 * 1024,
        "the xlsx export peaked at {xlsx_peak} kB, the CSV export at {csv_peak} kB, the workbook is {workbook_kb} kB"
    );

    // And the streamed workbook is whole: it imports back to the same records.
    svc.write("back.xlsx", &xlsx_bytes);
    let again = Svc::new();
    again.run(&["-q", "customer", "import", svc.path("back.xlsx").to_str().unwrap()]).ok();
    let (_, back) = peak_writing(&again, &["-q", "customer", "export", "--format", "csv"]);
    assert!(back == csv_bytes, "the workbook imported back differs from the records exported");
}
