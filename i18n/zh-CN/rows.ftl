# 工单、历史维修记录、满意度调查导入时拒收一行的原因（src/words/rows.rs）。
rows-ticket-opened-missing = 缺少受理时间（工单何时开单）
rows-ticket-closed-no-resolution = 已关闭的工单须填写处理结果
rows-ticket-before-opened = 早于受理时间 opened_at
rows-ticket-exists = 工单 { $code } 已存在：工单只能通过其命令变更（派工、响应、关闭等）
rows-repair-reported-missing = 缺少报修日期
rows-repair-archived = 维修记录 { $code } 已归档，不得更改（R8.2）；已签字的维修单如需更正，请用“svc repair amend”做更正说明
rows-survey-date-missing = 缺少调查日期
rows-survey-overall-missing = 缺少总体评分（1 至 5 分）
rows-survey-score-above = { $value } 超过 { $max } 分（评分为 { $min } 至 { $max } 分）

## YAML 文档（应急预案、检查表模板、检验规程）无法读取的原因。
rows-yaml-path = { $path }：{ $problem }
rows-yaml-place = 第 { $line } 行第 { $column } 列：{ $problem }
rows-yaml-missing-field = 缺少字段 { $field }
rows-yaml-unknown-field = 这里没有 { $field } 这个字段（可用的字段：{ $expected }）
rows-yaml-unknown-variant = { $value } 不是 { $expected } 之一
rows-yaml-invalid-type = 此处应为{ $expected }，实际是{ $found }
rows-yaml-other = YAML 解析器原文：“{ $reason }”

## YAML 值的类型（rows-yaml-invalid-type 中使用）。
value-yaml-string = 文字
value-yaml-sequence = 列表
value-yaml-map = 键值对
value-yaml-integer = 整数
value-yaml-floating = 小数
value-yaml-boolean = 布尔值（true/false）
value-yaml-unit = 空值
value-yaml-u8 = 整数
value-yaml-u16 = 整数
value-yaml-u32 = 整数
value-yaml-u64 = 整数
value-yaml-i32 = 整数
value-yaml-i64 = 整数
value-yaml-f64 = 数值
value-yaml-char = 单个字符

## 导入汇总中各类文件的名称（VALUE("area", …)）。
value-area-standards = 质量标准
value-area-calendar = 工作日历
value-area-trainings = 培训
value-area-attendances = 培训参加记录
value-area-kb = 知识库文章
value-area-inspections = 内部检查
value-area-findings = 不符合项
value-area-rectifications = 整改记录
value-area-complaints = 投诉
value-area-maintenance = 预防性维护记录
value-area-customer_training_scores = 客户培训成绩

## 各类记录的名称（VALUE("entity", …)）：查无此记录的提示和历史记录中使用。
value-entity-inspection = 内部检查
value-entity-drill = 应急演练
value-entity-incident = 应急事件
value-entity-customer_training = 客户培训
value-entity-customer_training_score = 客户培训成绩
value-entity-appraisal = 考核
value-entity-appraisal_run = 考核批次
value-entity-safety_check = 库房安全检查
value-entity-protocol = 检验规程
value-entity-setting = 设置
value-entity-sla_rule = SLA 规则
value-entity-customer_group = 客户分组
value-entity-training_rule = 必修培训规则
value-entity-promotion = 晋级
value-entity-plan = 应急预案
value-entity-reserve_check = 应急物资检查
value-entity-return_visit = 回访
value-entity-maint_plan = 预防性维护计划
value-entity-maint_visit = 预防性维护保养
value-entity-maint_override = 预防性维护日程调整
value-entity-maint_contract = 维保合同
value-entity-maint_meter = 设备计数读数
value-entity-checklist = 检查表

## 到期事项的类别（svc due 的 kind 列）。
value-kind-drill = 应急演练
value-kind-plan_review = 预案复审
value-kind-incident_report = 应急事件汇报
value-kind-reserve = 应急物资检查
value-kind-visit = 客户回访
value-kind-adverse-event = 不良事件上报
value-kind-rectification = 整改
value-kind-inspection = 内部检查
value-kind-standard-review = 标准复审
value-kind-maintenance = 预防性维护
value-kind-customer_training = 客户培训

## 设备状态（svc equipment list 的 status 列）。
value-status-in_service = 在用
value-status-down = 停机
value-status-retired = 已报废
