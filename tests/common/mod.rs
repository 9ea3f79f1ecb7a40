//! The test harness (in the manner of just's and ripgrep's): every test runs the real
//! `svc` binary in a fresh temporary directory with a clean environment, a fixed clock
//! and a fixed actor, and on failure shows the command, its exit code and its output.
#![allow(dead_code)]

pub mod prose;
pub mod unzip;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const NOW: &str = "2026-03-05T10:00:00+08:00";

pub struct Svc {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    now: String,
}

impl Svc {
    /// A fresh, initialised database.
    pub fn new() -> Svc {
        let svc = Svc::bare();
        svc.run(&["init"]).ok();
        svc
    }

    /// A temporary directory with no database yet.
    pub fn bare() -> Svc {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("svc.db");
        Svc { dir, db, now: NOW.to_string() }
    }

    /// A fresh database holding the example customers (the legacy GBK file through its
    /// column map), their devices and the staff list; the sample's bad rows set aside.
    pub fn with_examples() -> Svc {
        let svc = Svc::new();
        let (customers, map) = (example("legacy_customers_gbk.csv"), example("legacy_customers.map.yaml"));
        let args = ["customer", "import", customers.to_str().unwrap(), "--map", map.to_str().unwrap()];
        svc.run(&[&args[..], &["--rejects", "customer-rejects.csv"]].concat()).ok();
        let devices = example("legacy_equipment_utf8bom.csv");
        svc.run(&["equipment", "import", devices.to_str().unwrap(), "--rejects", "equipment-rejects.csv"]).ok();
        svc.run(&["staff", "import", example("staff.csv").to_str().unwrap()]).ok();
        svc
    }

    pub fn at(mut self, now: &str) -> Svc {
        self.now = now.to_string();
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write a test file");
        p
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_svc"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TZ", "Asia/Shanghai")
            .env("SVC_DB", &self.db)
            .env("SVC_NOW", &self.now)
            .env("SVC_ACTOR", "test")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("run svc");
        Run::from(args, out)
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from(args, cmd.output().expect("run svc"))
    }

    pub fn run_unset(&self, args: &[&str], unset: &[&str]) -> Run {
        let mut cmd = self.command(args);
        for k in unset {
            cmd.env_remove(k);
        }
        Run::from(args, cmd.output().expect("run svc"))
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn svc");
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
        Run::from(args, child.wait_with_output().expect("wait for svc"))
    }

    /// Run and expect success; stdout.
    pub fn stdout(&self, args: &[&str]) -> String {
        self.run(args).ok().stdout
    }
}

/// A sample file as customers hand them over (copies of ../shared/data, checked equal
/// by a test when shared/ is present).
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").join(name)
}

/// An example emergency plan file (examples/plans).
pub fn plan_file(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans").join(name).to_str().unwrap().to_string()
}

/// The example customers, devices, staff and catalogue, the reserve store with its stock
/// and the CT plan EP-CT-ED: what the emergency tests start from.
pub fn with_reserve() -> Svc {
    let svc = Svc::with_examples();
    svc.run(&["staff", "cert", "import", example("certificates.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "import", &plan_file("reserve-parts.csv")]).ok();
    svc.run(&["parts", "location", "add", "RES", "--bin", "ER-KIT"]).ok();
    svc.run(&["parts", "stock", "import", &plan_file("reserve-stock.csv")]).ok();
    svc.run(&["drill", "plan", "import", &plan_file("ct-down-emergency.yaml")]).ok().stdout_is("EP-CT-ED\n");
    svc
}

pub struct Run {
    pub cmd: String,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub raw_stdout: Vec<u8>,
}

impl Run {
    pub fn from(args: &[&str], out: std::process::Output) -> Run {
        Run {
            cmd: format!("svc {}", args.join(" ")),
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            raw_stdout: out.stdout,
        }
    }

    fn show(&self) -> String {
        format!("\n$ {}\nexit: {}\n--- stdout\n{}--- stderr\n{}", self.cmd, self.code, self.stdout, self.stderr)
    }

    #[track_caller]
    pub fn code(self, expected: i32) -> Run {
        assert_eq!(self.code, expected, "unexpected exit code{}", self.show());
        self
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        self.code(0)
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}{}", self.show());
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}{}", self.show());
        self
    }

    #[track_caller]
    pub fn stdout_is(self, expected: &str) -> Run {
        assert_eq!(self.stdout, expected, "stdout differs{}", self.show());
        self
    }

    #[track_caller]
    pub fn no_panic(self) -> Run {
        assert!(!self.stderr.contains("panicked"), "svc panicked{}", self.show());
        self
    }
}

/// Rows of a CSV text as vectors of cells (header included).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    r.records().map(|rec| rec.expect("valid CSV").iter().map(str::to_string).collect()).collect()
}

