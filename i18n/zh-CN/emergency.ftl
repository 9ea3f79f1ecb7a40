# 应急响应（R6）：应急预案、演练、应急物资、应急响应实施。

## 应急预案

emergency-plan-unreadable = 应急预案 { $name } 格式不正确：{ $reason }
emergency-plan-invalid = 应急预案 { $name } 未导入（未写入任何内容），请修改后重新导入：{ $problems }
emergency-plan-bad-code = { $path }：{ $value } 不是有效的预案编号（请用一个词，如 EP-CT-ED）
emergency-plan-empty = { $path }：不能为空
emergency-plan-key-twice = { $path }：{ $value } 为空或重复
emergency-plan-bad-duration = { $path }：{ $value } 不是有效时长（如 30m、2h、1.5h、1d）
emergency-plan-deputy-is-primary = { $path }：{ $staff } 已是该岗位的负责人，请另指定一名替补人员
emergency-plan-no-role = { $path }：{ $value } 不是本预案中的岗位（岗位：{ $roles }）
emergency-plan-bad-qty = { $path }：{ $qty } 不是有效数量（至少为 1）
emergency-plan-no-staff = { $path }：没有员工 { $staff }（用“svc staff list”查看）
emergency-plan-staff-left = { $path }：员工 { $staff }（{ $name }）已离职，不能承担岗位，请指定在职人员
emergency-plan-no-location = { $path }：备件台账中没有库位 { $location }（用“svc parts location add”添加应急物资库）
emergency-plan-no-part = { $path }：备件目录中没有 { $part }（先用“svc parts add”添加）
emergency-plan-part-inactive = { $path }：备件 { $part }（{ $name }）已停用，请改为替代备件
emergency-plan-needs-reason = 应急预案 { $code } 与第 { $version } 版不同：导入后为第 { $next } 版，须说明修订原因（--reason 原因）
emergency-plan-drill-other-plan = 演练 { $drill } 演练的是其他预案，不是 { $code }
emergency-plan-not-found = 没有应急预案 { $code }（用“svc drill plan list”查看）
emergency-plan-no-version = 应急预案 { $code } 没有第 { $version } 版（用“svc drill plan versions { $code }”查看）
emergency-plan-stored = 应急预案 { $code } 第 { $version } 版存储内容无法读取：{ $reason }
emergency-plan-imported = 应急预案 { $code } 已导入，为第 1 版
emergency-plan-revised = 应急预案 { $code }：已导入第 { $version } 版，以前各版保持不变
emergency-plan-unchanged = 应急预案 { $code } 与第 { $version } 版相同，未导入
emergency-plan-same = 应急预案 { $code }：第 { $from } 版与第 { $to } 版内容相同
emergency-stored-time = 无法读取存储的时间 { $time }

## 预案检查

emergency-check-short = 应急物资 { $part }（{ $location }）：可用 { $usable }，预案需要 { $need }
emergency-check-expired = 应急物资 { $part }（{ $location }）：{ $qty } 件已过期，须报废并补充
emergency-check-finding = 演练 { $drill } 的第 { $seq } 项问题未整改答复：{ $finding }
emergency-check-review = 应于 { $due } 前完成演练和评审
emergency-check-certificate = { $path }：{ $staff }（{ $name }）没有有效的资格证书（用“svc staff certs --staff { $staff }”查看）

## 演练

