//! What the database commands say to a person (`svc init`, `svc db backup`, the
//! announcement of a migration), in `i18n/<lang>/db.ftl`.

use crate::words::catalogue::{Arg, Msg};

crate::words::catalogue::messages! {
    db_created = "db-created" (path, version, zone);
    db_up_to_date = "db-up-to-date" (path, version);
    db_backed_up = "db-backed-up" (from, to);
    /// Said even with -q: a new file holding personal data appeared beside the database.
    db_upgraded = "db-upgraded" (path, from, backup, to);
}
