//! Messages as facts: a rule raises a `Msg` (a key and named arguments), and the edge
//! renders it in the user's language from one Project Fluent catalogue per language
//! (`i18n/<lang>/*.ftl`, compiled into the binary: `svc.ftl` for the foundation, one file
//! per later area). Every key and its arguments are declared once with `messages!` (the
//! foundation's in `m` below, an area's in its own module, listed in `ALL_MESSAGES`), so a
//! call site can neither misspell a key nor forget an argument; the tests compare the
//! declarations with every catalogue.
//!
//! # Display labels
//!
//! What people read in tables, Markdown and HTML (and in exports with `--headers zh`)
//! is looked up in the same catalogues, as Fluent messages without arguments, across
//! every file of a language, so a later area adds its own labels in its own `.ftl` file:
//!
//! - `col-<key>`: the label of the canonical column key `<key>` (`col-part_no = 备件编号`);
//! - `status-<flow>-<status>`: a status of the workflow `<flow>`, by the entity name it has
//!   in `registry::FLOWS` (`status-repair-in_repair = 维修中`);
//! - `value-<column>-<value>`: any other word a column holds (`value-kind-fault = 故障`).
//!
//! A label a language lacks falls back to the key or the value itself: English has no
//! labels at all, its labels are the canonical keys. The tests demand a zh-CN label for
//! every column of the registered areas and every status of every workflow. Scripts never
//! see labels: csv, json and yaml keep the canonical keys and values.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};

/// A language svc speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    /// Simplified Chinese (`--lang zh-CN`).
    ZhCn,
    /// Pseudo-localisation for tests: messages as in English, display labels in
    /// brackets, so a test can see which text went through the catalogue.
    Pseudo,
}

impl Lang {
    /// The languages with a catalogue of their own.
    pub const CATALOGUED: &'static [Lang] = &[Lang::En, Lang::ZhCn];

    /// The language a `--lang` or `SVC_LANG` value names: `zh-CN` (also `zh`, `zh_CN`,
    /// any case) or `en`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        match tag.as_str() {
            "zh-cn" | "zh" | "zh-hans" | "zh-hans-cn" => Some(Lang::ZhCn),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the locale as POSIX decides it: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty; `zh_*` is Chinese, any other
    /// locale (C, POSIX, en_US...) or none English.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|v| var(v).filter(|s| !s.is_empty()));
        match locale {
            Some(l) if l.starts_with("zh") => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    /// The tag a person writes (`--lang zh-CN`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En | Lang::Pseudo => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The catalogue's files: name and text. An area adds its own file to each
    /// language here (one line each, so areas built side by side do not collide).
    pub fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En | Lang::Pseudo => &[
                ("svc.ftl", include_str!("../../i18n/en/svc.ftl")),
                ("calendar.ftl", include_str!("../../i18n/en/calendar.ftl")),
                ("service-class.ftl", include_str!("../../i18n/en/service-class.ftl")),
                ("workbook.ftl", include_str!("../../i18n/en/workbook.ftl")),
                ("training.ftl", include_str!("../../i18n/en/training.ftl")),
                ("emergency.ftl", include_str!("../../i18n/en/emergency.ftl")),
                ("support.ftl", include_str!("../../i18n/en/support.ftl")),
                ("quality.ftl", include_str!("../../i18n/en/quality.ftl")),
                ("maintenance.ftl", include_str!("../../i18n/en/maintenance.ftl")),
                ("hardening.ftl", include_str!("../../i18n/en/hardening.ftl")),
                ("parts.ftl", include_str!("../../i18n/en/parts.ftl")),
                ("db.ftl", include_str!("../../i18n/en/db.ftl")),
                ("report.ftl", include_str!("../../i18n/en/report.ftl")),
                ("exchange.ftl", include_str!("../../i18n/en/exchange.ftl")),
                ("analysis.ftl", include_str!("../../i18n/en/analysis.ftl")),
                ("admin.ftl", include_str!("../../i18n/en/admin.ftl")),
                ("rows.ftl", include_str!("../../i18n/en/rows.ftl")),
                ("due.ftl", include_str!("../../i18n/en/due.ftl")),
                ("settings.ftl", include_str!("../../i18n/en/settings.ftl")),
                ("maint-sheet.ftl", include_str!("../../i18n/en/maint-sheet.ftl")),
                ("hostile.ftl", include_str!("../../i18n/en/hostile.ftl")),
            ],
            Lang::ZhCn => &[
                ("svc.ftl", include_str!("../../i18n/zh-CN/svc.ftl")),
                // One line per file, so areas built side by side merge cleanly.
                ("calendar.ftl", include_str!("../../i18n/zh-CN/calendar.ftl")),
                ("service-class.ftl", include_str!("../../i18n/zh-CN/service-class.ftl")),
                ("workbook.ftl", include_str!("../../i18n/zh-CN/workbook.ftl")),
                ("training.ftl", include_str!("../../i18n/zh-CN/training.ftl")),
                ("emergency.ftl", include_str!("../../i18n/zh-CN/emergency.ftl")),
                ("support.ftl", include_str!("../../i18n/zh-CN/support.ftl")),
                ("quality.ftl", include_str!("../../i18n/zh-CN/quality.ftl")),
                ("maintenance.ftl", include_str!("../../i18n/zh-CN/maintenance.ftl")),
                ("hardening.ftl", include_str!("../../i18n/zh-CN/hardening.ftl")),
                ("parts.ftl", include_str!("../../i18n/zh-CN/parts.ftl")),
                ("db.ftl", include_str!("../../i18n/zh-CN/db.ftl")),
                ("report.ftl", include_str!("../../i18n/zh-CN/report.ftl")),
                ("exchange.ftl", include_str!("../../i18n/zh-CN/exchange.ftl")),
                ("analysis.ftl", include_str!("../../i18n/zh-CN/analysis.ftl")),
                ("admin.ftl", include_str!("../../i18n/zh-CN/admin.ftl")),
                ("rows.ftl", include_str!("../../i18n/zh-CN/rows.ftl")),
                ("due.ftl", include_str!("../../i18n/zh-CN/due.ftl")),
                ("settings.ftl", include_str!("../../i18n/zh-CN/settings.ftl")),
                ("maint-sheet.ftl", include_str!("../../i18n/zh-CN/maint-sheet.ftl")),
                ("hostile.ftl", include_str!("../../i18n/zh-CN/hostile.ftl")),
            ],
        }
    }
}

/// Every declared message of every area: the foundation's (`m`) and each later area's
/// `messages!` block.
pub const ALL_MESSAGES: &[&[(&str, &[&str])]] = &[
    // One line per area, so areas built side by side merge cleanly.
    m::MESSAGES,
    crate::calendar::msg::MESSAGES,
    crate::service_class::msg::MESSAGES,
    crate::exchange::workbook::msg::MESSAGES,
    crate::training::msg::MESSAGES,
    crate::emergency::msg::MESSAGES,
    crate::support::msg::MESSAGES,
    crate::quality::msg::MESSAGES,
    crate::maint::msg::MESSAGES,
    crate::hardening::msg::MESSAGES,
    crate::parts::msg::MESSAGES,
    crate::db::msg::MESSAGES,
    crate::report::msg::MESSAGES,
    crate::exchange::msg::MESSAGES,
    crate::report::analysis::msg::MESSAGES,
    crate::admin::MESSAGES,
    crate::words::rows::MESSAGES,
    crate::due_words::MESSAGES,
    crate::maint::sheet::words::MESSAGES,
    crate::hostile::msg::MESSAGES,
];

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static LABEL_SCOPE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The language this thread renders in (the edge sets it once, from `--lang` in time).
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// The top-level command whose columns this thread labels (`complaint`, `staff`): one
/// key means different things in different areas (a complaint's `received` is when it
/// came in, a receipt's how many arrived), so `col-<scope>-<key>` says it for that area
/// before `col-<key>` says it for the rest. The edge sets it once, as it sets the language.
pub fn set_label_scope(scope: &str) {
    LABEL_SCOPE.with(|s| *s.borrow_mut() = scope.to_string());
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text given by the user or taken from a record (a code, a path, a reason).
    Text(String),
    Int(i64),
}

