#!/usr/bin/env bash
# R8.3, the monthly service report for the management meeting: on the 1st, writes the
# previous month's report (docs/report.md) as a standalone HTML page that prints on A4,
# keeps it in REPORT_DIR, and mails the same figures as Markdown with the page attached.
#
#   # crontab: at 07:00 on the first day of every month
#   0 7 1 * *  SVC_DB=/srv/svc/service.db MAIL_TO=director@example.com REPORT_DIR=/srv/svc/reports /opt/svc/examples/cron/monthly-report.sh
#
# Environment:
#   SVC_DB      the database (required unless ./svc.db is meant)
#   SVC         the svc binary [default: svc on PATH]
#   MAIL_TO     who gets the mail [default: the user running the job]
#   REPORT_DIR  where the pages are kept [default: the current directory]
#   SVC_LANG    zh-CN for the Chinese report
#   SVC_NOW     pretend it is another day (testing)
#
# Exit status: 0 when written and mailed; anything else is svc's own exit code (3 no
# database, 6 database busy, ...) with its message on stderr. A month already written
# is written again (--force): the figures are recomputed from the records.
set -euo pipefail

svc=${SVC:-svc}
dir=${REPORT_DIR:-.}
today=${SVC_NOW:-$(date +%F)}
month=$(date -d "${today:0:7}-01 -1 day" +%Y-%m)
mkdir -p "$dir"
html="$dir/service-report-$month.html"
md="$dir/service-report-$month.md"

"$svc" -q report monthly --month "$month" -o "$html" --force
"$svc" -q --format md report monthly --month "$month" -o "$md" --force

subject="svc: service report $month"
if command -v mail >/dev/null 2>&1; then
    mail -s "$subject" -A "$html" "${MAIL_TO:-$(id -un)}" <"$md"
else
    printf '%s\n\n' "$subject"
    cat "$md"
fi
