# 加固（issue 9）：输出文件、历史记录哈希链、数值溢出、异常输入。

hardening-output-is-database = { $path } 是数据库本身或其日志文件，任何输出都不会覆盖它。请换一个文件名；如需复制数据库，请用 'svc db backup 文件'
hardening-output-is-input = { $path } 正是本命令要读取的文件，写入会毁掉输入本身。请换一个文件名
hardening-output-not-regular = { $path } 不是普通文件（目录、设备、管道或套接字），svc 只写入新文件或普通文件。请指定文件名，或用 '-' 输出到屏幕
hardening-output-exists = { $path } 已存在：请换一个文件名，或加 --force 覆盖
hardening-output-dir-not-empty = { $path } 已存在且不为空：请指定一个新目录，或加 --force 写入该目录
hardening-output-failed = 无法写入 { $path }：{ $reason }
hardening-amount-overflow = 金额或数量超出 svc 可保存的范围（最大 92,233,720,368,547,758.07）：请检查相关单价和数量；未写入任何内容
hardening-seal-file-missing = 找不到封存文件 { $path }：请把 'svc db seal' 输出的行保存在数据库以外的文件中，并在此指定该文件
hardening-seal-file-bad = { $path } 第 { $lines } 行不是封存记录：每行须为 'svc db seal' 输出的 'svc-seal/1 条数 编号 哈希'
hardening-code-not-printed = 无法输出编号 { $code }（{ $reason }）：记录未创建，未写入任何内容。请在标准输出可写的情况下重新运行该命令
hardening-customer-referenced = 客户 { $code } 已有工单或其他服务记录，不能删除（这些记录须保留其客户）
hardening-restore-backup-has-wal = { $path } 旁边还有 { $path }-wal：最近的更改尚未写入该文件。请先用 'svc --db { $path } db check' 打开一次（会将其并入），再恢复
hardening-restore-not-svc = { $path } 不是 svc 数据库备份（{ $reason }）：未恢复任何内容
hardening-restore-no-backup = 找不到备份文件 { $path }：请指定由 'svc db backup' 生成的文件
hardening-restored = 已从 { $backup } 恢复数据库；恢复前的记录保存在 { $kept }
hardening-table-too-long = 超过 { $rows } 行：列表改为 CSV 格式继续输出（这么长的表格需要全部载入内存）；请用筛选条件或 --limit 缩小范围，或直接使用 --format csv
hardening-not-svc-database = { $path } 不是 svc 数据库（为空，或不是 SQLite 文件）：请用 --db 或 SVC_DB 指定正确的文件，用 'svc init' 新建，或用 'svc db restore 备份文件' 恢复

# 真实身份（identity.enforce）：以操作系统认定的登录用户为准。
hardening-identity-not-you = 已启用身份核验（identity.enforce）：您当前的登录账号是 { $login }，对应人员为 { $mine }，不是 { $code }。请以本人身份操作（--by { $mine }）；{ $code } 须用其本人账号登录后操作
hardening-identity-unbound = 已启用身份核验（identity.enforce）：登录账号 { $login } 未绑定任何人员，不能以任何人员身份操作。请主管用 'svc staff edit 人员编号 --login { $login }' 绑定
hardening-identity-say-who = 已启用身份核验（identity.enforce）：请用 --by { $mine } 写明操作人（即您的登录账号 { $login } 所绑定的人员），不再使用默认人员
hardening-identity-manager-only = 身份核验已启用或正在启用：只有绑定当前登录账号且在职的主管才能修改 { $what }，登录账号 { $login } 不符合。请由该主管操作
hardening-identity-bad-login = { $login } 不是有效的登录账号：请按系统中的账号名填写（不含空格、不可见字符或控制字符，最长 64 字节），留空则解除绑定
hardening-identity-login-taken = 登录账号 { $login } 已绑定 { $code }：一个账号只对应一个人。请先解除其绑定（'svc staff edit { $code } --login ""'）
hardening-identity-login-set = { $code } 已绑定登录账号 { $login }
hardening-identity-login-cleared = { $code } 已解除登录账号绑定

# 日期合理范围。
hardening-date-out-of-range = { $date } 超出 svc 接受的日期范围（{ $earliest } 至 { $latest }）：请检查年份，可能输错或颠倒了数字

# 磁盘已满。
hardening-disk-full = 磁盘已满（或文件已不能再增大）：{ $what } 未能完成，其中任何内容都未写入（事务已回滚）。请清理数据库所在磁盘的空间（df -h）后重新执行该命令
hardening-database-read-only = 此处的数据库为只读（只读介质，或无权写入该文件或其所在目录）：{ $what } 未执行，未写入任何内容。可以对其列表、查看、导出、'svc db check' 和 'svc repair verify'；如需修改记录，请使用可写的数据库

# 导入了脱敏导出的文件。
hardening-import-redacted = { $file } 是用 --redact 导出的脱敏文件（其中的 { $column } 列即为标记）：个人信息已被遮盖，导入会用遮盖后的内容替换真实的姓名、电话和地址。未导入任何内容。请不加 --redact 重新导出，再导入该文件

# 日期或时间参数的值不被接受。
hardening-date-flag-bad = { $flag } { $value }：{ $reason }
hardening-date-flag-forms = 不是 svc 能识别的日期或时间：请使用 { $forms }

# 工作簿已损坏，无法读取。
hardening-workbook-damaged = { $file } 是已损坏的工作簿，无法读取（文件不完整或已损坏）。请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 CSV
hardening-workbook-damaged-at = { $file } 是已损坏的工作簿：读到第 { $row } 行时无法继续读取，未导入任何数据。请用 Excel 或 WPS 打开后另存为 .xlsx，或导出为 CSV
hardening-table-cell-clipped = …（表格中还有 { $more } 个字符未显示：使用 --format csv 或 json 查看完整内容）

# A protocol file past its size limit (src/repair/inspection.rs).
hardening-protocol-too-long = { $file } 超过 { $limit } MiB（检验规程文件的上限）：检验规程列出一次检验的项目（几十项，几 KiB），每一项都要在 `svc repair inspect` 中用 --value 给出。请确认文件是否正确；这么长的规程请按设备类型拆分
hardening-file-too-long = { $file } 超过 { $limit } MiB，即 svc 整体读入的文件（方案、检查表、列映射、封签文件、导出目录的清单等，通常只有几 KiB）的上限。请确认文件是否正确
