#!/usr/bin/env bash
# R3.2.1 and R3.5.1, the morning cron job of the service desk: tickets past their SLA
# targets (first response or resolution), and repair follow-ups that are overdue or
# due today. Mails the list only when there is something to say; when nothing is due
# it prints nothing and exits 0, so cron stays quiet too.
#
#   # crontab: every working day at 08:00
#   0 8 * * 1-5  SVC_DB=/srv/svc/service.db MAIL_TO=service-desk@example.com /opt/svc/examples/cron/service-reminders.sh
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
report=$(mktemp)
trap 'rm -f "$report"' EXIT

# --exit-code: 1 when rows were printed, 0 when none. Under `set -e` that 1 is caught
# here; any other code is a real failure and ends the job with svc's code. (Exit 1 is
# also svc's code for an internal error: then nothing was printed.)
listing() {
    local title=$1 out rc=0
    shift
    out=$("$svc" --format table "$@" --exit-code) || rc=$?
    if [ "$rc" -eq 0 ]; then
        return 0
    elif [ "$rc" -eq 1 ] && [ -n "$out" ]; then
        printf '%s\n%s\n\n' "$title" "$out" >>"$report"
    else
        echo "service-reminders: '$svc $*' failed (exit $rc)" >&2
        exit "$rc"
    fi
}

listing "Tickets past their SLA target (response or resolution):" ticket list --overdue
listing "Repair follow-up calls overdue or due today (R3.5.1):" repair followups --due-within 0d

[ -s "$report" ] || exit 0

today=${SVC_NOW:-$(date +%F)}
subject="svc: service desk reminders (${today:0:10})"
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" "${MAIL_TO:-$(id -un)}" <"$report"
else
    printf '%s\n\n' "$subject"
    cat "$report"
fi
