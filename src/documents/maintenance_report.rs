//! The maintenance report (R1.2) laid out for a person: the device, the plan it was
//! maintained under, the checklist with each verdict, the parts replaced, when it is
//! next due, and the customer's signature. Every word it prints is in `EN` and `ZH_CN`;
//! the signed facts (and their hash) do not depend on the language.

use super::{fill, or_blank, Block, Document, Printable, Signed};
use crate::clock::{show_in, Zone};
use crate::maint::report::Printed;

/// The maintenance report's words. `{name}` marks where a fact goes.
pub struct Words {
    pub title: &'static str,
    pub status: &'static str,
    pub signed: &'static str,
    pub draft: &'static str,
    pub customer_and_device: &'static str,
    pub customer: &'static str,
    pub party: &'static str,
    pub device: &'static str,
    pub device_line: &'static str,
    pub location: &'static str,
    pub registration_no: &'static str,
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
    pub passed: &'static str,
    pub failed: &'static str,
    pub results_headers: [&'static str; 4],
    pub pass: &'static str,
    pub fail: &'static str,
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
    status: "Status: {status}",
    signed: "signed",
    draft: "draft, not signed",
    customer_and_device: "Customer and device",
    customer: "Customer",
    party: "{name} ({code})",
    device: "Device",
    device_line: "{manufacturer} {model} — serial {serial_no}",
    location: "Location",
    registration_no: "Registration no.",
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
    passed: "PASSED",
    failed: "FAILED",
    results_headers: ["item", "value", "limits", "result"],
    pass: "pass",
    fail: "FAIL",
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
    status: "状态：{status}",
    signed: "已签字确认",
    draft: "草稿，未签字",
    customer_and_device: "客户与设备",
    customer: "客户",
    party: "{name}（{code}）",
    device: "设备",
    device_line: "{manufacturer} {model}，序列号 {serial_no}",
    location: "安装位置",
    registration_no: "注册证号",
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
    passed: "合格",
    failed: "不合格",
    results_headers: ["项目", "测量值", "限值", "结果"],
    pass: "合格",
    fail: "不合格",
    ticket: "有检查项目不合格：已开故障工单 {ticket} 安排维修。",
    parts_replaced: "更换备件",
    parts_headers: ["备件号", "名称", "批号", "数量"],
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
        let (w, r) = (words(), &self.report);
        let status = if self.signed { w.signed } else { w.draft };
        let device = [("manufacturer", r.manufacturer.as_str()), ("model", &r.model), ("serial_no", &r.serial_no)];
        let version = r.plan_version.to_string();
        let verdict = if r.passed { w.passed } else { w.failed };
        let mut blocks = vec![
            Block::Paragraph(fill(w.status, &[("status", status)])),
            Block::Heading(2, w.customer_and_device.into()),
            Block::fields([
                (w.customer, fill(w.party, &[("name", &r.customer_name), ("code", &r.customer_code)])),
                (w.device, fill(w.device_line, &device)),
                (w.location, or_blank(&r.location)),
                (w.registration_no, or_blank(&r.registration_no)),
            ]),
            Block::Heading(2, w.maintenance.into()),
            Block::fields([
                (w.plan, fill(w.plan_line, &[("code", &r.plan), ("version", &version), ("name", &r.plan_name)])),
                (w.risk, r.risk.clone()),
                (w.done, show_in(&r.at, zone)),
                (w.technician, fill(w.party, &[("name", &r.technician_name), ("code", &r.technician_code)])),
                (w.hours, or_blank(&r.hours)),
                (w.meter, r.meter.map(|m| m.to_string()).unwrap_or_default()),
            ]),
            Block::Heading(2, w.checklist.into()),
            Block::Paragraph(fill(
                w.checklist_head,
                &[("checklist", &r.checklist), ("standard", &or_blank(&r.standard)), ("verdict", verdict)],
            )),
        ];
        let rows = r.results.iter().map(|j| {
            let value = format!("{} {}", j.value, or_blank(&j.unit)).trim().to_string();
            vec![j.name.clone(), value, j.limits.clone(), (if j.pass { w.pass } else { w.fail }).to_string()]
        });
        blocks.push(Block::table(&w.results_headers, rows.collect()));
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
        let signed = r.signature.as_ref().map(|s| Signed {
            by: s.by.clone(),
            method: s.method.clone(),
            at: show_in(&s.at, zone),
            sha256: or_blank(&self.sha256),
        });
        blocks.extend([Block::Heading(2, w.signature.into()), Block::Signature(signed)]);
        Document { title: fill(w.title, &[("visit", &r.visit)]), blocks }
    }
}
