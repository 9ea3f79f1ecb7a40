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

## 导入汇总中各类文件的名称（VALUE("area", …)）。
value-area-standards = 质量标准
value-area-calendar = 工作日历
value-area-trainings = 培训
value-area-attendances = 培训参加记录
value-area-kb = 知识库文章
value-area-inspections = 内部审核
value-area-findings = 不符合项
value-area-rectifications = 整改记录
value-area-complaints = 投诉
value-area-maintenance = 预防性维护记录
value-area-customer_training_scores = 客户培训成绩

## 各类记录的名称（VALUE("entity", …)）：查无此记录的提示和历史记录中使用。
value-entity-inspection = 内部审核
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
