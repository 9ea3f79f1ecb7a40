# Service personalised by customer class (src/service_class/).
sla-class-bad = { $class } is no customer class: write type:TYPE (TYPE one of { $types }) or group:NAME (a customer group, 'svc sla group add NAME CUSTOMER...')
sla-duration-bad = { $flag } { $value } is no duration: use 2h, 90m, 1d or a number of hours (at most a year)
sla-rule-not-found = no SLA rule for { $class }, priority { $priority }: 'svc sla rule list' shows the rules
sla-rule-set = { $class } { $priority }: first response { $response }, resolution { $resolution }, clock { $clock }
sla-rule-deleted = { $class } { $priority }: rule deleted; tickets opened from now on get the next rule or the settings
sla-group-added = group { $group }: { $added } customers added, { $already } already in it
sla-group-removed = group { $group }: { $removed } customers removed
sla-group-not-member = customer { $customer } is not in group { $group }: 'svc sla group list { $group }' shows its customers
sla-clock-setting = the priority's setting
