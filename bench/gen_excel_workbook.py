#!/usr/bin/env python3
"""Generate the benchmark's customers as an .xlsx workbook shaped like one Excel saves.

The records are bench/gen_customers.py's for the same --rows, --seed and --order (its
`rows()` makes them; `--headers zh`: Chinese headers and types), so this workbook and
`gen_customers.py --headers zh` import to the same customers through the same column map
(--write-map writes it). What differs is the file's shape, which is Excel's, not svc's
own export's (rust_xlsxwriter: every text in its cell, an inline string):

- every text cell is an index (`t="s"`) into one shared-strings table,
  xl/sharedStrings.xml, in the order the sheet first uses each text, with `count` and
  `uniqueCount`; the columns that repeat (type, province, city, notes) are stored once,
  names, codes, phones and e-mail addresses mostly once per row;
- xl/styles.xml holds the number formats; a date is a serial number with a date format,
  as Excel types what was keyed in or pasted: 2016/7/9 and 2015-03-05 become serials
  shown `yyyy/m/d` (built-in 14) or `yyyy-mm-dd` (a custom format), 2017年11月20日 a
  serial shown `yyyy"年"m"月"d"日";@`; 2019.4.1 is not a date to Excel and stays text; a
  serial the old system wrote (43529) stays a plain number in General format;
- a mobile number of digits alone is a number cell (13800000001, shown 1.38E+10 by
  Excel), one typed with spaces or a landline (010-2345678) is text;
- an empty field is no cell at all; rows carry `spans`, the sheet its `dimension`,
  column widths, a sheet view and page margins; strings with leading or trailing spaces
  are `xml:space="preserve"`; the headers, typed in by a person with a Chinese input
  method, carry `phoneticPr` as zh-CN Excel writes them.

No formulas: a record import rejects a formula's result (docs/workbooks.md), and the
benchmark imports every row; tests/workbooks.rs covers formulas with the workbook a real
spreadsheet program saved (tests/data/legacy_customers.xlsx).

The sheet is written into the zip as it is made; the shared-strings table (like
Excel's, and like every reader's) is held in memory until the sheet is done.

  gen_excel_workbook.py --rows 100000 -o customers.xlsx --write-map customers.map.yaml
"""

import argparse
import datetime
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_customers  # noqa: E402  (the records, one definition)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'

# cellXfs, in styles.xml's order: the cell's `s` attribute.
GENERAL, DATE_SLASH, DATE_ISO, DATE_CN = 0, 1, 2, 3
COLUMN_WIDTHS = [12.6, 34.0, 8.6, 8.6, 14.0, 26.0, 8.6, 10.0, 30.0, 16.0, 22.0]
EXCEL_BASE = datetime.date(1899, 12, 30)
FIXED_TIME = (2024, 3, 5, 9, 30, 0)  # every zip entry's time: the file is deterministic

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def column_name(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serial(y, m, d):
    return (datetime.date(int(y), int(m), int(d)) - EXCEL_BASE).days


def typed(column, value):
    """The cell Excel makes of a field: ("n", number, style) or ("s", text, style)."""
    if column == "phone" and value.isdigit():
        return "n", value, GENERAL
    if column == "created_on":
        for pattern, style in ((ISO, DATE_ISO), (SLASH, DATE_SLASH), (CN, DATE_CN)):
            m = pattern.match(value)
            if m:
                return "n", str(serial(*m.groups())), style
        if value.isdigit():
            return "n", value, GENERAL  # a serial the old system wrote: General, a plain number
    return "s", value, GENERAL


class SharedStrings:
    """The table of texts, each stored once, numbered in order of first use."""

    def __init__(self):
        self.index = {}
        self.count = 0

    def of(self, text):
        self.count += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def write(self, out, phonetic):
        out.write((HEAD + f'<sst xmlns="{MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">').encode())
        chunk = []
        for text in self.index:  # dicts keep insertion order: the indexes' order
            space = ' xml:space="preserve"' if text != text.strip() else ""
            tail = '<phoneticPr fontId="1" type="noConversion"/>' if text in phonetic else ""
            chunk.append(f"<si><t{space}>{escape(text)}</t>{tail}</si>")
            if len(chunk) == 10000:
                out.write("".join(chunk).encode())
                chunk = []
        chunk.append("</sst>")
        out.write("".join(chunk).encode())


def sheet_rows(out, records, headers, columns, strings):
    """Write sheetData's rows: the header, then the records."""
    refs = [column_name(i) for i in range(len(headers))]
    spans = f"1:{len(headers)}"

    def row_xml(r, cells):
        parts = [f'<row r="{r}" spans="{spans}" x14ac:dyDescent="0.2">']
        for ref, column, value in zip(refs, columns, cells):
            if value == "":
                continue  # Excel writes no cell for an empty one
            kind, v, style = typed(column, value) if column else ("s", value, GENERAL)
            s = f' s="{style}"' if style else ""
            if kind == "s":
                parts.append(f'<c r="{ref}{r}"{s} t="s"><v>{strings.of(v)}</v></c>')
            else:
                parts.append(f'<c r="{ref}{r}"{s}><v>{v}</v></c>')
        parts.append("</row>")
        return "".join(parts)

    out.write(row_xml(1, headers).encode())
    chunk = []
    for r, record in enumerate(records, start=2):
        chunk.append(row_xml(r, record))
        if len(chunk) == 2000:
            out.write("".join(chunk).encode())
            chunk = []
    out.write("".join(chunk).encode())


def sheet_head(last_row, width):
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(COLUMN_WIDTHS[:width])
    )
    return (
        HEAD
        + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}" xmlns:mc="{MC}" mc:Ignorable="x14ac" xmlns:x14ac="{X14AC}">'
        + f'<dimension ref="A1:{column_name(width - 1)}{last_row}"/>'
        + '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        + 'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        + "</sheetView></sheetViews>"
        + '<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/>'
        + f"<cols>{cols}</cols><sheetData>"
    )


