# svc 的中文消息（简体中文）。每个键一条消息，键与参数同 i18n/en/svc.ftl；
# { $name } 是代码传入的参数。src/words/catalogue.rs 声明每个键及其参数，测试逐条核对。
# 术语以《医疗装备售后管理办法》为准：工单、维修单、维修方案、客户确认、维修质量检验、
# 维修报告、回访、满意度调查、备件、出入库、盘点、领用申请单、采购单、验收、整改。

error-line = svc：错误：{ $message }

## 状态流转：记录的状态及其允许的操作。

workflow-done = { VALUE("record", $record) } { $code } 已是“{ STATUS($record, $status) }”：“{ ACTION($record, $action) }”已办理过
workflow-done-then = { VALUE("record", $record) } { $code } 已是“{ STATUS($record, $status) }”：“{ ACTION($record, $action) }”已办理过；{ HINT($record, $action, $hint) }
workflow-needs = { VALUE("record", $record) } { $code } 当前为“{ STATUS($record, $status) }”：“{ ACTION($record, $action) }”须在“{ STATUS($record, $allowed) }”状态下办理
workflow-needs-then = { VALUE("record", $record) } { $code } 当前为“{ STATUS($record, $status) }”：“{ ACTION($record, $action) }”须在“{ STATUS($record, $allowed) }”状态下办理；{ HINT($record, $action, $hint) }
workflow-no-move = { VALUE("record", $record) } { $code }：{ VALUE("record", $record) }流程中没有“{ ACTION($record, $action) }”这一步
workflow-no-target = { VALUE("record", $record) } { $code }：流程表未规定从“{ STATUS($record, $status) }”经“{ ACTION($record, $action) }”在 { $outcome } 时转到何种状态
workflow-no-outcome = { VALUE("record", $record) } { $code }：从“{ STATUS($record, $status) }”办理“{ ACTION($record, $action) }”须给出结果，才能确定下一状态

## 各类记录：查找、新增、修改。

record-not-found = 没有{ VALUE("entity", $entity) } { $key }：可用“{ $list }”查看现有记录
record-not-found-zeros = 没有{ VALUE("entity", $entity) } { $key }；是否应为 { $meant }？（电子表格会去掉存成数字的编号的前导零：编号请以文本格式录入）
record-exists-zeros = { VALUE("entity", $entity) } { $key } 与已有的 { $meant } 只差前导零：是否应为 { $meant }？（电子表格会去掉存成数字的编号的前导零）
record-exists-edit = { VALUE("entity", $entity) } { $label } 已存在：如需修改，请用“{ $edit } { $label }”
record-exists-list = { VALUE("entity", $entity) } { $label } 已存在：可用“{ $list }”查看
record-identity = { VALUE("entity", $entity) }的“{ LABEL($column) }”（{ $column }） 是其标识，不能修改；其他记录和变更历史都引用它
record-add-invalid = 无法新增{ VALUE("entity", $entity) }：{ $problem }
record-change-invalid = 无法修改{ VALUE("entity", $entity) } { $key }：{ $problem }
document-not-found = 没有{ VALUE("entity", $what) } { $code }：可用“{ $list }”查看

## 数据库文件及其结构。

db-missing = { $path } 处没有数据库：请先用“svc init”创建（或用 --db / SVC_DB 指向已有的数据库）
db-cannot-open = 无法打开数据库 { $path }：{ $reason }
db-busy = { $what }：数据库被另一进程锁定；请稍后重试，或调大 SVC_BUSY_TIMEOUT（当前 { $ms } 毫秒）
db-guard = { $what }：{ $message }
db-newer = { $path } 的结构版本为 { $version }，高于本版 svc 所能识别的版本（{ $latest }）：请先升级 svc 再使用此文件
db-bad-version = { $path } 的结构版本为 { $version }，任何版本的 svc 都不会写出此版本：它不是 svc 数据库，或已被改动；请从备份恢复
db-backup-failed = { $path }（结构版本 { $version }）未迁移：备份到 { $target } 失败：{ $reason }；请腾出磁盘空间或修正目录权限后重新运行 svc
backup-check-failed = 备份未通过校验：{ $check }
migration-dangling = 迁移 { $migration } 已回滚：有记录指向不存在的记录（{ $rows }）；数据库保持原样：请运行“svc db check”并上报
rebuild-no-value = { $what }：新列 { $column } 没有取值
rebuild-would-lose = { $what }：新表没有 { $column } 列，其数据将丢失
rebuild-refused = 表 { $table } 无法重建：有一行的值不符合新结构（{ $reason }）；未做任何修改：请更正该行后重新运行 svc
table-missing = { $what }：没有表 { $table }

## service
# 工单。

ticket-stored-time = 存储的时间 { $time } 不是 RFC 3339 格式
ticket-at-before = --at { $at } 早于{ $what }（{ $before }）：事件须按发生顺序登记
ticket-in-the-future = { $when } 是将来的时间（业务时区 { $zone } 现在是 { $now }）：事件发生后才能登记；如时区不对，请用“svc config set time.zone +08:00”更改
ticket-device-other-customer = 设备 { $serial } 属于客户 { $owner }，不属于 { $customer }：请核对序列号
ticket-warranty-without-device = 未指明设备的工单没有保修状态：请填写 serial_no，或将保修相关列留空
ticket-symptom-empty = --symptom 为空：请写明客户反映的故障现象
ticket-warranty-disagrees = { $status } 与保修截止日 { $until } 不符：工单受理当日（{ $day }）设备的保修状态为 { $that_day }；请更正其中之一，或将 warranty_status 留空
staff-inactive = 员工 { $staff } 已停用
staff-no-member = 没有员工 { $staff }（请先添加或导入员工名单）
ticket-staff-inactive = 员工 { $staff } 已停用：请将工单派给其他人
ticket-responded = 工单 { $code } 已首次响应：请改为添加备注
ticket-resolution-empty = --resolution 为空：请写明工单的处理结果
ticket-repair-open = 工单 { $code } 的维修单 { $repair } 尚未完结：维修报告经客户签字（或客户拒修）后工单才能关闭
ticket-not-a-fault = 工单 { $code } 的类别是“{ VALUE("kind", $kind) }”：只有故障（或针对设备的投诉）才转维修；请答复后用“svc ticket close { $code } --resolution 处理结果”关闭
ticket-no-device = 工单 { $code } 未指明设备：维修针对具体设备；请用 --equipment 序列号 受理工单

# 维修：维修方案、客户确认、备件使用、维修质量检验、维修报告、回访、维修档案。