emergency-drill-no-participants = 请填写参演人员（--participants S1,S2）
emergency-drill-no-result = 请填写演练结果（--result 内容）
emergency-drill-not-a-step = { $key } 不是预案 { $plan } 第 { $version } 版的步骤（步骤：{ $steps }）
emergency-drill-step-twice = 步骤 { $key } 重复计时
emergency-drill-bad-minutes = 步骤 { $key }：{ $minutes } 分钟不是有效用时
emergency-drill-step-not-pair = --step { $value }：请按 步骤=分钟 填写，如 --step callback=12
emergency-drill-invalid = 演练 { $code } 未记录：{ $problems }
emergency-drill-bad-rating = 评分 { $rating }：请给 1（差）到 5（优）
emergency-drill-no-reason = 请填写原因（--note 或 --reason）
emergency-drill-observer-answers = { $staff } 是演练 { $code } 的观察员：问题须由他人答复（或导入注明 --drill { $code } 的预案修订版）
emergency-drill-no-finding = 演练 { $code } 没有第 { $seq } 项问题（用“svc drill findings { $code }”查看）
emergency-drill-finding-answered = 演练 { $code } 的第 { $seq } 项问题已答复
emergency-drill-nothing-open = 演练 { $code } 没有待答复的问题
emergency-drill-recorded = 演练 { $code } 已记录：发现问题 { $findings } 项（用“svc drill findings { $code }”查看）
emergency-drill-evaluated = 演练 { $code } 已评估：评分 { $rating }/5
emergency-drill-cancelled = 演练 { $code } 已取消
emergency-drill-answered = 演练 { $code }：{ $count } 项问题已答复，无需修订预案
emergency-finding-over-target = 步骤 { $step } 用时 { $took } 分钟，目标 { $target } 分钟
emergency-finding-not-timed = 步骤 { $step } 未演练
emergency-finding-absent = 岗位 { $role }：{ $primary } 未参演，也无替补人员到场
emergency-finding-absent-deputy = 岗位 { $role }：{ $primary } 未参演，由替补 { $deputy } 代替
emergency-finding-lesson = { $text }

## 应急响应实施

emergency-incident-no-holder = 应急预案 { $plan }：岗位 { $role } 无在职人员（负责人和替补均已离职），请立即另行通知人员并修订预案
emergency-incident-no-level = { $level } 不是预案 { $plan } 的响应级别（级别：{ $levels }）
emergency-incident-no-summary = 请说明发生了什么（--summary 内容）
emergency-incident-device-other-customer = 设备 { $serial } 属于客户 { $owner }，不属于 { $customer }：请核对 --equipment 和 --customer
emergency-incident-no-note = 请填写说明（--note 内容），汇报还须写明汇报对象（--to 姓名）
emergency-incident-no-resolution = 请说明处理结果（--resolution 内容）
emergency-incident-not-a-holder = { $staff } 在应急事件 { $code } 中没有岗位（用“svc incident show { $code }”查看通讯录）
emergency-incident-acked = { $staff } 已确认过应急事件 { $code }
emergency-incident-same-level = 应急事件 { $code } 已是 { $level } 级响应
emergency-incident-restored-outside = 恢复时间 { $restored } 无效：须在启动时间（{ $opened }）与当前时间（{ $now }）之间
emergency-incident-opened = 应急事件 { $code }：已按 { $level } 级启动预案 { $plan }；须于 { $on_site } 前到场，{ $resolve } 前恢复，每 { $every }向上级汇报一次。通讯录：
emergency-every-hours = { $n } 小时
emergency-every-minutes = { $n } 分钟
emergency-incident-call = { "  " }{ $role }（{ $name }）：{ $staff } { $staff_name } { $phone }
emergency-incident-call-deputy = { "  " }{ $role }（{ $name }）：{ $staff } { $staff_name } { $phone }（替补：负责人已离职）
emergency-incident-done = 应急事件 { $code }：已记录 { $action }
emergency-incident-closed = 应急事件 { $code } 已关闭；{ $count } 台设备停机时间：
emergency-incident-downtime = { "  " }{ $serial }：{ $minutes } 分钟
emergency-alert-ack = 岗位 { $role } 尚未确认
emergency-alert-report = 向上级汇报已逾期
emergency-alert-on-site = 未在目标时间内到场
emergency-alert-resolution = 未在目标时间内恢复

## 应急物资检查

emergency-reserve-damaged-more = { $part } { $lot }：报告损坏 { $qty } 件，但库存只有 { $held } 件
emergency-reserve-check-invalid = 应急物资库 { $location } 的检查未记录：{ $problems }
emergency-reserve-bad-damaged = --damaged { $value }：请按 备件[:批号]=数量 填写，如 --damaged PPE-N95:N2403=5
emergency-reserve-checked = 应急物资检查 { $code }（{ $location }）：已检查 { $lots } 个批次，报废 { $written_off } 件
emergency-reserve-written-off = { "  " }已报废 { $part } { $lot }：损坏 { $damaged } 件，过期 { $expired } 件
emergency-reserve-propose = { "  " }预案 { $plan } 需补充：{ $part } × { $replace }（需要 { $need }，可用 { $usable }），用“svc parts plan”查看采购建议

