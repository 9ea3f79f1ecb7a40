//! Workbooks as Excel saves them, read through the streamed .xlsx reader: text in one
//! shared-strings table, dates as serial numbers under Excel's date formats (built-in 14,
//! zh-CN's `yyyy"年"m"月"d"日"`, a custom `yyyy-mm-dd`), phone numbers as number cells,
//! blank rows left out, the headers' `phoneticPr`. tests/workbooks.rs reads the workbook
//! LibreOffice saved (tests/data); these are written here byte by byte in the shape zh-CN
//! Excel writes (`bench/gen_excel_workbook.py` makes the benchmark's the same way), since
//! no library at hand writes exactly that shape, and they are large enough (thousands of
//! rows) that a streamed reader's row numbers, errors and early ends are tried far from
//! the top of the sheet.

mod common;

use common::{csv_rows, Svc};

/// A zip archive of `members`, stored uncompressed (every .xlsx reader reads it).
fn zip(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, data) in members {
        let (crc, size, offset) = (crc32(data), data.len() as u32, out.len() as u32);
        // version, flags, method (stored), time, date, crc, sizes, name length, extra length
        let mut head = Vec::new();
        head.extend(20u16.to_le_bytes());
        head.extend(0u16.to_le_bytes());
        head.extend(0u16.to_le_bytes());
        head.extend(0u16.to_le_bytes());
        head.extend(0x5865u16.to_le_bytes()); // 2024-03-05
        head.extend(crc.to_le_bytes());
        head.extend(size.to_le_bytes());
        head.extend(size.to_le_bytes());
        head.extend((name.len() as u16).to_le_bytes());
        head.extend(0u16.to_le_bytes());
        out.extend(b"PK\x03\x04");
        out.extend(&head);
        out.extend(name.as_bytes());
        out.extend(data);
        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes()); // made by
        central.extend(&head);
        central.extend([0u8; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let (at, len) = (out.len() as u32, central.len() as u32);
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend(len.to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// The cell styles of `styles()`, as a cell's `s` names them.
const DATE_SLASH: u8 = 1; // built-in 14, yyyy/m/d in zh-CN
const DATE_CN: u8 = 2; // yyyy"年"m"月"d"日";@
const DATE_ISO: u8 = 3; // yyyy\-mm\-dd;@

fn styles() -> String {
    format!(
        "{XML}<styleSheet xmlns=\"{MAIN}\"><numFmts count=\"2\">\
         <numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@\"/>\
         <numFmt numFmtId=\"177\" formatCode=\"yyyy\\-mm\\-dd;@\"/></numFmts>\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/><charset val=\"134\"/></font>\
         <font><sz val=\"9\"/><name val=\"等线\"/><charset val=\"134\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
         <xf numFmtId=\"176\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
         <xf numFmtId=\"177\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"常规\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
    )
}

/// A cell as Excel stores it.
enum Cell {
    /// Text: an index into the shared strings.
    Text(String),
    /// A number in General format.
    Number(u64),
    /// A day's serial number under a date format (`DATE_*`).
    Date(u32, u8),
    /// The cell's XML as it stands (a damaged one).
    Raw(String),
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// An .xlsx of one sheet, 客户档案: the header in row 1, then each `(row number, cells)`
/// (rows not given are blank, and left out as Excel leaves them out).
fn excel_workbook(header: &[&str], rows: &[(u32, Vec<Cell>)]) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut count = 0;
    let mut shared = |s: &str| {
        count += 1;
        *index.entry(s.to_string()).or_insert_with(|| {
            strings.push(s.to_string());
            strings.len() - 1
        })
    };
    let column = |j: usize| char::from(b'A' + j as u8);
    let mut sheet = String::new();
    let header_cells: Vec<Cell> = header.iter().map(|h| text(h)).collect();
    for (r, cells) in std::iter::once((1, &header_cells)).chain(rows.iter().map(|(r, c)| (*r, c))) {
        sheet.push_str(&format!("<row r=\"{r}\" spans=\"1:{}\">", header.len()));
        for (j, cell) in cells.iter().enumerate() {
            let at = format!("{}{r}", column(j));
            sheet.push_str(&match cell {
                Cell::Text(s) if s.is_empty() => String::new(),
                Cell::Text(s) => format!("<c r=\"{at}\" t=\"s\"><v>{}</v></c>", shared(s)),
                Cell::Number(n) => format!("<c r=\"{at}\"><v>{n}</v></c>"),
                Cell::Date(serial, style) => format!("<c r=\"{at}\" s=\"{style}\"><v>{serial}</v></c>"),
                Cell::Raw(xml) => xml.clone(),
            });
        }
        sheet.push_str("</row>");
    }
    let last = rows.last().map_or(1, |r| r.0);
    let sheet = format!(
        "{XML}<worksheet xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><dimension ref=\"A1:{}{last}\"/>\
         <sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"/></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"14.25\"/><sheetData>{sheet}</sheetData>\
         <phoneticPr fontId=\"1\" type=\"noConversion\"/><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" \
         bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
        column(header.len() - 1)
    );
    let mut sst = format!("{XML}<sst xmlns=\"{MAIN}\" count=\"{count}\" uniqueCount=\"{}\">", strings.len());
    for s in &strings {
        let space = if s.trim() != s { " xml:space=\"preserve\"" } else { "" };
        // The headers were typed in with a Chinese input method: zh-CN Excel notes it.
        let phonetic =
            if header.contains(&s.as_str()) { "<phoneticPr fontId=\"1\" type=\"noConversion\"/>" } else { "" };
        sst.push_str(&format!("<si><t{space}>{}</t>{phonetic}</si>", s.replace('&', "&amp;").replace('<', "&lt;")));
    }
    sst.push_str("</sst>");
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    zip(&[
        (
            "[Content_Types].xml",
            format!(
                "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/xl/workbook.xml\" ContentType=\"{ct}.sheet.main+xml\"/>\
                 <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"{ct}.worksheet+xml\"/>\
                 <Override PartName=\"/xl/styles.xml\" ContentType=\"{ct}.styles+xml\"/>\
                 <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{ct}.sharedStrings+xml\"/></Types>"
            )
            .into_bytes(),
        ),
        (
            "_rels/.rels",
            format!(
                "{XML}<Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" \
                 Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(
                "{XML}<workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets>\
                 <sheet name=\"客户档案\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            )
            .into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "{XML}<Relationships xmlns=\"{PKG}\">\
                 <Relationship Id=\"rId3\" Type=\"{REL}/styles\" Target=\"styles.xml\"/>\
                 <Relationship Id=\"rId4\" Type=\"{REL}/sharedStrings\" Target=\"sharedStrings.xml\"/>\
                 <Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            )
            .into_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
        ("xl/styles.xml", styles().into_bytes()),
        ("xl/sharedStrings.xml", sst.into_bytes()),
    ])
}

const HEADER: [&str; 6] = ["客户编号", "客户名称", "类型", "联系电话", "省份", "建档日期"];
const MAP: &str = "columns:\n  客户编号: code\n  客户名称: name\n  类型: type\n  联系电话: phone\n  省份: province\n  \
                   建档日期: created_on\nvalues:\n  type:\n    医院: hospital\n    诊所: clinic\n";
const PROVINCES: [&str; 4] = ["四川", "广东", "北京", "江苏"];

/// Customer `i` as a CSV line and as the cells Excel saved of it: every date form a
/// legacy file holds, typed as Excel types them (2019-03-05 is the serial 43529).
fn customer(i: u32) -> (String, Vec<Cell>) {
    let code = format!("KH{i:05}");
    let name = if i % 50 == 7 { format!(" 客户{i}号医院 ") } else { format!("客户{i}号医院") };
    let kind = if i.is_multiple_of(3) { "诊所" } else { "医院" };
    let phone = 13_800_000_000 + u64::from(i);
    let province = PROVINCES[i as usize % PROVINCES.len()];
    let serial = 43_529 + i;
    let (y, m, d) = ymd(serial);
    let (date_text, date_cell) = match i % 5 {
        0 => (format!("{y}/{m}/{d}"), Cell::Date(serial, DATE_SLASH)),
        1 => (format!("{y}年{m}月{d}日"), Cell::Date(serial, DATE_CN)),
        2 => (format!("{y}-{m:02}-{d:02}"), Cell::Date(serial, DATE_ISO)),
        // A serial the old system wrote: a plain number to Excel.
        3 => (serial.to_string(), Cell::Number(u64::from(serial))),
        // Not a date to Excel: text.
        _ => (format!("{y}.{m}.{d}"), text(&format!("{y}.{m}.{d}"))),
    };
    let line = format!("{code},{name},{kind},{phone},{province},{date_text}\n");
    let cells = vec![text(&code), text(&name), text(kind), Cell::Number(phone), text(province), date_cell];
    (line, cells)
}

/// The day of an Excel serial number (after 1900-03-01).
fn ymd(serial: u32) -> (i64, u32, u32) {
    // Days from 1970-01-01: Excel's day 25569.
    let z = i64::from(serial) - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[test]
fn r8_1_1_a_workbook_as_excel_saves_it_imports_the_records_its_csv_holds() {
    assert_eq!(ymd(43_529), (2019, 3, 5));
    let svc = Svc::new();
    svc.write("map.yaml", MAP);
    // 1,000 customers, more rows than the reader hands over at once; blank rows
    // between them (left out of the file); one row whose type the map does not know.
    let (mut csv, mut rows) = (HEADER.join(",") + "\n", Vec::new());
    for i in 0..1_000u32 {
        let (line, cells) = customer(i);
        let at = i + 2 + u32::from(i >= 300) + 5 * u32::from(i >= 700);
        if i == 520 {
            let mut cells = cells;
            cells[2] = text("保健院");
            rows.push((at, cells));
            continue;
        }
        csv.push_str(&line);
        rows.push((at, cells));
    }
    svc.write("customers.csv", &csv);
    svc.write("customers.xlsx", excel_workbook(&HEADER, &rows));

    svc.run(&["customer", "import", "customers.xlsx", "--map", "map.yaml", "--rejects", "rejects.csv"])
        .ok()
        .stderr_has("customers.xlsx row 523: type: 保健院 is not one of")
        .stderr_has("read 1000, inserted 999, updated 0, unchanged 0, skipped 0, rejected 1");
    let rejects = csv_rows(&String::from_utf8(svc.read("rejects.csv")).unwrap());
    assert_eq!(rejects.len(), 2, "{rejects:?}");
    assert_eq!(rejects[1][..3], ["KH00520", "客户520号医院", "保健院"]);
    assert_eq!(rejects[1][6], "523", "the sheet's row, counted across the blank rows");
    let from_workbook = svc.stdout(&["customer", "list", "--format", "csv"]);

    let again = Svc::new();
    again.write("map.yaml", MAP);
    again.write("customers.csv", &csv);
    again.run(&["-q", "customer", "import", "customers.csv", "--map", "map.yaml"]).ok();
    let from_csv = again.stdout(&["customer", "list", "--format", "csv"]);
    assert_eq!(from_workbook, from_csv, "the workbook's records are the CSV file's");
    // What the cells became: the date cells and the serial a date, the phone numbers
    // digits, the name's stray spaces trimmed.
    for expected in [
        "KH00000,客户0号医院,clinic,13800000000,四川,2019-03-05",
        "KH00001,客户1号医院,hospital,13800000001,广东,2019-03-06",
        "KH00002,客户2号医院,hospital,13800000002,北京,2019-03-07",
        "KH00003,客户3号医院,clinic,13800000003,江苏,2019-03-08",
        "KH00004,客户4号医院,hospital,13800000004,四川,2019-03-09",
        "KH00007,客户7号医院,hospital,13800000007,江苏,2019-03-12",
    ] {
        let (code, rest) = expected.split_once(',').unwrap();
        let line = from_workbook.lines().find(|l| l.starts_with(code)).expect(code);
        let fields: Vec<&str> = line.split(',').collect();
        let (name, kind, phone, province, date) = (fields[1], fields[2], fields[4], fields[6], fields[9]);
        assert_eq!([code, name, kind, phone, province, date].join(","), format!("{code},{rest}"), "{line}");
    }
}

#[test]
fn r8_1_1_a_sheet_damaged_past_its_first_rows_exits_5_and_writes_nothing() {
    let svc = Svc::new();
    svc.write("map.yaml", MAP);
    // 2,000 good rows, then a cell of a type no spreadsheet writes: the reader is well
    // past the first rows the import took when it meets it.
    let mut rows: Vec<(u32, Vec<Cell>)> = (0..2_000).map(|i| (i + 2, customer(i).1)).collect();
    rows[1_500].1[3] = Cell::Raw("<c r=\"D1502\" t=\"zz\"><v>1</v></c>".into());
    svc.write("damaged.xlsx", excel_workbook(&HEADER, &rows));
    for extra in [&[][..], &["--rejects", "rejects.csv"][..]] {
        let mut args = vec!["customer", "import", "damaged.xlsx", "--map", "map.yaml"];
        args.extend_from_slice(extra);
        svc.run(&args)
            .code(5)
            .no_panic()
            .stderr_has("damaged.xlsx: not a workbook that can be read (Unknown cell 't' attribute: \"zz\")")
            .stderr_has("nothing was written");
    }
    assert_eq!(svc.stdout(&["customer", "export"]).lines().count(), 1, "no customer");
    assert!(!svc.path("rejects.csv").exists(), "no rejects file");
    assert_eq!(svc.stdout(&["history", "--entity", "customer"]), "", "no import in the history");
}

#[test]
fn r8_1_1_an_import_that_stops_at_its_first_row_ends_with_most_of_the_sheet_unread() {
    let svc = Svc::new();
    svc.write("map.yaml", MAP);
    // The first row is bad, and the rejects file exists already: the import stops there,
    // with thousands of rows not read yet. It ends, and writes nothing.
    let mut rows: Vec<(u32, Vec<Cell>)> = (0..5_000).map(|i| (i + 2, customer(i).1)).collect();
    rows[0].1[2] = text("保健院");
    svc.write("customers.xlsx", excel_workbook(&HEADER, &rows));
    svc.write("rejects.csv", "kept\n");
    svc.run(&["customer", "import", "customers.xlsx", "--map", "map.yaml", "--rejects", "rejects.csv"])
        .code(2)
        .no_panic()
        .stderr_has("rejects.csv exists");
    assert_eq!(svc.read("rejects.csv"), b"kept\n");
    assert_eq!(svc.stdout(&["customer", "export"]).lines().count(), 1, "no customer");
}

#[test]
fn r8_1_1_a_serial_under_each_of_excels_date_formats_reads_as_its_day_and_a_general_one_as_its_number() {
    // The notes column is free text: what a cell became shows there as it is.
    let svc = Svc::new();
    let row =
        |i: u32, notes: Cell| (i + 2, vec![text(&format!("K{i}")), text(&format!("客户{i}")), text("hospital"), notes]);
    let rows = vec![
        row(0, Cell::Date(43_529, DATE_SLASH)),
        row(1, Cell::Date(43_529, DATE_CN)),
        row(2, Cell::Date(43_529, DATE_ISO)),
        row(3, Cell::Number(43_529)),
    ];
    svc.write("notes.xlsx", excel_workbook(&["code", "name", "type", "notes"], &rows));
    svc.run(&["-q", "customer", "import", "notes.xlsx"]).ok();
    let notes: Vec<String> = csv_rows(&svc.stdout(&["customer", "list", "--format", "csv"]))
        .into_iter()
        .skip(1)
        .map(|r| format!("{}={}", r[0], r[10]))
        .collect();
    assert_eq!(notes, ["K0=2019-03-05", "K1=2019-03-05", "K2=2019-03-05", "K3=43529"]);
}
