# 终端两端的恶意文本，以及攻击测试发现的其他问题（src/hostile.rs）。

hostile-argument-control = 参数 { $value } 含有控制字符 { $char }：显示该记录时终端会执行它（移动光标、改写窗口标题或隐藏文字）。文本中只允许制表符和换行；未执行任何操作。请去掉该字符后重新输入
hostile-argument-carriage-return = 参数 { $value } 含有回车符（U+000D）：用 Windows 换行（CRLF）保存的脚本会在每行末尾带上它。未执行任何操作。请将脚本另存为 Unix 换行（dos2unix），或删除该回车符
hostile-attachment-name = { $name } 不能作为附件名称：'svc kb attachment get' 会以该名称写出文件，因此它必须是单纯的文件名，不含 '/'，不能是 '.' 或 '..'，也不能含控制字符或不可见字符。请用 --name 另取一个名称
hostile-database-not-regular = { $path } 不是普通文件（而是目录、设备、管道或套接字）：数据库是一个文件。请用 --db 或 SVC_DB 指定数据库文件
hostile-database-damaged = 数据库文件已损坏（SQLite：database disk image is malformed）：{ $what } 未能完成，未写入任何内容。请原样保留该文件以便调查，并用 'svc db restore BACKUP' 恢复最近的备份
hostile-time-in-gap = { $time } 在业务时区中不存在：夏令时开始时时钟跳过了这一小时。请按当时时钟显示的时间（晚一小时）填写，或带上时区偏移（RFC 3339）
hostile-help-not-written = 帮助信息未能写出（{ $reason }）
hostile-output-system-place = { $path } 位于 /dev、/proc 或 /sys，或有符号链接指向那里（/dev/stdout 即是）：那些属于系统，svc 不在那里写任何记录，加 --force 也不行。请指定一个文件，或用 '-' 表示标准输出