repair-who = 由谁办理？请用 --by 员工 指明技术员
repair-labour-hours = --labour-hours { $hours }：请填写工时，如 2 或 2.5
repair-visit-first = 维修单 { $code } 属于复杂故障：制定维修方案前须携带检测工具上门检查（R3.2.2）：“svc repair visit { $code } --onsite --finding 检查所见 --tools 所用工具”
repair-plan-no-steps = 维修方案须写明维修步骤：每一步用一次 --step 步骤
repair-part-inactive = 备件 { $part } 已停用：请选用在用的备件
repair-part-twice = 备件 { $part } 在方案中出现了两次：每种备件用一个 --part，写总数量
repair-estimate-low = 预计费用 { $estimate } 低于备件费 { $parts } 与工时费 { $labour } 之和：省略 --estimate 即按两者之和计算，或填写不低于该和的金额
repair-consent-by-empty = --by 为空：客户方由谁确认？
repair-part-qty = 使用的备件数量至少为 1，不能是 { $qty }
repair-part-not-planned = 备件 { $part } 不在客户已确认的维修方案（第 { $version } 版）中：再使用 { $qty } 件超出了客户同意的范围。请告知客户，制定新的维修方案（“svc repair plan { $code } ...”）并重新取得客户确认（R3.3.2）
repair-part-beyond-plan = 客户已确认的维修方案（第 { $version } 版）允许使用备件 { $part } 共 { $planned } 件，已用 { $used } 件：再使用 { $qty } 件超出了客户同意的范围。请告知客户，制定新的维修方案（“svc repair plan { $code } ...”）并重新取得客户确认（R3.3.2）
repair-inspection-failed = 维修单 { $code }：按检验规程 { $protocol } 进行的最近一次维修质量检验不合格；请修复并重新检验后再出具维修报告
repair-report-no-cause = 维修报告须写明故障原因和维修过程：--cause 与 --process
repair-past-estimate = 维修单 { $code }：备件费 { $parts } 加工时费 { $labour }（{ $hours } 小时）超出了客户同意的预计费用 { $estimate }（维修方案第 { $version } 版）：请告知客户，制定新的维修方案（“svc repair plan { $code } ...”）并重新取得客户确认（R3.3.2）；之后须重新检验
repair-no-report = 维修单 { $code } 尚无维修报告：请用“svc repair report { $code } --cause 故障原因 --process 维修过程”出具
repair-sign-by-empty = --by 为空：客户方由谁签字？
repair-freeze-failed = 维修单 { $code }：维修报告无法定稿：{ $reason }
repair-not-signed = 维修单 { $code } 当前为“{ STATUS("repair", $status) }”：没有可核验的已签字维修报告
repair-amendment-empty = 补充说明的内容为空
repair-signed-unreadable = 维修单 { $code }：无法读取已签字的维修报告（{ $reason }）：请运行“svc repair verify { $code }”
repair-followed-up = 维修单 { $code } 已于 { $day } 回访：该记录不可更改
repair-protocol-unreadable = { $name }：不是检验规程（{ $reason }）；检验规程包括 code、name、standard 和 items，每个检验项包括 key、name、kind（check 或 measure），测量项还须有 unit 及 min 和/或 max
repair-protocol-invalid = { $name }：{ $problems }
repair-protocol-used = 检验规程 { $code } 已被 { $used } 次检验使用：其检验项是这些检验记录的一部分。请以新的编号导入新版本（如 { $code }-v2）
repair-protocol-not-found = 没有检验规程 { $code }：请用“svc repair protocol import 文件.yaml”导入（“svc repair protocol list”可查看现有规程）
repair-protocol-stored = 检验规程 { $code }：{ $reason }
repair-inspection-invalid = 检验未登记：{ $problems }
repair-protocol-no-items = 检验规程须有编号，且至少有一个检验项
repair-protocol-key-twice = 检验项 { $key } 出现了两次
repair-protocol-key-bad = 检验项 { $key } 须为一个词，且不含“=”
repair-protocol-limit-not-finite = 检验项 { $item }：{ $limit } 不是有限数值（.inf 或 .nan）：请以数字填写限值，没有限值时省略 { $limit }
repair-protocol-check-limits = 检验项 { $item }：检查项没有单位和限值（如需限值请改为测量项）
repair-protocol-measure-limits = 检验项 { $item }：测量项须有单位以及 min 和/或 max
repair-protocol-min-above-max = 检验项 { $item }：min 大于 max
repair-inspection-not-an-item = { $key } 不是检验规程 { $protocol } 的检验项（检验项：{ $items }）
repair-inspection-given-twice = { $key } 填写了两次
repair-inspection-no-value = { $key }（{ $name }）没有结果：--value { $key }=...
repair-inspection-not-a-check = { $key }={ $value }：检查项的结果只能是 pass 或 fail
repair-inspection-bad-limit = 检验项 { $item } 的限值不是数字（{ $limits }）：请以有限数值的限值重新导入检验规程
repair-inspection-not-a-number = { $key }={ $value }：测量结果须为数字（单位 { $unit }）
repair-archive-no-device = 没有设备 { $serial }（请先导入设备）

# 设置。代码中带引号显示的键或值，传入时已带引号。

config-no-setting = 没有设置项 { $key }：“svc config list”可列出全部设置
config-bad-duration = { $key } { $value }：请填写时长，如 4h、90m 或 2d（最长一年）
config-bad-days = { $key } { $value }：请填写整天数
config-days-range = { $key } { $value }：须在 0 到 3650 天之间
config-bad-money = { $key } { $value }：{ $reason }
config-not-duration = 设置项 { $key } 的值为 { $value }，不是时长
config-not-days = 设置项 { $key } 的值为 { $value }，不是天数
config-bad-labour-rate = 设置项 labour_rate：{ $reason }

## cli

