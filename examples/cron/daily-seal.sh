#!/usr/bin/env bash
# The daily seal of the history (issue 9, docs/security.md): checks the database, then
# mails the head of the history's hash chain to someone who keeps it OUTSIDE the
# database (an auditor's mailbox, a file on another machine). Later,
# `svc db check --seal seals.txt` (the mailed lines appended to one file) proves the
# history still passes through every seal: nothing before a seal was rewritten, even by
# someone able to recompute every hash.
#
#   # crontab: every evening at 22:00
#   0 22 * * *  SVC_DB=/srv/svc/service.db MAIL_TO=auditor@example.com /opt/svc/examples/cron/daily-seal.sh
#
# Environment:
#   SVC_DB     the database (required unless ./svc.db is meant)
#   SVC        the svc binary [default: svc on PATH]
#   MAIL_TO    who keeps the seals [default: the user running the job]
#   SEALS      also append the seal to this file (on storage the database's
#              administrators cannot write) [default: none]
#
# Exit status: 0 when sealed and mailed; otherwise svc's own exit code (1 when the
# check fails: the chain is broken, and a seal would bless the damage).
set -euo pipefail

svc=${SVC:-svc}
"$svc" -q db check --quick
seal=$("$svc" db seal)
line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $seal"
if [ -n "${SEALS:-}" ]; then
    printf '%s\n' "$line" >>"$SEALS"
fi
printf '%s\n' "$line" | mail -s "svc seal $(date +%F)" "${MAIL_TO:-$(id -un)}"