/// `From` for each type an argument is given as.
macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),+ $(,)?) => {
        $(impl From<$t> for Arg {
            fn from($v: $t) -> Arg {
                $e
            }
        })+
    };
}

arg_from! {
    &str => |s| Arg::Text(s.to_string()),
    String => |s| Arg::Text(s),
    &String => |s| Arg::Text(s.clone()),
    i64 => |n| Arg::Int(n),
    u128 => |n| Arg::Int(i64::try_from(n).unwrap_or(i64::MAX)),
    u64 => |n| Arg::Int(i64::try_from(n).unwrap_or(i64::MAX)),
}

/// A message: which one, and its arguments by name. `Display` renders it in the
/// thread's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// This message in `lang`. A key or an argument the catalogue lacks (the tests
    /// prevent both) shows up in the text rather than panicking.
    pub fn render(&self, lang: Lang) -> String {
        let mut bundle = bundle(lang);
        if lang != Lang::En && bundle.get_message(self.key).is_none() {
            // A message an area has not translated yet (its test fails): English beats a
            // bare key.
            bundle = self::bundle(Lang::En);
        }
        let Some(pattern) = bundle.get_message(self.key).and_then(|m| m.value()) else {
            let args: Vec<String> = self.args.iter().map(|(k, v)| format!("{k}={}", arg_text(v))).collect();
            return format!("{} ({})", self.key, args.join(", "));
        };
        plain(pattern, &self.args).unwrap_or_else(|| resolve(bundle, pattern, &self.args))
    }
}

/// `pattern` said by Fluent's resolver with `args`.
fn resolve(bundle: &FluentBundle<FluentResource>, pattern: &Pattern<&str>, args: &[(&'static str, Arg)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            Arg::Int(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned()
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(lang()))
    }
}

/// What Fluent's resolver writes for `pattern` when it is only text and `{ $variable }`s
/// that `args` all give (most messages: no selector, no function, no term), written
/// without the resolver; None for any other pattern, which the resolver then says.
///
/// A long listing says a message for every row (`svc due`'s subjects, in English for
/// csv): the resolver's scope, its `FluentArgs` (names copied and sorted) and its
/// `Cow`s cost several times the text itself. The result is the resolver's to the byte,
/// as the bundles are set up (`bundle`): no isolation marks, no text transform and no
/// custom formatter, so a text argument is written as it is and a number as
/// `FluentNumber` writes one with default options (the `f64` it holds, as Rust prints
/// it). A test holds the two together for every message of every catalogue.
fn plain(pattern: &Pattern<&str>, args: &[(&'static str, Arg)]) -> Option<String> {
    // The resolver gives up past this many placeables in one pattern.
    const MAX_PLACEABLES: usize = 100;
    let mut text = String::with_capacity(64);
    let mut placeables = 0;
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => {
                placeables += 1;
                if placeables > MAX_PLACEABLES {
                    return None;
                }
                match &args.iter().find(|(name, _)| *name == id.name)?.1 {
                    Arg::Text(s) => text.push_str(s),
                    Arg::Int(n) => {
                        use std::fmt::Write;
                        let _ = write!(text, "{}", *n as f64);
                    }
                }
            }
            PatternElement::Placeable { .. } => return None,
        }
    }
    Some(text)
}

fn arg_text(a: &Arg) -> Cow<'_, str> {
    match a {
        Arg::Text(s) => Cow::Borrowed(s),
        Arg::Int(n) => Cow::Owned(n.to_string()),
    }
}

/// The compiled catalogue of `lang`, parsed once.
fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static ZH_CN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::En | Lang::Pseudo => &EN,
        Lang::ZhCn => &ZH_CN,
    };
    cell.get_or_init(|| {
        let tag = lang.tag().parse().expect("a language tag written in this file is valid");
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // Arguments are inserted as they are: no bidi isolation marks around them.
        bundle.set_use_isolating(false);
        // `{ VALUE("entity", $entity) }`: a word passed as an argument (a record's kind, a
        // status) in this language's words, as `value_label` finds them.
        let _ = bundle.add_function("VALUE", move |positional, _| match positional {
            [FluentValue::String(column), FluentValue::String(value)] => {
                FluentValue::from(value_label(column, &value.replace(' ', "_"), lang).into_owned())
            }
            [_, value] => value.clone(),
            _ => FluentValue::Error,
        });
        // `{ STATUS($record, $status) }`: the status of the workflow named `record`
        // (`purchase order`), or several joined with ` or ` (as refusals list them).
        let _ = bundle.add_function("STATUS", move |positional, _| match positional {
            [FluentValue::String(record), FluentValue::String(statuses)] => {
                let flow = crate::registry::FLOWS.iter().find(|(_, w)| w.name == record.as_ref()).map(|(e, _)| *e);
                let shown: Vec<String> = statuses
                    .split(" or ")
                    .map(|s| match flow {
                        Some(flow) => status_label(flow, s, lang).into_owned(),
                        None => value_label("status", s, lang).into_owned(),
                    })
                    .collect();
                FluentValue::from(shown.join(if lang == Lang::ZhCn { "或" } else { " or " }))
            }
            [_, value] => value.clone(),
            _ => FluentValue::Error,
        });
        // `{ HINT($record, $action, $hint) }`: what a workflow's table says to do first
        // (or instead), in this language's words.
        let _ = bundle.add_function("HINT", move |positional, _| match positional {
            [FluentValue::String(record), FluentValue::String(action), FluentValue::String(hint)] => {
                FluentValue::from(hint_label(record, action, hint, lang).into_owned())
            }
            [.., value] => value.clone(),
            _ => FluentValue::Error,
        });
        // `{ ACTION($record, $action) }`: the move a refusal names, in this language's
        // words (a Chinese sentence does not quote the English `sign`).
        let _ = bundle.add_function("ACTION", move |positional, _| match positional {
            [FluentValue::String(record), FluentValue::String(action)] => {
                FluentValue::from(action_label(record, action, lang).into_owned())
            }
            [_, value] => value.clone(),
            _ => FluentValue::Error,
        });
        // `{ LABEL($column) }`: a column key by its label.
        let _ = bundle.add_function("LABEL", move |positional, _| match positional {
            [FluentValue::String(key)] => FluentValue::from(label(key, lang).into_owned()),
            [value] => value.clone(),
            _ => FluentValue::Error,
        });
        // A catalogue that does not parse fails its test; what parsed is still used.
        for (_, source) in lang.sources() {
            let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
            let _ = bundle.add_resource(resource);
        }
        bundle
    })
}

/// A label of `lang` by its message id (`col-code`), if its catalogue has one. Labels
/// never fall back to another language: English labels are the keys themselves.
pub fn word(id: &str, lang: Lang) -> Option<String> {
    if lang == Lang::En || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let bundle = bundle(lang);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, None, &mut errors).into_owned())
}

