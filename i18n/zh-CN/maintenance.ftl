# 预防性维护（R1.2 维修保养）：保养计划、保养排程、保养记录、服务合同、保养报告。
maint-plan-unreadable = { $name }：不是有效的保养计划（{ $reason }）；保养计划包括 code、name、models、interval（months 和/或 meter 及 unit）、risk（high、medium 或 low）、hours、parts（part_no、qty）和 checklist（检验规程：code、name、standard、items）
maint-plan-invalid = { $name }：{ $problems }
maint-plan-bad-code = 计划编号 { $code } 不能含空格
maint-plan-no-name = 计划名称为空
maint-plan-no-models = models：请至少填写一个适用型号
maint-plan-no-interval = interval：请填写保养周期（months 月数，或 meter 计数及 unit 单位，或两者）
maint-plan-bad-months = interval.months { $months } 应在 1 到 120 之间
maint-plan-bad-meter = interval.meter { $meter } 应大于 0
maint-plan-meter-unit = interval：按计数的周期须同时填写单位（小时、曝光次数、循环次数），填写单位也须填写计数
maint-plan-bad-risk = 风险等级 { $risk } 应为 high、medium 或 low
maint-plan-bad-hours = 工时 { $hours } 应大于 0、不超过 100，最多一位小数
maint-plan-bad-part = parts[{ $line }]：{ $part } x { $qty }：备件须有备件编号，数量至少为 1
maint-plan-unknown-parts = { $name }：以下备件不在备件目录中：{ $parts }（请先用“svc parts import”导入）
maint-plan-not-found = 没有保养计划 { $code }：请用“svc maint plan import FILE.yaml”导入（“svc maint plan list”查看）
maint-plan-version-not-found = 保养计划 { $code } 没有第 { $version } 版（“svc maint plan versions { $code }”）
maint-plan-imported = 已导入保养计划 { $code } 第 { $version } 版；已排程 { $devices } 台设备
maint-plan-unchanged = 保养计划 { $code } 无变化（第 { $version } 版）；已排程 { $devices } 台设备
maint-visit-retired = 设备 { $serial } 已报废，不再保养
maint-visit-wrong-model = 设备 { $serial } 型号为 { $model }：保养计划 { $plan } 适用于 { $models }
maint-visit-bad-hours = 工时 { $hours } 应大于 0、不超过 100，最多一位小数（如 1.5）
maint-visit-last-visit = 该计划下的上次保养
maint-visit-the-visit = 本次保养
maint-visit-ticket-symptom = 保养 { $visit }（{ $plan }）检查不合格：{ $found }
maint-visit-parts-short = 备件 { $part } 库存不足 { $qty }：可用 { $usable }{ $expired ->
    [0] {""}
   *[other] ，另有 { $expired } 已过期
  }；未做任何记录：请先入库或调拨，或不带该备件记录本次保养
maint-visit-not-found = 没有保养记录 { $code }（“svc maint visits”）
maint-visit-value-not-pair = { $value } 不是 KEY=VALUE 形式（每个检查项一个 --value）
maint-visit-passed = 已记录保养 { $code }：全部检查合格；下次保养 { $next }
maint-visit-failed = 已记录保养 { $code }：检查不合格（{ $failed }）；已开立故障工单 { $ticket }
maint-meter-went-down = 计数读数 { $reading } 低于 { $at } 的读数 { $last }：计数只增不减
maint-meter-recorded = 已记录 { $serial } 的计数；下次保养 { $next }
maint-contract-ends-before = 合同结束日期（{ $ends }）早于开始日期（{ $starts }）
maint-contract-exists = 已有合同 { $code }
maint-contract-other-customer = 设备 { $serial } 属于 { $owner }，不属于 { $customer }
maint-override-no-reason = 请用 --reason 说明调整原因（合同条款、医院自定日程）
maint-override-set = { $serial } 按 { $plan }：下次保养 { $next }
maint-report-sign-by-empty = 由谁签字？请用 --by 填写客户签字人姓名
maint-report-already-signed = 保养报告 { $code } 已于 { $at } 签字：已签字的报告不可更改
maint-report-unreadable = 无法读取已签字的保养报告 { $code }：{ $reason }
maint-report-not-signed = 保养报告 { $code } 尚未签字：“svc maint sign { $code } --by 姓名”
maint-report-signed = 保养报告 { $code } 已由 { $by } 签字确认；已冻结（SHA-256 { $hash }）
maint-bad-date = { $flag }：{ $reason }
maint-archive-no-device = 没有设备 { $serial }（请先导入设备）
maint-archive-never-changed = 保养记录 { $code } 已存档，不可更改
maint-archive-no-plan-yet = 尚无保养计划 { $plan }：导入该计划后，这些记录即计入排程

# Labels of columns, statuses and values shown to people (--lang zh-CN).
col-done_on = 保养日期
col-meter = 计数读数
col-plan_code = 保养计划编号
maint-parts-deprecated = 提示：“svc maint parts”已改为“svc parts plan --needs”（在修维修单与预防性维护一并计算），此旧命令将停用
maint-parts-plan-requisition-note = 由“svc parts plan --requisition”生成：维修方案所需备件
maint-parts-plan-requisition-written = 已为维修单 { $repair } 生成领料单 { $code }（待审批）
maint-parts-plan-requisition-skipped = 维修单 { $repair } 当前状态为 { $status }，暂不能领料：其维修方案的备件未申领
maint-parts-plan-nothing-to-request = 无需申领：在修维修单的维修方案备件均已申领（预防性维护在保养时直接出库）
maint-demo-done =   { $visit }：已导入预防性维护计划，完成一台监护仪的保养并经客户签字（R1.2）
maint-demo-due = 30 天内到期的预防性维护，按客户合并行程（svc maint due）
maint-demo-report = 预防性维护保养报告 { $visit }（svc maint show { $visit } --print）
maint-ics-only = --format ics 只用于预防性维护到期清单的日历（svc maint due --format ics）；其他输出请用 table、csv、json、yaml、md、html 或 xlsx
maint-ics-two-files = 日历文件只需指定一次：--ics 文件 或 --format ics -o 文件
maint-output-without-file-format = -o 将到期清单写成文件：csv、json、yaml、xlsx 或 ics（用 --format 指定，或按文件扩展名）
maint-show-format = 保养记录可显示为 table、csv、json、yaml、md 或 html；保养报告（--print）可输出为 md、html、json 或 yaml
maint-archive-done-on-missing = 缺少保养日期

# 保养到期清单的列和取值（表格显示；csv 仍为原值）
col-trip = 行程
col-risk = 风险等级
col-basis = 计算依据
col-contract = 维保合同
col-coverage = 保障范围
value-risk-high = 高
value-risk-medium = 中
value-risk-low = 低
value-basis-installed = 装机日期
value-basis-visit = 上次保养
value-basis-meter = 计数读数
value-basis-pinned = 指定日期
value-basis-unknown = 不详
value-coverage-pm = 保养
value-coverage-pm_parts = 保养及备件
value-coverage-full = 全保

col-checks = 检查项目
col-grace_days = 宽限天数
col-interval = 保养周期
col-last_visit = 上次保养
col-late = 逾期完成
col-next_due = 下次到期
col-on_time = 按时完成
col-open = 未完成
col-rate = 完成率
