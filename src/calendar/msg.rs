//! The calendar's and the business time zone's messages (`i18n/*/calendar.ftl`).

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    calendar_bad_days = "calendar-bad-days" (value);
    calendar_bad_hours = "calendar-bad-hours" (value);
    calendar_bad_clock = "calendar-bad-clock" (key, value);
    config_bad_days_of_week = "config-bad-days-of-week" (key, value);
    config_bad_hours = "config-bad-hours" (key, value);
    config_bad_clock = "config-bad-clock" (key, value);
    config_bad_zone = "config-bad-zone" (key, value);
    cli_bad_tz = "cli-bad-tz" (value);
    calendar_hours_zone = "calendar-hours-zone" (zone);
}