/// The display label of a canonical column key (table, md and html headers, and exports
/// with `--headers zh`; csv, json and yaml keep the key, which scripts read): the
/// command's own (`col-<scope>-<key>`, `set_label_scope`) before the shared one. A key
/// without a label in `lang` shows as it is.
pub fn label(key: &str, lang: Lang) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(key),
        Lang::ZhCn => LABEL_SCOPE
            .with(|s| {
                let scope = s.borrow();
                (!scope.is_empty()).then(|| word(&format!("col-{scope}-{key}"), lang)).flatten()
            })
            .or_else(|| word(&format!("col-{key}"), lang))
            .map_or(Cow::Borrowed(key), Cow::Owned),
        Lang::Pseudo => Cow::Owned(format!("[{key}]")),
    }
}

/// A status of the workflow `flow` (its entity name in `registry::FLOWS`) as people read
/// it (`in_repair` → 维修中); the status itself when `lang` has no label for it.
pub fn status_label<'a>(flow: &str, status: &'a str, lang: Lang) -> Cow<'a, str> {
    word(&format!("status-{flow}-{status}"), lang).map_or(Cow::Borrowed(status), Cow::Owned)
}

/// A word the column `column` holds, as people read it: a `value-<column>-<value>`
/// label; in a `status` column, the status of the first workflow that has it (a listing
/// does not say which workflow it shows; where two workflows share a status word, the
/// labels say the same). Anything else (a name, a number, a code) shows as it is.
pub fn value_label<'a>(column: &str, value: &'a str, lang: Lang) -> Cow<'a, str> {
    // No word of the catalogue is that long: a longer value is free text (a note of
    // 100 MB), shown as it is, not copied into a key to be looked up.
    const LONGEST_WORD: usize = 256;
    if lang == Lang::En || value.is_empty() || value.len() > LONGEST_WORD {
        return Cow::Borrowed(value);
    }
    // A column with no word of its own (a code, a name, a date: most cells of a table)
    // shows its values as they are, without a key made and looked up for each.
    if column != "status" && !has_value_labels(column, lang) {
        return Cow::Borrowed(value);
    }
    // A value of several words (`history chain`) is labelled with hyphens between them.
    if let Some(w) = word(&format!("value-{column}-{}", value.replace(' ', "-")), lang) {
        return Cow::Owned(w);
    }
    // Several words joined with `+` (`response+resolution`): each in turn.
    if value.contains('+') {
        let words: Vec<Cow<str>> = value.split('+').map(|v| value_label(column, v, lang)).collect();
        if words.iter().zip(value.split('+')).any(|(w, v)| w != v) {
            return Cow::Owned(words.join("、"));
        }
    }
    if column == "status" {
        if let Some((flow, _)) = crate::registry::FLOWS.iter().find(|(_, w)| w.statuses.contains(&value)) {
            return status_label(flow, value, lang);
        }
    }
    Cow::Borrowed(value)
}

/// The words a column takes, as a refusal lists them: each canonical word (what the file
/// must hold, or a column map's `values:` turn into) with its label where the reader's
/// language has one (`hospital（医院）、clinic（诊所）`); the words alone in English.
pub fn choices(column: &str, allowed: &[&str], lang: Lang) -> String {
    if lang != Lang::ZhCn {
        return allowed.join(", ");
    }
    let said: Vec<String> = allowed
        .iter()
        .map(|a| match value_label(column, a, lang) {
            Cow::Owned(label) => format!("{a}（{label}）"),
            Cow::Borrowed(_) => a.to_string(),
        })
        .collect();
    said.join("、")
}

/// A yes-or-no cell (`true`, `false`) as people read it: `value-bool-true` (是) and
/// `value-bool-false` (否); the JSON word in English.
pub fn bool_label(b: bool, lang: Lang) -> Cow<'static, str> {
    value_label("bool", if b { "true" } else { "false" }, lang).into_owned().into()
}

/// Whether `lang`'s catalogue has a `value-<column>-…` label for any word of `column`.
fn has_value_labels(column: &str, lang: Lang) -> bool {
    let labelled = value_label_ids(lang);
    labelled[labelled.partition_point(|id| *id < column)..]
        .iter()
        .take_while(|id| id.starts_with(column))
        .any(|id| id.as_bytes().get(column.len()) == Some(&b'-'))
}

/// The ids of `lang`'s value labels less their `value-` (`kind-fault`), sorted: read
/// once from the catalogue's files, where each message begins a line.
fn value_label_ids(lang: Lang) -> &'static [&'static str] {
    static EN: OnceLock<Vec<&'static str>> = OnceLock::new();
    static ZH_CN: OnceLock<Vec<&'static str>> = OnceLock::new();
    let cell = match lang {
        Lang::En | Lang::Pseudo => &EN,
        Lang::ZhCn => &ZH_CN,
    };
    cell.get_or_init(|| {
        let mut ids: Vec<&'static str> = lang
            .sources()
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter_map(|line| line.strip_prefix("value-")?.split([' ', '=']).next())
            .collect();
        ids.sort_unstable();
        ids
    })
}

/// The hint of a workflow's move as people read it: `hint-<flow>-<action>` for what must
/// happen first, `hint-<flow>-<action>-again` for what to do instead when the move is
/// done already; the table's own (English) words when `lang` has none.
pub fn hint_label<'a>(record: &str, action: &str, hint: &'a str, lang: Lang) -> Cow<'a, str> {
    let found = crate::registry::FLOWS.iter().find(|(_, w)| w.name == record).and_then(|(flow, w)| {
        let moves = || w.moves.iter().filter(|m| m.action == action);
        if moves().any(|m| m.first == hint) {
            Some(format!("hint-{flow}-{action}"))
        } else if moves().any(|m| m.again == hint) {
            Some(format!("hint-{flow}-{action}-again"))
        } else {
            None
        }
    });
    found.and_then(|id| word(&id, lang)).map_or(Cow::Borrowed(hint), Cow::Owned)
}

/// A workflow's move as people read it (`sign` → 签字确认): `action-<flow>-<action>`,
/// the flow found by the record's name as `hint_label` finds it; the action itself
/// when `lang` has no label for it.
pub fn action_label<'a>(record: &str, action: &'a str, lang: Lang) -> Cow<'a, str> {
    crate::registry::FLOWS
        .iter()
        .find(|(_, w)| w.name == record)
        .and_then(|(flow, _)| word(&format!("action-{flow}-{action}"), lang))
        .map_or(Cow::Borrowed(action), Cow::Owned)
}

/// Whether a catalogue entry is a display label rather than a message.
#[cfg(test)]
fn is_label(id: &str) -> bool {
    ["col-", "status-", "value-", "hint-", "action-"].iter().any(|p| id.starts_with(p))
}

/// Declares each message once: a constructor named after it, taking its arguments by
/// name, and an entry of `MESSAGES` that the catalogue tests read. An area declares its
/// own in its own module (`crate::words::catalogue::messages! { ... }`) and lists that
/// module's `MESSAGES` in `ALL_MESSAGES`.
macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident = $key:literal ($($arg:ident),* $(,)?);)+) => {
        $(
            $(#[$doc])*
            // A message has the arguments its text needs, each named at the call site.
            #[allow(clippy::too_many_arguments)]
            pub fn $name($($arg: impl Into<Arg>),*) -> Msg {
                Msg { key: $key, args: vec![$((stringify!($arg), $arg.into())),*] }
            }
        )+

        /// Every message key with the names of its arguments.
        pub const MESSAGES: &[(&str, &[&str])] = &[$(($key, &[$(stringify!($arg)),*])),+];
    };
}
// Areas declare their messages with it (`crate::words::catalogue::messages!`).
#[allow(unused_imports)]
pub(crate) use messages;

