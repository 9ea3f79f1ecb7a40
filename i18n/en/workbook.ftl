# Workbooks read and written (src/exchange/workbook*.rs).
workbook-unreadable = { $name }: not a workbook that can be read ({ $reason }); nothing was written
workbook-not-a-workbook = { $name }: not a workbook (.xlsx, .xls or .ods): the file is damaged or of another kind; nothing was written
workbook-text-not-a-workbook = { $name }: named as a workbook but holds text; if it is CSV, rename it .csv or pass --format csv; nothing was written
workbook-no-sheet = { $name }: no sheet { $sheet }; its sheets: { $sheets } (give --sheet a name or a number from 1)
workbook-sheet-ambiguous = { $name }: several sheets hold a header svc knows: { $sheets }; say which with --sheet NAME (or its number from 1)
workbook-empty-sheet = { $name }: sheet { $sheet } is empty; choose another with --sheet
workbook-header-row-blank = { $name }: row { $row } of sheet { $sheet } is blank, it cannot be the header (--header-row)
workbook-formula = a formula's result (={ $formula }), not a value typed in: a total or summary row?
workbook-error-cell = the error value { $error } in the cell
workbook-code-numbers = warning: column { $header } holds { $count } number cell(s) (such as { $example } in row { $row }): a spreadsheet drops a number's leading zeros (00311 becomes 311). They were imported as shown; check them, and type codes as text
workbook-to-terminal = an xlsx workbook is binary and is not shown on a terminal: write it with -o FILE.xlsx, or redirect the output to a file
workbook-write-failed = cannot write the workbook: { $reason }
workbook-write-name = { $path }: svc writes workbooks as .xlsx; name the file .xlsx (Excel, WPS and LibreOffice all open it)
workbook-reference-zeros = { $problem }; did you mean { $meant }? (a spreadsheet drops the leading zeros of a code saved as a number: type codes as text)
# The data validation of a sheet's count columns, shown by Excel and WPS on the cell.
workbook-whole-input-title = Quantity
workbook-whole-input = Type the number of units: 0, 1, 2 ... (a whole number, 0 or more); leave it blank if not counted
workbook-whole-error-title = Not a quantity
workbook-whole-error = 0, 1, 2 ... (a whole number, 0 or more); leave it blank if not counted
