//! R8.1.1 import of legacy files: malformed input of every kind ends with exit 5 and a
//! message naming what is wrong (and the line, where there is one), never a panic, and
//! nothing is written: no customer, no history entry. A missing file is exit 3.
//! Property tests feed random bytes and CSV-ish text to the real binary and to the
//! reader library: never a panic, and the database holds all of an import or none of it.

mod common;
use common::*;

use proptest::prelude::*;

const HEADER: &str = "code,name,type,contact,phone,email,province,city,address,created_on,notes";

/// A customer CSV: the canonical header, then `rows`, each ended by a newline.
fn csv(rows: &[&str]) -> String {
    let mut s = format!("{HEADER}\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// A valid customer row with the given code.
fn good(code: &str) -> String {
    format!("{code},北京协和医院,hospital,张三,010-69156114,zhang@example.com,北京,北京,东城区帅府园1号,2024-03-05,")
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// Write `bytes` to `name` in the test directory and import it as customers.
fn import(svc: &Svc, name: &str, bytes: impl AsRef<[u8]>, extra: &[&str]) -> Run {
    svc.write(name, bytes);
    let mut args = vec!["customer", "import", name];
    args.extend_from_slice(extra);
    svc.run(&args).no_panic()
}

/// Exit 5, "nothing was written" or an equally plain refusal, and every needle in stderr.
#[track_caller]
fn refused(run: Run, needles: &[&str]) -> Run {
    let mut run = run.code(5);
    for n in needles {
        run = run.stderr_has(n);
    }
    run
}

/// No customer and no history entry (in particular no import entry).
#[track_caller]
fn nothing_written(svc: &Svc) {
    svc.run(&["customer", "list"]).ok().stdout_is("");
    svc.run(&["history"]).ok().stdout_is("");
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "customers were written");
}

fn customer_count(svc: &Svc) -> i64 {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap()
}

fn import_entries(svc: &Svc) -> i64 {
    let conn = rusqlite::Connection::open(&svc.db).unwrap();
    conn.query_row("SELECT count(*) FROM history WHERE action = 'import'", [], |r| r.get(0)).unwrap()
}

/// Deterministic pseudo-random bytes (xorshift64*), so a failure can be replayed.
/// The start of a 64-bit x86 Linux executable as a linker lays it out: the ELF header
/// (magic, class, type, machine, entry point, table offsets), one program header, then
/// machine code (`endbr64; push rbp; mov rbp, rsp; ...`) and noise for the rest of the
/// text section. Its first byte that is not text (0x88 of the section table's offset) is
/// on line 1, as in a real program's header, and no line feed comes before it.
fn elf_executable() -> Vec<u8> {
    let mut elf = Vec::new();
    elf.extend(b"\x7fELF\x02\x01\x01\x00"); // magic, 64-bit, little-endian, version 1, System V
    elf.extend([0u8; 8]); // padding of e_ident
    elf.extend(2u16.to_le_bytes()); // e_type: an executable
    elf.extend(0x3eu16.to_le_bytes()); // e_machine: x86-64
    elf.extend(1u32.to_le_bytes()); // e_version
    elf.extend(0x40_1000u64.to_le_bytes()); // e_entry
    elf.extend(64u64.to_le_bytes()); // e_phoff: right after this header
    elf.extend(0x2f88u64.to_le_bytes()); // e_shoff
    elf.extend(0u32.to_le_bytes()); // e_flags
    for half in [64u16, 56, 1, 64, 0, 0] {
        elf.extend(half.to_le_bytes()); // e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
    }
    assert_eq!(elf.len(), 64, "the ELF header");
    elf.extend(1u32.to_le_bytes()); // p_type: a loadable segment
    elf.extend(5u32.to_le_bytes()); // p_flags: read and execute
    for word in [0u64, 0x40_0000, 0x40_0000, 0x3000, 0x3000, 0x1000] {
        elf.extend(word.to_le_bytes()); // p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align
    }
    elf.resize(0x1000, 0);
    elf.extend([0xf3, 0x0f, 0x1e, 0xfa, 0x55, 0x48, 0x89, 0xe5, 0x48, 0x83, 0xec, 0x10, 0x31, 0xc0, 0xc9, 0xc3]);
    elf.extend(noise(0xE1F, 0x2000 - 16));
    let first_bad = elf.iter().position(|&b| b >= 0x80).unwrap();
    assert!(!elf[..first_bad].contains(&b'\n'), "the first byte that is not text is on line 1");
    elf
}

fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Bad quoting and ragged rows

#[test]
fn r8_1_1_import_rejects_an_unterminated_quote_in_a_middle_field_with_its_line() {
    let svc = Svc::new();
    let text = format!("{HEADER}\nA1,\"北京协和医院,hospital,,,,,,,,\nA2,x,clinic,,,,,,,,\n");
    let run = refused(import(&svc, "quote.csv", text, &[]), &["quote.csv", "line 2", "quote", "nothing was written"]);
    assert!(!run.stderr.contains("line 3"), "the swallowed row is not a row of its own{}", run.stderr);
    nothing_written(&svc);
}

/// A quote opened in the last field and never closed swallows every following line into
/// one value. The file is malformed: it must be refused, not stored with the rest of the
/// file inside `notes`.
#[test]
fn r8_1_1_import_rejects_an_unterminated_quote_in_the_last_field_instead_of_swallowing_the_file() {
    let svc = Svc::new();
    let text = format!("{HEADER}\nA1,x,hospital,,,,,,,,\"note\nA2,y,clinic,,,,,,,,\nA3,z,clinic,,,,,,,,\n");
    refused(import(&svc, "quote.csv", text, &[]), &["quote.csv", "line 2", "quote"]);
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_an_unterminated_quote_at_the_end_of_a_truncated_file() {
    let svc = Svc::new();
    let text = format!("{}{},\"东城区帅府园", csv(&[&good("A1")]), "A2,x,clinic,,,,,,");
    refused(import(&svc, "cut.csv", text, &[]), &["cut.csv", "line 3"]);
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_ragged_rows_naming_each_line_and_writes_nothing() {
    let svc = Svc::new();
    let text = csv(&[&good("A1"), "A2,x,clinic", &good("A3"), &format!("{},extra", good("A4")), &good("A5")]);
    let run = refused(
        import(&svc, "ragged.csv", text, &[]),
        &[
            "ragged.csv line 3: 3 fields where the header has 11",
            "ragged.csv line 5: 12 fields where the header has 11",
            "2 row(s) of ragged.csv rejected; nothing was written",
            "--rejects FILE",
        ],
    );
    assert!(
        !run.stderr.contains("line 2:") && !run.stderr.contains("line 4:"),
        "good rows are not named{}",
        run.stderr
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_with_rejects_writes_the_good_rows_and_sets_ragged_ones_aside_with_line_and_error() {
    let svc = Svc::new();
    let text = csv(&[&good("A1"), "A2,x,clinic", &good("A3"), &format!("{},extra", good("A4")), &good("A5")]);
    let run = import(&svc, "ragged.csv", text, &["--rejects", "bad.csv"]).ok();
    assert!(run.stderr.contains("read 5, inserted 3, updated 0, unchanged 0, skipped 0, rejected 2"), "{}", run.stderr);
    assert!(run.stderr.contains("2 rejected row(s) written to bad.csv"), "{}", run.stderr);
    let codes: Vec<String> =
        csv_rows(&svc.stdout(&["customer", "list"])).into_iter().skip(1).map(|r| r[0].clone()).collect();
    assert_eq!(codes, ["A1", "A3", "A5"]);

    let rejects = csv_rows(&String::from_utf8(svc.read("bad.csv")).unwrap());
    let mut header: Vec<&str> = HEADER.split(',').collect();
    header.extend(["line", "error"]);
    assert_eq!(rejects[0], header);
    assert_eq!(rejects.len(), 3, "{rejects:?}");
    let (line, error) = (rejects[1].len() - 2, rejects[1].len() - 1);
    assert_eq!(rejects[1][0], "A2");
    assert_eq!(rejects[1][line], "3");
    assert!(rejects[1][error].contains("3 fields where the header has 11"), "{rejects:?}");
    assert_eq!(rejects[2][0], "A4");
    assert_eq!(rejects[2][line], "5");
    assert!(rejects[2][error].contains("12 fields"), "{rejects:?}");
    // One import entry in the history, with the counts.
    assert_eq!(import_entries(&svc), 1);
}

// ---------------------------------------------------------------------------------------
// Wrong encodings and truncated files

#[test]
fn r8_1_1_import_rejects_gbk_bytes_read_as_utf8_naming_the_line_and_the_flag() {
    let svc = Svc::new();
    let gbk = gbk(&csv(&[&good("A1"), &good("A2")]));
    refused(
        import(&svc, "gbk.csv", &gbk, &["--encoding", "utf-8"]),
        &["gbk.csv: line 2: bytes that are not valid utf-8", "--encoding", "nothing was written"],
    );
    nothing_written(&svc);
    // The same file with the right encoding goes in.
    import(&svc, "gbk.csv", &gbk, &["--encoding", "gbk"]).ok().stderr_has("inserted 2");
}

#[test]
fn r8_1_1_import_auto_encoding_names_the_line_of_bad_bytes_found_after_the_first_64_kib() {
    let svc = Svc::new();
    let mut bytes = format!("{HEADER}\n").into_bytes();
    let mut line = 1;
    while bytes.len() < 70 * 1024 {
        line += 1;
        bytes.extend_from_slice(good(&format!("A{line:05}")).as_bytes());
        bytes.push(b'\n');
    }
    // Past the sniffed 64 KiB: one row in GBK, whose bytes are not UTF-8.
    line += 1;
    bytes.extend(gbk(&format!("B{line},北京市第一人民医院,hospital,,,,,,,,\n")));
    for i in 0..10 {
        bytes.extend_from_slice(good(&format!("C{i}")).as_bytes());
        bytes.push(b'\n');
    }
    assert!(bytes.len() > 64 * 1024);
    refused(
        import(&svc, "late.csv", &bytes, &[]),
        &[&format!("late.csv: line {line}: bytes that are not valid utf-8"), "--encoding gbk", "nothing was written"],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_a_file_cut_in_the_middle_of_a_row() {
    let svc = Svc::new();
    let text = format!("{}A2,北京,cli", csv(&[&good("A1")]));
    refused(
        import(&svc, "cut.csv", text, &[]),
        &["cut.csv line 3: 3 fields where the header has 11", "nothing was written"],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_a_file_cut_in_the_middle_of_a_multibyte_character() {
    for (encoding, name) in [("auto", "cut-auto.csv"), ("utf-8", "cut-utf8.csv")] {
        let svc = Svc::new();
        let mut bytes = format!("{}A2,北京协和医院,hospital,,,,,,,,\n", csv(&[&good("A1")])).into_bytes();
        // Cut after the first byte of 协 on line 3.
        let cut = bytes.windows(3).rposition(|w| w == "协".as_bytes()).unwrap() + 1;
        bytes.truncate(cut);
        refused(
            import(&svc, name, &bytes, &["--encoding", encoding]),
            &[&format!("{name}: line 3: bytes that are not valid utf-8"), "nothing was written"],
        );
        nothing_written(&svc);
    }
    // A GBK file cut after the lead byte of a character.
    let svc = Svc::new();
    let mut gbk = gbk(&format!("{}A2,北京", csv(&[&good("A1")])));
    gbk.pop();
    refused(
        import(&svc, "cut-gbk.csv", &gbk, &["--encoding", "gbk"]),
        &["cut-gbk.csv: line 3: bytes that are not valid gbk", "nothing was written"],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_binary_garbage() {
    let svc = Svc::new();
    let mut zip = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    zip.extend(noise(7, 8000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("noise1.csv", noise(1, 4096)),
        ("noise2.csv", noise(0xDEAD_BEEF, 100_000)),
        ("book.xlsx.csv", zip),
        // UTF-16 with its BOM is read since issue 17 (Excel's "Unicode text"): tests/daily.rs.
    ];
    for (name, bytes) in cases {
        let run = refused(import(&svc, name, &bytes, &[]), &[name, "not valid", "nothing was written"]);
        assert!(run.stderr.contains("line "), "the message names a line{}", run.stderr);
    }
    // A program: an executable is no spreadsheet. Made here, byte for byte, rather than
    // svc's own file, whose bytes (and so the line of its first bad byte) change with
    // every build.
    svc.write("program", elf_executable());
    refused(svc.run(&["customer", "import", "program", "--format", "csv"]).no_panic(), &["line 1", "not valid"]);
    // NUL bytes are valid UTF-8, but no header.
    refused(import(&svc, "zeros.csv", vec![0u8; 2048], &[]), &["zeros.csv: no column for code, name, type"]);
    // Garbage on stdin.
    refused(svc.run_stdin(&["customer", "import", "-"], &noise(3, 5000)).no_panic(), &["not valid"]);
    nothing_written(&svc);
}

// ---------------------------------------------------------------------------------------
// Headers, empty files

#[test]
fn r8_1_1_import_rejects_a_header_missing_a_required_column_before_any_row() {
    let svc = Svc::new();
    refused(
        import(&svc, "h.csv", "code,name,city\nA1,x,北京\n", &[]),
        &["h.csv: no column for type (found: code, name, city)", "--map"],
    );
    // Checked even when no row follows. (名称, name's label, would name it: issue 10.)
    refused(import(&svc, "h2.csv", "code,客户全称,type\n", &[]), &["h2.csv: no column for name"]);
    // And for JSON and YAML, on the first record's keys.
    refused(import(&svc, "h.json", r#"[{"code":"A1","type":"hospital"}]"#, &[]), &["no column for name"]);
    refused(import(&svc, "h.yaml", "- {code: A1, name: x}\n", &[]), &["no column for type"]);
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_a_header_that_gives_a_column_twice() {
    let svc = Svc::new();
    refused(
        import(&svc, "twice.csv", "code,name,type,Name\nA1,x,hospital,y\n", &[]),
        &["columns 'name' and 'Name' both give name"],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_an_empty_csv_file() {
    let svc = Svc::new();
    for (name, bytes) in [("empty.csv", &b""[..]), ("bom.csv", &b"\xEF\xBB\xBF"[..]), ("blank.csv", &b"\n\r\n  \n"[..])]
    {
        refused(import(&svc, name, bytes, &[]), &[&format!("{name}: the file is empty or has no header line")]);
    }
    refused(svc.run_stdin(&["customer", "import", "-"], b"").no_panic(), &["empty"]);
    nothing_written(&svc);
}

/// An empty JSON or YAML file holds no list of records at all: refused like an empty CSV
/// file, not taken as "zero records" (that is what `[]` says).
#[test]
fn r8_1_1_import_rejects_an_empty_json_or_yaml_file() {
    let svc = Svc::new();
    refused(import(&svc, "empty.json", "", &[]), &["empty.json"]);
    refused(import(&svc, "empty.yaml", "", &[]), &["empty.yaml"]);
    refused(import(&svc, "blank.yaml", "\n\n", &[]), &["blank.yaml"]);
    nothing_written(&svc);
}

/// A header with no rows (or `[]`) is a valid file of zero records: exit 0, nothing
/// inserted, the summary says so.
#[test]
fn r8_1_1_import_of_a_header_only_file_succeeds_with_zero_rows() {
    let svc = Svc::new();
    import(&svc, "header.csv", format!("{HEADER}\n"), &[]).ok().stderr_has("read 0, inserted 0").stdout_is("");
    import(&svc, "header-crlf.csv", format!("\u{FEFF}{HEADER}\r\n\r\n"), &[]).ok().stderr_has("read 0, inserted 0");
    import(&svc, "none.json", "[]", &[]).ok().stderr_has("read 0, inserted 0");
    import(&svc, "none.yaml", "[]\n", &[]).ok().stderr_has("read 0, inserted 0");
    svc.run(&["customer", "list"]).ok().stdout_is("");
    svc.run(&["db", "check"]).ok();
}

// ---------------------------------------------------------------------------------------
// JSON and YAML that are not lists of flat records

#[test]
fn r8_1_1_import_rejects_json_that_is_not_an_array_of_flat_objects() {
    let svc = Svc::new();
    let cases: &[(&str, &str, &[&str])] = &[
        ("object.json", r#"{"code":"A1","name":"x","type":"hospital"}"#, &["not valid JSON", "expected an array"]),
        ("number.json", "42", &["not valid JSON", "expected an array"]),
        ("string.json", r#""code,name,type""#, &["not valid JSON", "expected an array"]),
        ("nested.json", r#"[{"code":"A1","name":"x","type":"hospital","notes":{"a":1}}]"#, &["record 1", "'notes'"]),
        ("list.json", r#"[{"code":"A1","name":"x","type":"hospital","city":["北京"]}]"#, &["record 1", "'city'"]),
        ("scalar.json", r#"[{"code":"A1","name":"x","type":"hospital"}, 5]"#, &["record 2 is not an object"]),
        (
            "truncated.json",
            r#"[{"code":"A1","name":"x","type":"hospital"},{"code":"A2","na"#,
            &["not valid JSON", "line 1"],
        ),
        ("trailing.json", "[{\"code\":\"A1\",\"name\":\"x\",\"type\":\"hospital\"}]\n]", &["not valid JSON", "line 2"]),
        ("csv.json", "code,name,type\nA1,x,hospital\n", &["not valid JSON", "line 1"]),
    ];
    for (name, text, needles) in cases {
        let mut all = vec![*name];
        all.extend_from_slice(needles);
        refused(import(&svc, name, text, &[]), &all);
    }
    // A truncated JSON file cut inside a multibyte character.
    let text = r#"[{"code":"A1","name":"北京协和医院","type":"hospital"}]"#.as_bytes();
    let cut = text.windows(3).position(|w| w == "协".as_bytes()).unwrap() + 2;
    refused(import(&svc, "cut.json", &text[..cut], &[]), &["cut.json", "line 1"]);
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_yaml_that_is_not_a_list_of_flat_mappings() {
    let svc = Svc::new();
    let cases: &[(&str, &str, &[&str])] = &[
        ("map.yaml", "code: A1\nname: x\ntype: hospital\n", &["not a YAML list of records"]),
        ("scalar.yaml", "hello\n", &["not a YAML list of records"]),
        ("item.yaml", "- {code: A1, name: x, type: hospital}\n- [1, 2]\n", &["record 2 is not a mapping"]),
        ("nested.yaml", "- code: A1\n  name: x\n  type: hospital\n  notes: {a: 1}\n", &["record 1", "'notes'"]),
        ("syntax.yaml", "- code: A1\n  name: [x\n", &["not a YAML list of records", "line"]),
        ("tabs.yaml", "- code: A1\n\tname: x\n", &["not a YAML list of records", "line"]),
    ];
    for (name, text, needles) in cases {
        let mut all = vec![*name];
        all.extend_from_slice(needles);
        refused(import(&svc, name, text, &[]), &all);
    }
    nothing_written(&svc);
}

// ---------------------------------------------------------------------------------------
// Column maps

#[test]
fn r8_1_1_import_rejects_a_column_map_that_is_not_valid_yaml_or_names_no_column() {
    let svc = Svc::new();
    svc.write("data.csv", "编号,名称,类型\nA1,北京协和医院,医院\n");
    let cases: &[(&str, &str, &[&str])] = &[
        ("syntax.yaml", "columns: [编号\n", &["column map syntax.yaml is not valid"]),
        ("list.yaml", "- 编号: code\n", &["column map list.yaml is not valid"]),
        ("typo.yaml", "colums:\n  编号: code\n", &["column map typo.yaml is not valid", "colums"]),
        (
            "target.yaml",
            "columns:\n  编号: code\n  名称: customer_name\n  类型: type\n",
            &["'customer_name' is not a column here", "the columns are: code, name, type"],
        ),
        (
            "values.yaml",
            "columns: {编号: code, 名称: name, 类型: type}\nvalues:\n  kind: {医院: hospital}\n",
            &["'kind' is not a column here"],
        ),
        (
            "encoding.yaml",
            "encoding: latin1\ncolumns: {编号: code}\n",
            &["column map encoding.yaml is not valid", "latin1"],
        ),
    ];
    for (name, text, needles) in cases {
        svc.write(name, text);
        refused(svc.run(&["customer", "import", "data.csv", "--map", name]).no_panic(), needles);
    }
    // The good map works on the same file.
    svc.write("good.yaml", "columns: {编号: code, 名称: name, 类型: type}\nvalues:\n  type: {医院: hospital}\n");
    svc.run(&["customer", "import", "data.csv", "--map", "good.yaml", "--dry-run"]).ok().stderr_has("inserted 1");
    nothing_written(&svc);
}

/// A named file that does not exist is "not found" (exit 3), whether it is the data or
/// the map (error.rs: NotFound is "a record, file or database that was named").
#[test]
fn r8_1_1_import_of_a_missing_file_or_map_is_not_found() {
    let svc = Svc::new();
    svc.run(&["customer", "import", "no-such-file.csv"]).no_panic().code(3).stderr_has("no file no-such-file.csv");
    svc.write("data.csv", csv(&[&good("A1")]));
    svc.run(&["customer", "import", "data.csv", "--map", "no-such-map.yaml"])
        .no_panic()
        .code(3)
        .stderr_has("no-such-map.yaml");
    nothing_written(&svc);
}

// ---------------------------------------------------------------------------------------
// Bad values: duplicates, dates, e-mail addresses, types

#[test]
fn r8_1_1_import_rejects_duplicate_keys_in_the_file() {
    let svc = Svc::new();
    // Full-width letters and digits are the same key once normalised.
    let text = csv(&[&good("A1"), &good("A2"), &good("A1"), &good("Ａ２")]);
    refused(
        import(&svc, "dup.csv", &text, &[]),
        &["dup.csv line 4: code: A1 appears twice in this file", "dup.csv line 5: code: A2 appears twice", "2 row(s)"],
    );
    nothing_written(&svc);
    // With --rejects the first of each goes in, the repeats are set aside.
    import(&svc, "dup.csv", &text, &["--rejects", "dup-rejects.csv"])
        .ok()
        .stderr_has("inserted 2")
        .stderr_has("rejected 2");
    let rejects = csv_rows(&String::from_utf8(svc.read("dup-rejects.csv")).unwrap());
    let lines: Vec<&str> = rejects[1..].iter().map(|r| r[r.len() - 2].as_str()).collect();
    assert_eq!(lines, ["4", "5"]);
}

#[test]
fn r8_1_1_import_rejects_impossible_dates_naming_the_line_and_the_accepted_forms() {
    let svc = Svc::new();
    let bad = ["2018-02-30", "2023-13-01", "2019年2月29日", "2024/4/31", "yesterday", "3/5/2024", "0"];
    let rows: Vec<String> = bad.iter().enumerate().map(|(i, d)| format!("D{i},医院,hospital,,,,,,,{d},")).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let run = refused(import(&svc, "dates.csv", csv(&rows), &[]), &["7 row(s) of dates.csv rejected"]);
    for (i, d) in bad.iter().enumerate() {
        let needle = format!("dates.csv line {}: created_on: {d} is not a date (use 2024-03-05", i + 2);
        assert!(run.stderr.contains(&needle), "stderr lacks {needle:?}\n{}", run.stderr);
    }
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_invalid_email_addresses() {
    let svc = Svc::new();
    let bad = ["sunli@hzzyy", "a@@b.com", "a b@c.com", "@example.com", "no-at-sign.com", "a@b..cn", "x@y.cn;z@y.cn"];
    let rows: Vec<String> = bad.iter().enumerate().map(|(i, e)| format!("E{i},医院,hospital,,,\"{e}\",,,,,")).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let run = refused(import(&svc, "mail.csv", csv(&rows), &[]), &["7 row(s) of mail.csv rejected"]);
    for (i, e) in bad.iter().enumerate() {
        let needle = format!("mail.csv line {}: email: {e} is not an e-mail address", i + 2);
        assert!(run.stderr.contains(&needle), "stderr lacks {needle:?}\n{}", run.stderr);
    }
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_rejects_unknown_customer_types() {
    let svc = Svc::new();
    let text = csv(&["T1,x,pharmacy,,,,,,,,", "T2,x,医院,,,,,,,,", "T3,x,,,,,,,,,", &good("T4")]);
    refused(
        import(&svc, "types.csv", text, &[]),
        &[
            "types.csv line 2: type: pharmacy is not one of hospital, clinic, distributor, other",
            "types.csv line 3: type: 医院 is not one of",
            "a column map's values: can translate it",
            "types.csv line 4: type: missing (one of hospital, clinic, distributor, other)",
            "3 row(s) of types.csv rejected",
        ],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_import_reports_every_problem_of_a_row_and_every_bad_row_at_once() {
    let svc = Svc::new();
    let text = csv(&[",,hotel,,,mail,,,,2018-02-30,", "K\u{1},x,clinic,,,,,,,,", &good("OK1")]);
    refused(
        import(&svc, "all.csv", text, &[]),
        &[
            "all.csv line 2: code: missing (it is required); name: missing (it is required); type: hotel is not one of",
            "email: mail is not an e-mail address; created_on: 2018-02-30 is not a date",
            "all.csv line 3: code: \"K\\u{1}\" holds control characters",
            "2 row(s) of all.csv rejected",
        ],
    );
    nothing_written(&svc);
}

#[test]
fn r8_1_1_a_bad_row_in_json_or_yaml_names_its_record() {
    let svc = Svc::new();
    let json = r#"[{"code":"A1","name":"x","type":"hospital"},{"code":"A2","name":"x","type":"hospital","created_on":"2018-02-30"}]"#;
    refused(import(&svc, "bad.json", json, &[]), &["bad.json record 2: created_on: 2018-02-30 is not a date"]);
    let yaml = "- {code: A1, name: x, type: hospital}\n- {code: A1, name: y, type: clinic}\n";
    refused(import(&svc, "bad.yaml", yaml, &[]), &["bad.yaml record 2: code: A1 appears twice in this file"]);
    nothing_written(&svc);
}

// ---------------------------------------------------------------------------------------
// Property tests

/// Pieces of CSV-ish text: the characters that break parsers, multibyte text, bytes that
/// are not UTF-8 (or are the start of a character cut short), values that fail checks.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => Just(b",".to_vec()),
        2 => Just(b"\"".to_vec()),
        1 => Just(b"\"\"".to_vec()),
        2 => Just(b"\n".to_vec()),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b" ".to_vec()),
        2 => "[A-C][0-9]{1,2}".prop_map(String::into_bytes),
        2 => prop::sample::select(vec!["hospital", "clinic", "distributor", "other", "pharmacy"]).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::sample::select(vec!["2024-03-05", "2018-02-30", "２０２４年３月５日", "43529", "a@b.cn", "a@b"]).prop_map(|s| s.as_bytes().to_vec()),
        2 => prop::sample::select(vec!["医院", "北京协和", "Ａ１", "\u{3000}", "😀", "\u{FEFF}"]).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::sample::select(vec![vec![0xFFu8], vec![0xE5], vec![0xE5, 0x8C], vec![0xD2, 0xBD], vec![0xB1, 0xB1], vec![0x00], vec![0x80]]),
        1 => prop::collection::vec(any::<u8>(), 1..8),
    ]
}

/// A whole file: often the real header, then random pieces; sometimes raw bytes.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (any::<bool>(), prop::collection::vec(piece(), 0..80)).prop_map(|(header, pieces)| {
            let mut v = if header { format!("{HEADER}\n").into_bytes() } else { Vec::new() };
            for p in pieces {
                v.extend(p);
            }
            v
        }),
        1 => prop::collection::vec(any::<u8>(), 0..512),
    ]
}

/// Rows of the canonical shape built from random cells: a key, a name and a type that
/// are often right, the other columns mostly empty, so that many rows are inserted.
fn rows() -> impl Strategy<Value = Vec<u8>> {
    let code = prop_oneof![8 => "[A-D][0-9]{0,2}".prop_map(String::into_bytes), 1 => piece()];
    let name = prop_oneof![
        8 => prop::sample::select(vec!["医院", " 北京协和 ", "\"a,b\"", "\"x\"\"y\""]).prop_map(|s| s.as_bytes().to_vec()),
        1 => Just(Vec::new()),
        1 => piece(),
    ];
    let kind = prop_oneof![
        8 => prop::sample::select(vec!["hospital", "clinic", " Clinic ", "pharmacy"]).prop_map(|s| s.as_bytes().to_vec()),
        1 => piece(),
    ];
    let other = prop_oneof![40 => Just(Vec::new()), 1 => piece()];
    let row = (code, name, kind, prop::collection::vec(other, 8..=8)).prop_map(|(c, n, k, rest)| {
        let mut cells = vec![c, n, k];
        cells.extend(rest);
        cells.join(&b","[..])
    });
    prop::collection::vec(row, 0..8).prop_map(|rows| {
        let mut v = format!("{HEADER}\n").into_bytes();
        for row in rows {
            v.extend(row);
            v.push(b'\n');
        }
        v
    })
}

fn inserted(stderr: &str) -> Option<i64> {
    let rest = &stderr[stderr.find("inserted ")? + "inserted ".len()..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(48))]

    /// Through the real binary: no panic, exit 0 or 5, and the database holds exactly
    /// the rows reported inserted (0 on failure), with one import entry or none.
    #[test]
    fn r8_1_1_prop_import_of_random_bytes_never_panics_and_is_all_or_nothing(
        bytes in prop_oneof![1 => csvish(), 2 => rows()],
        with_rejects in any::<bool>(),
    ) {
        let svc = Svc::new();
        svc.write("in.csv", &bytes);
        let mut args = vec!["customer", "import", "in.csv"];
        if with_rejects {
            args.extend(["--rejects", "rejects.csv"]);
        }
        let run = svc.run(&args);
        prop_assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
        prop_assert!(run.code == 0 || run.code == 5, "exit {}:\n{}", run.code, run.stderr);
        let count = customer_count(&svc);
        if run.code == 0 {
            prop_assert_eq!(Some(count), inserted(&run.stderr), "{}", run.stderr);
            prop_assert_eq!(import_entries(&svc), 1);
        } else {
            prop_assert!(run.stderr.contains("svc: error: "), "{}", run.stderr);
            prop_assert_eq!(count, 0);
            prop_assert_eq!(import_entries(&svc), 0);
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The reader itself, in every format: Ok or Err for any bytes, never a panic.
    #[test]
    fn r8_1_1_prop_source_reader_never_panics_on_arbitrary_bytes(
        bytes in prop_oneof![csvish(), rows(), prop::collection::vec(any::<u8>(), 0..2048)],
        format in prop::sample::select(vec!["csv", "json", "yaml"]),
        encoding in prop::sample::select(vec![
            svc::exchange::Encoding::Auto,
            svc::exchange::Encoding::Utf8,
            svc::exchange::Encoding::Gbk,
            svc::exchange::Encoding::Gb18030,
        ]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("in.{format}"));
        std::fs::write(&path, &bytes).unwrap();
        let result = std::panic::catch_unwind(|| {
            let mut source = svc::exchange::source::Source::open(&path, None, encoding)?;
            let mut n = 0u64;
            source.rows(&mut |_row, _bytes| {
                n += 1;
                Ok(())
            })?;
            Ok::<u64, svc::error::Error>(n)
        });
        prop_assert!(result.is_ok(), "the reader panicked on {:?}", bytes);
        if let Ok(Err(e)) = result {
            // A reading error is bad input, exit 5.
            prop_assert_eq!(e.exit(), svc::error::Exit::Invalid, "{}", e);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// The import engine in-process, on a real database: an error leaves no row and no
    /// history; success leaves exactly the rows it counted.
    #[test]
    fn r8_1_1_prop_import_engine_is_all_or_nothing(
        bytes in prop_oneof![1 => csvish(), 2 => rows()],
        with_rejects in any::<bool>(),
    ) {
        use svc::exchange::import::{self, ImportOpts};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("in.csv");
        std::fs::write(&file, &bytes).unwrap();
        let clock = svc::clock::Clock::fixed(chrono_now());
        let (mut db, _) = svc::db::Db::init(&dir.path().join("svc.db"), "test", clock).unwrap();
        let mut diag = Vec::new();
        let mut opts = ImportOpts::new(&file);
        if with_rejects {
            opts.rejects = Some(dir.path().join("rejects.csv"));
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            import::run::<svc::customer::Customer>(&mut db, &opts, &mut diag)
        }));
        prop_assert!(result.is_ok(), "the import panicked on {:?}", bytes);
        let count: i64 = db.query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
        let entries: i64 = db.query_row("SELECT count(*) FROM history", [], |r| r.get(0)).unwrap();
        match result.unwrap() {
            Ok(summary) => {
                prop_assert_eq!(count as u64, summary.inserted);
                prop_assert_eq!(summary.read, summary.inserted + summary.rejected);
                prop_assert!(with_rejects || summary.rejected == 0);
                prop_assert_eq!(entries, 1);
            }
            Err(e) => {
                prop_assert_eq!(e.exit(), svc::error::Exit::Invalid, "{}", e);
                prop_assert_eq!(count, 0);
                prop_assert_eq!(entries, 0);
            }
        }
    }
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&chrono::Utc)
}
