//! The service report (R3.4.2, R8.2.1) laid out for a person: its sections, and every
//! word it prints, one set per language (`EN`, `ZH_CN`; `words()` picks the thread's).
//! The language changes the layout only: the facts signed and their hash are the same.

use super::frame::{self, Signer};
use super::redacted::{self, Redact};
use super::{day, fill, or_blank, when, Block, Document, Item, Printable};
use crate::clock::Zone;
use crate::money;
use crate::money::Money;
use crate::repair::archive::RepairRecord;
use crate::repair::report::{Charges, InspectionDone, Issuer, Plan, Printed, ServiceReport, Status};

/// The service report's words. `{name}` marks where a fact goes.
pub struct Words {
    pub title: &'static str,
    pub installed: &'static str,
    pub warranty_at_intake: &'static str,
    pub ticket: &'static str,
    pub dates: &'static str,
    pub reported: &'static str,
    pub repair_opened: &'static str,
    pub started: &'static str,
    pub finished: &'static str,
    pub report_written: &'static str,
    pub technicians: &'static str,
    pub fault: &'static str,
    pub symptom: &'static str,
    pub difficulty: &'static str,
    pub diagnosis: &'static str,
    pub diagnosis_cause: &'static str,
    pub visit: &'static str,
    pub onsite: &'static str,
    pub remote: &'static str,
    pub cause: &'static str,
    pub work_done: &'static str,
    pub plan: &'static str,
    pub estimate: &'static str,
    pub other: &'static str,
    pub free_under_warranty: &'static str,
    pub parts_replaced: &'static str,
    pub parts_headers: [&'static str; 5],
    pub inspection: &'static str,
    pub inspection_head: &'static str,
    pub inspection_by: &'static str,
    pub signature: &'static str,
    pub amendments: &'static str,
    pub amendment: &'static str,
    pub issuer: &'static str,
    pub issuer_fields: [&'static str; 4],
    pub priced_parts_headers: [&'static str; 7],
    pub charges: &'static str,
    pub parts_charge: &'static str,
    pub parts_free: &'static str,
    pub labour_charge: &'static str,
    pub labour_line: &'static str,
    pub total_charge: &'static str,
    pub total_in_words: &'static str,
    pub amount: &'static str,
}

pub const EN: Words = Words {
    title: "Service report {report}",
    installed: "Installed",
    warranty_at_intake: "Warranty at intake",
    ticket: "Ticket",
    dates: "Dates",
    reported: "Reported",
    repair_opened: "Repair opened",
    started: "Work started",
    finished: "Work finished",
    report_written: "Report written",
    technicians: "Who worked on it",
    fault: "Fault",
    symptom: "Symptom",
    difficulty: "Difficulty",
    diagnosis: "Diagnosis {at} by {by}: {finding}{cause}",
    diagnosis_cause: " (cause: {cause})",
    visit: "{kind} {at} by {by}: {finding} (tools: {tools})",
    onsite: "on-site visit",
    remote: "remote check",
    cause: "Cause",
    work_done: "Work done",
    plan: "Plan v{version} (consented by {by} by {method} on {at}):",
    estimate: "Estimate {estimate} (parts {parts}, labour {labour} for {hours} h{other}){warranty}",
    other: ", other {other}",
    free_under_warranty: "; parts free under warranty",
    parts_replaced: "Parts replaced",
    parts_headers: ["part_no", "name", "spec", "lot", "qty"],
    inspection: "Inspection",
    inspection_head: "{protocol} — {name} ({standard}): {verdict}",
    inspection_by: "{at} by {by}, instrument: {instrument}",
    signature: "Signature",
    amendments: "Amendments",
    amendment: "{at} by {by}: {text}",
    issuer: "Service company",
    issuer_fields: ["Company", "Address", "Service phone", "Licence no."],
    priced_parts_headers: ["part_no", "name", "spec", "lot", "qty", "unit_price", "amount"],
    charges: "Charges",
    parts_charge: "Parts",
    parts_free: "{amount} (free under warranty: {listed} listed)",
    labour_charge: "Labour",
    labour_line: "{amount} ({hours} h × {rate} per hour)",
    total_charge: "Total",
    total_in_words: "",
    amount: "{amount} yuan",
};

/// 维修服务报告: the words a 设备科 reads and signs.
pub const ZH_CN: Words = Words {
    title: "维修服务报告 {report}",
    installed: "装机日期",
    warranty_at_intake: "报修时保修状态",
    ticket: "工单号",
    dates: "时间",
    reported: "报修时间",
    repair_opened: "维修立单",
    started: "开始维修",
    finished: "维修完成",
    report_written: "报告出具",
    technicians: "维修人员",
    fault: "故障",
    symptom: "故障现象",
    difficulty: "维修难度",
    diagnosis: "{at} {by} 诊断：{finding}{cause}",
    diagnosis_cause: "（原因：{cause}）",
    visit: "{at} {by} {kind}：{finding}（检测工具：{tools}）",
    onsite: "上门检查",
    remote: "远程检查",
    cause: "故障原因",
    work_done: "维修过程",
    plan: "维修方案第 {version} 版（{by} 于 {at} 以{method}方式确认）：",
    estimate: "预计费用 {estimate} 元（备件 {parts} 元，工时费 {labour} 元，{hours} 小时{other}）{warranty}",
    other: "，其他 {other} 元",
    free_under_warranty: "；保修期内备件免费",
    parts_replaced: "更换备件",
    parts_headers: ["备件编号", "名称", "规格", "批号", "数量"],
    inspection: "维修质量检验",
    inspection_head: "{protocol} — {name}（{standard}）：{verdict}",
    inspection_by: "{at} 由 {by} 检验，检测仪器：{instrument}",
    signature: "客户签字确认",
    amendments: "补充说明",
    amendment: "{at} {by}：{text}",
    issuer: "维修服务单位",
    issuer_fields: ["单位名称", "地址", "服务电话", "许可证号"],
    priced_parts_headers: ["备件编号", "名称", "规格", "批号", "数量", "单价（元）", "金额（元）"],
    charges: "维修费用",
    parts_charge: "备件费",
    parts_free: "{amount}（保修期内免费，原价 {listed}）",
    labour_charge: "工时费",
    labour_line: "{amount}（{hours} 小时 × {rate}/小时）",
    total_charge: "费用合计",
    total_in_words: "合计（大写）",
    amount: "{amount} 元",
};

/// The report's words in the thread's language.
fn words() -> &'static Words {
    match crate::words::catalogue::lang() {
        crate::words::Lang::ZhCn => &ZH_CN,
        _ => &EN,
    }
}

/// A word stored in the report (a consent method, a difficulty, a warranty status) as
/// people read it.
fn word<'a>(column: &str, value: &'a str) -> std::borrow::Cow<'a, str> {
    crate::words::catalogue::value_label(column, value, crate::words::catalogue::lang())
}

