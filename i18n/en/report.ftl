# Reports (R8.3, R8.2.2, R7.3.3, R3.5.2). Declared in src/report/msg.rs.

report-bad-span = --to { $to } is before --from { $from }: the period runs from its first day to its last
report-bad-month = { $month } is not a month: write YYYY-MM (2026-11)
report-written = the monthly report of { $month } is in { $path }
report-monthly-format = the monthly report is written as html, md or json, not { $format }

## The monthly page.

report-title = Service report { $month }
report-made = Computed from the records on { $at }; definitions in docs/report.md. "—": nothing to count.
report-headline = Headline figures
report-trends = Trends over 12 months
report-rates = First-time fix and response within SLA (%)
report-by-model = Repairs completed per model
report-causes = Fault causes (Pareto)
report-figure = Figure
report-this-month = This month
report-previous = Previous month
report-change = Change
report-unit = Unit
report-month = Month
report-model = Model
report-cause = Cause
