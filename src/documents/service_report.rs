//! The service report (R3.4.2, R8.2.1) laid out for a person: its sections, and every
//! word it prints in one catalogue (`EN`; zh-CN joins in issue 10).

use super::{fill, or_blank, Block, Document, Item, Printable, Signed};
use crate::clock::{show_in, Zone};
use crate::money::Money;
use crate::repair::report::{InspectionDone, Plan, Printed, ServiceReport, Status};

/// The service report's words. `{name}` marks where a fact goes.
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
    pub registration_no: &'static str,
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
    pub passed: &'static str,
    pub failed: &'static str,
    pub results_headers: [&'static str; 4],
    pub pass: &'static str,
    pub fail: &'static str,
    pub signature: &'static str,
    pub amendments: &'static str,
    pub amendment: &'static str,
}

pub const EN: Words = Words {
    title: "Service report {report}",
    status: "Status: {status}",
    signed: "signed",
    draft: "draft, not signed",
    customer_and_device: "Customer and device",
    customer: "Customer",
    party: "{name} ({code})",
    device: "Device",
    device_line: "{manufacturer} {model} — serial {serial_no}",
    registration_no: "Registration no.",
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
    passed: "PASSED",
    failed: "FAILED",
    results_headers: ["item", "value", "limits", "result"],
    pass: "pass",
    fail: "FAIL",
    signature: "Signature",
    amendments: "Amendments",
    amendment: "{at} by {by}: {text}",
};

impl Printable for Printed {
    fn layout(&self, zone: Zone) -> Document {
        let (w, r) = (&EN, &self.report);
        let status = if self.status == Status::Signed { w.signed } else { w.draft };
        let mut blocks = vec![Block::Paragraph(fill(w.status, &[("status", status)]))];
        blocks.extend(customer_and_device(r));
        blocks.extend(dates(r, zone));
        blocks.extend(technicians(r));
        blocks.extend(fault(r, zone));
        blocks.extend(work_done(r, zone));
        blocks.extend(parts_replaced(r));
        blocks.push(Block::Heading(2, w.inspection.into()));
        blocks.extend(r.inspections.iter().flat_map(|i| inspection(i, zone)));
        blocks.extend([Block::Heading(2, w.signature.into()), Block::Signature(self.signed(zone))]);
        blocks.extend(self.amendments(zone));
        Document { title: fill(w.title, &[("report", &r.report)]), blocks }
    }
}

impl Printed {
    fn signed(&self, zone: Zone) -> Option<Signed> {
        self.report.signature.as_ref().map(|s| Signed {
            by: s.by.clone(),
            method: s.method.clone(),
            at: show_in(&s.at, zone),
            sha256: or_blank(&self.sha256),
        })
    }

    /// The amendments' section, when there are any.
    fn amendments(&self, zone: Zone) -> Vec<Block> {
        let w = &EN;
        if self.amendments.is_empty() {
            return Vec::new();
        }
        let lines = self
            .amendments
            .iter()
            .map(|a| fill(w.amendment, &[("at", &show_in(&a.at, zone)), ("by", &a.by), ("text", &a.text)]));
        vec![Block::Heading(2, w.amendments.into()), Block::notes(lines)]
    }
}

fn technicians(r: &ServiceReport) -> [Block; 2] {
    let w = &EN;
    let names = r.technicians.iter().map(|p| fill(w.party, &[("name", &p.name), ("code", &p.code)]));
    [Block::Heading(2, w.technicians.into()), Block::notes(names)]
}

/// The cause, the work done, and the consented plan with its estimate.
fn work_done(r: &ServiceReport, zone: Zone) -> Vec<Block> {
    let w = &EN;
    let mut blocks = vec![
        Block::Heading(2, w.cause.into()),
        Block::Paragraph(r.cause.clone()),
        Block::Heading(2, w.work_done.into()),
        Block::Paragraph(r.work_done.process.clone()),
    ];
    blocks.extend(r.work_done.plan.iter().flat_map(|p| plan(p, r.under_warranty, zone)));
    blocks
}

fn parts_replaced(r: &ServiceReport) -> [Block; 2] {
    let w = &EN;
    let rows = r.parts_replaced.iter();
    let rows =
        rows.map(|p| vec![p.part_no.clone(), p.name.clone(), or_blank(&p.spec), p.lot.clone(), p.qty.to_string()]);
    [Block::Heading(2, w.parts_replaced.into()), Block::table(&w.parts_headers, rows.collect())]
}

