#!/usr/bin/env bash
# The quality manager's morning cron job (R7): rectification notices past their deadline
# (R7.2), complaints not acknowledged or resolved in time (R7.3), suspected adverse
# events not reported yet (R7.3, with their legal deadlines), planned inspections not
# held, and standards due for review (R7.1). Mails only when there is something to say;
# when nothing is due it prints nothing and exits 0, so cron stays quiet too.
#
#   # crontab: every morning at 07:45
#   45 7 * * *  SVC_DB=/srv/svc/service.db MAIL_TO=quality@example.com /opt/svc/examples/cron/quality.sh
#
# Environment:
#   SVC_DB     the database (required unless ./svc.db is meant)
#   SVC        the svc binary [default: svc on PATH]
#   MAIL_TO    who gets the mail [default: the user running the job]
#   SVC_NOW    pretend it is another time (testing)
#
# Exit status: 0 whether or not something was due; anything else is svc's own exit
# code (3 no database, 6 database busy, ...) with its message on stderr.
set -euo pipefail

svc=${SVC:-svc}
body=""

# One listing: its rows go into the mail under a title; --exit-code says 1 when it printed.
section() {
    local title=$1
    shift
    local rc=0 out
    out=$("$svc" --format table "$@" --exit-code) || rc=$?
    if [ "$rc" -eq 1 ] && [ -n "$out" ]; then
        body+=$(printf '%s\n\n%s\n\n' "$title" "$out")$'\n'
    elif [ "$rc" -ne 0 ]; then
        echo "quality: '$svc $*' failed (exit $rc)" >&2
        exit "$rc"
    fi
}

section "Suspected adverse events to report (医疗器械不良事件):" complaint list --reportable
section "Complaints past their acknowledgement or resolution target:" complaint list --overdue
section "Rectification notices past their deadline (整改逾期):" audit findings --overdue
section "Planned inspections not held:" audit list --overdue
section "Standards due for review:" audit standard list --review-due

[ -z "$body" ] && exit 0
today=${SVC_NOW:-$(date +%F)}
subject="svc: quality reminders (${today:0:10})"
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" "${MAIL_TO:-$(id -un)}" <<<"$body"
else
    printf '%s\n\n%s' "$subject" "$body"
fi