/// The warranty at intake as frozen in the report: the sentence `equipment::Warranty::
/// describe` wrote, or a note typed at intake. In zh-CN the sentence's known forms are
/// said in Chinese; a note stays as typed. `ticket show` says it so in a table too.
pub fn warranty(frozen: &str) -> String {
    if crate::words::catalogue::lang() != crate::words::Lang::ZhCn {
        return frozen.to_string();
    }
    let until = |rest: &str| rest.split_whitespace().next().map(day).unwrap_or_default();
    if let Some(rest) = frozen.strip_prefix("under warranty until ") {
        format!("保修期内（至{}）", until(rest))
    } else if let Some(rest) = frozen.strip_prefix("expired on ") {
        format!("已过保（{}到期）", until(rest))
    } else {
        match frozen {
            "under warranty" => "保修期内".to_string(),
            "expired" => "已过保".to_string(),
            "unknown (no warranty_until on record)" => "不详（无保修截止日记录）".to_string(),
            other => other.to_string(),
        }
    }
}

impl Printable for Printed {
    fn layout(&self, zone: Zone) -> Document {
        let (w, r) = (words(), &self.report);
        let mut blocks = vec![frame::status(self.status == Status::Signed)];
        blocks.extend(r.issuer.as_ref().map(issuer).into_iter().flatten());
        blocks.extend(customer_and_device(r));
        blocks.extend(dates(r, zone));
        blocks.extend(technicians(r));
        blocks.extend(fault(r, zone));
        blocks.extend(work_done(r, zone));
        blocks.extend(parts_replaced(r));
        blocks.extend(r.charges.as_ref().map(charges).into_iter().flatten());
        blocks.push(Block::Heading(2, w.inspection.into()));
        blocks.extend(r.inspections.iter().flat_map(|i| inspection(i, zone)));
        blocks.extend(frame::signature(w.signature, self.signer(zone), &self.sha256));
        blocks.extend(self.amendments(zone));
        Document { title: fill(w.title, &[("report", &r.report)]), blocks }
    }
}

