//! Values a spreadsheet destroyed on the way (issue 17). Excel shows a long number in
//! scientific notation and saves it so (`13800138000` becomes `1.38001E+10`: the last
//! digits are gone), and drops the leading 0 of a number (`01065295000` becomes
//! `1065295000`). Such a phone or code is no longer the customer's: the row is refused
//! unless the administrator says `--accept-damaged`.

use super::msg;

/// Columns whose values are identifiers written in digits: phones and codes (the only
/// ones `damage` looks at; an import asks once per column, not per cell).
pub fn is_identifier(column: &str) -> bool {
    column.contains("phone") || column.contains("mobile") || super::workbook::is_code_column(column)
}

/// Whether `value` is a number in scientific notation: `1.38E+10`, `1.38001e10`, `2E+5`.
fn scientific(value: &str) -> bool {
    // 'e' and 'E' are ASCII: found byte by byte, as `split_once` would find them.
    let Some(at) = value.bytes().position(|b| b == b'e' || b == b'E') else { return false };
    let (mantissa, exponent) = (&value[..at], &value[at + 1..]);
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    whole.len() == 1
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a phone number of digits alone lost its leading 0: a Chinese number with an
/// area code is 0 and 10 or 11 more digits (010 6529 5000, 0571 8888 6666), so 10 or 11
/// digits not starting with 0 are such a number cut short, unless they are a mobile
/// (11 digits from 1) or a 400/800 service number (10 digits).
fn lost_zero(value: &str) -> bool {
    let n = value.len();
    (n == 10 || n == 11)
        && value.bytes().all(|b| b.is_ascii_digit())
        && !value.starts_with('0')
        && !(n == 11 && value.starts_with('1'))
        && !(n == 10 && (value.starts_with("400") || value.starts_with("800")))
}

/// Why `value` of `column` was damaged by a spreadsheet, if it was.
pub fn damage(column: &str, value: &str) -> Option<String> {
    // The value's own checks first: they rule out almost every cell of an import at the
    // cost of a glance at its bytes, before the column's name is looked at.
    let (scientific, lost_zero) = (scientific(value), lost_zero(value));
    if !(scientific || lost_zero) || !is_identifier(column) {
        return None;
    }
    if scientific {
        return Some(msg::exchange_damaged_scientific().to_string());
    }
    let phone = column.contains("phone") || column.contains("mobile");
    phone.then(|| msg::exchange_damaged_zero().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_in_a_phone_or_code_is_damage() {
        for v in ["1.38001E+10", "1.38E+10", "2E+5", "1.3e10"] {
            assert!(damage("phone", v).is_some(), "{v}");
            assert!(damage("customer_code", v).is_some(), "{v}");
        }
        assert!(damage("name", "1.38E+10").is_none(), "a name is no identifier");
        assert!(damage("code", "C1E+10").is_none());
        assert!(damage("code", "E+10").is_none());
    }

    #[test]
    fn a_landline_without_its_zero_is_damage_a_mobile_is_not() {
        assert!(damage("phone", "1065295000").is_some(), "010 6529 5000 without its 0");
        assert!(damage("phone", "57188886666").is_some(), "0571 8888 6666 without its 0");
        assert!(damage("phone", "13800138000").is_none(), "a mobile");
        assert!(damage("phone", "01065295000").is_none());
        assert!(damage("phone", "4008123456").is_none(), "a 400 number");
        assert!(damage("phone", "010-6529 5000").is_none());
        assert!(damage("phone", "65295000").is_none(), "a local number");
        assert!(damage("code", "1065295000").is_none(), "a code's zeros are not known");
    }
}
