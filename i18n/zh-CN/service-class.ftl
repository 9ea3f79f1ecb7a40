# 按客户类别提供个性化服务（src/service_class/）。
sla-class-bad = { $class } 不是客户类别：请写 type:类型（类型为 { $types } 之一）或 group:组名（客户组，用“svc sla group add 组名 客户...”建立）
sla-duration-bad = { $flag } { $value } 不是时长：请用 2h、90m、1d 或小时数（最长一年）
sla-rule-not-found = { $class } 的 { $priority } 优先级没有 SLA 规则：“svc sla rule list”可查看全部规则
sla-rule-set = { $class } { $priority }：首次响应 { $response }，解决 { $resolution }，计时方式 { $clock }
sla-rule-deleted = { $class } { $priority }：规则已删除；此后新开的工单适用下一条规则或系统设置
sla-group-added = 客户组 { $group }：新增 { $added } 家客户，{ $already } 家已在组内
sla-group-removed = 客户组 { $group }：移出 { $removed } 家客户
sla-group-not-member = 客户 { $customer } 不在客户组 { $group } 中：“svc sla group list { $group }”可查看组内客户
sla-clock-setting = 按优先级设置

# Labels of columns and values shown to people.
col-class = 客户类别
col-response = 首次响应
col-clock = 计时方式
col-group = 客户组
col-sla_clock = SLA 计时方式
col-sla_class = SLA 客户类别
col-recorded = 录入时间
value-clock-24x7 = 全天候
value-clock-business = 工作时间
