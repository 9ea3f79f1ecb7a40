//! The maintenance report (R1.2) laid out for a person: the device, the plan it was
//! maintained under, the checklist with each verdict, the parts replaced, when it is
//! next due, and the customer's signature. Its own words are in `EN` and `ZH_CN`, the frame's in `frame.rs`;
//! the signed facts (and their hash) do not depend on the language.

use super::frame::{self, Signer};
use super::redacted::{self, Redact};
use super::{fill, or_blank, when, Block, Document, Printable};
use crate::clock::Zone;
use crate::maint::report::Printed;
use crate::repair::archive::RepairRecord;
use crate::words::catalogue::{lang, value_label};

/// The maintenance report's words. `{name}` marks where a fact goes.
pub struct Words {
    pub title: &'static str,
    pub location: &'static str,
    pub maintenance: &'static str,
    pub plan: &'static str,
    pub plan_line: &'static str,
    pub risk: &'static str,
    pub done: &'static str,
    pub technician: &'static str,
    pub hours: &'static str,
    pub meter: &'static str,
    pub checklist: &'static str,
    pub checklist_head: &'static str,
    pub ticket: &'static str,
    pub parts_replaced: &'static str,
    pub parts_headers: [&'static str; 4],
    pub no_parts: &'static str,
    pub next_due: &'static str,
    pub note: &'static str,
    pub signature: &'static str,
}

pub const EN: Words = Words {
    title: "Maintenance report {visit}",
    location: "Location",
    maintenance: "Maintenance",
    plan: "Plan",
    plan_line: "{code} v{version} — {name}",
    risk: "Risk class",
    done: "Done",
    technician: "Technician",
    hours: "Hours",
    meter: "Meter reading",
    checklist: "Checklist",
    checklist_head: "{checklist} ({standard}): {verdict}",
    ticket: "A check failed: fault ticket {ticket} was opened for the repair.",
    parts_replaced: "Parts replaced",
    parts_headers: ["part_no", "name", "lot", "qty"],
    no_parts: "No parts replaced.",
    next_due: "Next maintenance due",
    note: "Note",
    signature: "Customer's signature",
};

/// The words in Chinese, as a hospital's equipment department reads a 保养报告.
pub const ZH_CN: Words = Words {
    title: "预防性维护保养报告 {visit}",
    location: "安装位置",
    maintenance: "保养",
    plan: "保养计划",
    plan_line: "{code} 第 {version} 版：{name}",
    risk: "风险等级",
    done: "保养时间",
    technician: "保养工程师",
    hours: "工时",
    meter: "计数读数",
    checklist: "检查项目",
    checklist_head: "{checklist}（{standard}）：{verdict}",
    ticket: "有检查项目不合格：已开故障工单 {ticket} 安排维修。",
    parts_replaced: "更换备件",
    parts_headers: ["备件编号", "名称", "批号", "数量"],
    no_parts: "未更换备件。",
    next_due: "下次保养到期",
    note: "备注",
    signature: "客户签字",
};

/// The report's words in the thread's language.
fn words() -> &'static Words {
    match crate::words::catalogue::lang() {
        crate::words::Lang::ZhCn => &ZH_CN,
        _ => &EN,
    }
}

impl Printable for Printed {
    fn layout(&self, zone: Zone) -> Document {
        let (w, f, r) = (words(), frame::words(), &self.report);
        let version = r.plan_version.to_string();
        let mut blocks = vec![
            frame::status(self.signed),
            Block::Heading(2, f.customer_and_device.into()),
            Block::fields([
                (f.customer, frame::party(&r.customer_name, &r.customer_code)),
                (f.device, frame::device(&r.manufacturer, &r.model, &r.serial_no)),
                (w.location, or_blank(&r.location)),
                (f.registration_no, or_blank(&r.registration_no)),
            ]),
            Block::Heading(2, w.maintenance.into()),
            Block::fields([
                (w.plan, fill(w.plan_line, &[("code", &r.plan), ("version", &version), ("name", &r.plan_name)])),
                (w.risk, value_label("risk", &r.risk, lang()).into_owned()),
                (w.done, when(&r.at, zone)),
                (w.technician, frame::party(&r.technician_name, &r.technician_code)),
                (w.hours, or_blank(&r.hours)),
                (w.meter, r.meter.map(|m| m.to_string()).unwrap_or_default()),
            ]),
            Block::Heading(2, w.checklist.into()),
            Block::Paragraph(fill(
                w.checklist_head,
                &[
                    ("checklist", &r.checklist),
                    ("standard", &or_blank(&r.standard)),
                    ("verdict", frame::verdict(r.passed)),
                ],
            )),
        ];
        let rows = r.results.iter().map(|j| frame::result_row(&j.name, &j.value, &j.unit, &j.limits, j.pass));
        blocks.push(frame::results(rows.collect()));
        if let Some(ticket) = &r.ticket {
            blocks.push(Block::Paragraph(fill(w.ticket, &[("ticket", ticket)])));
        }
        blocks.push(Block::Heading(2, w.parts_replaced.into()));
        if r.parts.is_empty() {
            blocks.push(Block::Paragraph(w.no_parts.into()));
        } else {
            let rows =
                r.parts.iter().map(|p| vec![p.part_no.clone(), p.name.clone(), p.lot.clone(), p.qty.to_string()]);
            blocks.push(Block::table(&w.parts_headers, rows.collect()));
        }
        let mut tail = vec![(w.next_due, or_blank(&r.next_due))];
        if let Some(note) = &r.note {
            tail.push((w.note, note.clone()));
        }
        blocks.push(Block::fields(tail));
        let signer = r.signature.as_ref().map(|s| Signer {
            by: s.by.clone(),
            method: value_label("method", &s.method, lang()).into_owned(),
            at: when(&s.at, zone),
        });
        blocks.extend(frame::signature(w.signature, signer, &self.sha256));
        Document { title: fill(w.title, &[("visit", &r.visit)]), blocks }
    }
}

/// The customer's person who signed is personal, as the signer of a repair is
/// (`signed_by` in the registry); the technician is staff, a fact of the record.
impl Redact for Printed {
    fn redact(&mut self) {
        if let Some(s) = &mut self.report.signature {
            redacted::mask(<RepairRecord as crate::exchange::Record>::ENTITY, "signed_by", &mut s.by);
        }
        self.sha256 = None;
    }
}