cli-export-for-people = 导出只写 csv、json 或 yaml（table、md 和 html 供阅读）
cli-man-written = 已在 { $dir } 写入 { $pages } 个手册页（svc.1 及每个命令各一页；可用 man -l 阅读，或把该目录加入 MANPATH）
cli-man-no-command = “{ $under }”下没有命令 { $word }：可用的命令有 { $known }
cli-export-encoding-auto = --encoding auto 只用于读取；导出请用 utf-8、gbk 或 gb18030
cli-files-for-people = --format table、md 和 html 供阅读；文件格式为 csv、json 或 yaml
cli-db-check-failed = 数据库检查未通过：{ $checks }；请用“svc db restore 备份文件”从备份恢复（“svc db backup”可做备份）并上报
cli-db-backup-exists = { $path } 已存在：请换一个文件名，或加 --force 覆盖
cli-demo-not-demo = { $path } 已存在且不是演示数据库：演示不会动它；请另取文件名：svc demo 新文件
cli-file-not-found = 没有文件 { $path }
cli-file-not-utf8 = { $path } 不是 UTF-8 文本
cli-import-no-directory = 没有目录 { $dir }：请指定由“svc export 目录”导出的目录
cli-import-nothing = { $dir } 中没有 { $areas } 中任何一类文件（.csv、.json 或 .yaml）
cli-repair-bad-estimate = --estimate：{ $problem }
cli-repair-bad-finish-by = --finish-by：{ $problem }
# $value：原样给出的值，带引号。
cli-repair-value-not-pair = --value { $value }：请写成 检验项=结果
cli-repair-not-found = 没有维修单 { $code }：“svc repair list”可列出维修单
cli-parts-cost-unreadable = 读取备件成本时出错：{ $reason }
cli-parts-totals-location = --by-part 和 --below-min 汇总所有库位；请去掉 --location
cli-parts-count-not-found = 没有盘点单 { $code }：“svc parts count list”可列出盘点单
cli-parts-req-who = 谁申请领用？“{ $actor }”不在员工名单中：请用 --by 员工 指明
cli-parts-req-not-found = 没有领用申请单 { $code }：“svc parts req list”可列出领用申请单
cli-rejects-written = 已将 { $rows } 行拒收的数据写入 { $file }
cli-export-written = 已将 { $rows } 条{ VALUE("area", $area) }记录写入 { $file }
cli-record-changed = 已修改{ VALUE("entity", $entity) } { $key }
cli-record-unchanged = { VALUE("entity", $entity) } { $key }：没有需要修改的内容
cli-ticket-assigned = 工单 { $code } 已派给 { $to }
cli-ticket-responded = 工单 { $code }：已登记首次响应
cli-ticket-noted = 工单 { $code }：已添加备注
cli-ticket-waits = 工单 { $code } 正在等待{ VALUE("waiting_on", $reason) }；SLA 计时已暂停
cli-ticket-resumed = 工单 { $code } 已恢复处理；SLA 计时继续
cli-ticket-closed = 工单 { $code } 已关闭
cli-ticket-reopened = 工单 { $code } 已重新打开
cli-repair-diagnosed = 维修单 { $code }：已登记诊断；下一步制定维修方案（“svc repair plan { $code } --step ...”）
cli-repair-diagnosed-complex = 维修单 { $code }：已登记诊断；复杂故障须先上门检查再制定维修方案：“svc repair visit { $code } --onsite ...”
cli-repair-visited = 维修单 { $code }：已登记检查
cli-repair-planned = 维修单 { $code }：维修方案第 { $version } 版，预计费用 { $estimate } 元 = 备件 { $parts } 元 + 工时费 { $labour } 元；等待客户确认
cli-repair-planned-other = 维修单 { $code }：维修方案第 { $version } 版，预计费用 { $estimate } 元 = 备件 { $parts } 元 + 工时费 { $labour } 元 + 其他 { $other } 元；等待客户确认
cli-repair-consented = 维修单 { $code }：已登记客户确认；下一步开始维修（“svc repair start { $code }”）
cli-repair-declined = 维修单 { $code }：客户拒修，维修结束
cli-repair-started = 维修单 { $code }：已开始维修；所需备件请办理领用（“svc parts req create --repair { $code } ...”），完工后进行维修质量检验（“svc repair inspect { $code } --protocol ...”）
cli-repair-part-used = 维修单 { $code }：已使用备件 { $part } { $qty } 件
cli-repair-passed = 维修单 { $code }：维修质量检验合格；下一步出具维修报告
cli-repair-failed = 维修单 { $code }：维修质量检验不合格（{ $failed }）；请继续维修
cli-repair-reported = 维修单 { $code }：维修报告第 { $version } 版已出具；下一步请客户签字确认
cli-repair-signed = 维修单 { $code } 已由 { $by } 签字确认；报告已定稿（SHA-256 { $hash }）
cli-repair-amended = 维修单 { $code }：已登记补充说明
cli-repair-followed-up = 维修单 { $code }：已登记回访
cli-protocol-imported = 检验规程 { $code } 已导入
cli-protocol-unchanged = 检验规程 { $code } 未变
demo-importing = 导入旧系统的客户文件（GBK 编码、中文表头、日期格式不一；不合格的行另存）：
demo-step-customers = 客户
demo-step-staff = 员工
demo-step-certificates = 资质证书
demo-step-equipment = 设备（带 BOM 的 UTF-8；其中一台设备的客户不存在）
demo-step-parts = 备件目录
demo-step-suppliers = 供应商
demo-step-stock = 期初库存
demo-repair-walk = 一次维修，从客户来电到客户签字确认维修报告（R3）：
demo-repair-done = { $code }：工单、诊断、维修方案、客户确认、备件领用、维修质量检验、维修报告、签字
demo-customers = 客户（R8.1；联系方式已脱敏，同 --redact：R8.1.2）
demo-equipment = 在用设备及今日保修状态（R1.2）
demo-models = 设备型号目录
demo-certificates = 已过期或 90 天内到期的资质证书（R2.1，每日早间定时任务）
demo-tickets = 当前已超出 SLA 时限的工单（R3.2.1，每日早间定时任务）
demo-repairs = 维修单（R3.2–R3.4）及其回访（R3.5.1）
demo-due = 7 天内到期的所有事项，逾期最久的在前（svc due：每日早间唯一的定时任务）
demo-stock = 备件现存量与最低库存对比，按移动平均成本计（R4.2.1）
demo-plan = 采购建议：为保持在最低库存之上需要订购的备件（R4.1.1）

## 导入：汇总，以及行或文件被拒收的原因。

import-summary = { VALUE("area", $area) } { $file }：读取 { $read }，新增 { $inserted }，更新 { $updated }，未变 { $unchanged }，跳过 { $skipped }，拒收 { $rejected }，用时 { $seconds } 秒
import-summary-dry-run = 试运行，未写入任何数据：{ VALUE("area", $area) } { $file }：读取 { $read }，新增 { $inserted }，更新 { $updated }，未变 { $unchanged }，跳过 { $skipped }，拒收 { $rejected }，用时 { $seconds } 秒
import-ignored-columns = 以下列未导入（不在映射中，也不是{ VALUE("entity", $entity) }的列）：{ $columns }
import-rejected = { $file } 有 { $rejected } 行被拒收；未写入任何数据。请更正后重新导入
import-rejected-offer = { $file } 有 { $rejected } 行被拒收；未写入任何数据。请更正，或加 --rejects 文件 导入合格的行、另存不合格的行
import-missing-columns = { $file }：缺少 { $missing } 列（现有列：{ $found }）；请修改表头，或用 --map 映射
import-column-twice = { $file }：“{ $first }”和“{ $second }”两列都对应 { $column }；请保留一列，或将其中一列映射到别处
import-key-twice = { $label } 在本文件中出现了两次（前面已有一行；--mode upsert 以最后一行为准）
import-key-exists = { $label } 已在数据库中（用 --mode upsert 更新，或用 --mode skip 保留原记录）
# $at：line（csv 的行）或 record（json、yaml 的记录）。
import-row-problem = { $file } 第 { $pos } { $at ->
        [line] 行
        [row] 行
       *[other] 条记录
    }：{ $reason }
