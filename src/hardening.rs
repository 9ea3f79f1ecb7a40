//! The messages of the hardening work (issue 9): outputs that would destroy data, the
//! history's hash chain and its seals, arithmetic that would overflow, hostile input.
//! English in `i18n/en/hardening.ftl`, Chinese in `i18n/zh-CN/hardening.ftl`.

pub mod msg {
    use crate::words::catalogue::{Arg, Msg};

    crate::words::catalogue::messages! {
        output_is_database = "hardening-output-is-database" (path);
        output_is_input = "hardening-output-is-input" (path);
        output_not_regular = "hardening-output-not-regular" (path);
        output_exists = "hardening-output-exists" (path);
        output_dir_not_empty = "hardening-output-dir-not-empty" (path);
        output_failed = "hardening-output-failed" (path, reason);
        amount_overflow = "hardening-amount-overflow" ();
        seal_file_missing = "hardening-seal-file-missing" (path);
        seal_file_bad = "hardening-seal-file-bad" (path, lines);
    }
}
