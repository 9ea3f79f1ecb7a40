#!/usr/bin/env bash
# During an emergency (R6.3), every 15 minutes: what is late in the open incidents:
# role holders who have not acknowledged the activation, progress reports upwards past
# the plan's interval, on-site and resolution targets passed. Mails the list only when
# there is something; silent, exit 0, when nothing is late (and when no incident is open).
#
#   # crontab: every 15 minutes
#   */15 * * * *  SVC_DB=/srv/svc/service.db MAIL_TO=emergency-desk@example.com /opt/svc/examples/cron/incident-watch.sh
#
# Environment:
#   SVC_DB     the database (required unless ./svc.db is meant)
#   SVC        the svc binary [default: svc on PATH]
#   MAIL_TO    who gets the mail [default: the user running the job]
#   SVC_NOW    pretend it is another time (testing)
#
# Exit status: 0 whether or not something was late; anything else is svc's own exit code.
set -euo pipefail

svc=${SVC:-svc}
args=(--format table incident list --overdue --exit-code)

rc=0
report=$("$svc" "${args[@]}") || rc=$?
if [ "$rc" -eq 0 ]; then
    exit 0
elif [ "$rc" -ne 1 ] || [ -z "$report" ]; then
    echo "incident-watch: '$svc ${args[*]}' failed (exit $rc)" >&2
    exit "$rc"
fi

subject="svc: emergency response running late"
body=$(printf 'Late in the open incidents (svc incident show CODE for the timeline):\n\n%s\n' "$report")
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" "${MAIL_TO:-$(id -un)}" <<<"$body"
else
    printf '%s\n\n%s\n' "$subject" "$body"
fi