fields-required = 缺失（必填）
fields-control-characters = { $value } 含有控制字符
fields-not-one-of = { $value } 不是 { $allowed } 之一（可用列映射的 values: 转换）
fields-missing-one-of = 缺失（应为 { $allowed } 之一）
fields-below = { $value } 小于 { $min }
fields-not-a-time = { $value } 不是时间：请写成 2026-03-05 09:30 或 RFC 3339
fields-before = { $second } 早于{ LABEL($column) } { $first }
normalize-not-a-date = { $value } 不是日期（可写成 2024-03-05、2024/3/5、2024.3.5、2024年3月5日、20240305 或 Excel 日期序号）
normalize-not-a-phone = { $value } 不是电话号码（没有数字）
normalize-not-an-email = { $value } 不是电子邮箱地址
normalize-not-a-boolean = { $value } 不是“是”或“否”（请写 true 或 false）
# $value：原样给出的值，带引号。
money-not-an-amount = { $value } 不是金额：请以元为单位填写，最多两位小数，如 1234.50
money-too-many-decimals = { $value } 超过两位小数：金额精确到分（0.01）
money-too-large = { $value } 超出 svc 可记录的最大金额（999,999,999,999.99）
money-not-whole = { $value } 不是整数
money-qty-too-large = { $value } 超出 svc 可记录的最大数量（{ $max }）

## parts

parts-line-no-part-qty = 明细 { $spec }：须有备件编号和数量；请写成 { $form }
parts-line-too-many-fields = 明细 { $spec }：字段过多；请写成 { $form }
parts-line-bad-qty = 明细 { $spec }：{ $problem }；请写成 { $form }
parts-line-qty-below-one = 明细 { $spec }：数量至少为 1；请写成 { $form }
parts-part-not-found = 没有备件 { $part }：“svc parts list”可查看备件目录
parts-part-on-two-lines = 备件 { $part } 出现在两行明细中：每种备件一行，写总数量
parts-staff-cannot-request = 员工 { $staff } 已停用，不能申请领用备件
parts-staff-cannot-approve = 员工 { $staff } 已停用，不能审批领用申请
parts-staff-cannot-inspect = 员工 { $staff } 已停用，不能验收到货
parts-location-not-found = 没有库位 { $location }：请用“svc parts location add { $location }”添加（“svc parts location list”可查看现有库位）
parts-location-malformed = { $warehouse } / { $bin }：仓库须有名称，仓库和货位名称中都不能含“/”（库位写作 仓库/货位）
parts-location-exists = 库位 { $location } 已存在（“svc parts location list”可查看）
parts-warehouse-not-found = 没有仓库 { $warehouse }：“svc parts location list”可查看现有仓库（“svc parts location add { $warehouse }”可添加）
parts-safety-issue-needs-note = 发现 { $issues } 问题时须加 --note：写明发现了什么、如何处理
parts-safety-humidity-range = --humidity 为相对湿度，取值 0 到 100（%）
parts-stock-short = 备件 { $part } 在 { $location } { VALUE("kind", $kind) }：库存仅 { $have }，不能出库 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存分布）
parts-stock-short-lot = 备件 { $part } 在 { $location } 批号 { $lot } { VALUE("kind", $kind) }：库存仅 { $have }，不能出库 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存分布）
parts-movement-not-found = 没有出入库记录 { $id }：“svc parts ledger 备件编号”可查看出入库记录号
parts-movement-from-count = 出入库记录 { $id } 是盘点单 { $count } 的盘盈盘亏调整：盘点结果即实物数量；此后的差异须另行盘点，或另做调整并写明原因
parts-movement-reversed = 出入库记录 { $id } 已冲销过
parts-movement-is-reversal = 出入库记录 { $id } 不能冲销：它本身就是冲销记录；请重新登记该出入库
parts-movement-is-transfer = 出入库记录 { $id } 不能冲销：它是调拨的一半；请用“svc parts transfer”调回（两边一并登记）
parts-movement-is-requisition = 出入库记录 { $id } 不能冲销：它属于领用申请单；未用完的备件请用“svc parts req return 领用单号 --line 备件编号:数量”退回
parts-movement-is-receipt = 出入库记录 { $id } 不能冲销：它是已验收入库的到货；事后发现有问题的货品请用“svc parts scrap”（或库存调整）出库，并写明原因
parts-move-at-least-one = 调拨或报废数量至少为 1，不能是 { $qty }
parts-transfer-nowhere = 从 { $from } 调拨到 { $to } 什么也没移动：请指定两个不同的库位
parts-adjust-zero = 调整数量为 0，不改变任何库存
parts-count-no-category = 没有类别为 { $category } 的备件：“svc parts list”可查看备件目录及其类别
parts-count-overlap = 盘点单 { $other } 尚未结束，已包含 { $location } 的备件 { $part }：同一备件同时有两张未结盘点单，会各自调整一次库存。请先过账或取消 { $other }（“svc parts count post { $other }”），或缩小本次盘点范围
parts-count-bad-start = 盘点单 { $code } 的开始时间 { $started } 无法识别
# $problems：前 20 行的问题，每行一个；$more：其余问题的条数。
parts-count-sheet-rejected = { $file } 有 { $rejected } 行被拒收；未写入任何数据。请更正后重新提交盘点表：{"\u000A  "}{ $problems }{ $more ->
        [0] {""}
       *[other] {"\u000A  "}……另有 { $more } 条
    }
