# 数据库文件：svc init、svc db backup 和数据库升级的提示（src/db/msg.rs）。
db-created = 已创建 { $path }（数据库结构版本 { $version }，仅文件所有者可读写）；时间按业务时区 { $zone } 显示和录入（可用“svc config set time.zone 时区”更改，如 +08:00）
db-up-to-date = { $path } 已是最新（数据库结构版本 { $version }）
db-backed-up = 已将 { $from } 备份至 { $to }
db-upgraded = 升级前已将 { $path }（数据库结构版本 { $from }）备份至 { $backup }，随后升级到版本 { $to }：请保留该备份，直到“svc db check”检查通过、升级后的文件经过一段时间正常使用
