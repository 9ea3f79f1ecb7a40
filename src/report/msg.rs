//! The report area's messages and page words; the texts are in `i18n/<lang>/report.ftl`.

use crate::words::{Arg, Msg};

crate::words::catalogue::messages! {
    report_bad_span = "report-bad-span" (from, to);
    report_bad_month = "report-bad-month" (month);
    report_written = "report-written" (path, month);
    report_monthly_format = "report-monthly-format" (format);
    // Words of the monthly page.
    report_title = "report-title" (month);
    report_made = "report-made" (at);
    report_headline = "report-headline" ();
    report_trends = "report-trends" ();
    report_rates = "report-rates" ();
    report_by_model = "report-by-model" ();
    report_causes = "report-causes" ();
    report_figure = "report-figure" ();
    report_this_month = "report-this-month" ();
    report_previous = "report-previous" ();
    report_change = "report-change" ();
    report_unit = "report-unit" ();
    report_month = "report-month" ();
    report_model = "report-model" ();
    report_cause = "report-cause" ();
}
