# The maintenance checklist as a fill-in sheet (svc maint sheet, svc maint record --sheet).
maint-sheet-no-plan = device { $serial } has no maintenance plan: import one for its model ('svc maint plan import')
maint-sheet-which-plan = device { $serial } is under several plans ({ $plans }): name one with --plan
maint-sheet-written = { $items } checklist items of plan { $plan } version { $version } for device { $serial } to fill in on site; record the visit with 'svc maint record --equipment { $serial } --sheet FILE --by STAFF'
maint-sheet-other-device = { $file } is the sheet of device { $sheet }, not of { $serial }: record each device's visit with its own sheet
maint-sheet-other-plan = { $file } is a sheet of plan { $sheet }, not of { $plan }: record it with --plan { $sheet }, or write a sheet of plan { $plan } ('svc maint sheet')
maint-sheet-old-version = { $file } was written for plan { $plan } version { $sheet }; its checklist is now version { $version }: write a new sheet ('svc maint sheet')
maint-sheet-empty = { $file } has nothing filled in: write each item's value in the value column
maint-sheet-check-title = Check
maint-sheet-check-prompt = { $name }: pass or fail
maint-sheet-check-error = Choose { $words }
maint-sheet-measure-title = Measured value { $unit }
maint-sheet-measure-prompt = { $name }: the value read (limits { $limits }); svc judges it against the limits
maint-sheet-measure-error = Type a number
