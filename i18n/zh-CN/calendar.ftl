# 工作日历与业务时区（src/calendar/、clock.rs）。
calendar-bad-days = 设置 calendar.days 的值为 { $value }，未指定任何工作日：请用 svc config set calendar.days Mon-Fri 设置
calendar-bad-hours = 设置 calendar.hours 的值为 { $value }，不是上下班时间：请用 svc config set calendar.hours 08:30-17:30 设置
calendar-bad-clock = 设置 { $key } 的值为 { $value }：请设为 24x7 或 business
config-bad-days-of-week = { $key }：{ $value } 不是工作日列表；请写成范围或列表，如 Mon-Fri、Mon-Sat、Mon,Wed,Fri 或 周一至周五
config-bad-hours = { $key }：{ $value } 不是工作时间；请写上班和下班时间，如 08:30-17:30（下班晚于上班，且在同一天内）
config-bad-clock = { $key }：{ $value } 不是 SLA 计时方式；请用 24x7（全天候计时）或 business（只计日历中的工作时间）
config-bad-zone = { $key }：{ $value } 不是时区；请用时差如 +08:00、UTC、不实行夏令时的时区如 Asia/Shanghai，或 local（本机的 TZ）
cli-bad-tz = --tz { $value } 不是时区；请用时差如 +08:00、UTC、Asia/Shanghai，或 local（本机的 TZ）
calendar-hours-zone = 时间为业务时区（{ $zone }）

# Labels of columns and values shown to people.
col-day = 日期
col-weekday = 星期
col-working = 工作日
col-hours = 工作时间
col-why = 说明
value-kind-holiday = 节假日
value-kind-workday = 调休上班
