//! `svc sla ...`: SLA targets per customer class (R8.1.2: classification serves
//! personalised service): rules per customer type or named customer group, the groups,
//! and what a given customer gets.

use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use serde_json::Value;

use super::Ctx;
use crate::calendar::SlaClock;
use crate::config::parse_duration;
use crate::error::{Error, Result};
use crate::service_class::{self, msg, Rule};
use crate::ticket::Priority;

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// SLA rules: a customer class's own targets for a priority
    #[command(subcommand, after_help = "Example:\n  svc sla rule list")]
    Rule(RuleCmd),
    /// Named customer groups (e.g. the hospitals with a service contract)
    #[command(subcommand, after_help = "Example:\n  svc sla group list")]
    Group(GroupCmd),
    /// A class's follow-up delay and return-visit interval, over the settings
    /// followup_days and visit_days.TYPE; without days, every class's
    #[command(
        after_help = "Example:\n  svc sla service group:合同医院 --followup-days 1 --visit-days 30\n  svc sla service"
    )]
    Service {
        /// The class: type:TYPE (hospital, clinic, distributor, other) or group:NAME
        class: Option<String>,
        /// Days from the customer's signature to the follow-up call (-1: the setting)
        #[arg(long, value_name = "DAYS", allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(-1..))]
        followup_days: Option<i64>,
        /// Days between return visits (0: none; -1: the setting visit_days.TYPE)
        #[arg(long, value_name = "DAYS", allow_negative_numbers = true, value_parser = clap::value_parser!(i64).range(-1..))]
        visit_days: Option<i64>,
    },
    /// The targets a customer's tickets get, per priority, and where they come from
    #[command(after_help = "Example:\n  svc sla for C0001")]
    For {
        /// The customer's code
        customer: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// Add or change a rule; tickets opened from now on follow it
    #[command(
        after_help = "Example:\n  svc sla rule set group:合同医院 --priority urgent --response 2h --resolution 24h --clock 24x7\n  svc sla rule set type:clinic --priority normal --response 8h --resolution 72h --clock business"
    )]
    Set {
        /// The class: type:TYPE (hospital, clinic, distributor, other) or group:NAME
        class: String,
        /// The priority the rule is for
        #[arg(long, value_parser = PossibleValuesParser::new(Priority::NAMES))]
        priority: String,
        /// First-response target: 2h, 90m, 1d or hours
        #[arg(long, value_name = "DURATION")]
        response: String,
        /// Resolution target: 2h, 90m, 1d or hours
        #[arg(long, value_name = "DURATION")]
        resolution: String,
        /// The clock: 24x7 or business [default: the priority's setting sla.PRIORITY.clock]
        #[arg(long, value_parser = PossibleValuesParser::new(SlaClock::NAMES))]
        clock: Option<String>,
    },
    /// Delete a rule; tickets already open keep their due times
    #[command(after_help = "Example:\n  svc sla rule delete type:clinic --priority normal")]
    Delete {
        /// The class: type:TYPE or group:NAME
        class: String,
        /// The priority of the rule
        #[arg(long, value_parser = PossibleValuesParser::new(Priority::NAMES))]
        priority: String,
    },
    /// List the rules
    #[command(after_help = "Example:\n  svc sla rule list")]
    List,
}

#[derive(Debug, Subcommand)]
pub enum GroupCmd {
    /// Put customers in a group (the group exists while it has customers)
    #[command(after_help = "Example:\n  svc sla group add 合同医院 C0001 C0003")]
    Add {
        /// The group's name
        group: String,
        /// Customer codes
        #[arg(required = true)]
        customers: Vec<String>,
    },
    /// Take customers out of a group
    #[command(after_help = "Example:\n  svc sla group remove 合同医院 C0003")]
    Remove {
        /// The group's name
        group: String,
        /// Customer codes
        #[arg(required = true)]
        customers: Vec<String>,
    },
    /// List groups and their customers
    #[command(after_help = "Example:\n  svc sla group list 合同医院")]
    List {
        /// Only this group
        group: Option<String>,
    },
}

fn duration(flag: &str, v: &str) -> Result<i64> {
    parse_duration(v).ok_or_else(|| Error::invalid(msg::sla_duration_bad(flag, format!("{v:?}"))))
}

/// Seconds as the settings write them: whole hours as `4h`, else minutes.
fn show(secs: i64) -> String {
    if secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else {
        format!("{}m", secs / 60)
    }
}