fn customer_and_device(r: &ServiceReport) -> [Block; 2] {
    let (w, d) = (&EN, &r.device);
    let device = [("manufacturer", d.manufacturer.as_str()), ("model", &d.model), ("serial_no", &d.serial_no)];
    [
        Block::Heading(2, w.customer_and_device.into()),
        Block::fields([
            (w.customer, fill(w.party, &[("name", &r.customer.name), ("code", &r.customer.code)])),
            (w.device, fill(w.device_line, &device)),
            (w.registration_no, or_blank(&d.registration_no)),
            (w.installed, or_blank(&d.installed_on)),
            (w.warranty_at_intake, or_blank(&d.warranty_at_intake)),
            (w.ticket, r.ticket.clone()),
        ]),
    ]
}

fn dates(r: &ServiceReport, zone: Zone) -> [Block; 2] {
    let (w, d) = (&EN, &r.dates);
    let show = |t: &Option<String>| t.as_deref().map(|t| show_in(t, zone)).unwrap_or_default();
    [
        Block::Heading(2, w.dates.into()),
        Block::fields([
            (w.reported, show_in(&d.reported, zone)),
            (w.repair_opened, show_in(&d.repair_opened, zone)),
            (w.started, show(&d.started)),
            (w.finished, show(&d.finished)),
            (w.report_written, show_in(&d.report_written, zone)),
        ]),
    ]
}

fn fault(r: &ServiceReport, zone: Zone) -> [Block; 2] {
    let (w, f) = (&EN, &r.fault);
    let diagnoses = f.diagnoses.iter().map(|d| {
        let cause = d.cause.as_deref().map(|c| fill(w.diagnosis_cause, &[("cause", c)])).unwrap_or_default();
        let at = show_in(&d.at, zone);
        fill(w.diagnosis, &[("at", &at), ("by", &or_blank(&d.by)), ("finding", &d.finding), ("cause", &cause)])
    });
    let visits = f.visits.iter().map(|v| {
        let kind = if v.onsite { w.onsite } else { w.remote };
        let (at, by, tools) = (show_in(&v.at, zone), or_blank(&v.by), or_blank(&v.tools));
        fill(w.visit, &[("kind", kind), ("at", &at), ("by", &by), ("finding", &v.finding), ("tools", &tools)])
    });
    let mut items = vec![
        Item::Field(w.symptom.into(), f.symptom.clone()),
        Item::Field(w.difficulty.into(), or_blank(&f.difficulty)),
    ];
    items.extend(diagnoses.chain(visits).map(Item::Note));
    [Block::Heading(2, w.fault.into()), Block::List(items)]
}

fn plan(p: &Plan, under_warranty: bool, zone: Zone) -> [Block; 3] {
    let w = &EN;
    let (version, at) = (p.version.to_string(), show_in(&p.consent.at, zone));
    let head =
        fill(w.plan, &[("version", &version), ("by", &p.consent.by), ("method", &p.consent.method), ("at", &at)]);
    let other = Money(p.estimate.0 - p.parts.0 - p.labour.0);
    let other = if other.0 > 0 { fill(w.other, &[("other", &other.to_string())]) } else { String::new() };
    let warranty = if under_warranty { w.free_under_warranty } else { "" };
    let (estimate, parts, labour) = (p.estimate.to_string(), p.parts.to_string(), p.labour.to_string());
    let sums = [("estimate", estimate.as_str()), ("parts", &parts), ("labour", &labour), ("hours", &p.labour_hours)];
    let estimate = fill(w.estimate, &[&sums[..], &[("other", &other), ("warranty", warranty)]].concat());
    [Block::Paragraph(head), Block::Numbered(p.steps.clone()), Block::Paragraph(estimate)]
}

fn inspection(i: &InspectionDone, zone: Zone) -> [Block; 3] {
    let w = &EN;
    let verdict = if i.passed { w.passed } else { w.failed };
    let (standard, at, by, instrument) =
        (or_blank(&i.standard), show_in(&i.at, zone), or_blank(&i.by), or_blank(&i.instrument));
    let head = [("protocol", i.protocol.as_str()), ("name", &i.name), ("standard", &standard), ("verdict", verdict)];
    let rows = i.results.iter().map(|r| {
        let value = format!("{} {}", r.value, or_blank(&r.unit)).trim().to_string();
        vec![r.name.clone(), value, r.limits.clone(), (if r.pass { w.pass } else { w.fail }).to_string()]
    });
    [
        Block::Heading(3, fill(w.inspection_head, &head)),
        Block::Paragraph(fill(w.inspection_by, &[("at", &at), ("by", &by), ("instrument", &instrument)])),
        Block::table(&w.results_headers, rows.collect()),
    ]
}