parts-count-sheet-empty = { $file } 没有数据行：没有可提交的内容
parts-count-not-a-sheet = { $file } 不是盘点表：缺少 { $missing } 列（请用“svc parts count sheet { $code }”生成盘点表）
parts-count-recount-uncounted = 备件 { $part } 在盘点单 { $code } 中还没有盘点数：请先完成初盘，再申请复盘
parts-count-waiting = 盘点单 { $code } 无法过账：仍有明细未盘点：{ $lines }（“svc parts count variance { $code }”可列出；“svc parts count sheet { $code }”可生成盘点表）
parts-req-needs-line = 领用申请单至少要有一行明细 --line { $form }
parts-req-part-inactive = 备件 { $part } 已停用，不能申请领用
parts-req-self-decide = { $staff } 是领用申请单 { $code } 的申请人，不能自行审批：须由其他员工审批（R4.3.1）
parts-req-repair-closed = 领用申请单 { $code } 对应的维修单 { $repair } 当前为“{ STATUS("repair", $status) }”：不再发放备件。请取消该申请单（“svc parts req cancel { $code } --reason 原因”）；新的维修单另行申请领用
parts-req-part-not-on = 备件 { $part } 不在领用申请单 { $code } 中（“svc parts req show { $code }”可查看明细）
parts-req-issued-in-full = 领用申请单 { $code } 已全部发放，没有待发数量
parts-req-issue-beyond = 领用申请单 { $code } 的备件 { $part }：申请 { $requested }，已发 { $issued }；再发 { $qty } 超出申请数量（其余部分请另提领用申请）
# $expired：库存中已过期的数量（0 表示没有）。
parts-req-issue-short = 备件 { $part }：可用库存 { $usable }{ $expired ->
        [0] {""}
       *[other] （另有 { $expired } 件已过期，不予发放）
    }，不能发放 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存；“svc parts plan”可查看采购建议）
parts-req-issue-short-lot = 备件 { $part } 批号 { $lot }：可用库存 { $usable }{ $expired ->
        [0] {""}
       *[other] （另有 { $expired } 件已过期，不予发放）
    }，不能发放 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存；“svc parts plan”可查看采购建议）
parts-req-issue-short-at = 备件 { $part } 在 { $location }：可用库存 { $usable }{ $expired ->
        [0] {""}
       *[other] （另有 { $expired } 件已过期，不予发放）
    }，不能发放 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存；“svc parts plan”可查看采购建议）
parts-req-issue-short-lot-at = 备件 { $part } 批号 { $lot } 在 { $location }：可用库存 { $usable }{ $expired ->
        [0] {""}
       *[other] （另有 { $expired } 件已过期，不予发放）
    }，不能发放 { $qty }；库存不得为负（“svc parts stock --part { $part }”可查看库存；“svc parts plan”可查看采购建议）
parts-req-return-needs-line = 请写明退回的备件：--line { $form }
parts-req-return-beyond = 领用申请单 { $code } 的备件 { $part }：已发 { $issued }，已退 { $returned }；不能再退 { $qty }：最多可退 { $returnable }（不是在 { $code } 上发放的备件，请退回到发放它的申请单：“svc parts trace { $part }”）
parts-req-return-short = 领用申请单 { $code } 的备件 { $part }：仅发出 { $out }，不能退回 { $qty }；最多退回 { $out }，或指定其他批号（“svc parts trace { $part }”可查看 { $code } 发出了哪些批号）
parts-req-return-short-lot = 领用申请单 { $code } 的备件 { $part } 批号 { $lot }：仅发出 { $out }，不能退回 { $qty }；最多退回 { $out }，或指定其他批号（“svc parts trace { $part }”可查看 { $code } 发出了哪些批号）
parts-part-inactive = 备件 { $part } 已停用；请先用“svc parts edit { $part } --active true”重新启用
parts-supplier-licence-expired = 供应商 { $supplier } 资质不合格：其许可证已于 { $expires } 过期；请先用“svc parts supplier edit { $supplier } --licence-expires 日期”登记换发后的许可证
parts-po-needs-line = 采购单至少要有一行明细 --line { $form }
parts-po-line-no-price = 明细 { $part }：缺少单价；请写成 { $form }
parts-po-line-bad-price = 明细 { $part }：{ $problem }
parts-po-line-bad-delivery = 明细 { $part }：交货日期 { $problem }
parts-receipt-needs-line = 到货登记至少要有一行明细 --line { $form }
parts-po-part-not-on = 备件 { $part } 不在采购单 { $po } 中
parts-receipt-beyond = 采购单 { $po } 的备件 { $part }：订购 { $ordered }，已到货 { $received }；再到 { $qty } 超出订购数量（多出部分请另下采购单，或退回）
parts-receipt-line-bad-expiry = 明细 { $part }：有效期 { $problem }
parts-inspect-not-on-receipt = { $part } 不在到货单 { $receipt } 中（“svc parts receipts --format json”可查看其明细）
parts-inspect-not-on-receipt-lot = { $part } 批号 { $lot } 不在到货单 { $receipt } 中（“svc parts receipts --format json”可查看其明细）
parts-inspect-several-lots = 备件 { $part } 在到货单 { $receipt } 中有多个批号：请指明批号（{ $form }）
parts-inspect-too-many = 备件 { $part }：验收合格 { $accepted }、不合格 { $rejected }，但只到货 { $arrived }
parts-inspect-too-many-lot = 备件 { $part } 批号 { $lot }：验收合格 { $accepted }、不合格 { $rejected }，但只到货 { $arrived }
parts-inspect-undecided = 到货单 { $receipt } 的每一件都须判定合格或不合格；未判定：{ $undecided }（用 --accept、--reject 或 --accept-rest）

