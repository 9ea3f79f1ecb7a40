//! The drill report and the incident report laid out for a person (R6.1, R6.3): in
//! English, or in Chinese (`--lang zh-CN`) as the person responsible for emergency
//! readiness writes an 应急演练报告 or an 应急事件处置报告 for the after-action review.
//! Every word the layout prints is in `EN` and `ZH_CN`; the facts do not depend on the
//! language (codes, staff, notes stay as recorded; times are written the language's way).

use crate::clock::Zone;
use crate::documents::{day, fill, when, Block, Document, Printable};
use crate::words::Lang;

/// A drill report's words. `{name}` marks where a fact goes.
pub struct DrillWords {
    pub title: &'static str,
    pub plan: &'static str,
    pub plan_line: &'static str,
    pub kind: &'static str,
    pub status: &'static str,
    pub scheduled_on: &'static str,
    pub held_at: &'static str,
    pub observer: &'static str,
    pub participants: &'static str,
    pub rating: &'static str,
    pub steps: &'static str,
    pub steps_headers: [&'static str; 6],
    pub over: &'static str,
    pub not_timed: &'static str,
    pub result: &'static str,
    pub lessons: &'static str,
    pub findings: &'static str,
    pub findings_headers: [&'static str; 3],
    pub open: &'static str,
    pub answer_line: &'static str,
    pub no_findings: &'static str,
    /// Drill kinds, statuses and answers: (stored word, printed word).
    pub values: &'static [(&'static str, &'static str)],
}

pub const DRILL_EN: DrillWords = DrillWords {
    title: "Drill report {code}",
    plan: "Emergency plan",
    plan_line: "{code} v{version} — {title}",
    kind: "Kind of drill",
    status: "Status",
    scheduled_on: "Scheduled on",
    held_at: "Held at",
    observer: "Observer",
    participants: "Participants",
    rating: "Rating",
    steps: "Steps against their targets",
    steps_headers: ["step", "action", "role", "target min", "took min", ""],
    over: "over",
    not_timed: "-",
    result: "Result",
    lessons: "Lessons",
    findings: "Findings",
    findings_headers: ["#", "finding", "answer"],
    open: "open",
    answer_line: "{answer} ({by}): {note}",
    no_findings: "No findings.",
    values: &[],
};

/// As an emergency-readiness officer titles and words an 应急演练报告.
pub const DRILL_ZH_CN: DrillWords = DrillWords {
    title: "应急演练报告 {code}",
    plan: "应急预案",
    plan_line: "{code} 第 {version} 版：{title}",
    kind: "演练形式",
    status: "状态",
    scheduled_on: "计划演练日期",
    held_at: "实际演练时间",
    observer: "观察评估员",
    participants: "参演人员",
    rating: "评估等级",
    steps: "处置步骤用时与目标对比",
    steps_headers: ["步骤", "处置内容", "责任角色", "目标（分钟）", "实际（分钟）", "是否超时"],
    over: "超时",
    not_timed: "未计时",
    result: "演练结果",
    lessons: "经验教训",
    findings: "发现的问题及处理",
    findings_headers: ["序号", "问题", "处理"],
    open: "待处理",
    answer_line: "{answer}（{by}）：{note}",
    no_findings: "未发现问题。",
    values: &[
        ("tabletop", "桌面推演"),
        ("functional", "功能演练"),
        ("full", "全面演练"),
        ("scheduled", "已计划"),
        ("held", "已实施"),
        ("evaluated", "已评估"),
        ("cancelled", "已取消"),
        ("revision", "已修订预案"),
        ("no_change", "经评估无需修订"),
    ],
};

/// An incident report's words.
pub struct IncidentWords {
    pub title: &'static str,
    pub activation: &'static str,
    pub plan: &'static str,
    pub plan_line: &'static str,
    pub level: &'static str,
    pub level_line: &'static str,
    pub status: &'static str,
    pub summary: &'static str,
    pub ticket: &'static str,
    pub customer: &'static str,
    pub activated: &'static str,
    pub on_site_by: &'static str,
    pub on_site_at: &'static str,
    pub resolve_by: &'static str,
    pub restored_at: &'static str,
    pub resolution: &'static str,
    pub last_drill: &'static str,
    pub no_drill: &'static str,
    pub call_list: &'static str,
    pub call_headers: [&'static str; 3],
    pub not_acked: &'static str,
    pub timeline: &'static str,
    pub timeline_headers: [&'static str; 5],
    pub downtime: &'static str,
    pub downtime_headers: [&'static str; 4],
    pub review: &'static str,
    /// Statuses and timeline steps: (stored word, printed word).
    pub values: &'static [(&'static str, &'static str)],
}

pub const INCIDENT_EN: IncidentWords = IncidentWords {
    title: "Incident {code}",
    activation: "",
    plan: "Plan",
    plan_line: "{code} v{version} {title}",
    level: "Level",
    level_line: "{level}",
    status: "Status",
    summary: "Summary",
    ticket: "Ticket",
    customer: "Customer",
    activated: "Activated",
    on_site_by: "On site by",
    on_site_at: "On site at",
    resolve_by: "Resolve by",
    restored_at: "Restored at",
    resolution: "Resolution",
    last_drill: "Last drill of the plan",
    no_drill: "none",
    call_list: "Call list",
    call_headers: ["role", "staff", "acknowledged"],
    not_acked: "",
    timeline: "Timeline",
    timeline_headers: ["at", "step", "who", "level", "note"],
    downtime: "Downtime",
    downtime_headers: ["equipment", "from", "restored", "minutes"],
    review: "Review",
    values: &[],
};

/// As the same officer writes an 应急事件处置报告 for the after-action review.
pub const INCIDENT_ZH_CN: IncidentWords = IncidentWords {
    title: "应急事件处置报告 {code}",
    activation: "预案启动",
    plan: "启动的应急预案",
    plan_line: "{code} 第 {version} 版：{title}",
    level: "响应级别",
    level_line: "{level}级响应",
    status: "状态",
    summary: "事件概况",
    ticket: "关联工单",
    customer: "客户",
    activated: "启动时间",
    on_site_by: "要求到场时间",
    on_site_at: "实际到场时间",
    resolve_by: "要求恢复时间",
    restored_at: "设备恢复使用时间",
    resolution: "处置结果",
    last_drill: "该预案最近一次演练",
    no_drill: "尚未演练",
    call_list: "应急人员通讯与响应",
    call_headers: ["应急角色", "人员", "确认响应时间"],
    not_acked: "未确认",
    timeline: "处置经过",
    timeline_headers: ["时间", "处置环节", "人员", "响应级别", "说明"],
    downtime: "设备停机时长",
    downtime_headers: ["设备序列号", "停机起", "恢复使用", "停机（分钟）"],
    review: "事后评估",
    values: &[
        ("active", "处置中"),
        ("on_site", "已到场"),
        ("closed", "已结束"),
        ("reviewed", "已评估"),
        ("open", "启动预案"),
        ("ack", "人员确认响应"),
        ("update", "进展"),
        ("report", "向上级报告"),
        ("escalate", "响应升级"),
        ("close", "处置结束"),
    ],
};

fn zh() -> bool {
    crate::words::catalogue::lang() == Lang::ZhCn
}

/// A stored word (a status, a kind) as printed: its translation, else itself.
fn value(values: &[(&str, &'static str)], word: &str) -> String {
    values.iter().find(|(k, _)| *k == word).map(|(_, v)| v.to_string()).unwrap_or_else(|| word.to_string())
}

impl Printable for super::drill::Report {
    fn layout(&self, zone: Zone) -> Document {
        let w = if zh() { &DRILL_ZH_CN } else { &DRILL_EN };
        let v = |word: &str| value(w.values, word);
        let version = self.version.map(|v| v.to_string()).unwrap_or_default();
        let plan = fill(w.plan_line, &[("code", &self.plan), ("version", &version), ("title", &self.title)]);
        let mut blocks = vec![Block::fields([
            (w.plan, plan),
            (w.kind, v(&self.kind)),
            (w.status, v(&self.status)),
            (w.scheduled_on, day(&self.scheduled_on)),
            (w.held_at, self.held_at.as_deref().map(|t| when(t, zone)).unwrap_or_default()),
            (w.observer, self.observer.clone().unwrap_or_default()),
            (w.participants, self.participants.join(if zh() { "、" } else { ", " })),
            (w.rating, self.rating.map(|r| format!("{r}/5")).unwrap_or_default()),
        ])];
        blocks.push(Block::Heading(2, w.steps.into()));
        let rows = self.steps.iter().map(|s| {
            let took = s.minutes.map(|m| m.to_string()).unwrap_or_else(|| w.not_timed.into());
            let over = s.minutes.is_some_and(|m| m > s.target_minutes);
            let over = if over { w.over.to_string() } else { String::new() };
            vec![s.key.clone(), s.action.clone(), s.role.clone(), s.target_minutes.to_string(), took, over]
        });
        blocks.push(Block::table(&w.steps_headers, rows.collect()));
        if let Some(r) = &self.result {
            blocks.extend([Block::Heading(2, w.result.into()), Block::Paragraph(r.clone())]);
        }
        if !self.lessons.is_empty() {
            blocks.extend([Block::Heading(2, w.lessons.into()), Block::notes(self.lessons.clone())]);
        }
        blocks.push(Block::Heading(2, w.findings.into()));
        if self.findings.is_empty() {
            blocks.push(Block::Paragraph(w.no_findings.into()));
        } else {
            let rows = self.findings.iter().map(|f| {
                let answer = match (&f.answer, &f.answered_by) {
                    (Some(a), Some(by)) => fill(
                        w.answer_line,
                        &[
                            ("answer", &v(a)),
                            ("by", by),
                            ("note", &f.note(crate::words::catalogue::lang()).unwrap_or_default()),
                        ],
                    ),
                    _ => w.open.to_string(),
                };
                vec![f.seq.to_string(), f.finding.clone(), answer]
            });
            blocks.push(Block::table(&w.findings_headers, rows.collect()));
        }
        Document { title: fill(w.title, &[("code", &self.code)]), blocks }
    }
}

impl Printable for super::incident::Report {
    fn layout(&self, zone: Zone) -> Document {
        let w = if zh() { &INCIDENT_ZH_CN } else { &INCIDENT_EN };
        let v = |word: &str| value(w.values, word);
        let t = |s: &str| when(s, zone);
        let opt = |s: &Option<String>| s.as_deref().map(t).unwrap_or_default();
        let version = self.version.to_string();
        let last_drill = match &self.last_drill {
            Some((code, at)) => format!("{code} ({})", t(at)),
            None => w.no_drill.to_string(),
        };
        let mut blocks: Vec<Block> =
            (!w.activation.is_empty()).then(|| Block::Heading(2, w.activation.into())).into_iter().collect();
        blocks.push(Block::fields([
            (w.plan, fill(w.plan_line, &[("code", &self.plan), ("version", &version), ("title", &self.title)])),
            (w.level, fill(w.level_line, &[("level", &self.level)])),
            (w.status, v(&self.status)),
            (w.summary, self.summary.clone()),
            (w.ticket, self.ticket.clone().unwrap_or_default()),
            (w.customer, self.customer.clone().unwrap_or_default()),
            (w.activated, t(&self.opened_at)),
            (w.on_site_by, t(&self.on_site_due)),
            (w.on_site_at, opt(&self.on_site_at)),
            (w.resolve_by, t(&self.resolve_due)),
            (w.restored_at, opt(&self.restored_at)),
            (w.resolution, self.resolution.clone().unwrap_or_default()),
            (w.last_drill, last_drill),
        ]));
        blocks.push(Block::Heading(2, w.call_list.into()));
        let rows = self.roles.iter().map(|r| {
            let acked = r.acked_at.as_deref().map(t).unwrap_or_else(|| w.not_acked.to_string());
            vec![r.role.clone(), r.staff.clone(), acked]
        });
        blocks.push(Block::table(&w.call_headers, rows.collect()));
        blocks.push(Block::Heading(2, w.timeline.into()));
        let rows = self.timeline.iter().map(|e| {
            let who = match (&e.by, &e.to) {
                (Some(b), Some(to)) => format!("{b} → {to}"),
                (Some(b), None) => b.clone(),
                (None, Some(to)) => format!("→ {to}"),
                (None, None) => String::new(),
            };
            let level = e.level.as_deref().map(|l| fill(w.level_line, &[("level", l)])).unwrap_or_default();
            vec![t(&e.at), v(&e.kind), who, level, e.note.clone().unwrap_or_default()]
        });
        blocks.push(Block::table(&w.timeline_headers, rows.collect()));
        if !self.downtime.is_empty() {
            blocks.push(Block::Heading(2, w.downtime.into()));
            let rows =
                self.downtime.iter().map(|d| vec![d.serial.clone(), t(&d.from), t(&d.restored), d.minutes.to_string()]);
            blocks.push(Block::table(&w.downtime_headers, rows.collect()));
        }
        if let Some(r) = &self.review {
            blocks.extend([Block::Heading(2, w.review.into()), Block::Paragraph(r.clone())]);
        }
        Document { title: fill(w.title, &[("code", &self.code)]), blocks }
    }
}
