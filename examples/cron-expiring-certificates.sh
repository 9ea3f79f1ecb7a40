#!/usr/bin/env bash
# R2.1, the morning cron job: qualification certificates of active staff that have
# expired or expire soon, and active technicians/engineers who hold no valid
# certificate at all. Mails the list only when there is something to say; when
# nothing is due it prints nothing and exits 0, so cron stays quiet too.
#
#   # crontab: every morning at 07:30
#   30 7 * * *  SVC_DB=/srv/svc/service.db MAIL_TO=service-admin@example.com /opt/svc/examples/cron-expiring-certificates.sh
#
# Environment:
#   SVC_DB          the database (required unless ./svc.db is meant)
#   SVC             the svc binary [default: svc on PATH]
#   WITHIN          how far ahead to look: 30d, 8w, 3m [default: 30d]
#   MAIL_TO         who gets the mail [default: the user running the job]
#   SVC_NOW         pretend it is another day (testing)
#
# Exit status: 0 whether or not something was due; anything else is svc's own exit
# code (3 no database, 6 database busy, ...) and its message on stderr.
set -euo pipefail

svc=${SVC:-svc}
within=${WITHIN:-30d}

report=$(mktemp)
trap 'rm -f "$report"' EXIT

# With --exit-code a listing exits 1 when it printed rows and 0 when it printed
# nothing. Under `set -e` that 1 must be caught, not left to end the script; every
# other code is a real failure and ends the job with svc's code. Exit 1 is also
# svc's code for an internal or I/O error: then nothing was printed, which tells
# the two apart.
listing() {
    local title=$1 out rc=0
    shift
    out=$("$svc" --format table "$@" --exit-code) || rc=$?
    if [ "$rc" -eq 0 ]; then
        return 0                                # nothing to report
    elif [ "$rc" -eq 1 ] && [ -n "$out" ]; then
        printf '%s\n%s\n\n' "$title" "$out" >>"$report"
    else
        echo "cron-expiring-certificates: '$svc $*' failed (exit $rc)" >&2
        exit "$rc"
    fi
}

listing "Certificates expired or expiring within $within:" \
    staff certs --expiring-within "$within" --expired
listing "Active technicians and engineers without a valid certificate:" \
    staff list --uncertified

# Nothing due: no output, no mail.
[ -s "$report" ] || exit 0

today=${SVC_NOW:-$(date +%F)}
subject="svc: certificates to renew (${today:0:10})"
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" "${MAIL_TO:-$(id -un)}" <"$report"
else
    printf '%s\n\n' "$subject"
    cat "$report"
fi
