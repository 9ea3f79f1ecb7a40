//! Customers' technical support (R5): the support archive of questions and their
//! answers (`kb`, R5.1.1 and R5.1.3), searched with SQLite FTS5 (`search`); return
//! visits to customers (`visit`, R5.1.2).

pub mod kb;
pub mod msg;
pub mod search;
mod store;
pub mod visit;

use chrono::{DateTime, Duration, Utc};

use crate::db::Tx;
use crate::error::Result;

/// `svc demo`'s support scene: a few articles, then an enquiry about a PM-9000 that goes
/// black on start-up, answered from the archive (the best article for its symptom and
/// model) and linked to it. Returns the ticket's and the article's codes.
pub fn demo(tx: &Tx, now: DateTime<Utc>) -> Result<(String, String)> {
    let articles = [
        (
            "开机后黑屏",
            "开机后黑屏无显示，电源指示灯亮",
            "检查背光板供电；供电正常则更换背光板",
            "PM-9000",
            "显示, 电源",
        ),
        ("血氧无波形", "SpO2 探头接上后无波形", "清洁探头后重新校准；仍无波形则更换血氧探头", "PM-9000", "测量"),
        ("黑屏通用排查", "设备黑屏的通用排查步骤", "先查电源与保险丝，再查屏线与背光", "", "显示"),
        ("曝光中断", "曝光过程中中断并提示高压错误", "检查高压电缆接头，复测管电压", "XR-200", "影像"),
    ];
    for (title, question, solution, models, tags) in articles {
        let a = kb::Article {
            code: String::new(),
            title: title.into(),
            question: question.into(),
            solution: solution.into(),
            models: models.into(),
            parts: String::new(),
            tags: tags.into(),
            author: Some("E001".into()),
        };
        kb::add(tx, &a)?;
    }
    let enquiry = crate::ticket::NewTicket {
        customer: "C0001".into(),
        equipment: Some("00012345".into()),
        channel: "hotline".into(),
        kind: "enquiry".into(),
        priority: "normal".into(),
        symptom: "开机后黑屏，无显示".into(),
        reporter: Some("张护士".into()),
        at: now - Duration::hours(2),
    };
    let ticket = crate::ticket::open(tx, &enquiry)?;
    let best = kb::for_ticket(tx.conn(), &ticket, 1)?.into_iter().next();
    let article = best.map(|h| h.code).unwrap_or_else(|| "KB-000001".into());
    let (_, answer) = crate::records::get::<kb::Article>(tx.conn(), &article)?;
    crate::ticket::close(tx, &ticket, &answer.solution, Some(now - Duration::hours(1)))?;
    kb::link(tx, &ticket, &article)?;
    Ok((ticket, article))
}
