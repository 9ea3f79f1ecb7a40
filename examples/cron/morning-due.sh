#!/usr/bin/env bash
# The one morning cron job: everything due or overdue across the areas (`svc due`),
# most overdue first: expiring certificates (R2.1), tickets past their SLA (R3.2.1),
# follow-up calls (R3.5.1), late deliveries (R4.1.2), warehouse safety checks (R4.2.3).
# Mails the list only when there is something to say; when nothing is due it prints
# nothing and exits 0, so cron stays quiet too.
#
#   # crontab: every morning at 07:30
#   30 7 * * *  SVC_DB=/srv/svc/service.db MAIL_TO=service-admin@example.com /opt/svc/examples/cron/morning-due.sh
#
# Environment:
#   SVC_DB     the database (required unless ./svc.db is meant)
#   SVC        the svc binary [default: svc on PATH]
#   WITHIN     also what falls due within this span: 0d, 7d, 2w [default: 7d]
#   KINDS      only these kinds, comma-separated (certificate,ticket,followup,po,safety) [default: all]
#   MAIL_TO    who gets the mail [default: the user running the job]
#   SVC_NOW    pretend it is another time (testing)
#
# Exit status: 0 whether or not something was due; anything else is svc's own exit
# code (3 no database, 6 database busy, ...) with its message on stderr.
set -euo pipefail

svc=${SVC:-svc}
args=(--format table due --within "${WITHIN:-7d}" --exit-code)
[ -n "${KINDS:-}" ] && args+=(--kind "$KINDS")

# --exit-code: 1 when rows were printed, 0 when none. Any other code, or 1 with nothing
# printed (svc's internal error), is a failure that ends the job with svc's code.
rc=0
report=$("$svc" "${args[@]}") || rc=$?
if [ "$rc" -eq 0 ]; then
    exit 0
elif [ "$rc" -ne 1 ] || [ -z "$report" ]; then
    echo "morning-due: '$svc ${args[*]}' failed (exit $rc)" >&2
    exit "$rc"
fi

today=${SVC_NOW:-$(date +%F)}
subject="svc: due and overdue (${today:0:10})"
body=$(printf 'Due or overdue (days_late: days past due; negative: days left):\n\n%s\n' "$report")
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" "${MAIL_TO:-$(id -un)}" <<<"$body"
else
    printf '%s\n\n%s\n' "$subject" "$body"
fi