## core
clock-bad-now = SVC_NOW={ $value } 不是时间：请用 RFC 3339（2026-03-05T09:30:00+08:00）、本地时间“2026-03-05 09:30”或日期
equipment-no-customer = 没有客户 { $customer }（请先新增或导入该客户）
equipment-new-model = 设备型号目录新增：{ $model }（{ $manufacturer }）
equipment-warranty-until = 保修期内（至 { $until }，还剩 { $days } 天）
equipment-warranty-in = 保修期内
equipment-warranty-expired-on = 已过保（{ $until } 到期）
equipment-warranty-expired = 已过保
equipment-warranty-unknown = 不详（未登记保修截止日期）
customer-has-equipment = 客户 { $code } 名下登记有 { $devices } 台设备，不能删除：这些设备的服务记录须可追溯（见“svc equipment list --customer { $code }”）
document-write-failed = 无法生成文档：{ $reason }
due-no-kind = 没有期限类型 { $kind }：可用的类型有 { $kinds }
# $reason：序列化程序的原话。
output-write-failed = { $reason }
exchange-map-not-found = 没有列映射文件 { $path }：请检查 --map 的路径
exchange-map-unreadable = 无法读取列映射文件 { $path }：{ $reason }
exchange-map-invalid = 列映射文件 { $path } 无效：{ $reason }（可用的键：encoding、columns、values）
exchange-map-no-column = 列映射文件 { $path }：“{ $target }”不是这里的列；可用的列：{ $columns }
# $reason：编码器无法写出的内容。
exchange-bad-output = { $reason }
exchange-csv-failed = 无法写出 CSV：{ $reason }
exchange-encode-failed = { $reason }
exchange-no-file = 没有文件 { $path }：请检查路径
exchange-unreadable = { $name }：{ $reason }；未写入任何数据
exchange-no-header = { $name }：文件为空或没有表头行
exchange-record-nested = { $name }：第 { $pos } 条记录：“{ $key }”的值是列表或对象；每个字段只能是单个值
exchange-record-not-object = { $name }：第 { $pos } 条记录不是对象
exchange-yaml-empty = { $name }：文件为空；YAML 导入须为记录列表
exchange-yaml-not-mapping = { $name }：第 { $pos } 条记录不是“列: 值”的映射
dump-encode-failed = { $what }：{ $reason }
dump-manifest-encode-failed = 清单：{ $reason }
dump-not-a-manifest = { $path } 不是“svc export”写出的清单：{ $reason }
dump-format = { $path } 的格式为 { $format }；本版 svc 读取 { $expected }：请用写出它的 svc 恢复
dump-redacted = { $dir } 导出时使用了 --redact：其中的个人信息已脱敏，不能作为整库恢复；请不加 --redact 重新导出，或用“svc import { $dir } --flat”合并其记录
dump-schema-version = { $dir } 中数据库的结构版本为 { $version }（svc { $svc }），本版 svc 为 { $ours }：请用相同版本的 svc 恢复，再由本版迁移（用“svc db check”打开）
dump-mismatch = { $path } 与清单不符（SHA-256 { $hash }，{ $rows } 行；清单：{ $expected_hash }，{ $expected_rows } 行）：导出文件被改动或不完整；未写入任何数据，请重新导出
dump-outside = 清单中的 { $file } 不在导出目录内
dump-tables-differ = 导出文件中的表（{ $theirs }）与本结构的表（{ $ours }）不一致：清单被改动过
dump-not-empty = 数据库中已有记录（{ $table } 中 { $rows } 条）：整库导出只能恢复到空数据库（用“svc --db 新文件.db init”创建），或用“svc import 目录 --flat”合并各类文件
dump-table-vanished = 表不见了
dump-columns-differ = 表 { $table } 在导出文件中的列为（{ $dump }），本结构中为（{ $schema }）
dump-would-fail-check = 恢复后的数据库将无法通过“svc db check”（{ $failed }）；未写入任何数据
dump-line-unreadable = { $path } 第 { $line } 行：{ $reason }
dump-line-values = { $path } 第 { $line } 行：{ $values } 个值，对应 { $columns } 列
dump-line-no-value = { $path } 第 { $line } 行：{ $value } 不是导出文件中的值
dump-changed = { $path } 在恢复过程中被改动；未写入任何数据

## 显示标签（表格、Markdown、HTML 的表头与取值；csv/json/yaml 保持英文键，见 catalogue.rs）
# 列名：col-<列键>。各领域在自己的 .ftl 中追加本领域的列名；缺少的列名显示英文列键。

col-field = 项目
col-value = 数值
# repair show、ticket show 等逐项显示的表头（csv 中仍为 field,value）
col-show-value = 内容
col-id = 序号
col-code = 编号
col-name = 名称
col-type = 类型
col-kind = 类别
col-category = 备件分类
col-status = 状态
col-state = 状态
col-days_left = 剩余天数
col-active = 在用
col-note = 备注
col-notes = 说明
col-comment = 意见
col-reason = 原因
col-detail = 详情
col-at = 时间
col-by = 经办人
col-who = 负责人
col-actor = 操作人
col-action = 操作
col-date = 日期
col-due = 到期日
col-days_late = 逾期天数
col-days_overdue = 逾期天数
col-days_since = 距上次天数
col-overdue = 已逾期
col-breached = 已超时
col-clause = 条款
col-subject = 事项
col-reference = 关联单号
col-lines = 明细
col-items = 检验项
col-timeline = 处理记录
# svc history
col-entity = 记录类型
# 各 show 命令中其余的字段
col-login = 登录名
col-year = 年度
col-visit = 保养单号
col-plan_version = 计划版本
col-signed_at = 签字时间
col-sign_method = 签字方式
col-written = 编写时间
col-drafted_from = 起草自工单
col-added_at = 添加时间
col-limits = 限值
col-before = 修改前
col-after = 修改后
# 各 show 命令中的分节标题
col-attachments = 附件
col-checklists = 检查表记录
col-exchanges = 行业交流
col-promotions = 晋级记录
col-rounds = 整改记录
col-service_needs = 服务需求
col-training_hours_this_year = 本年培训学时
col-trainings = 培训记录
col-versions = 版本记录
col-repairs = 维修单
# repair show 的各部分及其列
col-plans = 维修方案
col-parts_used = 已用备件
col-inspections = 维修质量检验
col-labour = 工时费
col-estimate = 预计费用
col-finish_by = 预计完成
col-consented_by = 确认人
col-method = 确认方式
col-consented = 确认时间
col-planned_parts = 方案备件
col-protocol = 检验规程
col-instrument = 检测仪器
col-certificates = 资质证书
col-equipment = 设备
col-stock = 库存
col-receipts = 到货单
col-count_lines = 盘点明细
col-check = 检查项
col-result = 结果
col-key = 代号
col-min = 下限
col-max = 上限
col-standard = 标准
col-devices = 设备台数
col-warranty = 保修

# 客户
col-customer = 客户
col-customer_code = 客户编号
col-customer_name = 客户名称
col-contact = 联系人
col-phone = 电话
col-email = 电子邮箱
col-address = 地址
col-province = 省份
col-city = 城市
col-created = 创建时间
col-created_on = 建档日期

# 设备
col-serial_no = 序列号
col-model = 型号
col-manufacturer = 生产厂家
col-registration_no = 注册证号
col-installed_on = 装机日期
col-location = 位置
col-warranty_until = 保修截止日
col-warranty_status = 保修状态
col-warranty_note = 保修说明

# 员工与资质证书
col-staff_code = 员工编号
col-staff_name = 姓名
col-role = 岗位
col-number = 证书编号
col-expires = 有效期至

# 工单
col-ticket = 工单号
col-channel = 受理渠道
col-priority = 优先级
col-symptom = 故障现象
col-reporter = 报修人
col-reported_on = 报修日期
col-assigned_to = 指派给
col-opened = 开单时间
col-opened_at = 受理时间
col-responded_at = 首次响应时间
col-response_due = 响应时限
col-resolution_due = 解决时限
col-resolution = 处理结果
col-closed_at = 关闭时间
col-responded = 响应时间
col-closed = 结案时间
col-waiting_on = 等待原因
col-waited_hours = 已等待（小时）

# 维修
col-repair = 维修单号
col-repair_status = 维修状态
col-technician = 技术员
col-difficulty = 维修难度
col-cause = 故障原因
col-process = 维修过程
col-parts = 备件
col-signed = 签字时间
col-signed_by = 客户签字人
col-finished_on = 完成日期

