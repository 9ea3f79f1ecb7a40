# The working calendar and the business time zone (src/calendar/, clock.rs).
calendar-bad-days = the setting calendar.days holds { $value }, which names no working days: set it with svc config set calendar.days Mon-Fri
calendar-bad-hours = the setting calendar.hours holds { $value }, which is no opening and closing time: set it with svc config set calendar.hours 08:30-17:30
calendar-bad-clock = the setting { $key } holds { $value }: set it to 24x7 or business
config-bad-days-of-week = { $key }: { $value } is no list of working days; write a range or a list of days, such as Mon-Fri, Mon-Sat, Mon,Wed,Fri or 周一至周五
config-bad-hours = { $key }: { $value } is no working day; write its opening and closing time, such as 08:30-17:30 (closing after opening, on the same day)
config-bad-clock = { $key }: { $value } is no SLA clock; use 24x7 (every second counts) or business (only the working hours of the calendar count)
config-bad-zone = { $key }: { $value } is no time zone; use an offset such as +08:00, UTC, a zone without daylight saving time such as Asia/Shanghai, or local (the machine's TZ)
cli-bad-tz = --tz { $value } is no time zone; use an offset such as +08:00, UTC, Asia/Shanghai, or local (the machine's TZ)
calendar-hours-zone = hours in the business time zone ({ $zone })