SHEET_TAIL = (
    '</sheetData><phoneticPr fontId="1" type="noConversion"/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="portrait"/></worksheet>'
)

STYLES = (
    HEAD
    + f'<styleSheet xmlns="{MAIN}" xmlns:mc="{MC}" mc:Ignorable="x14ac" xmlns:x14ac="{X14AC}">'
    + '<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>'
    + '<numFmt numFmtId="177" formatCode="yyyy\\-mm\\-dd;@"/></numFmts>'
    + '<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="等线"/>'
    + '<family val="2"/><charset val="134"/><scheme val="minor"/></font><font><sz val="9"/><name val="等线"/>'
    + '<family val="3"/><charset val="134"/><scheme val="minor"/></font></fonts>'
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    + "</fill></fills>"
    + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/>'
    + "</xf></cellStyleXfs>"
    + '<cellXfs count="4">'
    + '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf>'
    + '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1">'
    + '<alignment vertical="center"/></xf>'
    + '<xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1">'
    + '<alignment vertical="center"/></xf>'
    + '<xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1">'
    + '<alignment vertical="center"/></xf>'
    + "</cellXfs>"
    + '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>'
    + '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" '
    + 'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def package_parts(sheet_name):
    ct = "application/vnd.openxmlformats-officedocument"
    return {
        "[Content_Types].xml": HEAD
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
        + f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
        + f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
        + f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        + f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/></Types>',
        "_rels/.rels": HEAD
        + f'<Relationships xmlns="{PKG_REL}">'
        + f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
        + f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
        + f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": HEAD
        + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        + '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
        + '<workbookPr filterPrivacy="1" defaultThemeVersion="166925"/>'
        + '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>'
        + f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets>'
        + '<calcPr calcId="191029"/></workbook>',
        "xl/_rels/workbook.xml.rels": HEAD
        + f'<Relationships xmlns="{PKG_REL}">'
        + f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        + f'<Relationship Id="rId4" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        + f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "docProps/core.xml": HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        + 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>客服部</dc:creator>'
        + '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-05T01:30:00Z</dcterms:created>'
        + '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-05T01:30:00Z</dcterms:modified></cp:coreProperties>',
        "docProps/app.xml": HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        + "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        + "<AppVersion>16.0300</AppVersion></Properties>",
    }


def entry(name):
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_workbook(path, records, n, headers, columns, sheet_name):
    """Write `n` records (an iterable, made as they are written) as the workbook."""
    parts = package_parts(sheet_name)
    strings = SharedStrings()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        # Excel's order: the package, the workbook, its sheet, then styles and the
        # shared strings the sheet's cells point into.
        for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            z.writestr(entry(name), parts[name])
        # The sheet's dimension comes before its rows: the header and the n records.
        with z.open(entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as out:
            out.write(sheet_head(n + 1, len(headers)).encode())
            sheet_rows(out, records, headers, columns, strings)
            out.write(SHEET_TAIL.encode())
        z.writestr(entry("xl/styles.xml"), STYLES)
        with z.open(entry("xl/sharedStrings.xml"), "w", force_zip64=True) as out:
            strings.write(out, phonetic=set(headers))
        for name in ("docProps/core.xml", "docProps/app.xml"):
            z.writestr(entry(name), parts[name])
    return strings


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20240305)
    p.add_argument("--order", choices=["random", "ascending"], default="random",
                   help="code order of the rows, as gen_customers.py --order")
    p.add_argument("--sheet", default="客户档案", help="the sheet's name")
    p.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    p.add_argument("--write-map", metavar="MAP.yaml", help="also write the column map of the Chinese headers")
    a = p.parse_args()
    if a.rows > 10_000_000:
        p.error("--rows: at most 10,000,000 (codes would repeat)")
    records = gen_customers.rows(a.rows, a.seed, True, a.order == "ascending")
    strings = write_workbook(a.output, records, a.rows, gen_customers.ZH_HEADERS, gen_customers.COLUMNS, a.sheet)
    print(f"{a.output}: {a.rows} rows, {strings.count} text cells, {len(strings.index)} distinct texts",
          file=sys.stderr)
    if a.write_map:
        gen_customers.write_map(a.write_map, "utf-8")


if __name__ == "__main__":
    main()