impl Printed {
    fn signer(&self, zone: Zone) -> Option<Signer> {
        self.report.signature.as_ref().map(|s| Signer {
            by: s.by.clone(),
            method: word("method", &s.method).into_owned(),
            at: when(&s.at, zone),
        })
    }

    /// The amendments' section, when there are any.
    fn amendments(&self, zone: Zone) -> Vec<Block> {
        let w = words();
        if self.amendments.is_empty() {
            return Vec::new();
        }
        let lines = self
            .amendments
            .iter()
            .map(|a| fill(w.amendment, &[("at", &when(&a.at, zone)), ("by", &a.by), ("text", &a.text)]));
        vec![Block::Heading(2, w.amendments.into()), Block::notes(lines)]
    }
}

fn technicians(r: &ServiceReport) -> [Block; 2] {
    let w = words();
    let names = r.technicians.iter().map(|p| frame::party(&p.name, &p.code));
    [Block::Heading(2, w.technicians.into()), Block::notes(names)]
}

/// The cause, the work done, and the consented plan with its estimate.
fn work_done(r: &ServiceReport, zone: Zone) -> Vec<Block> {
    let w = words();
    let mut blocks = vec![
        Block::Heading(2, w.cause.into()),
        Block::Paragraph(r.cause.clone()),
        Block::Heading(2, w.work_done.into()),
        Block::Paragraph(r.work_done.process.clone()),
    ];
    blocks.extend(r.work_done.plan.iter().flat_map(|p| plan(p, r.under_warranty, zone)));
    blocks
}

/// The parts used; with their unit price and amount when the report froze its charges.
fn parts_replaced(r: &ServiceReport) -> [Block; 2] {
    let w = words();
    let priced = |part_no: &str, lot: &str| {
        let charges = r.charges.as_ref()?;
        charges.parts.iter().find(|c| c.part_no == part_no && c.lot == lot)
    };
    let rows = r.parts_replaced.iter().map(|p| {
        let mut row = vec![p.part_no.clone(), p.name.clone(), or_blank(&p.spec), p.lot.clone(), p.qty.to_string()];
        if r.charges.is_some() {
            let c = priced(&p.part_no, &p.lot);
            row.push(c.map(|c| yuan(c.unit_price)).unwrap_or_default());
            row.push(c.map(|c| yuan(c.amount)).unwrap_or_default());
        }
        row
    });
    let headers: &[&str] = if r.charges.is_some() { &w.priced_parts_headers } else { &w.parts_headers };
    [Block::Heading(2, w.parts_replaced.into()), Block::table(headers, rows.collect())]
}

/// The service company, as the settings named it when the report was made.
fn issuer(i: &Issuer) -> [Block; 2] {
    let w = words();
    let values = [&i.name, &i.address, &i.phone, &i.licence];
    let fields = w.issuer_fields.iter().zip(values).filter(|(_, v)| !v.is_empty()).map(|(l, v)| (*l, v.clone()));
    [Block::Heading(2, w.issuer.into()), Block::fields(fields)]
}

/// The final charge: parts (free under warranty), labour, the total, and in Chinese the
/// total in capital numerals (大写) as a receipt writes it.
fn charges(c: &Charges) -> [Block; 2] {
    let w = words();
    let amount = |m: Money| fill(w.amount, &[("amount", &yuan(m))]);
    let parts = if c.parts_free {
        let listed = money::sum(c.parts.iter().map(|p| Ok(p.amount))).unwrap_or(Money(i64::MAX));
        fill(w.parts_free, &[("amount", &amount(c.parts_total)), ("listed", &amount(listed))])
    } else {
        amount(c.parts_total)
    };
    let labour = fill(
        w.labour_line,
        &[("amount", &amount(c.labour)), ("hours", &c.labour_hours), ("rate", &amount(c.labour_rate))],
    );
    let mut fields = vec![(w.parts_charge, parts), (w.labour_charge, labour), (w.total_charge, amount(c.total))];
    if !w.total_in_words.is_empty() {
        fields.push((w.total_in_words, rmb_in_words(c.total)));
    }
    [Block::Heading(2, w.charges.into()), Block::fields(fields)]
}