/// The customers, devices, staff, catalogue, suppliers, locations and opening stock of
/// examples/data.
pub fn stocked() -> Svc {
    let svc = Svc::with_examples();
    svc.run(&["parts", "import", example("parts.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "supplier", "import", example("suppliers.csv").to_str().unwrap()]).ok();
    svc.run(&["parts", "location", "add", "WH1"]).ok();
    for bin in ["A-01", "A-02", "B-01", "B-02", "C-01"] {
        svc.run(&["parts", "location", "add", "WH1", "--bin", bin]).ok();
    }
    svc.run(&["parts", "location", "add", "WH2"]).ok();
    svc.run(&["parts", "stock", "import", example("opening-stock.csv").to_str().unwrap()]).ok();
    svc
}

/// The code a creating command printed, after checking it succeeded.
pub fn code(run: Run) -> String {
    run.ok().stdout.trim().to_string()
}

/// A fault ticket on device 00012345 (C0001), assigned to E002.
pub fn fault(svc: &Svc, priority: &str) -> String {
    let t = code(svc.run(&[
        "ticket",
        "open",
        "--customer",
        "C0001",
        "--equipment",
        "00012345",
        "--channel",
        "hotline",
        "--kind",
        "fault",
        "--priority",
        priority,
        "--symptom",
        "开机无显示",
        "--reporter",
        "张护士",
    ]));
    svc.run(&["ticket", "assign", &t, "--to", "E002"]).ok();
    t
}

/// A repair of a device of customer C0001, its plan (PARTNO:QTY each) consented and the
/// work started: ready to take parts.
pub fn repair_for(svc: &Svc, serial: &str, parts: &[&str]) -> String {
    let t = svc.stdout(&[
        "ticket",
        "open",
        "--customer",
        "C0001",
        "--equipment",
        serial,
        "--channel",
        "hotline",
        "--kind",
        "fault",
        "--symptom",
        "故障",
    ]);
    svc.run(&["ticket", "assign", t.trim(), "--to", "E002"]).ok();
    let r = svc.stdout(&["repair", "open", "--ticket", t.trim()]).trim().to_string();
    svc.run(&["repair", "diagnose", &r, "--finding", "x"]).ok();
    let mut plan = vec!["repair", "plan", r.as_str(), "--step", "更换", "--labour-hours", "1"];
    for p in parts {
        plan.extend(["--part", p]);
    }
    svc.run(&plan).ok();
    svc.run(&["repair", "consent", &r, "--by", "王主任", "--method", "phone"]).ok();
    svc.run(&["repair", "start", &r]).ok();
    r
}

/// Device 00012345 of C0001 repaired through svc to the customer's signature: diagnosed,
/// planned, consented, inspected against the electrical-safety protocol, reported, signed.
pub fn signed_repair(svc: &Svc) -> String {
    signed_repair_with(svc, &[])
}

/// As `signed_repair`, with more flags for `repair plan` (`--part 0012-A:1`: the parts
/// must be in the catalogue).
pub fn signed_repair_with(svc: &Svc, plan: &[&str]) -> String {
    let protocol = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/protocols/electrical-safety.yaml");
    svc.run(&["repair", "protocol", "import", protocol.to_str().unwrap()]).ok();
    let t = fault(svc, "normal");
    walk_to_signature(svc, &t, Walk { plan, ..Walk::default() })
}

/// How `walk_to_signature` takes a repair from its ticket to the customer's signature.
#[derive(Default, Clone, Copy)]
pub struct Walk<'a> {
    /// More flags for `repair plan` (`--part 0012-A:1`).
    pub plan: &'a [&'a str],
    /// The clock (`SVC_NOW`) of the work, from opening the repair to its report; else the Svc's.
    pub work_at: Option<&'a str>,
    /// The clock of the customer's signature; else the Svc's.
    pub signed_at: Option<&'a str>,
    /// A first inspection that fails (equipment leakage 900 µA) before the one that passes.
    pub fails_first: bool,
}

/// The repair of an open, assigned `ticket`, walked to the customer's signature:
/// diagnosed, planned, consented by 王主任, started, inspected against ES-62353 (whose
/// protocol must be imported), reported and signed. Its code.
pub fn walk_to_signature(svc: &Svc, ticket: &str, walk: Walk) -> String {
    let run = |now: Option<&str>, args: &[&str]| match now {
        Some(now) => svc.run_env(args, &[("SVC_NOW", now)]).ok(),
        None => svc.run(args).ok(),
    };
    let r = code(run(walk.work_at, &["repair", "open", "--ticket", ticket]));
    run(walk.work_at, &["repair", "diagnose", &r, "--finding", "电源板无输出"]);
    let plan = [&["repair", "plan", &r, "--step", "更换保险丝", "--labour-hours", "1"][..], walk.plan].concat();
    run(walk.work_at, &plan);
    run(walk.work_at, &["repair", "consent", &r, "--by", "王主任", "--method", "phone"]);
    run(walk.work_at, &["repair", "start", &r]);
    let inspect = |leakage: &str| {
        let mut args = vec!["repair", "inspect", &r, "--protocol", "ES-62353", "--instrument", "Fluke ESA615"];
        for v in
            ["visual=pass", "pe_resistance=0.12", "insulation=50", leakage, "leakage_applied=12", "functional=pass"]
        {
            args.extend(["--value", v]);
        }
        run(walk.work_at, &args)
    };
    if walk.fails_first {
        inspect("leakage_equipment=900").stderr_has("FAILED");
    }
    inspect("leakage_equipment=180");
    run(walk.work_at, &["repair", "report", &r, "--cause", "保险丝熔断", "--process", "更换", "--labour-hours", "1"]);
    run(walk.signed_at, &["repair", "sign", &r, "--by", "王主任"]);
    r
}