# 回访与满意度调查
col-respondent = 受访人
col-rating = 评分
col-attitude = 服务态度
col-communication = 沟通
col-quality = 维修质量
col-speed = 响应速度
col-overall = 总体评价
col-nps = 推荐意愿（NPS）

# 备件、出入库
col-part_no = 备件编号
col-spec = 规格
col-unit = 单位
col-lot = 批号
col-qty = 数量
col-expiry = 有效期
col-price = 单价
col-cost = 成本
col-unit_cost = 单位成本
col-avg_cost = 平均成本
col-balance = 结存
col-on_hand = 现存量
col-usable = 可用量
col-on_order = 在途量
col-min_qty = 最低库存
col-reorder_qty = 再订货量
col-shelf_life_days = 保质期（天）
col-last_movement = 最近出入库
col-idle_days = 呆滞天数
col-demand = 需求量
col-suggest = 建议采购量
col-warehouse = 仓库
col-bin = 货位
col-supplier = 供应商
col-licence_no = 许可证号
col-licence_expires = 许可证有效期至

# 采购、到货、验收
col-po = 采购单号
col-ordered = 订购数量
col-delivery = 交货日期
col-next_delivery = 最近交货日期
col-receipt = 到货单号
col-received = 到货数量
col-accepted = 合格数量
col-rejected = 不合格数量
col-inspected_by = 验收人

# 盘点
col-count = 盘点单号
col-scope = 盘点范围
col-book_qty = 账面数量
col-counted_qty = 实盘数量
col-first_qty = 初盘数量
col-counted = 已盘行数
col-difference = 差异
col-differing = 差异行数
col-started = 开始时间
col-started_by = 发起人
col-posted = 过账时间

# 领用
col-requisition = 领用单号
col-requested = 申请时间
col-requested_by = 申请人
col-requested_qty = 申请数量
col-decided_by = 审批人
col-issued = 已发数量
# 同一列键在某个命令下另有含义：col-<命令>-<列键>（先查此处，再查 col-<列键>）
col-staff-issued = 发证日期
col-parts-value = 金额
col-returned = 已退数量
col-fulfilment = 发放情况

# 仓库安全检查
col-last_check = 上次检查
col-temperature = 温度
col-humidity = 湿度
col-fire = 消防
col-security = 安防
col-damp = 防潮

# 状态：status-<流程>-<状态>，流程即 registry::FLOWS 中的实体名。

status-ticket-open = 待处理
status-ticket-assigned = 已派单
status-ticket-in_progress = 处理中
status-ticket-waiting = 等待中
status-ticket-closed = 已关闭
status-repair-diagnosing = 诊断中
status-repair-diagnosed = 已诊断
status-repair-awaiting_consent = 待客户确认
status-repair-consented = 客户已确认
status-repair-in_repair = 维修中
status-repair-inspected = 已检验
status-repair-reported = 已出报告
status-repair-signed = 已签字确认
status-repair-declined = 客户拒修
status-purchase_order-open = 未完成
status-purchase_order-received = 已到齐
status-purchase_order-cancelled = 已取消
status-receipt-quarantine = 待验收
status-receipt-inspected = 已验收
status-count-open = 盘点中
status-count-posted = 已过账
status-count-cancelled = 已取消
status-requisition-pending = 待审批
status-requisition-approved = 已批准
status-requisition-rejected = 已驳回
status-requisition-cancelled = 已取消

# 取值：value-<列键>-<值>。

value-kind-fault = 故障
value-kind-enquiry = 咨询
value-kind-complaint = 投诉
value-kind-installation = 安装调试
value-kind-training = 培训
value-kind-opening = 期初
value-kind-receipt = 采购入库
value-kind-issue = 领用出库
value-kind-return = 领用退回
value-kind-transfer = 调拨
value-kind-adjustment = 盘盈盘亏调整
value-kind-scrap = 报废
value-kind-reversal = 冲销
value-kind-followup = 回访
value-kind-safety = 仓库安全检查
value-kind-po = 采购交货
value-kind-ticket = 工单
value-kind-certificate = 资质证书
value-kind-check = 检查
value-kind-measure = 测量
value-channel-hotline = 客服热线
value-channel-online = 线上
value-channel-email = 电子邮件
value-channel-visit = 上门
value-priority-urgent = 紧急
value-priority-high = 高
value-priority-normal = 普通
value-priority-low = 低
value-warranty_status-in_warranty = 保修期内
value-warranty_status-expired = 已过保
value-warranty_status-unknown = 不详
value-method-signature = 签字
value-method-phone = 电话
value-method-email = 电子邮件
value-method-wechat = 微信
value-sign_method-signature = 签字
value-sign_method-phone = 电话
value-sign_method-email = 电子邮件
value-sign_method-wechat = 微信
value-difficulty-simple = 简单
value-difficulty-moderate = 一般
value-difficulty-complex = 复杂
value-type-hospital = 医院
value-type-clinic = 诊所
value-type-distributor = 经销商
value-type-other = 其他
value-fulfilment-none = 未发放
value-fulfilment-partial = 部分发放
value-fulfilment-full = 已发齐
value-result-pass = 合格
value-result-fail = 不合格
value-entity-customer = 客户
value-entity-staff = 员工
value-entity-certificate = 资质证书
value-entity-equipment = 设备
value-entity-part = 备件
value-entity-supplier = 供应商
value-entity-location = 库位
value-entity-stock = 期初库存
value-entity-ticket = 工单
value-entity-repair = 维修单
value-entity-survey = 满意度调查
value-entity-requisition = 领用申请单
value-entity-purchase_order = 采购单
value-entity-receipt = 到货单
value-entity-count = 盘点单
value-entity-stock_count = 盘点单
value-area-customers = 客户
value-area-staff = 员工
value-area-certificates = 资质证书
value-area-equipment = 设备
value-area-parts = 备件
value-area-suppliers = 供应商
value-area-locations = 库位
value-area-stock = 期初库存
value-area-tickets = 工单
value-area-repairs = 维修记录
value-area-surveys = 满意度调查
value-record-ticket = 工单
value-record-repair = 维修单
value-record-purchase_order = 采购单
value-record-receipt = 到货单
value-record-stock_count = 盘点单
value-record-requisition = 领用申请单
value-record-complaint = 投诉
value-record-inspection = 内部检查
value-record-finding = 问题
value-record-drill = 应急演练
value-record-incident = 应急事件
value-record-customer_training_plan = 客户培训计划

