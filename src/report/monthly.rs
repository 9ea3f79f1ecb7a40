//! `svc report monthly`: the page a service director opens, prints and forwards for the
//! management meeting. Headline figures against the previous month, 12-month trends,
//! repairs per model, a Pareto of fault causes and the satisfaction trend, each chart
//! with the table behind it. One standalone HTML file (inline SVG and CSS, no external
//! asset) that prints on A4, a section a page; Markdown for a mail; JSON for scripts.
//! No personal data: customers appear nowhere but by code and institution name.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::figures::{number, shown, Period};
use super::repeats::Openings;
use super::store::monthly as store;
use super::{chart, kpi, msg, trend};
use crate::error::Result;
use crate::words::catalogue;

/// The headline figures, in the order they are shown. They are counted with
/// `kpi::Scope::Headline`: a figure added here must be one that scope counts.
pub const HEADLINE: &[&str] = &[
    "repairs_completed",
    "mttr",
    "response_in_sla",
    "resolution_in_sla",
    "first_time_fix",
    "inspection_first_pass",
    "satisfaction",
    "nps",
    "complaints_per_100",
    "availability",
    "backlog",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Md,
    Json,
}

#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub figure: String,
    pub value: Value,
    pub previous: Value,
    pub change: Value,
    pub unit: String,
    #[serde(skip)]
    pub decimals: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendMonth {
    pub month: String,
    pub repairs_completed: Value,
    pub first_time_fix: Value,
    pub response_in_sla: Value,
    pub satisfaction: Value,
    pub nps: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Monthly {
    pub month: String,
    pub made_at: String,
    pub headline: Vec<Headline>,
    pub trend: Vec<TrendMonth>,
    pub by_model: Vec<Count>,
    pub causes: Vec<Count>,
}

fn figure(rows: &[kpi::Row], key: &str) -> Option<kpi::Row> {
    rows.iter().find(|r| r.figure == key).cloned()
}

impl Monthly {
    pub fn compute(conn: &rusqlite::Connection, month: Period, now: DateTime<Utc>) -> Result<Monthly> {
        let window = kpi::window_days(conn)?;
        let today = crate::clock::local_day(now);
        // The last 12 months, this one last: the trend's, and the headline's two months.
        let mut months = vec![(1..12).fold(month, |m, _| m.previous_month())];
        while months.len() < 12 {
            months.push(Period::month_of(months[months.len() - 1].until));
        }
        // The repairs that may repeat one signed in any of them, read once for all.
        let openings = Openings::load(conn, &trend::span(&months), window)?;
        let headline_of = |p: &Period| -> Result<Vec<kpi::Row>> {
            let groups = kpi::tally_with(conn, p, None, &openings, kpi::Scope::Headline, today)?;
            Ok(groups.get("").map(|t| kpi::rows("", t, p)).unwrap_or_default())
        };
        let this = headline_of(&month)?;
        let before = headline_of(&month.previous_month())?;
        let headline = HEADLINE
            .iter()
            .filter_map(|k| {
                let now = figure(&this, k)?;
                let prev = figure(&before, k).map(|r| r.value).unwrap_or(Value::Null);
                let change = match (now.value.as_f64(), prev.as_f64()) {
                    (Some(a), Some(b)) => number(Some(a - b), now.decimals),
                    _ => Value::Null,
                };
                Some(Headline {
                    figure: k.to_string(),
                    value: now.value,
                    previous: prev,
                    change,
                    unit: now.unit.to_string(),
                    decimals: now.decimals,
                })
            })
            .collect();
        // The trend: the last 12 months, counted in the database (trend.rs); each figure
        // is counted in the month of its event.
        let trend = months
            .iter()
            .zip(trend::tallies(conn, &months, &openings)?)
            .map(|(m, t)| {
                let rows = kpi::rows("", &t, m);
                let v = |k| figure(&rows, k).map(|r| r.value).unwrap_or(Value::Null);
                TrendMonth {
                    month: m.month_name(),
                    repairs_completed: v("repairs_completed"),
                    first_time_fix: v("first_time_fix"),
                    response_in_sla: v("response_in_sla"),
                    satisfaction: v("satisfaction"),
                    nps: v("nps"),
                }
            })
            .collect();
        let by_model = store::repairs_per_model(conn, &month)?;
        let causes = store::causes(conn, &month)?;
        Ok(Monthly {
            month: month.month_name(),
            made_at: crate::clock::show_local(&crate::clock::utc_text(now)),
            headline,
            trend,
            by_model,
            causes,
        })
    }

    pub fn render(&self, format: Format) -> Result<String> {
        match format {
            Format::Json => Ok(serde_json::to_string_pretty(self).unwrap_or_default() + "\n"),
            Format::Md => Ok(self.markdown()),
            Format::Html => self.html(),
        }
    }

    fn label(key: &str) -> String {
        catalogue::value_label("figure", key, catalogue::lang()).into_owned()
    }

    fn headline_rows(&self) -> Vec<[String; 5]> {
        self.headline
            .iter()
            .map(|h| {
                let change = match h.change.as_f64() {
                    Some(c) if c > 0.0 => format!("+{}", shown(&h.change, h.decimals)),
                    _ => shown(&h.change, h.decimals),
                };
                [
                    Self::label(&h.figure),
                    shown(&h.value, h.decimals),
                    shown(&h.previous, h.decimals),
                    change,
                    h.unit.clone(),
                ]
            })
            .collect()
    }

    fn trend_rows(&self) -> Vec<Vec<String>> {
        self.trend
            .iter()
            .map(|t| {
                vec![
                    t.month.clone(),
                    shown(&t.repairs_completed, 0),
                    shown(&t.first_time_fix, 1),
                    shown(&t.response_in_sla, 1),
                    shown(&t.satisfaction, 2),
                    shown(&t.nps, 0),
                ]
            })
            .collect()
    }

    fn trend_header() -> Vec<String> {
        ["month", "repairs_completed", "first_time_fix", "response_in_sla", "satisfaction", "nps"]
            .iter()
            .map(|k| if *k == "month" { msg::report_month().to_string() } else { Self::label(k) })
            .collect()
    }

    fn markdown(&self) -> String {
        let mut s = format!(
            "# {}\n\n{}\n\n## {}\n\n",
            msg::report_title(&self.month),
            msg::report_made(&self.made_at),
            msg::report_headline()
        );
        let head = [
            msg::report_figure(),
            msg::report_this_month(),
            msg::report_previous(),
            msg::report_change(),
            msg::report_unit(),
        ];
        s += &md_table(
            &head.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
            &self.headline_rows().iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
        );
        s += &format!("\n## {}\n\n", msg::report_trends());
        s += &md_table(&Self::trend_header(), &self.trend_rows());
        s += &format!("\n## {}\n\n", msg::report_by_model());
        s += &md_table(
            &[msg::report_model().to_string(), Self::label("repairs_completed")],
            &count_rows(&self.by_model),
        );
        s += &format!("\n## {}\n\n", msg::report_causes());
        s += &md_table(&[msg::report_cause().to_string(), Self::label("repairs_completed")], &count_rows(&self.causes));
        s
    }

    fn html(&self) -> Result<String> {
        let months: Vec<String> = self.trend.iter().map(|t| t.month[2..].to_string()).collect();
        let series = |f: fn(&TrendMonth) -> &Value| self.trend.iter().map(|t| f(t).as_f64()).collect::<Vec<_>>();
        let volume = chart::lines(
            &Self::label("repairs_completed"),
            &months,
            &[(Self::label("repairs_completed"), series(|t| &t.repairs_completed))],
        )?;
        let rates = chart::lines(
            &msg::report_rates().to_string(),
            &months,
            &[
                (Self::label("first_time_fix"), series(|t| &t.first_time_fix)),
                (Self::label("response_in_sla"), series(|t| &t.response_in_sla)),
            ],
        )?;
        let satisfaction = chart::lines(
            &Self::label("satisfaction"),
            &months,
            &[(Self::label("satisfaction"), series(|t| &t.satisfaction))],
        )?;
        let names = |c: &[Count]| c.iter().take(10).map(|c| c.name.clone()).collect::<Vec<_>>();
        let counts = |c: &[Count]| c.iter().take(10).map(|c| c.count as f64).collect::<Vec<_>>();
        let models =
            chart::bars(&msg::report_by_model().to_string(), &names(&self.by_model), &counts(&self.by_model), false)?;
        let pareto = chart::bars(&msg::report_causes().to_string(), &names(&self.causes), &counts(&self.causes), true)?;

        let title = msg::report_title(&self.month).to_string();
        let head = [
            msg::report_figure(),
            msg::report_this_month(),
            msg::report_previous(),
            msg::report_change(),
            msg::report_unit(),
        ]
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>();
        let lang = catalogue::lang().tag();
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n",
            esc(&title)
        );
        s += &format!(
            "<section><h1>{}</h1><p class=\"made\">{}</p><h2>{}</h2>\n",
            esc(&title),
            esc(&msg::report_made(&self.made_at).to_string()),
            esc(&msg::report_headline().to_string())
        );
        s += &html_table(&head, &self.headline_rows().iter().map(|r| r.to_vec()).collect::<Vec<_>>(), "headline");
        s += "</section>\n";
        s += &format!("<section><h2>{}</h2>{volume}{rates}\n", esc(&msg::report_trends().to_string()));
        s += &html_table(&Self::trend_header(), &self.trend_rows(), "trend");
        s += "</section>\n";
        s += &format!("<section><h2>{}</h2>{models}\n", esc(&msg::report_by_model().to_string()));
        s += &html_table(
            &[msg::report_model().to_string(), Self::label("repairs_completed")],
            &count_rows(&self.by_model),
            "models",
        );
        s += &format!("<h2>{}</h2>{pareto}\n", esc(&msg::report_causes().to_string()));
        s += &html_table(
            &[msg::report_cause().to_string(), Self::label("repairs_completed")],
            &count_rows(&self.causes),
            "causes",
        );
        s += "</section>\n";
        s += &format!("<section><h2>{}</h2>{satisfaction}</section>\n", esc(&Self::label("satisfaction")));
        s += "</body></html>\n";
        Ok(s)
    }
}

