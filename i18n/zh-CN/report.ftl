# 报表（R8.3、R8.2.2、R7.3.3、R3.5.2）。声明见 src/report/msg.rs。

report-bad-span = --to { $to } 早于 --from { $from }：统计期从第一天到最后一天
report-bad-month = { $month } 不是月份：请写 YYYY-MM（如 2026-11）
report-written = { $month } 月度服务报告已写入 { $path }
report-monthly-format = 月度报告可输出 html、md 或 json，不支持 { $format }

## 月度报告页面。

report-title = { $month } 售后服务月度报告
report-made = 依据 { $at } 的记录计算；各指标定义见 docs/report.md。"—" 表示无数据。
report-headline = 主要指标
report-trends = 近 12 个月趋势
report-rates = 一次修复率与响应及时率（%）
report-by-model = 各型号完成维修数
report-causes = 故障原因（帕累托图）
report-figure = 指标
report-this-month = 本月
report-previous = 上月
report-change = 变化
report-unit = 单位
report-month = 月份
report-model = 型号
report-cause = 原因

## 指标与列名（svc report kpi）。

col-figure = 指标
col-grouping = 分组
col-numerator = 分子
col-denominator = 分母
value-figure-tickets_opened = 新建工单数
value-figure-response_median = 响应时间中位数
value-figure-response_p90 = 响应时间 P90
value-figure-response_in_sla = 响应及时率
value-figure-tickets_closed = 关闭工单数
value-figure-resolution_median = 解决时间中位数
value-figure-resolution_p90 = 解决时间 P90
value-figure-resolution_in_sla = 解决及时率
value-figure-repairs_opened = 新开维修数
value-figure-repairs_completed = 完成维修数
value-figure-mttr = 平均修复时间
value-figure-backlog = 期末积压维修数
value-figure-backlog_age_median = 积压时长中位数
value-figure-backlog_age_max = 最长积压时长
value-figure-first_time_fix = 一次修复率
value-figure-repeat_failures = 重复故障数
value-figure-inspection_first_pass = 检验一次合格率
value-figure-followups_on_time = 回访及时率
value-figure-satisfaction = 满意度（1–5）
value-figure-nps = 净推荐值（NPS）
value-figure-parts_consumed = 备件消耗金额
value-figure-stock_outs = 缺件延误次数
value-figure-count_variance = 盘点差异金额
value-figure-complaints_per_100 = 每百次维修投诉数
value-figure-downtime = 设备停机时间
value-figure-availability = 设备可用率

# 指标的单位（report kpi 表格中显示；csv 仍为原值）
value-unit-tickets = 单
value-unit-repairs = 次维修
value-unit-h = 小时
value-unit-d = 天
value-unit-CNY = 元
value-unit-waits = 次
value-unit-per-100-repairs = 每百次维修
