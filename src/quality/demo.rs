//! The quality part of `svc demo` (R7): a standard in the register, an internal
//! inspection that samples the demo's signed repair and raises a finding which is
//! rectified and re-checked, and a complaint taken through to closure with that finding
//! as its corrective action. Everything goes through the same calls as the commands.

use chrono::{DateTime, Duration, Utc};

use super::{audit, complaint, finding, sample, standard};
use crate::db::Tx;
use crate::error::Result;

/// Builds it; returns the inspection's and the complaint's codes.
pub fn build(tx: &Tx, now: DateTime<Utc>) -> Result<(String, String)> {
    let hours = |h: i64| Some(now - Duration::hours(h));
    let day = |d: i64| crate::clock::local_day(now + Duration::days(d)).to_string();
    let qs = standard::Fields {
        title: Some("维修作业规范".into()),
        step: Some("repair".into()),
        effective_on: Some(day(-300)),
        owner: Some("E005".into()),
        review_months: Some(12),
        file: None,
    };
    standard::write(tx, "QS-REP-01", &qs, false)?;

    let c = complaint::open(
        tx,
        &complaint::NewComplaint {
            customer: Some("C0001".into()),
            equipment: Some("00012345".into()),
            ticket: None,
            channel: "hotline".into(),
            category: "repair-quality".into(),
            severity: None,
            patient_harm: "none".into(),
            group_event: false,
            description: "维修交付后第二天偶发黑屏".into(),
            at: hours(12),
        },
    )?;
    complaint::acknowledge(tx, &c, "E003", Some("已致电护士长，今日安排工程师复查"), hours(11))?;
    complaint::investigate(tx, &c, "更换保险丝后未做老化测试，电源板虚焊未暴露", "method", hours(8))?;

    let a = audit::plan(tx, "已签字的维修记录", &day(0), "E005")?;
    audit::open(tx, &a, hours(6))?;
    let since = crate::clock::utc_text(now - Duration::days(30));
    sample::records(tx, &a, sample::Kind::Repairs, 5, Some(&since), None, 2026)?;
    let f = finding::add(
        tx,
        &finding::NewFinding {
            audit: Some(a.clone()),
            source: "manual",
            severity: "minor".into(),
            clause: "R3.4.1".into(),
            record: Some(c.clone()),
            description: "维修后未做老化测试即交付（见投诉）".into(),
            by: None,
            owner: Some("E001".into()),
            deadline: Some(day(14)),
        },
    )?;
    finding::rectify(tx, &f, "维修作业规范增加通电老化2小时，并培训工程师", "E001", hours(4))?;
    finding::recheck(tx, &f, "E005", "effective", "抽查本周三单维修均有老化记录", None, hours(3))?;

    complaint::resolve(tx, &c, "免费上门重焊电源板并老化测试，保修延长三个月", hours(3))?;
    complaint::inform(tx, &c, "E003", "phone", "accepted", Some("护士长认可"), hours(2))?;
    complaint::corrective(tx, &c, &f)?;
    complaint::close(tx, &c, hours(2))?;
    audit::close(tx, &a, "抽查已签字维修单；发现老化测试缺失一项，已整改并复查有效", hours(1))?;
    Ok((a, c))
}
