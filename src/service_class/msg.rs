//! Messages of service classes (`i18n/*/service-class.ftl`).

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    sla_class_bad = "sla-class-bad" (class, types);
    sla_duration_bad = "sla-duration-bad" (flag, value);
    sla_rule_not_found = "sla-rule-not-found" (class, priority);
    sla_rule_set = "sla-rule-set" (class, priority, response, resolution, clock);
    sla_rule_deleted = "sla-rule-deleted" (class, priority);
    sla_group_added = "sla-group-added" (group, added, already);
    sla_group_removed = "sla-group-removed" (group, removed);
    sla_group_not_member = "sla-group-not-member" (group, customer);
    sla_clock_setting = "sla-clock-setting" ();
}
