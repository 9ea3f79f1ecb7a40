# Analyses (R8.3): fault patterns, satisfaction trends, workload, parts demand, complaints.

analysis-months-zero = --months must be a whole number above 0 and --cover a number above 0: e.g. --months 6 --cover 2
analysis-min-qty-applied = set the min_qty of { $count } parts from demand; each change is in the history (svc history --entity part)
analysis-min-qty-rehearsed = dry run: would set the min_qty of { $count } parts from demand; nothing written. Run again without --dry-run to apply
analysis-min-qty-none = every part's min_qty already matches its suggestion from demand: nothing to change
analysis-unknown-part = no part { $part }: see 'svc parts list' for the part numbers
analysis-unknown-model = no model { $model }: see 'svc equipment list' for the models installed