/// An amount with thousands separators: `12,345.60`.
pub fn yuan(m: Money) -> String {
    let plain = m.to_string();
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, fen) = digits.split_once('.').unwrap_or((digits, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{fen}")
}

/// An amount in Chinese capital numerals, as invoices and receipts write it
/// (人民币壹仟贰佰叁拾肆元伍角整): zeros inside are said once (零), a whole amount ends
/// with 整.
pub fn rmb_in_words(m: Money) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    const GROUPS: [&str; 4] = ["", "万", "亿", "万"];
    let (negative, fen) = (m.0 < 0, m.0.unsigned_abs());
    let (yuan, jiao, fen) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut whole = String::new();
    let digits: Vec<usize> = yuan.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let place = digits.len() - 1 - i;
        if d == 0 {
            zero = true;
        } else {
            if zero && !whole.is_empty() {
                whole.push('零');
            }
            zero = false;
            whole.push(DIGITS[d]);
            whole.push_str(UNITS[place % 4]);
        }
        // The end of a group of four (万, 亿) is said when the group holds a digit.
        if place.is_multiple_of(4) && place > 0 {
            let group = &digits[i.saturating_sub(3)..=i];
            if group.iter().any(|&d| d != 0) {
                whole.push_str(GROUPS[place / 4 % 4]);
            }
        }
    }
    let mut out = String::from(if negative { "人民币负" } else { "人民币" });
    if yuan > 0 {
        out.push_str(&whole);
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push_str(if yuan == 0 { "零元整" } else { "整" }),
        (j, 0) => out.extend([DIGITS[j], '角', '整']),
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.extend([DIGITS[f], '分']);
        }
        (j, f) => out.extend([DIGITS[j], '角', DIGITS[f], '分']),
    }
    out
}

fn customer_and_device(r: &ServiceReport) -> [Block; 2] {
    let (w, f, d) = (words(), frame::words(), &r.device);
    [
        Block::Heading(2, f.customer_and_device.into()),
        Block::fields([
            (f.customer, frame::party(&r.customer.name, &r.customer.code)),
            (f.device, frame::device(&d.manufacturer, &d.model, &d.serial_no)),
            (f.registration_no, or_blank(&d.registration_no)),
            (w.installed, day(&or_blank(&d.installed_on))),
            (w.warranty_at_intake, warranty(&or_blank(&d.warranty_at_intake))),
            (w.ticket, r.ticket.clone()),
        ]),
    ]
}

fn dates(r: &ServiceReport, zone: Zone) -> [Block; 2] {
    let (w, d) = (words(), &r.dates);
    let show = |t: &Option<String>| t.as_deref().map(|t| when(t, zone)).unwrap_or_default();
    [
        Block::Heading(2, w.dates.into()),
        Block::fields([
            (w.reported, when(&d.reported, zone)),
            (w.repair_opened, when(&d.repair_opened, zone)),
            (w.started, show(&d.started)),
            (w.finished, show(&d.finished)),
            (w.report_written, when(&d.report_written, zone)),
        ]),
    ]
}

fn fault(r: &ServiceReport, zone: Zone) -> [Block; 2] {
    let (w, f) = (words(), &r.fault);
    let diagnoses = f.diagnoses.iter().map(|d| {
        let cause = d.cause.as_deref().map(|c| fill(w.diagnosis_cause, &[("cause", c)])).unwrap_or_default();
        let at = when(&d.at, zone);
        fill(w.diagnosis, &[("at", &at), ("by", &or_blank(&d.by)), ("finding", &d.finding), ("cause", &cause)])
    });
    let visits = f.visits.iter().map(|v| {
        let kind = if v.onsite { w.onsite } else { w.remote };
        let (at, by, tools) = (when(&v.at, zone), or_blank(&v.by), or_blank(&v.tools));
        fill(w.visit, &[("kind", kind), ("at", &at), ("by", &by), ("finding", &v.finding), ("tools", &tools)])
    });
    let mut items = vec![
        Item::Field(w.symptom.into(), f.symptom.clone()),
        Item::Field(w.difficulty.into(), word("difficulty", &or_blank(&f.difficulty)).into_owned()),
    ];
    items.extend(diagnoses.chain(visits).map(Item::Note));
    [Block::Heading(2, w.fault.into()), Block::List(items)]
}

