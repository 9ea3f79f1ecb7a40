# 客户技术支持（R5）：技术支持档案。
kb-field-empty = 文章的 { $field } 为空：请填写（--{ $field } 内容）
kb-no-change = 文章 { $code } 内容未变（版本 { $version }）：没有改动的编辑不生成新版本
kb-version-not-found = 文章 { $code } 没有版本 { $version }：现有版本 1 至 { $latest }（“svc kb show { $code }”可查看）
kb-query-empty = 没有检索内容：请输入一个或多个词，例如“svc kb search 黑屏”
kb-attachment-not-found = 文章 { $code } 没有附件 { $name }（现有：{ $names }）：“svc kb attachment list { $code }”
kb-attachment-exists = 文章 { $code } 已有附件 { $name }：附件不可替换，请用其他名称添加新附件（--name）
kb-attachment-corrupt = 文章 { $code } 的附件 { $name } 与添加时记录的 SHA-256 不符（{ $stored }，现为 { $actual }）：不予导出；请从备份恢复数据库并运行“svc db check”
kb-attachment-unreadable = 无法读取 { $path }：{ $reason }
kb-ticket-not-found = 没有工单 { $ticket }：“svc ticket list”可查看
kb-ticket-linked = 工单 { $ticket } 已关联文章 { $article }：一个工单只关联一篇文章
kb-ticket-no-resolution = 工单 { $ticket } 没有处理结果，无法生成文章草稿：请用 --resolution 填写后关闭
kb-not-draft = 文章 { $code } 不是草稿：已可检索
kb-added = 已添加文章 { $code }
kb-edited = 文章 { $code }：已写入版本 { $version }（旧版本可用“svc kb show { $code } --version N”查看）
kb-published = 文章 { $code } 已发布：“svc kb search”可检索到
kb-attached = 文章 { $code }：已添加附件 { $name }（{ $size } 字节，SHA-256 { $sha256 }）
kb-written = { $name } 已写入 { $path }（{ $size } 字节，SHA-256 校验通过）
kb-linked = 工单 { $ticket } 已关联解答文章 { $code }（该文章已解答 { $answered } 个工单）
kb-drafted = 已根据工单 { $ticket } 生成文章草稿 { $code }：请审核（“svc kb edit { $code } ...”）后执行“svc kb publish { $code }”
kb-hint = 已知解答（{ $count } 篇）：“svc kb show 编号”查看全文
kb-hint-line = {"  "}{ $code }  { $title }（已解答 { $answered } 次）
kb-demo =
    用技术支持档案解答一个技术咨询（R5.1）：
      { $ticket }：由文章 { $article } 解答（“svc kb search 黑屏”；“svc kb show { $article }”）

# 回访（R5.1.2）。
visit-field-empty = 回访的 { $field } 为空：请填写客户需求（--needs）和给出的建议（--advice）
visit-next-not-after = 下次回访（{ $next }）必须晚于本次回访（{ $day }）
visit-bad-interval = { $days } 天不是有效的回访间隔：请填写 0（不定期回访）至 3650 天
visit-recorded = 已记录对 { $customer } 的回访 { $code }；下次回访日期 { $next }
visit-recorded-no-next = 已记录对 { $customer } 的回访 { $code }；该客户未安排定期回访
visit-scheduled = { $customer } 的回访间隔已设为每 { $days } 天（0：不定期回访）

# Labels of columns, statuses and values shown to people (--lang zh-CN).
col-author = 作者
col-models = 适用型号
col-question = 问题或症状
col-solution = 解决方法
col-tags = 标签
col-version = 版本
col-answered = 解答工单数

# 回访与知识库清单的列
col-advice = 建议
col-needs = 需求
col-next_on = 下次回访日期
col-updated = 更新时间
value-status-published = 已发布
value-status-draft = 草稿
value-action-publish = 发布
# 知识库检索结果的 score 是匹配程度，不是考核成绩
col-kb-score = 匹配度