/// The messages, by area; the English text is in `i18n/en/svc.ftl`.
pub mod m {
    use super::{Arg, Msg};

    messages! {
        /// The line an error is printed on.
        error_line = "error-line" (message);

        // The workflow mechanism (states::step).
        workflow_done = "workflow-done" (record, code, status, action);
        workflow_done_then = "workflow-done-then" (record, code, status, action, hint);
        workflow_needs = "workflow-needs" (record, code, status, action, allowed);
        workflow_needs_then = "workflow-needs-then" (record, code, status, action, allowed, hint);
        workflow_no_move = "workflow-no-move" (record, code, action);
        workflow_no_target = "workflow-no-target" (record, code, action, status, outcome);
        workflow_no_outcome = "workflow-no-outcome" (record, code, action, status);

        // Records of every area (records.rs).
        record_not_found = "record-not-found" (entity, key, list);
        record_not_found_zeros = "record-not-found-zeros" (entity, key, meant);
        record_exists_zeros = "record-exists-zeros" (entity, key, meant);
        record_exists_edit = "record-exists-edit" (entity, label, edit);
        record_exists_list = "record-exists-list" (entity, label, list);
        record_identity = "record-identity" (column, entity);
        record_add_invalid = "record-add-invalid" (entity, problem);
        record_change_invalid = "record-change-invalid" (entity, key, problem);
        document_not_found = "document-not-found" (what, code, list);

        // The database file and its schema (db/).
        db_missing = "db-missing" (path);
        db_cannot_open = "db-cannot-open" (path, reason);
        db_busy = "db-busy" (what, ms);
        db_guard = "db-guard" (what, message);
        db_newer = "db-newer" (path, version, latest);
        db_bad_version = "db-bad-version" (path, version);
        db_backup_failed = "db-backup-failed" (path, version, target, reason);
        backup_check_failed = "backup-check-failed" (check);
        migration_dangling = "migration-dangling" (migration, rows);
        rebuild_no_value = "rebuild-no-value" (what, column);
        rebuild_would_lose = "rebuild-would-lose" (what, column);
        rebuild_refused = "rebuild-refused" (table, reason);
        table_missing = "table-missing" (what, table);

        // cli
        // The command line's own checks (cli/).
        cli_export_for_people = "cli-export-for-people" ();
        cli_man_written = "cli-man-written" (pages, dir);
        cli_man_no_command = "cli-man-no-command" (word, under, known);
        cli_export_encoding_auto = "cli-export-encoding-auto" ();
        cli_files_for_people = "cli-files-for-people" ();
        cli_db_check_failed = "cli-db-check-failed" (checks);
        cli_db_backup_exists = "cli-db-backup-exists" (path);
        cli_demo_not_demo = "cli-demo-not-demo" (path);
        cli_file_not_found = "cli-file-not-found" (path);
        cli_file_not_utf8 = "cli-file-not-utf8" (path);
        cli_import_no_directory = "cli-import-no-directory" (dir);
        cli_import_nothing = "cli-import-nothing" (dir, areas);
        cli_repair_bad_estimate = "cli-repair-bad-estimate" (problem);
        cli_repair_bad_finish_by = "cli-repair-bad-finish-by" (problem);
        cli_repair_value_not_pair = "cli-repair-value-not-pair" (value);
        cli_repair_not_found = "cli-repair-not-found" (code);
        cli_parts_cost_unreadable = "cli-parts-cost-unreadable" (reason);
        cli_parts_totals_location = "cli-parts-totals-location" ();
        cli_parts_count_not_found = "cli-parts-count-not-found" (code);
        cli_parts_req_who = "cli-parts-req-who" (actor);
        cli_parts_req_not_found = "cli-parts-req-not-found" (code);
        cli_rejects_written = "cli-rejects-written" (rows, file);
        cli_export_written = "cli-export-written" (rows, area, file);
        cli_record_changed = "cli-record-changed" (entity, key);
        cli_record_unchanged = "cli-record-unchanged" (entity, key);
        cli_ticket_assigned = "cli-ticket-assigned" (code, to);
        cli_ticket_responded = "cli-ticket-responded" (code);
        cli_ticket_noted = "cli-ticket-noted" (code);
        cli_ticket_waits = "cli-ticket-waits" (code, reason);
        cli_ticket_resumed = "cli-ticket-resumed" (code);
        cli_ticket_closed = "cli-ticket-closed" (code);
        cli_ticket_reopened = "cli-ticket-reopened" (code);
        cli_repair_diagnosed = "cli-repair-diagnosed" (code);
        cli_repair_diagnosed_complex = "cli-repair-diagnosed-complex" (code);
        cli_repair_visited = "cli-repair-visited" (code);
        cli_repair_planned = "cli-repair-planned" (code, version, estimate, parts, labour);
        cli_repair_planned_other = "cli-repair-planned-other" (code, version, estimate, parts, labour, other);
        cli_repair_consented = "cli-repair-consented" (code);
        cli_repair_declined = "cli-repair-declined" (code);
        cli_repair_started = "cli-repair-started" (code);
        cli_repair_part_used = "cli-repair-part-used" (code, qty, part);
        cli_repair_passed = "cli-repair-passed" (code);
        cli_repair_failed = "cli-repair-failed" (code, failed);
        cli_repair_reported = "cli-repair-reported" (code, version);
        cli_repair_signed = "cli-repair-signed" (code, by, hash);
        cli_repair_amended = "cli-repair-amended" (code);
        cli_repair_followed_up = "cli-repair-followed-up" (code);
        cli_protocol_imported = "cli-protocol-imported" (code);
        cli_protocol_unchanged = "cli-protocol-unchanged" (code);
        demo_importing = "demo-importing" ();
        demo_step_customers = "demo-step-customers" ();
        demo_step_staff = "demo-step-staff" ();
        demo_step_certificates = "demo-step-certificates" ();
        demo_step_equipment = "demo-step-equipment" ();
        demo_step_parts = "demo-step-parts" ();
        demo_step_suppliers = "demo-step-suppliers" ();
        demo_step_stock = "demo-step-stock" ();
        demo_repair_walk = "demo-repair-walk" ();
        demo_repair_done = "demo-repair-done" (code);
        demo_customers = "demo-customers" ();
        demo_equipment = "demo-equipment" ();
        demo_models = "demo-models" ();
        demo_certificates = "demo-certificates" ();
        demo_tickets = "demo-tickets" ();
        demo_repairs = "demo-repairs" ();
        demo_due = "demo-due" ();
        demo_stock = "demo-stock" ();
        demo_plan = "demo-plan" ();

        // service
        // Tickets (ticket.rs).
        ticket_stored_time = "ticket-stored-time" (time);
        ticket_at_before = "ticket-at-before" (at, what, before);
        ticket_in_the_future = "ticket-in-the-future" (when, now, zone);
        ticket_device_other_customer = "ticket-device-other-customer" (serial, owner, customer);
        ticket_warranty_without_device = "ticket-warranty-without-device" ();
        ticket_symptom_empty = "ticket-symptom-empty" ();
        ticket_warranty_disagrees = "ticket-warranty-disagrees" (status, until, day, that_day);
        /// A staff member who has left takes no new work (repairs, checks).
        staff_inactive = "staff-inactive" (staff);
        staff_no_member = "staff-no-member" (staff);
        ticket_staff_inactive = "ticket-staff-inactive" (staff);
        ticket_responded = "ticket-responded" (code);
        ticket_resolution_empty = "ticket-resolution-empty" ();
        ticket_repair_open = "ticket-repair-open" (code, repair);
        ticket_not_a_fault = "ticket-not-a-fault" (code, kind);
        ticket_no_device = "ticket-no-device" (code);

        // Repairs (repair/).
        repair_who = "repair-who" ();
        repair_labour_hours = "repair-labour-hours" (hours);
        repair_visit_first = "repair-visit-first" (code);
        repair_plan_no_steps = "repair-plan-no-steps" ();
        repair_part_inactive = "repair-part-inactive" (part);
        repair_part_twice = "repair-part-twice" (part);
        repair_estimate_low = "repair-estimate-low" (estimate, parts, labour);
        repair_consent_by_empty = "repair-consent-by-empty" ();
        repair_part_qty = "repair-part-qty" (qty);
        repair_part_not_planned = "repair-part-not-planned" (part, version, qty, code);
        repair_part_beyond_plan = "repair-part-beyond-plan" (version, planned, part, used, qty, code);
        repair_inspection_failed = "repair-inspection-failed" (code, protocol);
        repair_report_no_cause = "repair-report-no-cause" ();
        repair_past_estimate = "repair-past-estimate" (code, parts, labour, hours, estimate, version);
        repair_no_report = "repair-no-report" (code);
        repair_sign_by_empty = "repair-sign-by-empty" ();
        repair_freeze_failed = "repair-freeze-failed" (code, reason);
        repair_not_signed = "repair-not-signed" (code, status);
        repair_amendment_empty = "repair-amendment-empty" ();
        repair_signed_unreadable = "repair-signed-unreadable" (code, reason);
        repair_followed_up = "repair-followed-up" (code, day);
        repair_protocol_unreadable = "repair-protocol-unreadable" (name, reason);
        repair_protocol_invalid = "repair-protocol-invalid" (name, problems);
        repair_protocol_used = "repair-protocol-used" (code, used);
        repair_protocol_not_found = "repair-protocol-not-found" (code);
        repair_protocol_stored = "repair-protocol-stored" (code, reason);
        repair_inspection_invalid = "repair-inspection-invalid" (problems);
        repair_protocol_no_items = "repair-protocol-no-items" ();
        repair_protocol_key_twice = "repair-protocol-key-twice" (key);
        repair_protocol_key_bad = "repair-protocol-key-bad" (key);
        repair_protocol_limit_not_finite = "repair-protocol-limit-not-finite" (item, limit);
        repair_protocol_check_limits = "repair-protocol-check-limits" (item);
        repair_protocol_measure_limits = "repair-protocol-measure-limits" (item);
        repair_protocol_min_above_max = "repair-protocol-min-above-max" (item);
        repair_inspection_not_an_item = "repair-inspection-not-an-item" (key, protocol, items);
        repair_inspection_given_twice = "repair-inspection-given-twice" (key);
        repair_inspection_no_value = "repair-inspection-no-value" (key, name);
        repair_inspection_not_a_check = "repair-inspection-not-a-check" (key, value);
        repair_inspection_bad_limit = "repair-inspection-bad-limit" (item, limits);
        repair_inspection_not_a_number = "repair-inspection-not-a-number" (key, value, unit);
        repair_archive_no_device = "repair-archive-no-device" (serial);

        // Settings (config.rs).
        config_no_setting = "config-no-setting" (key);
        config_bad_duration = "config-bad-duration" (key, value);
        config_bad_days = "config-bad-days" (key, value);
        config_days_range = "config-days-range" (key, value);
        config_bad_money = "config-bad-money" (key, value, reason);
        config_not_duration = "config-not-duration" (key, value);
        config_not_days = "config-not-days" (key, value);
        config_bad_labour_rate = "config-bad-labour-rate" (reason);

        // The import engine (exchange::import).
        import_summary = "import-summary"
            (area, file, read, inserted, updated, unchanged, skipped, rejected, seconds);
        import_summary_dry_run = "import-summary-dry-run"
            (area, file, read, inserted, updated, unchanged, skipped, rejected, seconds);
        import_ignored_columns = "import-ignored-columns" (entity, columns);
        import_rejected = "import-rejected" (rejected, file);
        import_rejected_offer = "import-rejected-offer" (rejected, file);
        import_missing_columns = "import-missing-columns" (file, missing, found);
        import_column_twice = "import-column-twice" (file, first, second, column);
        import_key_twice = "import-key-twice" (label);
        import_key_exists = "import-key-exists" (label);
        import_row_problem = "import-row-problem" (file, at, pos, reason);
        fields_required = "fields-required" ();
        fields_control_characters = "fields-control-characters" (value);
        fields_not_one_of = "fields-not-one-of" (value, allowed);
        fields_missing_one_of = "fields-missing-one-of" (allowed);
        fields_below = "fields-below" (value, min);
        fields_not_a_time = "fields-not-a-time" (value);
        fields_before = "fields-before" (second, column, first);
        normalize_not_a_date = "normalize-not-a-date" (value);
        normalize_not_a_phone = "normalize-not-a-phone" (value);
        normalize_not_an_email = "normalize-not-an-email" (value);
        normalize_not_a_boolean = "normalize-not-a-boolean" (value);
        money_not_an_amount = "money-not-an-amount" (value);
        money_too_many_decimals = "money-too-many-decimals" (value);
        money_too_large = "money-too-large" (value);
        money_not_whole = "money-not-whole" (value);
        money_qty_too_large = "money-qty-too-large" (value, max);

        // parts
        parts_line_no_part_qty = "parts-line-no-part-qty" (spec, form);
        parts_line_too_many_fields = "parts-line-too-many-fields" (spec, form);
        parts_line_bad_qty = "parts-line-bad-qty" (spec, problem, form);
        parts_line_qty_below_one = "parts-line-qty-below-one" (spec, form);
        parts_part_not_found = "parts-part-not-found" (part);
        parts_part_on_two_lines = "parts-part-on-two-lines" (part);
        parts_staff_cannot_request = "parts-staff-cannot-request" (staff);
        parts_staff_cannot_approve = "parts-staff-cannot-approve" (staff);
        parts_staff_cannot_inspect = "parts-staff-cannot-inspect" (staff);
        parts_location_not_found = "parts-location-not-found" (location);
        parts_location_malformed = "parts-location-malformed" (warehouse, bin);
        parts_location_exists = "parts-location-exists" (location);
        parts_warehouse_not_found = "parts-warehouse-not-found" (warehouse);
        parts_safety_issue_needs_note = "parts-safety-issue-needs-note" (issues);
        parts_safety_humidity_range = "parts-safety-humidity-range" ();
        parts_stock_short = "parts-stock-short" (kind, part, location, have, qty);
        parts_stock_short_lot = "parts-stock-short-lot" (kind, part, location, lot, have, qty);
        parts_movement_not_found = "parts-movement-not-found" (id);
        parts_movement_from_count = "parts-movement-from-count" (id, count);
        parts_movement_reversed = "parts-movement-reversed" (id);
        parts_movement_is_reversal = "parts-movement-is-reversal" (id);
        parts_movement_is_transfer = "parts-movement-is-transfer" (id);
        parts_movement_is_requisition = "parts-movement-is-requisition" (id);
        parts_movement_is_receipt = "parts-movement-is-receipt" (id);
        parts_move_at_least_one = "parts-move-at-least-one" (qty);
        parts_transfer_nowhere = "parts-transfer-nowhere" (from, to);
        parts_adjust_zero = "parts-adjust-zero" ();
        parts_count_no_category = "parts-count-no-category" (category);
        parts_count_overlap = "parts-count-overlap" (other, part, location);
        parts_count_bad_start = "parts-count-bad-start" (code, started);
        parts_count_sheet_rejected = "parts-count-sheet-rejected" (rejected, file, problems, more);
        parts_count_sheet_empty = "parts-count-sheet-empty" (file);
        parts_count_not_a_sheet = "parts-count-not-a-sheet" (file, missing, code);
        parts_count_recount_uncounted = "parts-count-recount-uncounted" (part, code);
        parts_count_waiting = "parts-count-waiting" (code, lines);
        parts_req_needs_line = "parts-req-needs-line" (form);
        parts_req_part_inactive = "parts-req-part-inactive" (part);
        parts_req_self_decide = "parts-req-self-decide" (staff, code);
        parts_req_repair_closed = "parts-req-repair-closed" (code, repair, status);
        parts_req_part_not_on = "parts-req-part-not-on" (part, code);
        parts_req_issued_in_full = "parts-req-issued-in-full" (code);
        parts_req_issue_beyond = "parts-req-issue-beyond" (part, code, requested, issued, qty);
        parts_req_issue_short = "parts-req-issue-short" (part, usable, expired, qty);
        parts_req_issue_short_lot = "parts-req-issue-short-lot" (part, lot, usable, expired, qty);
        parts_req_issue_short_at = "parts-req-issue-short-at" (part, location, usable, expired, qty);
        parts_req_issue_short_lot_at = "parts-req-issue-short-lot-at" (part, lot, location, usable, expired, qty);
        parts_req_return_needs_line = "parts-req-return-needs-line" (form);
        parts_req_return_beyond = "parts-req-return-beyond" (part, code, issued, returned, qty, returnable);
        parts_req_return_short = "parts-req-return-short" (part, code, out, qty);
        parts_req_return_short_lot = "parts-req-return-short-lot" (part, lot, code, out, qty);
        parts_part_inactive = "parts-part-inactive" (part);
        parts_supplier_licence_expired = "parts-supplier-licence-expired" (supplier, expires);
        parts_po_needs_line = "parts-po-needs-line" (form);
        parts_po_line_no_price = "parts-po-line-no-price" (part, form);
        parts_po_line_bad_price = "parts-po-line-bad-price" (part, problem);
        parts_po_line_bad_delivery = "parts-po-line-bad-delivery" (part, problem);
        parts_receipt_needs_line = "parts-receipt-needs-line" (form);
        parts_po_part_not_on = "parts-po-part-not-on" (part, po);
        parts_receipt_beyond = "parts-receipt-beyond" (part, po, ordered, received, qty);
        parts_receipt_line_bad_expiry = "parts-receipt-line-bad-expiry" (part, problem);
        parts_inspect_not_on_receipt = "parts-inspect-not-on-receipt" (part, receipt);
        parts_inspect_not_on_receipt_lot = "parts-inspect-not-on-receipt-lot" (part, lot, receipt);
        parts_inspect_several_lots = "parts-inspect-several-lots" (part, receipt, form);
        parts_inspect_too_many = "parts-inspect-too-many" (part, accepted, rejected, arrived);
        parts_inspect_too_many_lot = "parts-inspect-too-many-lot" (part, lot, accepted, rejected, arrived);
        parts_inspect_undecided = "parts-inspect-undecided" (receipt, undecided);

        // core
        clock_bad_now = "clock-bad-now" (value);
        equipment_no_customer = "equipment-no-customer" (customer);
        equipment_new_model = "equipment-new-model" (model, manufacturer);
        equipment_warranty_until = "equipment-warranty-until" (until, days);
        equipment_warranty_in = "equipment-warranty-in" ();
        equipment_warranty_expired_on = "equipment-warranty-expired-on" (until);
        equipment_warranty_expired = "equipment-warranty-expired" ();
        equipment_warranty_unknown = "equipment-warranty-unknown" ();
        customer_has_equipment = "customer-has-equipment" (code, devices);
        document_write_failed = "document-write-failed" (reason);
        due_no_kind = "due-no-kind" (kind, kinds);
        output_write_failed = "output-write-failed" (reason);
        exchange_map_not_found = "exchange-map-not-found" (path);
        exchange_map_unreadable = "exchange-map-unreadable" (path, reason);
        exchange_map_invalid = "exchange-map-invalid" (path, reason);
        exchange_map_no_column = "exchange-map-no-column" (path, target, columns);
        exchange_bad_output = "exchange-bad-output" (reason);
        exchange_csv_failed = "exchange-csv-failed" (reason);
        exchange_encode_failed = "exchange-encode-failed" (reason);
        exchange_no_file = "exchange-no-file" (path);
        exchange_unreadable = "exchange-unreadable" (name, reason);
        exchange_no_header = "exchange-no-header" (name);
        exchange_record_nested = "exchange-record-nested" (name, pos, key);
        exchange_record_not_object = "exchange-record-not-object" (name, pos);
        exchange_yaml_empty = "exchange-yaml-empty" (name);
        exchange_yaml_not_mapping = "exchange-yaml-not-mapping" (name, pos);
        dump_encode_failed = "dump-encode-failed" (what, reason);
        dump_manifest_encode_failed = "dump-manifest-encode-failed" (reason);
        dump_not_a_manifest = "dump-not-a-manifest" (path, reason);
        dump_format = "dump-format" (path, format, expected);
        dump_redacted = "dump-redacted" (dir);
        dump_schema_version = "dump-schema-version" (dir, version, svc, ours);
        dump_mismatch = "dump-mismatch" (path, hash, rows, expected_hash, expected_rows);
        dump_outside = "dump-outside" (file);
        dump_tables_differ = "dump-tables-differ" (theirs, ours);
        dump_not_empty = "dump-not-empty" (rows, table);
        dump_table_vanished = "dump-table-vanished" ();
        dump_columns_differ = "dump-columns-differ" (table, dump, schema);
        dump_would_fail_check = "dump-would-fail-check" (failed);
        dump_line_unreadable = "dump-line-unreadable" (path, line, reason);
        dump_line_values = "dump-line-values" (path, line, values, columns);
        dump_line_no_value = "dump-line-no-value" (path, line, value);
        dump_changed = "dump-changed" (path);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// The variables a pattern refers to (in selectors and variants too).
    fn variables(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expr(expression, out),
                InlineExpression::FunctionReference { arguments, .. } => {
                    arguments.positional.iter().for_each(|a| inline(a, out));
                    arguments.named.iter().for_each(|a| inline(&a.value, out));
                }
                _ => {}
            }
        }
        fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Inline(i) => inline(i, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for v in variants {
                        variables(&v.value, out);
                    }
                }
            }
        }
        for el in &p.elements {
            if let PatternElement::Placeable { expression } = el {
                expr(expression, out);
            }
        }
    }

    /// Each catalogue's messages with the variables they use, over all its files; display
    /// labels (`col-`, `status-`, `value-`) apart, with their text.
    fn entries(lang: Lang) -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, String>) {
        let (mut messages, mut labels) = (BTreeMap::new(), BTreeMap::new());
        for (file, source) in lang.sources() {
            let ast = match fluent_syntax::parser::parse(*source) {
                Ok(ast) => ast,
                Err((_, errors)) => panic!("{lang:?} {file}: the catalogue does not parse: {errors:?}"),
            };
            for entry in ast.body {
                if let Entry::Message(m) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(p) = &m.value {
                        variables(p, &mut vars);
                    }
                    let name = m.id.name.to_string();
                    let twice = if is_label(&name) {
                        assert!(vars.is_empty(), "{lang:?} {file}: the label {name} takes no arguments");
                        labels.insert(name.clone(), word(&name, lang).unwrap_or_default()).is_some()
                    } else {
                        messages.insert(name.clone(), vars).is_some()
                    };
                    assert!(!twice, "{lang:?} {file}: {name} twice");
                }
            }
        }
        (messages, labels)
    }

    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        entries(lang).0
    }

    fn declared() -> impl Iterator<Item = &'static (&'static str, &'static [&'static str])> {
        ALL_MESSAGES.iter().flat_map(|area| area.iter())
    }

    #[test]
    fn every_message_is_in_every_catalogue_with_the_same_placeholders() {
        for &lang in Lang::CATALOGUED {
            let mut found = catalogue(lang);
            for (key, args) in declared() {
                let vars = found.remove(*key).unwrap_or_else(|| panic!("{lang:?}: no message {key}"));
                let args: BTreeSet<String> = args.iter().map(|a| a.to_string()).collect();
                assert_eq!(vars, args, "{lang:?}: the placeholders of {key} differ from its arguments");
            }
            assert!(found.is_empty(), "{lang:?}: messages no code declares: {:?}", found.keys());
        }
    }

    /// Every column key people see in a table: the registered areas' records and the
    /// listings of computed rows.
    fn column_keys() -> BTreeSet<&'static str> {
        struct Keys(BTreeSet<&'static str>);
        impl crate::registry::Visit for Keys {
            fn area<T: crate::exchange::Stored>(&mut self) -> crate::error::Result<()> {
                self.0.extend(T::COLUMNS.iter().copied());
                Ok(())
            }
        }
        let mut keys = Keys(BTreeSet::new());
        crate::registry::each(&mut keys).unwrap();
        use crate::parts::{count, location, purchase, requisition, safety, stock};
        let listings: &[&[&str]] = &[
            crate::ticket::LIST_COLUMNS,
            crate::repair::LIST_COLUMNS,
            crate::repair::SHOW_SECTIONS,
            crate::repair::PLAN_COLUMNS,
            crate::repair::PARTS_USED_COLUMNS,
            crate::repair::INSPECTION_COLUMNS,
            crate::quality::standard::COLUMNS,
            crate::quality::files::INSPECTION_COLUMNS,
            crate::quality::files::FINDING_COLUMNS,
            crate::quality::files::ROUND_COLUMNS,
            crate::quality::audit::LIST_COLUMNS,
            crate::quality::complaint::LIST_COLUMNS,
            crate::quality::complaint::STAT_COLUMNS,
            crate::quality::template::COLUMNS,
            crate::quality::checklist::COLUMNS,
            crate::quality::checklist::APPLIED_COLUMNS,
            crate::quality::sample::COLUMNS,
            crate::quality::finding::LIST_COLUMNS,
            crate::quality::finding::ROUND_COLUMNS,
            crate::appraisal::RUN_COLUMNS,
            crate::appraisal::LINE_COLUMNS,
            crate::training::ladder::RUNG_COLUMNS,
            crate::training::customer::PLAN_COLUMNS,
            crate::training::customer::ATTENDEE_COLUMNS,
            crate::training::customer::MISSING_COLUMNS,
            crate::training::ATTENDED_COLUMNS,
            crate::training::rules::RULE_COLUMNS,
            crate::training::rules::STANDING_COLUMNS,
            crate::report::kpi::COLUMNS,
            crate::report::analysis::parts::COLUMNS,
            crate::report::analysis::parts::APPLY_COLUMNS,
            crate::report::analysis::workload::TECHNICIAN_COLUMNS,
            crate::report::analysis::workload::PROVINCE_COLUMNS,
            crate::report::analysis::satisfaction::TREND_COLUMNS,
            crate::report::analysis::satisfaction::LOWEST_COLUMNS,
            crate::report::analysis::faults::MODEL_COLUMNS,
            crate::report::analysis::complaints::ACTION_COLUMNS,
            crate::emergency::reserve::COLUMNS,
            crate::emergency::sheet::COLUMNS,
            crate::emergency::PROBLEM_COLUMNS,
            crate::emergency::plan::LIST_COLUMNS,
            crate::emergency::plan::VERSION_COLUMNS,
            crate::emergency::incident::CALL_COLUMNS,
            crate::emergency::incident::ALERT_COLUMNS,
            crate::emergency::incident::LIST_COLUMNS,
            crate::emergency::drill::FINDING_COLUMNS,
            crate::emergency::drill::LIST_COLUMNS,
            crate::maint::sheet::COLUMNS,
            crate::maint::measure::COMPLETION_COLUMNS,
            crate::maint::measure::PARTS_COLUMNS,
            crate::maint::plan::LIST_COLUMNS,
            crate::maint::visit::VISIT_COLUMNS,
            crate::maint::schedule::DUE_COLUMNS,
            crate::maint::schedule::SCHEDULE_COLUMNS,
            crate::maint::contract::CONTRACT_COLUMNS,
            crate::support::search::HIT_COLUMNS,
            crate::support::kb::LIST_COLUMNS,
            crate::support::visit::LIST_COLUMNS,
            crate::repair::DEVICE_COLUMNS,
            crate::repair::report::DUE_COLUMNS,
            crate::due::COLUMNS,
            count::SHEET_COLUMNS,
            count::BLIND_COLUMNS,
            count::VARIANCE_COLUMNS,
            count::COUNT_COLUMNS,
            stock::STOCK_COLUMNS,
            stock::TOTAL_COLUMNS,
            stock::LEDGER_COLUMNS,
            stock::SLOW_COLUMNS,
            location::COLUMNS,
            safety::CHECK_COLUMNS,
            safety::DUE_COLUMNS,
            requisition::REQ_COLUMNS,
            requisition::LINE_COLUMNS,
            requisition::TRACE_COLUMNS,
            purchase::ORDER_COLUMNS,
            purchase::ORDER_LINE_COLUMNS,
            purchase::RECEIPT_COLUMNS,
            purchase::PLAN_COLUMNS,
        ];
        keys.0.extend(listings.iter().flat_map(|l| l.iter().copied()));
        keys.0
    }

    #[test]
    fn every_column_and_every_status_has_a_zh_cn_label() {
        let (_, labels) = entries(Lang::ZhCn);
        let mut missing: Vec<String> =
            column_keys().into_iter().map(|k| format!("col-{k}")).filter(|id| !labels.contains_key(id)).collect();
        for (flow, w) in crate::registry::FLOWS {
            for status in w.statuses {
                let id = format!("status-{flow}-{status}");
                if !labels.contains_key(&id) {
                    missing.push(id);
                }
            }
        }
        // Every move of every workflow by its name (a refusal names it), and every
        // workflow by its record's name (a refusal starts with it).
        for (flow, w) in crate::registry::FLOWS {
            for m in w.moves {
                let id = format!("action-{flow}-{}", m.action);
                if !labels.contains_key(&id) && !missing.contains(&id) {
                    missing.push(id);
                }
            }
            let id = format!("value-record-{}", w.name.replace(' ', "_"));
            if !labels.contains_key(&id) {
                missing.push(id);
            }
        }
        // Every hint of every workflow, and one text per move's hint.
        for (flow, w) in crate::registry::FLOWS {
            let mut hints: BTreeMap<String, &str> = BTreeMap::new();
            for m in w.moves {
                for (id, text) in [
                    (format!("hint-{flow}-{}", m.action), m.first),
                    (format!("hint-{flow}-{}-again", m.action), m.again),
                ] {
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(other) = hints.insert(id.clone(), text) {
                        assert_eq!(other, text, "{id}: two hints for one id");
                    }
                    if !labels.contains_key(&id) {
                        missing.push(format!("{id} = {text}"));
                    }
                }
            }
        }
        for (column, words) in VALUE_WORDS {
            for value in *words {
                let id = format!("value-{column}-{value}");
                if !labels.contains_key(&id) {
                    missing.push(id);
                }
            }
        }
        assert!(missing.is_empty(), "zh-CN has no label for:\n{}", missing.join("\n"));
        assert_eq!(status_label("repair", "in_repair", Lang::ZhCn), "维修中");
        assert_eq!(value_label("status", "in_repair", Lang::ZhCn), "维修中");
        assert_eq!(value_label("status", "in_repair", Lang::En), "in_repair");
        assert_eq!(value_label("overdue", "response+resolution", Lang::ZhCn), "响应、解决");
        assert_eq!(value_label("overdue", "a+b", Lang::ZhCn), "a+b");
        assert_eq!(action_label("repair", "sign", Lang::ZhCn), "签字确认");
        assert_eq!(action_label("repair", "sign", Lang::En), "sign");
        assert_eq!(action_label("no such record", "sign", Lang::ZhCn), "sign");
        assert_eq!(label("part_no", Lang::En), "part_no");
        assert_eq!(label("no_such_column", Lang::ZhCn), "no_such_column");
    }

    #[test]
    fn every_value_label_is_found_and_a_column_without_labels_shows_its_values() {
        let (_, labels) = entries(Lang::ZhCn);
        let mut seen = 0;
        for (id, text) in &labels {
            let Some(rest) = id.strip_prefix("value-") else { continue };
            // Any split of the id into column and word that names the label finds it.
            for (at, _) in rest.match_indices('-') {
                let (column, word) = (&rest[..at], &rest[at + 1..]);
                assert!(has_value_labels(column, Lang::ZhCn), "{id}");
                assert_eq!(value_label(column, word, Lang::ZhCn), text.as_str(), "{id}");
                seen += 1;
            }
        }
        assert!(seen > 200, "{seen}");
        assert!(!has_value_labels("code", Lang::ZhCn) && !has_value_labels("kin", Lang::ZhCn));
        assert_eq!(value_label("code", "fault", Lang::ZhCn), "fault");
        assert_eq!(value_label("kind", "fault", Lang::ZhCn), "故障");
        assert!(!has_value_labels("kind", Lang::En));
    }

    /// The words of `text_enum!` columns shown in listings, by column.
    const VALUE_WORDS: &[(&str, &[&str])] = &[
        ("kind", crate::ticket::TicketKind::NAMES),
        ("channel", crate::ticket::Channel::NAMES),
        ("priority", crate::ticket::Priority::NAMES),
        ("warranty_status", crate::equipment::WarrantyStatus::NAMES),
        ("method", crate::repair::CONSENT_METHODS),
        ("difficulty", crate::repair::DIFFICULTIES),
        ("waiting_on", crate::ticket::WAIT_REASONS),
        ("category", crate::quality::complaint::CATEGORIES),
        ("severity", crate::quality::complaint::SEVERITIES),
        ("patient_harm", crate::quality::complaint::HARMS),
        ("root_cause", crate::quality::complaint::ROOT_CAUSES),
        ("inform_method", crate::quality::complaint::INFORM_METHODS),
        ("customer_response", crate::quality::complaint::RESPONSES),
        ("channel", crate::quality::complaint::CHANNELS),
    ];

    /// An import knows a column by its label: two columns of one area with the same
    /// label would make a Chinese header ambiguous.
    #[test]
    fn labels_are_unique_within_each_area() {
        struct Unique(Vec<String>);
        impl crate::registry::Visit for Unique {
            fn area<T: crate::exchange::Stored>(&mut self) -> crate::error::Result<()> {
                let mut seen = BTreeMap::new();
                for c in T::COLUMNS {
                    if let Some(other) = seen.insert(label(c, Lang::ZhCn).into_owned(), *c) {
                        self.0.push(format!("{}: {other} and {c}", T::PLURAL));
                    }
                }
                Ok(())
            }
        }
        let mut unique = Unique(Vec::new());
        crate::registry::each(&mut unique).unwrap();
        assert!(unique.0.is_empty(), "one zh-CN label for two columns: {:?}", unique.0);
    }

    #[test]
    fn the_language_comes_from_the_tag_or_the_locale() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh_cn"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("en"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "C")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8"), ("LC_ALL", "zh_TW.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_CN.GBK")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }

    #[test]
    fn a_key_is_declared_once_across_areas() {
        let mut seen = BTreeSet::new();
        for (key, _) in declared() {
            assert!(seen.insert(*key), "{key} is declared twice");
        }
    }

    /// The arguments a test gives every message: each declared name as one text, or as
    /// one number, with the characters Fluent itself gives meaning to.
    fn sample_args(names: &[&'static str], as_number: Option<i64>) -> Vec<(&'static str, Arg)> {
        let value = |i: usize| match as_number {
            Some(n) => Arg::Int(n.wrapping_add(i as i64)),
            None => Arg::from(format!("{{$x}} \u{2068} [{i}] 北京 *[other] \n")),
        };
        names.iter().enumerate().map(|(i, n)| (*n, value(i))).collect()
    }

    #[test]
    fn a_plain_pattern_is_said_as_the_resolver_says_it() {
        let numbers = [None, Some(0), Some(-7), Some(12_345), Some(1 << 53), Some(i64::MAX), Some(i64::MIN)];
        let mut said_plain = 0;
        for &lang in Lang::CATALOGUED {
            let bundle = bundle(lang);
            for (key, names) in declared() {
                let pattern = bundle.get_message(key).and_then(|m| m.value()).expect("every key has a message");
                for number in numbers {
                    let args = sample_args(names, number);
                    let resolved = resolve(bundle, pattern, &args);
                    if let Some(text) = plain(pattern, &args) {
                        assert_eq!(text, resolved, "{lang:?} {key} with {args:?}");
                        said_plain += 1;
                    }
                    // An argument missing: the resolver's own `{$name}`, never a guess.
                    if let Some((_, rest)) = args.split_first() {
                        if plain(pattern, rest).is_some() {
                            assert_eq!(plain(pattern, rest), Some(resolve(bundle, pattern, rest)), "{key}");
                        }
                    }
                }
            }
        }
        // Most messages are plain: the fast way is the usual one.
        let all = declared().count() * Lang::CATALOGUED.len() * numbers.len();
        assert!(said_plain * 2 > all, "only {said_plain} of {all} said without the resolver");
        // A pattern with a function or a selector is left to the resolver.
        let drill = crate::due_words::drill("tabletop", "EP-1");
        let pattern = bundle(Lang::ZhCn).get_message(drill.key).and_then(|m| m.value()).unwrap();
        assert_eq!(plain(pattern, &drill.args), None);
        assert_eq!(drill.render(Lang::ZhCn), "预案 EP-1 的桌面演练");
    }

    use m::*;

    #[test]
    fn messages_render_their_arguments_as_given() {
        let msg = workflow_needs("repair", "R-000001", "open", "sign", "planned or approved");
        assert_eq!(msg.render(Lang::En), "repair R-000001 is open: 'sign' needs it planned or approved");
        assert_eq!(db_busy("saving", 5000u128).render(Lang::En).rsplit_once('(').unwrap().1, "now 5000 ms)");
        // A key no catalogue has shows itself and its arguments instead of panicking.
        let lost = Msg { key: "no-such-key", args: vec![("code", Arg::from("T-1"))] };
        assert_eq!(lost.render(Lang::En), "no-such-key (code=T-1)");
        // The date message lists the forms the parser takes, in each language.
        let date = normalize_not_a_date("x").render(Lang::En);
        assert!(date.contains(crate::exchange::normalize::DATE_FORMS), "{date}");
    }
}
