//! The frame both printed reports share (the service report, R3.4.2, and the
//! maintenance report, R1.2): the status line, the customer and device lines, the
//! verdict words and the results table of a check, and the signature block. Said once
//! here, in both languages, so the two documents a hospital signs read alike.

use super::{fill, or_blank, Block, Signed};
use crate::words::catalogue::{self, Lang};

/// The words of the frame. `{name}` marks where a fact goes.
pub struct Words {
    pub status: &'static str,
    pub signed: &'static str,
    pub draft: &'static str,
    pub customer_and_device: &'static str,
    pub customer: &'static str,
    pub party: &'static str,
    pub device: &'static str,
    pub device_line: &'static str,
    pub registration_no: &'static str,
    pub passed: &'static str,
    pub failed: &'static str,
    pub results_headers: [&'static str; 4],
    pub pass: &'static str,
    pub fail: &'static str,
}

pub const EN: Words = Words {
    status: "Status: {status}",
    signed: "signed",
    draft: "draft, not signed",
    customer_and_device: "Customer and device",
    customer: "Customer",
    party: "{name} ({code})",
    device: "Device",
    device_line: "{manufacturer} {model} — serial {serial_no}",
    registration_no: "Registration no.",
    passed: "PASSED",
    failed: "FAILED",
    results_headers: ["item", "value", "limits", "result"],
    pass: "pass",
    fail: "FAIL",
};

/// As a hospital's 设备科 reads a 维修服务报告 or a 保养报告.
pub const ZH_CN: Words = Words {
    status: "状态：{status}",
    signed: "已签字确认",
    draft: "草稿，尚未签字",
    customer_and_device: "客户与设备",
    customer: "客户",
    party: "{name}（{code}）",
    device: "设备",
    device_line: "{manufacturer} {model}，序列号 {serial_no}",
    registration_no: "注册证号",
    passed: "合格",
    failed: "不合格",
    results_headers: ["检验项目", "测量值", "限值", "结论"],
    pass: "合格",
    fail: "不合格",
};

/// The frame's words in the thread's language.
pub fn words() -> &'static Words {
    match catalogue::lang() {
        Lang::ZhCn => &ZH_CN,
        Lang::En | Lang::Pseudo => &EN,
    }
}

/// `Status: signed` or `Status: draft, not signed`.
pub fn status(signed: bool) -> Block {
    let w = words();
    Block::Paragraph(fill(w.status, &[("status", if signed { w.signed } else { w.draft })]))
}

/// A customer or a staff member: `name (code)`.
pub fn party(name: &str, code: &str) -> String {
    fill(words().party, &[("name", name), ("code", code)])
}

/// The device: manufacturer, model and serial number.
pub fn device(manufacturer: &str, model: &str, serial_no: &str) -> String {
    fill(words().device_line, &[("manufacturer", manufacturer), ("model", model), ("serial_no", serial_no)])
}

/// A check's verdict: `PASSED` or `FAILED`.
pub fn verdict(passed: bool) -> &'static str {
    if passed {
        words().passed
    } else {
        words().failed
    }
}

/// One line of a check's results: item, value (with its unit), limits, pass or fail. A
/// check item's recorded `pass` or `fail` (its value, its limit) is said as the verdict is.
pub fn result_row(name: &str, value: &str, unit: &Option<String>, limits: &str, pass: bool) -> Vec<String> {
    let w = words();
    let check = |t: &str| match t {
        "pass" => w.pass.to_string(),
        "fail" => w.fail.to_string(),
        t => t.to_string(),
    };
    let value = format!("{} {}", check(value), or_blank(unit)).trim().to_string();
    vec![name.to_string(), value, check(limits), (if pass { w.pass } else { w.fail }).to_string()]
}

/// A check's results as a table.
pub fn results(rows: Vec<Vec<String>>) -> Block {
    Block::table(&words().results_headers, rows)
}

/// Who signed, how and when (already in the reader's words and zone), as the signature
/// block prints it with the document's fingerprint.
pub struct Signer {
    pub by: String,
    pub method: String,
    pub at: String,
}

/// The signature section: its heading, then who signed with the fingerprint, or the
/// lines to sign on a draft.
pub fn signature(heading: &str, signer: Option<Signer>, sha256: &Option<String>) -> [Block; 2] {
    let signed =
        signer.map(|s| Signed { by: s.by, method: s.method, at: s.at, sha256: or_blank(sha256), redacted: false });
    [Block::Heading(2, heading.to_string()), Block::Signature(signed)]
}
