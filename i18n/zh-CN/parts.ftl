# 备件管理：命令的提示（src/parts/msg.rs）。
parts-transferred = 备件 { $part } × { $qty } 已从 { $from } 移库至 { $to }
parts-adjusted = 备件 { $part }（库位 { $location }）库存已调整 { $qty }
parts-scrapped = 备件 { $part } × { $qty } 已在 { $location } 报废出库
parts-inspected = 到货单 { $receipt } 已完成验收；合格备件已入库
parts-po-cancelled = 采购订单 { $po } 已取消
parts-received = 已收货，暂存待验区；请用“svc parts inspect { $receipt } ...”办理验收
parts-safety-recorded = 仓库 { $warehouse } 的安全检查已登记
parts-count-started = 盘点单 { $code } 已开始：{ $lines } 行明细已按账面数量冻结
parts-count-sheet-written = 盘点单 { $code } 共 { $lines } 行，已写入 { $file }
parts-count-submitted = 盘点单 { $code }：读取 { $rows } 行，录入 { $set } 行实盘数（其中有变化 { $changed } 行，盘盈新批次 { $found } 行），空白 { $blank } 行
parts-count-recount = 盘点单 { $code } 有 { $lines } 行需要复盘（“svc parts count sheet { $code } --recount-only”可生成复盘表）
parts-count-posted = 盘点单 { $code } 已过账：库存调整 { $lines } 笔，金额 { $value } 元
parts-count-cancelled = 盘点单 { $code } 已作废；库存未作任何调整
parts-count-row-other-count = 此行属于盘点单 { $sheet }，不是 { $code }
parts-count-row-negative = 实盘数量 { $qty } 为负数
parts-count-row-bad = { $column }：{ $problem }
parts-count-row-twice = 备件 { $part }（库位 { $location }，批号“{ $lot }”）与{ $at ->
        [record] 第 { $first } 条记录
       *[other] 第 { $first } 行
    }重复：每条明细只能填一行（实盘数是覆盖，不是累加）
parts-count-row-no-part = 备件目录中没有“{ $part }”
parts-count-row-no-location = 没有库位“{ $location }”
parts-count-row-out-of-scope = 备件 { $part }（库位 { $location }）不在盘点单 { $code } 的盘点范围内
parts-count-row-other-open = 备件 { $part }（库位 { $location }）正在由未结束的盘点单 { $other } 盘点
parts-count-row-lot-typo = 备件 { $part }（库位 { $location }）的批号“{ $lot }”不在本次盘点明细中，但批号“{ $meant }”在：是否应为 { $meant }？（确为货架上的新批次：加 --new-lot { $lot }）
parts-count-row-late-lot = 备件 { $part }（库位 { $location }，批号“{ $lot }”）是盘点开始后才入账的；请在下一次盘点中盘点
parts-count-row-found = 备件 { $part }（库位 { $location }，批号“{ $lot }”）为盘盈：{ $why }
parts-count-found-no-expiry = 该备件其他批次都有有效期，而备件没有设定保质期可供推算：请在盘点表的“expiry”列填写该批次的有效期（见包装）
parts-req-issued = 已从 { $location } 领用出库 { $part } × { $qty }
parts-req-issued-lot = 已从 { $location } 领用出库 { $part } × { $qty }（批号 { $lot }）
parts-req-returned = 已退库 { $part } × { $qty } 至 { $location }
parts-req-cancelled = 领用申请单 { $code } 已取消
parts-req-approved = 领用申请单 { $code } 已批准
parts-req-rejected = 领用申请单 { $code } 已驳回
parts-stock-qty-missing = 缺失（数量至少为 1）
parts-stock-no-part = 没有备件 { $part }（请先添加或导入备件目录）
parts-stock-no-location = 没有库位 { $location }（可用“svc parts location add”添加）
parts-shelf-life-century = 超过一百年：保质期请以天数填写
parts-supplier-rating = 评级为 1 到 5