fn plan(p: &Plan, under_warranty: bool, zone: Zone) -> [Block; 3] {
    let w = words();
    let (version, at) = (p.version.to_string(), when(&p.consent.at, zone));
    let head = fill(
        w.plan,
        &[("version", &version), ("by", &p.consent.by), ("method", &word("method", &p.consent.method)), ("at", &at)],
    );
    let other = Money(p.estimate.0 - p.parts.0 - p.labour.0);
    let other = if other.0 > 0 { fill(w.other, &[("other", &other.to_string())]) } else { String::new() };
    let warranty = if under_warranty { w.free_under_warranty } else { "" };
    let (estimate, parts, labour) = (p.estimate.to_string(), p.parts.to_string(), p.labour.to_string());
    let sums = [("estimate", estimate.as_str()), ("parts", &parts), ("labour", &labour), ("hours", &p.labour_hours)];
    let estimate = fill(w.estimate, &[&sums[..], &[("other", &other), ("warranty", warranty)]].concat());
    [Block::Paragraph(head), Block::Numbered(p.steps.clone()), Block::Paragraph(estimate)]
}

fn inspection(i: &InspectionDone, zone: Zone) -> [Block; 3] {
    let w = words();
    let verdict = frame::verdict(i.passed);
    let (standard, at, by, instrument) =
        (or_blank(&i.standard), when(&i.at, zone), or_blank(&i.by), or_blank(&i.instrument));
    let head = [("protocol", i.protocol.as_str()), ("name", &i.name), ("standard", &standard), ("verdict", verdict)];
    let rows = i.results.iter().map(|r| frame::result_row(&r.name, &r.value, &r.unit, &r.limits, r.pass));
    [
        Block::Heading(3, fill(w.inspection_head, &head)),
        Block::Paragraph(fill(w.inspection_by, &[("at", &at), ("by", &by), ("instrument", &instrument)])),
        frame::results(rows.collect()),
    ]
}

/// The customer's people who consented to the plan (`by`) and signed (`signed_by`) are
/// personal, as the registry lists them for repairs; the staff who worked on it, the
/// device and the findings are the report's facts and stay.
impl Redact for Printed {
    fn redact(&mut self) {
        let entity = <RepairRecord as crate::exchange::Record>::ENTITY;
        if let Some(plan) = &mut self.report.work_done.plan {
            redacted::mask(entity, "by", &mut plan.consent.by);
        }
        if let Some(s) = &mut self.report.signature {
            redacted::mask(entity, "signed_by", &mut s.by);
        }
        self.sha256 = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::catalogue::{set_lang, Lang};

    #[test]
    fn the_warranty_sentence_is_said_in_the_readers_language_and_a_note_stays_as_typed() {
        set_lang(Lang::ZhCn);
        assert_eq!(warranty("expired on 2022-05-09"), "已过保（2022年5月9日到期）");
        assert_eq!(warranty("under warranty until 2027-01-31 (62 days left)"), "保修期内（至2027年1月31日）");
        assert_eq!(warranty("整机保修三年"), "整机保修三年");
        set_lang(Lang::En);
        assert_eq!(warranty("expired on 2022-05-09"), "expired on 2022-05-09");
    }

    #[test]
    fn amounts_are_grouped_by_thousands_and_said_in_capital_numerals() {
        assert_eq!(yuan(Money(30300)), "303.00");
        assert_eq!(yuan(Money(123456789)), "1,234,567.89");
        assert_eq!(yuan(Money(-100000)), "-1,000.00");
        assert_eq!(rmb_in_words(Money(30300)), "人民币叁佰零叁元整");
        assert_eq!(rmb_in_words(Money(123450)), "人民币壹仟贰佰叁拾肆元伍角整");
        assert_eq!(rmb_in_words(Money(1000105)), "人民币壹万零壹元零伍分");
        assert_eq!(rmb_in_words(Money(10000000)), "人民币壹拾万元整");
        assert_eq!(rmb_in_words(Money(101000)), "人民币壹仟零壹拾元整");
        assert_eq!(rmb_in_words(Money(0)), "人民币零元整");
        assert_eq!(rmb_in_words(Money(56)), "人民币伍角陆分");
        assert_eq!(rmb_in_words(Money(12000000000)), "人民币壹亿贰仟万元整");
    }
}