# 处理记录（show 的 timeline）与 svc history 中“操作”列的取值
value-action-add = 新增
value-action-import = 导入
value-action-edit = 修改
value-action-delete = 删除
value-action-open = 新建
value-action-close = 关闭
value-action-reopen = 重新打开
value-action-assign = 指派
value-action-respond = 首次响应
value-action-note = 备注
value-action-wait = 转入等待
value-action-resume = 恢复处理
value-action-repair = 开维修单
value-action-diagnose = 诊断
value-action-visit = 上门检测
value-action-plan = 制定方案
value-action-consent = 客户确认
value-action-decline = 客户拒修
value-action-start = 开始维修
value-action-use-part = 使用备件
value-action-inspect = 检验
value-action-report = 出具报告
value-action-sign = 签字确认
value-action-followup = 回访
value-action-amend = 补充说明
value-action-approve = 批准
value-action-reject = 驳回
value-action-issue = 发放
value-action-return = 退库
value-action-cancel = 取消
value-action-receive = 收货
value-action-post = 过账
value-action-submit = 提交
value-action-recount = 复盘
value-action-acknowledge = 受理
value-action-investigate = 调查
value-action-resolve = 处理
value-action-inform = 告知客户
value-action-corrective = 关联纠正措施
value-action-rectify = 整改
value-action-recheck = 复查
value-action-sample = 抽查
value-action-record = 记录
value-action-evaluate = 评估
value-action-answer = 答复
value-action-run = 生成
value-action-confirm = 确认

# 状态流转的提示：hint-<流程>-<操作>（须先做什么），hint-<流程>-<操作>-again（已办理过时改做什么）。

hint-ticket-assign = 请先重新打开工单
hint-ticket-respond = 工单须先派给技术员才能首次响应（“svc ticket assign T --to 员工”）；已响应的工单请添加备注
hint-ticket-respond-again = 请改为添加备注（“svc ticket note T 内容”）
hint-ticket-wait = 请先派单；等待中的工单须先恢复处理，才能再次等待
hint-ticket-resume = 只有等待中的工单才能恢复处理
hint-ticket-close-again = 请先重新打开工单（“svc ticket reopen T --reason ..”）
hint-ticket-reopen = 只有已关闭的工单才能重新打开
hint-ticket-repair = 请先将工单派给技术员（“svc ticket assign T --to 员工”）
hint-repair-diagnose = 该维修单已过诊断阶段
hint-repair-visit = 该维修单已过诊断阶段
hint-repair-plan = 请先诊断（“svc repair diagnose R --finding 诊断所见”）
hint-repair-consent = 请先制定维修方案（“svc repair plan R ...”）；客户确认的是最新一版方案
hint-repair-decline = 只有待客户确认的方案才能被客户拒绝
hint-repair-start = 客户确认维修方案后才能开始维修（R3.3.2）：“svc repair consent R --by 姓名 --method phone”
hint-repair-use-part = 备件在维修过程中使用：须先经客户确认方案并开始维修
hint-repair-requisition = 已签字或客户拒修的维修单不再领用备件
hint-repair-inspect = 维修开始（并完成维修工作）后才能检验
hint-repair-report = 维修质量检验合格后才能出具维修报告（R3.4.1）：“svc repair inspect R --protocol 规程 --value 检验项=结果...”
hint-repair-sign = 客户在维修报告上签字：请先出具报告（“svc repair report R --cause 故障原因 --process 维修过程”）
hint-repair-sign-again = 已签字的维修报告如需更正，请添加补充说明（“svc repair amend R 内容”）
hint-repair-followup = 客户签字确认后才能回访
hint-repair-amend = 补充说明用于更正已签字的报告；签字前请重新出具报告
hint-purchase_order-receive = 已全部到货或已取消的采购单不再收货：请另下采购单
hint-purchase_order-settle = 只有尚在等待到货的采购单才有待验收的到货
hint-purchase_order-cancel = 只有未完成的采购单才能取消；已到货的记录保留
hint-receipt-inspect-again = 验收结论不可更改（事后发现有问题的货品请用“svc parts scrap”出库，并写明原因）
hint-count-submit = 如需重新盘点，请新建盘点单（“svc parts count start”）
hint-count-recount = 如需重新盘点，请新建盘点单（“svc parts count start”）
hint-count-post = 如需重新盘点，请新建盘点单（“svc parts count start”）
hint-count-cancel = 如需重新盘点，请新建盘点单（“svc parts count start”）
hint-requisition-approve = 领用申请单只在待审批时审批一次
hint-requisition-reject = 领用申请单只在待审批时审批一次
hint-requisition-issue = 只有已批准的领用申请单才能发放备件：待审批的须先审批（“svc parts req approve RQ --by 员工”）；已驳回或已取消的，请重新提交领用申请
hint-requisition-return = 该申请单没有发放过备件
hint-requisition-cancel = 已驳回的领用申请单已经结束
# 流程中的操作：action-<流程>-<操作>，拒绝办理时说“某操作须在某状态下办理”。

action-ticket-assign = 派单
action-ticket-respond = 首次响应
action-ticket-note = 添加备注
action-ticket-wait = 转入等待
action-ticket-resume = 恢复处理
action-ticket-close = 关闭工单
action-ticket-reopen = 重新打开工单
action-ticket-repair = 开维修单
action-repair-diagnose = 诊断
action-repair-visit = 上门检测
action-repair-plan = 制定维修方案
action-repair-consent = 客户确认
action-repair-decline = 客户拒修
action-repair-start = 开始维修
action-repair-use-part = 使用备件
action-repair-requisition = 领用备件
action-repair-inspect = 维修质量检验
action-repair-report = 出具维修报告
action-repair-sign = 签字确认
action-repair-followup = 回访
action-repair-amend = 补充说明
action-purchase_order-receive = 收货
action-purchase_order-settle = 到货结清
action-purchase_order-cancel = 取消采购单
action-receipt-inspect = 到货验收
action-count-submit = 提交盘点表
action-count-recount = 复盘
action-count-post = 盘点过账
action-count-cancel = 取消盘点
action-requisition-approve = 审批通过
action-requisition-reject = 驳回
action-requisition-issue = 发放备件
action-requisition-return = 退库
action-requisition-cancel = 取消领用申请
value-state-expired = 已过期
value-state-expiring = 即将到期
value-state-valid = 有效
value-state-match = 相符
value-state-differs = 有差异
value-state-found = 账外盘盈
value-state-uncounted = 未盘点
value-state-recount = 待复盘
value-overdue-response = 响应
value-overdue-resolution = 解决
value-breached-response = 响应
value-breached-resolution = 解决
value-waiting_on-customer = 客户
value-waiting_on-parts = 备件
value-result-ok = 通过
value-result-FAILED = 不通过
value-result-passed = 通过
# 是/否（表格中的 true、false）
value-bool-true = 是
value-bool-false = 否
