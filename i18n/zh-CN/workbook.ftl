# 工作簿的读取与写出（src/exchange/workbook*.rs）。
workbook-unreadable = { $name }：无法读取该工作簿（{ $reason }）；未写入任何数据
workbook-not-a-workbook = { $name }：不是工作簿文件（.xlsx、.xls 或 .ods），文件已损坏或为其他类型；未写入任何数据
workbook-text-not-a-workbook = { $name }：扩展名是工作簿，内容却是文本；如果是 CSV，请改名为 .csv 或加 --format csv；未写入任何数据
workbook-no-sheet = { $name }：没有工作表 { $sheet }；现有工作表：{ $sheets }（--sheet 可写表名，或从 1 开始的序号）
workbook-sheet-ambiguous = { $name }：有多个工作表的表头都可导入：{ $sheets }；请用 --sheet 表名（或从 1 开始的序号）指定
workbook-empty-sheet = { $name }：工作表 { $sheet } 是空的；请用 --sheet 选择其他工作表
workbook-header-row-blank = { $name }：工作表 { $sheet } 的第 { $row } 行是空行，不能作为表头（--header-row）
workbook-formula = 该单元格是公式的计算结果（={ $formula }），不是录入的数据：是合计或汇总行吗？
workbook-error-cell = 单元格为错误值 { $error }
workbook-code-numbers = 注意：{ $header } 列有 { $count } 个数字单元格（如第 { $row } 行的 { $example }）：表格软件会去掉数字前面的 0（00311 会变成 311）。已按显示的内容导入，请核对，编号请以文本格式录入
workbook-to-terminal = xlsx 工作簿是二进制文件，不在终端上显示：请用 -o 文件名.xlsx 写出，或把输出重定向到文件
workbook-write-failed = 无法写出工作簿：{ $reason }
workbook-write-name = { $path }：svc 只写出 .xlsx 工作簿；请把文件名改为 .xlsx（Excel、WPS、LibreOffice 都能打开）
workbook-reference-zeros = { $problem }；是否应为 { $meant }？（电子表格会去掉存成数字的编号的前导零：编号请以文本格式录入）
# 盘点表数量列的数据验证：Excel 和 WPS 在单元格上显示的提示。
workbook-whole-input-title = 填写数量
workbook-whole-input = 请填写清点到的件数：0 或正整数（0、1、2……）；未清点的留空
workbook-whole-error-title = 数量有误
workbook-whole-error = 这里只能填 0 或正整数（0、1、2……），不能填小数、负数或文字；未清点的请留空