fn clock_text(c: Option<SlaClock>) -> String {
    c.map_or_else(|| msg::sla_clock_setting().to_string(), |c| c.to_string())
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<i32> {
    match cmd {
        Cmd::Rule(RuleCmd::Set { class, priority, response, resolution, clock }) => {
            let rule = Rule {
                class: service_class::parse_class(&class)?,
                priority,
                response: duration("--response", &response)?,
                resolution: duration("--resolution", &resolution)?,
                // clap admits only the clocks' names.
                clock: clock.and_then(|c| c.parse().ok()),
            };
            let mut db = ctx.open()?;
            db.write(|tx| service_class::set_rule(tx, &rule))?;
            ctx.out.note(msg::sla_rule_set(
                &rule.class,
                &rule.priority,
                show(rule.response),
                show(rule.resolution),
                clock_text(rule.clock),
            ));
            Ok(0)
        }
        Cmd::Rule(RuleCmd::Delete { class, priority }) => {
            let class = service_class::parse_class(&class)?;
            let mut db = ctx.open()?;
            db.write(|tx| service_class::delete_rule(tx, &class, &priority))?;
            ctx.out.note(msg::sla_rule_deleted(&class, &priority));
            Ok(0)
        }
        Cmd::Rule(RuleCmd::List) => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(&["class", "priority", "response", "resolution", "clock"])?;
            for r in service_class::rules(db.conn())? {
                sink.row(&[
                    Value::from(r.class),
                    Value::from(r.priority),
                    Value::from(show(r.response)),
                    Value::from(show(r.resolution)),
                    Value::from(r.clock.map(|c| c.to_string())),
                ])?;
            }
            sink.finish()?;
            Ok(0)
        }
        Cmd::Group(GroupCmd::Add { group, customers }) => {
            let group = service_class::parse_class(&format!("group:{group}"))?["group:".len()..].to_string();
            let mut db = ctx.open()?;
            let (added, already) = db.write(|tx| service_class::add_to_group(tx, &group, &customers))?;
            ctx.out.note(msg::sla_group_added(&group, added, already));
            Ok(0)
        }
        Cmd::Group(GroupCmd::Remove { group, customers }) => {
            let group = group.trim().to_string();
            let mut db = ctx.open()?;
            let removed = db.write(|tx| service_class::remove_from_group(tx, &group, &customers))?;
            ctx.out.note(msg::sla_group_removed(&group, removed));
            Ok(0)
        }
        Cmd::Group(GroupCmd::List { group }) => {
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(&["group", "customer", "name"])?;
            for (g, code, name) in service_class::groups(db.conn(), group.as_deref().map(str::trim))? {
                sink.row(&[Value::from(g), Value::from(code), Value::from(name)])?;
            }
            sink.finish()?;
            Ok(0)
        }
        Cmd::Service { class, followup_days, visit_days } => {
            // -1 takes the class's own days away: the setting applies again.
            let days = |d: Option<i64>| d.map(|d| (d >= 0).then_some(d));
            if let (Some(class), true) = (&class, followup_days.is_some() || visit_days.is_some()) {
                let class = service_class::parse_class(class)?;
                let mut db = ctx.open()?;
                db.write(|tx| service_class::days::set(tx, &class, days(followup_days), days(visit_days)))?;
            }
            let db = ctx.open()?;
            let mut sink = ctx.out.listing(&["class", "followup_days", "visit_days"])?;
            for (c, f, v) in service_class::days::list(db.conn())? {
                if class.as_deref().is_none_or(|k| service_class::parse_class(k).is_ok_and(|k| k == c)) {
                    sink.row(&[Value::from(c), Value::from(f), Value::from(v)])?;
                }
            }
            sink.finish()?;
            Ok(0)
        }
        Cmd::For { customer } => {
            let db = ctx.open()?;
            let (id, _) = crate::records::get::<crate::customer::Customer>(db.conn(), &customer)?;
            let mut sink = ctx.out.listing(&["priority", "response", "resolution", "clock", "class"])?;
            for p in Priority::NAMES {
                let t = service_class::targets(db.conn(), id, p)?;
                sink.row(&[
                    Value::from(*p),
                    Value::from(show(t.response)),
                    Value::from(show(t.resolution)),
                    Value::from(t.clock.to_string()),
                    Value::from(t.class),
                ])?;
            }
            sink.finish()?;
            Ok(0)
        }
    }
}
