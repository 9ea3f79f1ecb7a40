//! The analyses' messages: keys `analysis-…`; texts in i18n/{en,zh-CN}/analysis.ftl.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    analysis_months_zero = "analysis-months-zero" ();
    analysis_min_qty_applied = "analysis-min-qty-applied" (count);
    analysis_min_qty_rehearsed = "analysis-min-qty-rehearsed" (count);
    analysis_min_qty_none = "analysis-min-qty-none" ();
    analysis_unknown_part = "analysis-unknown-part" (part);
    analysis_unknown_model = "analysis-unknown-model" (model);
}
