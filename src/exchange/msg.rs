//! Messages of the import and export engine (`i18n/*/exchange.ftl`), issue 17: the
//! warnings a migrating administrator needs, and the row problems that were English.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    exchange_encoding_read_only = "exchange-encoding-read-only" (encoding);
    exchange_fields_count = "exchange-fields-count" (found, expected);
    exchange_quote_unclosed = "exchange-quote-unclosed" (line);
    exchange_not_utf8 = "exchange-not-utf8" (line, reason);
    exchange_row_too_long = "exchange-row-too-long" (line, limit);
    exchange_field_too_long = "exchange-field-too-long" (record, limit);
    exchange_damaged = "exchange-damaged" (value, why);
    exchange_damaged_scientific = "exchange-damaged-scientific" ();
    exchange_damaged_zero = "exchange-damaged-zero" ();
    exchange_damaged_accepted = "exchange-damaged-accepted" (count, example, at, pos);
    exchange_key_again = "exchange-key-again" (label, at, pos, mode);
    exchange_number_codes = "exchange-number-codes" (header, count, example, at, pos);
    exchange_map_not_utf8 = "exchange-map-not-utf8" (path);
    exchange_delimiter_bad = "exchange-delimiter-bad" (value);
    exchange_bad_bytes = "exchange-bad-bytes" (line, encoding, hint);
    exchange_hint_took_utf8 = "exchange-hint-took-utf8" ();
    exchange_hint_not_text = "exchange-hint-not-text" ();
    exchange_hint_check_encoding = "exchange-hint-check-encoding" ();
    exchange_unmappable = "exchange-unmappable" (character, encoding);
    exchange_control_character = "exchange-control-character" (code);
    exchange_leftover_cells = "exchange-leftover-cells" (reason, cells);
    exchange_json_invalid = "exchange-json-invalid" (reason);
    exchange_yaml_invalid = "exchange-yaml-invalid" (reason);
    exchange_invisible_character = "exchange-invisible-character" (value, code);
}
