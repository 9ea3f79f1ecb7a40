# 导入导出引擎（src/exchange/msg.rs）。
exchange-encoding-read-only = --encoding { $encoding } 只用于读取；写出请用 utf-8、gbk 或 gb18030
exchange-fields-count = 本行有 { $found } 个字段，表头有 { $expected } 个（多了逗号或引号？）
exchange-quote-unclosed = 第 { $line } 行：此处开始的引号字段没有结束（缺少 "，或文件不完整）
exchange-not-utf8 = 第 { $line } 行：文本不是 UTF-8（{ $reason }）；如果文件是 GBK 编码，请加 --encoding gbk
exchange-row-too-long = 第 { $line } 行：一行超过 { $limit } MiB，拒绝导入（引号没有结束，或根本不是表格文件）
exchange-field-too-long = 第 { $record } 条记录：一个字段超过 { $limit } MiB，拒绝导入（字段是一段文字，不能是整份文档或文件）
exchange-damaged = { $value } 已被表格软件损坏：{ $why }。请在源文件中以文本格式重新录入，或加 --accept-damaged 按原样导入
exchange-damaged-scientific = 以科学计数法保存，末尾几位数字已丢失
exchange-damaged-zero = 这个长度的号码是丢了开头 0 的电话号码
exchange-damaged-accepted = 注意：{ $count } 个被表格软件损坏的值已按原样导入（--accept-damaged），如第 { $pos } { $at ->
        [record] 条记录
       *[other] 行
    }的 { $example }：请核对
exchange-key-again = 注意：{ $label } 在本文件第 { $pos } { $at ->
        [record] 条记录
       *[other] 行
    }再次出现（{ $mode }：{ $mode ->
        [upsert] 以后一行为准
       *[other] 后一行被跳过
    }）；请核对哪一行正确
exchange-number-codes = 注意：{ $header } 列有 { $count } 个编号写成了数字（如第 { $pos } { $at ->
        [record] 条记录
       *[other] 行
    }的 { $example }）：数字会丢掉开头的 0（00123 变成 123）。已按显示的内容导入，请核对；JSON 和 YAML 中的编号请加引号
exchange-map-not-utf8 = 列映射文件 { $path } 不是 UTF-8 编码（存成了 GBK？）：请另存为 UTF-8；其中的 encoding: 指的是数据文件的编码
exchange-delimiter-bad = --delimiter { $value }：请给一个字符，或 tab
exchange-bad-bytes = 第 { $line } 行：有不符合 { $encoding } 编码的字节（{ $hint }）
exchange-hint-took-utf8 = svc 按 UTF-8 读取该文件：如果它是 GBK 编码，请加 --encoding gbk
exchange-hint-not-text = 既不是 UTF-8 也不是 GBK 文本：表格文件须先另存为 CSV
exchange-hint-check-encoding = 请检查 --encoding：utf-8、gbk、gb18030 或 utf-16
exchange-unmappable = 字符“{ $character }”无法用 { $encoding } 写出：请改用 UTF-8 或 gb18030 导出
exchange-control-character = 含有控制字符 { $code }：文本中只允许制表符和换行
exchange-leftover-cells = { $reason }（这些单元格没有对应的列：{ $cells }）
exchange-json-invalid = 不是有效的 JSON：{ $reason }
exchange-yaml-invalid = 不是 YAML 记录列表：{ $reason }
exchange-invisible-character = { $value } 含有不可见字符 { $code }：两个看起来相同的编号必须真的相同，请删去该字符
