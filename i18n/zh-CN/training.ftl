# 售后团队（R2.2、R2.3）：培训、必修培训、职业发展通道、绩效考核。
# 键与参数见 src/training/msg.rs。

## 必修培训与上岗前检查（R2.2.1）

training-every-bad = --every { $every } 不是有效周期：请写 12m、6m 或 1y（1 至 120 个月）
training-rule-what = 培训要求须指定主题（--topic safe-operation）或型号（--model PM-9000）
training-rule-exists = { $role } 的 { $topic } 培训要求已存在（{ $rule }）：可用“svc training rules”查看
training-lacks = { $staff }（{ $role }）缺少 { $topic } 的必修培训（要求 { $rule }；{ $state }）：请用“svc training attend”登记培训，或改派已培训人员（“svc training due --staff { $staff }”）
training-lacks-refused = { $staff }（{ $role }）缺少 { $topic } 的必修培训（要求 { $rule }；{ $state }），且已设置 training.enforce=true：请改派已培训的技术员，或先登记培训（“svc training attend”）
training-warning = 警告：{ $message }
training-not-a-bool = { $key } 只能是 true 或 false，不能是 { $value }
training-attendance-summary = 已登记 { $staff } 参加 { $training }

## 职业发展通道（R2.2.3）

training-ladder-unreadable = 无法读取职级体系 { $path }：{ $reason }；请写成 YAML 职级列表（grade、months_in_grade、certificates、training_hours、score）
training-grade-unknown = { $grade } 不在职级体系中：可选 { $grades }
training-grade-same = { $staff } 已是 { $grade }：晋升须调整到其他职级
training-reason-empty = 晋升须填写理由（--reason TEXT），供日后核查
training-promoted = { $staff } 自 { $day } 起为 { $grade }

## 绩效考核（R2.3）

appraisal-bad-period = { $period } 不是有效考核期：请写季度（2026-Q3）、月份（2026-09）或年度（2026）
appraisal-not-in-run = { $staff } 不在考核 { $code } 中：可用“svc appraisal show { $code }”查看名单
appraisal-acknowledged = { $staff } 已签收考核 { $code }
appraisal-made = 已生成 { $period } 考核 { $code }，共 { $people } 人；确认前为草稿（“svc appraisal confirm { $code } --by STAFF”）
appraisal-confirmed-now = 考核 { $code } 已由 { $by } 确认，此后不再更改
appraisal-commented = 已记录对 { $staff } 的考核评语（{ $code }）
appraisal-acknowledged-now = { $staff } 已签收考核 { $code }
training-demo = 培训（R2.2）：一次含考核并取得证书的培训、一次行业交流、必修培训要求；{ $period } 绩效考核 { $code }（R2.3）

# Labels of columns, statuses and values shown to people (--lang zh-CN).
col-certificate_expires = 证书有效期至
col-certificate_number = 证书编号
col-certificate_type = 证书类型
col-ends_on = 结束日期
col-passed = 是否通过
col-place = 地点
col-score = 考核成绩
col-starts_on = 开始日期
col-title = 标题
col-topics = 培训主题
col-trainer = 培训讲师
col-training_code = 培训编号
training-demo-due = 缺少或 30 天内到期的必修培训（R2.2.1，svc training due）
training-demo-appraisal = 本季度考核，依据记录计算（R2.3，svc appraisal show AP-000001）

## 客户培训（R5.2）

training-customer-model-unknown = 型号目录中没有 { $model }：请先登记客户设备（“svc equipment add”），或用“svc equipment list”核对
training-customer-bad-hours = { $hours } 不是有效学时，请写如 7.5
training-customer-no-attendees = 请填写客户参训人员（--attendee 姓名，每人一次或用逗号分隔）
training-customer-no-article = 知识库中没有文章 { $code }（用“svc kb list”查看）
training-customer-field-empty = 请填写 { $field }（--{ $field } 内容）
training-customer-unscored = 培训计划 { $plan } 尚不能评估：{ $count } 名参训人员还没有考核成绩（{ $who }）：请先导入问卷（“svc training scores import 文件”）
training-customer-propose = { $customer } 首次安装 { $model }：请制订操作培训计划，例如“svc training plan --customer { $customer } --topic operation --model { $model } --mode onsite --due { $due }”
training-customer-no-session = 没有培训场次 { $session }（用“svc training sessions”查看）
training-customer-not-attendee = { $attendee } 不是培训场次 { $session } 的参训人员（用“svc training sessions”查看）
training-customer-scored-once = { $attendee } 在场次 { $session } 的考核成绩已登记，不可更改
training-customer-evaluated = 培训计划 { $plan } 已评估：本次客户培训完成

