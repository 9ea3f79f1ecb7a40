//! What the housekeeping commands say to a person, in `i18n/<lang>/admin.ftl`: the
//! rows of `svc db check` (read by people in a table; the check names and results are
//! canonical words translated as labels), `svc customer delete`, the summaries of
//! `svc export DIR` and `svc import DIR`, and the row problems of the training imports.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    admin_customer_deleted = "admin-customer-deleted" (code);
    admin_exported_area = "admin-exported-area" (count, entity, path);
    admin_dumped = "admin-dumped" (tables, rows, path);
    admin_restored = "admin-restored" (tables, rows, dir);
    admin_would_restore = "admin-would-restore" (tables, rows, dir);
    admin_check_ok = "admin-check-ok" ();
    admin_check_chain_ok = "admin-check-chain-ok" (count);
    admin_check_chain_broken = "admin-check-chain-broken" (id);
    admin_check_clock_backwards = "admin-check-clock-backwards" (count, seconds, ids);
    admin_check_seals_ok = "admin-check-seals-ok" (count);
    admin_check_seal_of = "admin-check-seal-of" (count, id);
    admin_check_seals_broken = "admin-check-seals-broken" (seals);
    admin_check_schema_version = "admin-check-schema-version" (version, latest);
    admin_check_triggers_missing = "admin-check-triggers-missing" (names);
    admin_check_triggers_changed = "admin-check-triggers-changed" (names);
    admin_check_triggers_unknown = "admin-check-triggers-unknown" (names);
    admin_check_bad_history = "admin-check-bad-history" (count);
    admin_check_bad_dates = "admin-check-bad-dates" (count);
    admin_check_bad_balances = "admin-check-bad-balances" (count);
    admin_check_dates_out_of_order = "admin-check-dates-out-of-order" (count);
    admin_check_integrity_failed = "admin-check-integrity-failed" (detail);
    admin_check_foreign_keys_failed = "admin-check-foreign-keys-failed" (count, rows);
    admin_check_fk_row = "admin-check-fk-row" (table, row, parent);
    admin_demo_try = "admin-demo-try" (path);
    admin_training_hours = "admin-training-hours" (value);
    admin_training_no_training = "admin-training-no-training" (training);
    admin_training_no_staff = "admin-training-no-staff" (staff);
    admin_training_certificate_other = "admin-training-certificate-other" (kind, number);
    admin_training_score = "admin-training-score" (score);
    admin_training_score_range = "admin-training-score-range" ();
    admin_training_no_topic = "admin-training-no-topic" ();
    admin_training_failed_no_certificate = "admin-training-failed-no-certificate" ();
    admin_training_expiry_without_certificate = "admin-training-expiry-without-certificate" ();
}

#[cfg(test)]
mod tests {
    use crate::exchange::Stored;
    use crate::words::catalogue::{value_label, Lang};

    /// Messages name an area by `VALUE("entity", ...)` (`已将 6 条客户记录写入 ...`): every
    /// registered area has its Chinese name.
    #[test]
    fn every_area_has_a_chinese_name() {
        struct Names(Vec<&'static str>);
        impl crate::registry::Visit for Names {
            fn area<T: Stored>(&mut self) -> crate::error::Result<()> {
                self.0.push(T::ENTITY);
                Ok(())
            }
        }
        let mut names = Names(Vec::new());
        crate::registry::each(&mut names).unwrap();
        for entity in names.0 {
            assert_ne!(value_label("entity", entity, Lang::ZhCn), entity, "value-entity-{entity} has no zh-CN label");
        }
    }
}
