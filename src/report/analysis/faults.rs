//! `svc report faults` (R8.2.2): where devices fail. Failures are the repairs opened in
//! the period and the legacy archive's repairs reported in it (every repair on record,
//! R8.2.1). Normalised by the installed base: per 100 devices, per device-year in
//! service, and the mean time between failures (days in service ÷ failures).

use serde_json::Value;

use super::common::{fig, pareto, ratio};
use super::{print, Window};
use crate::cli::{Ctx, Period};
use crate::error::{Error, Result};
use crate::report::store::faults as store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    /// Failures per model against its installed base, MTBF
    Model,
    /// Pareto of the parts replaced, per model
    Part,
    /// Pareto of the causes found, per model
    Cause,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to break the failures down by
    #[arg(long, value_enum, default_value = "model")]
    pub by: By,
    /// Only the N first rows (of each model, for a Pareto)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Only this model
    #[arg(long)]
    pub model: Option<String>,
    #[command(flatten)]
    pub period: Period,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let db = ctx.open()?;
    let w = Window::of(&a.period, ctx.clock.now());
    if let Some(m) = &a.model {
        if !store::model_known(db.conn(), m)? {
            return Err(Error::not_found(super::msg::analysis_unknown_model(m.as_str())));
        }
    }
    match a.by {
        By::Model => {
            let mut rows = store::by_model(db.conn(), &w, a.model.as_deref())?;
            if let Some(n) = a.top {
                rows.truncate(n);
            }
            print(ctx, MODEL_COLUMNS, rows.iter().map(ModelRow::cells))
        }
        By::Cause | By::Part => {
            let counts = if a.by == By::Cause {
                store::causes(db.conn(), &w, a.model.as_deref())?
            } else {
                store::parts(db.conn(), &w, a.model.as_deref())?
            };
            let headers: &[&str] = if a.by == By::Cause {
                &["model", "cause", "failures", "share_pct", "cumulative_pct"]
            } else {
                &["model", "part_no", "name", "qty", "repairs", "share_pct", "cumulative_pct"]
            };
            print(ctx, headers, pareto_rows(counts, a.top))
        }
    }
}

/// One model's failures against its installed base.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRow {
    pub model: String,
    pub manufacturer: String,
    pub devices: i64,
    pub failures: i64,
    pub archived: i64,
    /// Days in service in the period of the devices with an installation day.
    pub service_days: f64,
    /// Failures of those devices (the others have no time in service to divide by).
    pub dated_failures: i64,
}

pub const MODEL_COLUMNS: &[&str] = &[
    "model",
    "manufacturer",
    "devices",
    "failures",
    "archived",
    "per_100_devices",
    "device_years",
    "per_device_year",
    "mtbf_days",
];

pub const DAYS_PER_YEAR: f64 = 365.25;

impl ModelRow {
    /// Failures per 100 installed devices.
    pub fn per_100_devices(&self) -> Option<f64> {
        ratio(self.failures as f64 * 100.0, self.devices as f64)
    }
    pub fn device_years(&self) -> Option<f64> {
        (self.service_days > 0.0).then(|| self.service_days / DAYS_PER_YEAR)
    }
    /// Failures per device-year in service.
    pub fn per_device_year(&self) -> Option<f64> {
        self.device_years().and_then(|y| ratio(self.dated_failures as f64, y))
    }
    /// Mean time between failures: days in service over the failures in them.
    pub fn mtbf_days(&self) -> Option<f64> {
        ratio(self.service_days, self.dated_failures as f64)
    }
    fn cells(&self) -> Vec<Value> {
        vec![
            Value::from(self.model.clone()),
            Value::from(self.manufacturer.clone()),
            Value::from(self.devices),
            Value::from(self.failures),
            Value::from(self.archived),
            fig(self.per_100_devices(), 1),
            fig(self.device_years(), 2),
            fig(self.per_device_year(), 3),
            fig(self.mtbf_days(), 0),
        ]
    }
}

/// One line of a Pareto: the model, what is counted (cells before the count), the count
/// the shares are computed on, and cells after it.
pub struct Counted {
    pub model: String,
    pub key: Vec<Value>,
    pub count: f64,
    pub after: Vec<Value>,
}

/// The Pareto table of each model in turn: share and cumulative share of the model's
/// total, the first `top` lines of each (the shares stay those of the whole).
pub fn pareto_rows(counts: Vec<Counted>, top: Option<usize>) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let mut start = 0;
    while start < counts.len() {
        let end = start + counts[start..].iter().take_while(|c| c.model == counts[start].model).count();
        let group = &counts[start..end];
        let shares = pareto(&group.iter().map(|c| c.count).collect::<Vec<_>>());
        for (c, (share, cumulative)) in group.iter().zip(shares).take(top.unwrap_or(usize::MAX)) {
            let mut row = vec![Value::from(c.model.clone())];
            row.extend(c.key.iter().cloned());
            row.push(Value::from(c.count as i64));
            row.extend(c.after.iter().cloned());
            row.push(fig(share, 1));
            row.push(fig(cumulative, 1));
            rows.push(row);
        }
        start = end;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(devices: i64, failures: i64, service_days: f64, dated: i64) -> ModelRow {
        ModelRow {
            model: "M".into(),
            manufacturer: "X".into(),
            devices,
            failures,
            archived: 0,
            service_days,
            dated_failures: dated,
        }
    }

    #[test]
    fn r8_2_2_failures_are_normalised_by_the_installed_base() {
        // 4 devices, 2 failures over 730.5 days in service (2 device-years).
        let r = row(4, 2, 730.5, 2);
        assert_eq!(r.per_100_devices(), Some(50.0));
        assert_eq!(r.device_years(), Some(2.0));
        assert_eq!(r.per_device_year(), Some(1.0));
        assert_eq!(r.mtbf_days(), Some(365.25));
    }

    #[test]
    fn r8_2_2_no_failure_has_no_mtbf_and_no_device_no_rate() {
        let r = row(3, 0, 100.0, 0);
        assert_eq!(r.mtbf_days(), None);
        assert_eq!(r.per_100_devices(), Some(0.0));
        let none = row(0, 0, 0.0, 0);
        assert_eq!((none.per_100_devices(), none.device_years(), none.per_device_year()), (None, None, None));
    }

    #[test]
    fn r8_2_2_pareto_is_per_model_and_top_keeps_the_shares_of_the_whole() {
        let c =
            |m: &str, k: &str, n: f64| Counted { model: m.into(), key: vec![Value::from(k)], count: n, after: vec![] };
        let rows = pareto_rows(vec![c("A", "x", 3.0), c("A", "y", 1.0), c("B", "z", 2.0)], Some(1));
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            vec![Value::from("A"), Value::from("x"), Value::from(3), fig(Some(75.0), 1), fig(Some(75.0), 1)]
        );
        assert_eq!(rows[1][4], fig(Some(100.0), 1));
    }
}