/// The page's style. The fonts: Chinese ones first (Noto Sans CJK SC as Debian's
/// fonts-noto-cjk installs it, Source Han Sans as Adobe names the same design, Microsoft
/// YaHei on Windows, PingFang SC on macOS), so a printed zh-CN page shows Chinese and not
/// empty boxes; the charts' text follows the page's fonts.
const CSS: &str =
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Source Han Sans','Microsoft YaHei','PingFang SC',\
'Noto Sans',sans-serif;line-height:1.2;margin:0 auto;max-width:180mm;color:#222}svg text{font-family:inherit}\
h1{font-size:20pt;margin:0 0 4pt}h2{font-size:14pt;margin:12pt 0 6pt;border-bottom:1px solid #999}\
.made{color:#666;font-size:9pt}table{border-collapse:collapse;width:100%;font-size:9.5pt;margin:6pt 0}\
th,td{border:1px solid #bbb;padding:2pt 5pt;text-align:right}th:first-child,td:first-child{text-align:left}\
th{background:#eef2f7}svg{width:100%;height:auto;display:block;margin:4pt 0}\
section{page-break-after:always;break-after:page}section:last-child{page-break-after:auto;break-after:auto}\
@page{size:A4;margin:15mm}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn count_rows(c: &[Count]) -> Vec<Vec<String>> {
    c.iter().map(|c| vec![c.name.clone(), c.count.to_string()]).collect()
}

fn html_table(head: &[String], rows: &[Vec<String>], class: &str) -> String {
    let mut s = format!("<table class=\"{class}\"><thead><tr>");
    for h in head {
        s += &format!("<th>{}</th>", esc(h));
    }
    s += "</tr></thead><tbody>";
    for r in rows {
        s += "<tr>";
        for c in r {
            s += &format!("<td>{}</td>", esc(c));
        }
        s += "</tr>";
    }
    s + "</tbody></table>\n"
}

fn md_table(head: &[String], rows: &[Vec<String>]) -> String {
    let cell = |c: &str| c.replace('|', "\\|");
    let mut s = format!(
        "| {} |\n|{}\n",
        head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "),
        "---|".repeat(head.len())
    );
    for r in rows {
        s += &format!("| {} |\n", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    }
    s
}