col-topic = 培训内容
col-mode = 培训方式
col-sessions = 场次数
col-attendees = 参训人数
col-average_score = 平均成绩
col-evaluated_on = 评估日期
col-improvements = 改进措施
col-session = 培训场次
col-plan = 计划
col-training-plan = 培训计划
col-maint-plan = 保养计划
col-drill-plan = 应急预案
col-incident-plan = 应急预案
col-materials = 培训资料
col-attendee = 参训人员
col-feedback = 反馈意见
col-units = 台数
col-first_installed = 首次安装日期
status-customer_training-planned = 已计划
status-customer_training-held = 已培训
status-customer_training-evaluated = 已评估
hint-customer_training-session = 培训计划评估后不再增加场次
hint-customer_training-score = 考核成绩须在场次进行后、计划评估前登记
hint-customer_training-evaluate = 请先进行培训（“svc training session 计划 ...”）
hint-customer_training-evaluate-again = 已评估的培训计划已完成，不可更改
value-topic-operation = 操作培训
value-topic-maintenance = 维护保养培训
value-topic-troubleshooting = 故障排除培训
value-mode-onsite = 现场培训
value-mode-central = 集中培训
value-mode-online = 线上培训
# 考核的流程（appraisal::FLOW）
value-record-appraisal = 考核
status-appraisal-draft = 草稿
status-appraisal-confirmed = 已确认
hint-appraisal-comment = 已确认的考核不可更改：如需更正，请重新生成考核（“svc appraisal run --period P --corrects 考核编号”）
hint-appraisal-confirm-again = 已确认的考核不可更改：如需更正，请重新生成考核（“svc appraisal run --period P --corrects 考核编号”）
hint-appraisal-ack = 请先确认考核（“svc appraisal confirm 考核编号 --by 员工”）
action-customer_training-session = 记录培训场次
action-customer_training-score = 登记考核成绩
action-customer_training-evaluate = 培训效果评估
action-appraisal-comment = 填写意见
action-appraisal-confirm = 确认考核结果
action-appraisal-ack = 员工签收

# 必修培训到期清单与绩效考核的列和取值（表格显示；csv 仍为原值）
col-staff = 员工
col-rule = 培训规则
col-last_trained = 上次培训
col-tickets = 工单
col-response_in_sla = 及时响应
col-first_time_fix = 一次修复
col-inspection_first_pass = 检验一次合格
col-training_hours = 培训学时
value-role-technician = 技术员
value-role-engineer = 工程师
value-role-service = 客服
value-role-warehouse = 库管
value-role-manager = 主管
value-state-missing = 从未参加
value-state-overdue = 已逾期
value-state-due = 到期
value-state-ok = 正常
value-state-grace = 宽限期内
col-appraisal-name = 姓名

# 培训、必修规则与考核的列和取值（表格显示；csv 仍为原值）
col-definition = 定义
col-period = 考核期
col-from = 起始日期
col-until = 截止日期
col-made_at = 生成时间
col-confirmed_by = 确认人
col-corrects = 更正的考核
col-people = 人数
col-every_months = 周期（月）
col-added_on = 添加日期
col-attendance = 参训记录
col-training-hours = 学时
value-kind-internal = 内部培训
value-kind-manufacturer = 厂家培训
value-kind-external = 外部培训
value-kind-exchange = 行业交流
value-kind-on_the_job = 岗位带教
value-figure-tickets = 工单数
value-figure-repairs = 维修数
value-figure-mean_hours_to_repair = 平均修复时长（小时）
value-figure-complaints = 投诉数
value-figure-complaint_free = 无投诉率
value-figure-training_hours = 培训学时
value-figure-score = 综合得分
# 考核各项指标的定义（svc appraisal show --staff，表格中显示）
value-definition-tickets = 派给本人、在本期开单的工单数
value-definition-response_in_sla = 其中已响应的工单，首次响应在 SLA 时限内的比例
value-definition-repairs = 本期签字确认、最新一版维修报告由本人出具的维修单数（没有报告的按其工单的负责人）
value-definition-mean_hours_to_repair = 上述维修从立单到客户签字的平均小时数
value-definition-first_time_fix = 上述维修中，签字后在重复故障期内同一设备没有再开维修单的比例
value-definition-inspection_first_pass = 上述经检验的维修中，首次检验即合格的比例
value-definition-satisfaction = 上述维修回访的满意度（1–5），按各次回答汇总
value-definition-nps = 推荐者（9–10 分）减贬损者（0–6 分），每百个回答
value-definition-complaints = 质量投诉登记中本期收到、涉及本人最后维修过的设备的投诉数
value-definition-complaint_free = 本期维修数减本期投诉数（不低于 0），占上述维修的比例
value-definition-training_hours = 本期开始的培训中本人参训的学时
value-definition-score = 以上有分母的各项比率的加权平均（权重见设置 appraisal.weight.*）

col-eligible = 可晋级
col-grade = 职级
col-last_score = 最近考核成绩
col-mean_hours_to_repair = 平均修复时长（小时）
col-months_in_grade = 任职月数
col-next = 下一职级
col-nps_answers = 推荐度回答数
col-satisfaction_answers = 满意度回答数
col-training = 培训