# Labels of columns, statuses and values shown to people (--lang zh-CN).
status-drill-scheduled = 已计划
status-drill-held = 已演练
status-drill-evaluated = 已评估
status-drill-cancelled = 已取消
status-incident-active = 处置中
status-incident-on_site = 已到场
status-incident-closed = 已关闭
status-incident-reviewed = 已复盘
hint-drill-record = 演练只在计划后记录一次
hint-drill-record-again = 已演练的记录不可更改
hint-drill-evaluate = 请先记录演练（“svc drill record D ...”）
hint-drill-cancel = 只能取消尚未进行的演练
hint-drill-answer = 问题来自已进行的演练：请先记录演练（“svc drill record D ...”）
hint-incident-ack = 已关闭的事件无需确认
hint-incident-update = 已关闭的事件不再记录进展：请进行复盘
hint-incident-arrive = 响应人员已到场，或事件已关闭
hint-incident-report = 已关闭的事件在复盘中上报
hint-incident-escalate = 已关闭的事件不再升级
hint-incident-close = 事件已关闭
hint-incident-review = 事件关闭后才能复盘
action-drill-record = 记录演练
action-drill-evaluate = 演练评估
action-drill-cancel = 取消演练
action-drill-answer = 答复演练发现的问题
action-incident-ack = 确认接报
action-incident-update = 记录进展
action-incident-arrive = 到达现场
action-incident-report = 上报
action-incident-escalate = 升级响应
action-incident-close = 关闭事件
action-incident-review = 事后总结
emergency-reserve-sheet-not-units = { $column } 填的是 { $value }：请填写 0 或正整数
emergency-reserve-sheet-other-location = 该行属于储备库 { $found }，不是 { $location }：每个储备库单独一张盘点表
emergency-reserve-sheet-not-on-book = { $part } 批号 { $lot } 在 { $location } 账面上没有：请重新生成盘点表（“svc drill reserve sheet --location { $location }”）
emergency-reserve-sheet-twice = { $part } 批号 { $lot } 在表中出现了两次
emergency-reserve-sheet-uncounted = { $part } 批号 { $lot } 未填写实盘数量（counted）
emergency-reserve-sheet-differs = { $part } 批号 { $lot }：实盘 { $counted }，账面 { $book }：账实差异须先通过库存盘点说明（“svc parts count ..”），再检查储备库
emergency-reserve-sheet-damaged-more = { $part } 批号 { $lot }：损坏 { $damaged }，多于实盘数量 { $counted }
emergency-reserve-sheet-missing = { $part } 批号 { $lot } 账面上有，表中没有：请重新生成盘点表
emergency-reserve-sheet-invalid = { $file }：盘点表未登记（未写入任何数据）：
  { $problems }
emergency-reserve-sheet-written = 储备库 { $location } 共 { $lines } 个批次待现场清点；填好后用“svc drill reserve check --location { $location } --by 人员 --from 文件”读回
emergency-reserve-sheet-row-problem = 第 { $pos } { $at ->
        [line] 行
        [row] 行
       *[other] 条记录
    }：{ $column }：{ $reason }
emergency-drill-answer-revision = 预案 { $plan } 第 { $version } 版

# 应急预案、演练、物资与事件清单的列（表格显示；csv 仍为原值）
col-alert = 提醒
col-answer = 处理
col-answer_note = 处理说明
col-answered_by = 处理人
col-certificate = 证书
col-damaged = 损坏数量
col-deputy = 替补
col-drill = 演练
col-expected = 应有数量
col-expired = 已过期数量
col-expiring = 即将过期数量
col-held_at = 演练时间
col-imported_at = 导入时间
col-imported_by = 导入人
col-incident = 应急事件
col-last_drill = 上次演练
col-level = 响应级别
col-need = 应储备数量
col-next_expiry = 最近到期日
col-problem = 问题
col-scheduled_on = 计划日期
col-seq = 序号
col-short = 短缺
col-stood_in = 替补到岗
value-kind-over_target = 超时
value-kind-not_timed = 未计时
value-kind-absent = 缺岗
value-kind-lesson = 经验教训
