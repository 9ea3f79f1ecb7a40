# 统计分析（R8.3）：故障规律、满意度趋势、工作量、备件需求、投诉统计。

analysis-months-zero = --months 须为正整数，--cover 须为正数：例如 --months 6 --cover 2
analysis-min-qty-applied = 已按需求更新 { $count } 种备件的最低库存；每项修改均已记入变更历史（svc history --entity part）
analysis-min-qty-rehearsed = 试运行：将更新 { $count } 种备件的最低库存，未写入任何数据；确认后去掉 --dry-run 再执行
analysis-min-qty-none = 各备件的最低库存与按需求测算的建议值一致，无需修改
analysis-unknown-part = 没有备件 { $part }：请用“svc parts list”查看备件编号
analysis-unknown-model = 没有型号 { $model }：请用“svc equipment list”查看在用设备的型号

# 报表列名
col-failures = 故障次数
col-archived = 其中历史档案
col-per_100_devices = 每百台故障数
col-device_years = 设备台年
col-per_device_year = 每台年故障数
col-mtbf_days = 平均故障间隔(天)
col-share_pct = 占比(%)
col-cumulative_pct = 累计占比(%)
col-month = 月份
col-followups = 回访数
col-followup_score = 回访满意度
col-followup_nps = 回访NPS
col-surveys = 调查数
col-survey_nps = 调查NPS
col-institution = 单位名称
col-satisfaction = 满意度
col-technician_name = 工程师姓名
col-pm_visits = 预防性维护次数
col-pm_hours = 预防性维护工时
col-hours_per_repair = 单次维修工时
col-technicians = 工程师人数
col-used = 消耗量
col-per_month = 月均消耗
col-months_of_cover = 可用月数
col-slow = 呆滞
col-suggested_min_qty = 建议最低库存
col-complaints = 投诉数
col-open_count = 未结数
col-with_corrective = 已立整改
col-adverse_events = 涉及不良事件
col-days_to_close = 平均结案天数
col-per_100_repairs = 每百次维修投诉数
col-complaint = 投诉单号
col-closed_count = 已结案数
col-labour_hours = 维修工时
