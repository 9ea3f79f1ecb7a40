# The import and export engine (src/exchange/msg.rs).
exchange-encoding-read-only = --encoding { $encoding } is for reading; write in utf-8, gbk or gb18030
exchange-fields-count = { $found } fields where the header has { $expected } (a stray comma or quote?)
exchange-quote-unclosed = line { $line }: a quoted field opens here and is never closed (a missing " or a truncated file)
exchange-not-utf8 = line { $line }: text that is not UTF-8 ({ $reason }); pass --encoding gbk if the file is GBK
exchange-row-too-long = line { $line }: a row longer than { $limit } MiB is refused (a quote never closed, or not a table at all)
exchange-field-too-long = record { $record }: a field longer than { $limit } MiB is refused (a field holds text, not a whole document or file)
exchange-damaged = { $value } was damaged by a spreadsheet: { $why }. Type it again as text in the source, or pass --accept-damaged to import it as it is
exchange-damaged-scientific = written in scientific notation, its last digits are lost
exchange-damaged-zero = a number of that length is a phone number that lost its leading 0
exchange-damaged-accepted = warning: { $count } value(s) damaged by a spreadsheet imported as they are (--accept-damaged), such as { $example } at { $at } { $pos }: check them
exchange-key-again = warning: { $label } appears again at { $at } { $pos } of this file ({ $mode }: { $mode ->
        [upsert] the later row wins
       *[other] the later row is skipped
    }); check which row is right
exchange-number-codes = warning: column { $header } holds { $count } number(s) where a code is text (such as { $example } at { $at } { $pos }): a number loses its leading zeros (00123 becomes 123). They were imported as shown; check them, and quote codes in JSON and YAML
exchange-map-not-utf8 = the column map { $path } is not UTF-8 (saved as GBK?): save it as UTF-8; its encoding: line is for the data file
exchange-delimiter-bad = --delimiter { $value }: give one character, or tab
exchange-bad-bytes = line { $line }: bytes that are not valid { $encoding } ({ $hint })
exchange-hint-took-utf8 = svc took the file for UTF-8: if it is GBK, pass --encoding gbk
exchange-hint-not-text = it is neither UTF-8 nor GBK text: a spreadsheet must be saved as CSV first
exchange-hint-check-encoding = check --encoding: utf-8, gbk, gb18030 or utf-16
exchange-unmappable = the character '{ $character }' cannot be written in { $encoding }: export in UTF-8 or gb18030 instead
exchange-control-character = holds the control character { $code }: only tab and line breaks are text
exchange-leftover-cells = { $reason } (cells with no column here: { $cells })
exchange-json-invalid = not valid JSON: { $reason }
exchange-yaml-invalid = not a YAML list of records: { $reason }
exchange-invisible-character = { $value } holds the invisible character { $code }
