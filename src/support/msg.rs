//! The support area's messages; texts in i18n/<lang>/support.ftl.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    kb_field_empty = "kb-field-empty" (field);
    kb_no_change = "kb-no-change" (code, version);
    kb_version_not_found = "kb-version-not-found" (code, version, latest);
    kb_query_empty = "kb-query-empty" ();
    kb_attachment_not_found = "kb-attachment-not-found" (code, name, names);
    kb_attachment_exists = "kb-attachment-exists" (code, name);
    kb_attachment_corrupt = "kb-attachment-corrupt" (code, name, stored, actual);
    kb_attachment_unreadable = "kb-attachment-unreadable" (path, reason);
    kb_ticket_not_found = "kb-ticket-not-found" (ticket);
    kb_ticket_linked = "kb-ticket-linked" (ticket, article);
    kb_ticket_no_resolution = "kb-ticket-no-resolution" (ticket);
    kb_not_draft = "kb-not-draft" (code);
    kb_added = "kb-added" (code);
    kb_edited = "kb-edited" (code, version);
    kb_published = "kb-published" (code);
    kb_attached = "kb-attached" (code, name, size, sha256);
    kb_written = "kb-written" (name, path, size);
    kb_linked = "kb-linked" (ticket, code, answered);
    kb_drafted = "kb-drafted" (code, ticket);
    kb_hint = "kb-hint" (count);
    kb_hint_line = "kb-hint-line" (code, title, answered);
    kb_demo = "kb-demo" (ticket, article);
    visit_field_empty = "visit-field-empty" (field);
    visit_next_not_after = "visit-next-not-after" (next, day);
    visit_bad_interval = "visit-bad-interval" (days);
    visit_recorded = "visit-recorded" (code, customer, next);
    visit_recorded_no_next = "visit-recorded-no-next" (code, customer);
    visit_scheduled = "visit-scheduled" (customer, days);
}
