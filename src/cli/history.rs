//! `svc history [CODE]`: the append-only change history.

use serde_json::Value;

use super::args::{ListArgs, Period};
use super::Ctx;
use crate::clock::show_local;
use crate::db::history::{self, Filter};
use crate::error::Result;
use crate::exchange::sink::{redact, OutFormat};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the changes of this record (customer code, serial number, file name...)
    code: Option<String>,
    /// Only this kind of record
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::registry::history_entities()))]
    entity: Option<String>,
    #[command(flatten)]
    period: Period,
    /// Mask personal data in the values before and after (R8.1.2)
    #[arg(long)]
    redact: bool,
    /// With --limit N: the oldest N changes [default: the newest N]
    #[arg(long, requires = "limit")]
    oldest: bool,
    #[command(flatten)]
    list: ListArgs,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<i32> {
    let (since, until) = a.period.stored();
    let filter = Filter { code: a.code, entity: a.entity, since, until, limit: a.list.limit, oldest: a.oldest };
    let db = ctx.open()?;
    let structured = matches!(ctx.out.format, OutFormat::Json | OutFormat::Yaml);
    // In JSON and YAML the values before and after are objects, not strings.
    let value = |entity: &str, s: Option<String>| {
        let Some(s) = s else { return Value::Null };
        let mut v: Value = match serde_json::from_str(&s) {
            Ok(v) => v,
            Err(_) => return Value::String(s),
        };
        if a.redact {
            if let Value::Object(map) = &mut v {
                for column in crate::registry::personal_columns(entity) {
                    if let Some(x) = map.get_mut(*column) {
                        *x = redact(x);
                    }
                }
            }
        }
        if structured {
            v
        } else {
            Value::String(v.to_string())
        }
    };
    let mut sink = ctx.out.listing(&["at", "actor", "entity", "code", "action", "before", "after"])?;
    let entries = crate::exchange::provenance::with_provenance(db.conn(), history::list(db.conn(), &filter)?, &filter)?;
    for e in entries {
        let (before, after) = (value(&e.entity, e.before), value(&e.entity, e.after));
        sink.row(&[
            Value::from(show_local(&e.at)),
            Value::from(e.actor),
            Value::from(e.entity),
            Value::from(e.code),
            Value::from(e.action),
            before,
            after,
        ])?;
    }
    Ok(a.list.exit(sink.finish()?))
}
