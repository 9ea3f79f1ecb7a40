# “svc due”的“事项”一栏（表格、Markdown、HTML）；csv、json 仍为英文原文，供脚本读取。
due-what-certificate = 证书换证：{ $cert_type }（{ $name }）
due-what-ticket-response = 首次响应：{ $symptom }
due-what-ticket-resolution = 解决时限：{ $symptom }
due-what-followup = 回访 { $customer }（{ $equipment }）
due-what-po = { $supplier } 交货：{ $lines } 行未到货
due-what-safety = 仓库 { $warehouse } 安全检查（上次 { $last }）
due-what-safety-never = 仓库 { $warehouse } 安全检查（从未检查）
due-what-training = { $role ->
        [technician] 技术员
        [engineer] 工程师
        [service] 客服
        [warehouse] 库管员
        [manager] 经理
       *[other] { $role }
    } { $name } 须参加“{ $topic }”培训（上次 { $last }；规则 { $rule }）
due-what-training-never = { $role ->
        [technician] 技术员
        [engineer] 工程师
        [service] 客服
        [warehouse] 库管员
        [manager] 经理
       *[other] { $role }
    } { $name } 须参加“{ $topic }”培训（从未参加；规则 { $rule }）
due-what-drill = 预案 { $plan } 的{ $drill_kind ->
        [tabletop] 桌面演练
        [functional] 功能演练
        [full] 全面演练
       *[other] 演练（{ $drill_kind }）
    }
due-what-plan-review = 应急预案 { $plan } 演练及复审（上次演练 { $last }）
due-what-plan-review-never = 应急预案 { $plan } 演练及复审（从未演练）
due-what-incident-report = 应急事件 { $incident } 进展汇报（{ $level } 级响应）
due-what-reserve = 应急物资库 { $location } 检查（上次 { $last }，{ $days } 天前）
due-what-reserve-never = 应急物资库 { $location } 检查（从未检查）
due-what-first-visit = 首次回访 { $customer }
due-what-visit = 回访 { $customer }
due-what-complaint-ack = 受理投诉：{ $category ->
        [repair-quality] 维修质量
        [response-time] 响应时间
        [attitude] 服务态度
        [parts] 备件
        [product] 产品质量
        [billing] 收费
       *[other] { $category }
    }
due-what-complaint-resolve = 处理投诉：{ $category ->
        [repair-quality] 维修质量
        [response-time] 响应时间
        [attitude] 服务态度
        [parts] 备件
        [product] 产品质量
        [billing] 收费
       *[other] { $category }
    }
due-what-adverse-event = 上报可疑不良事件：{ $harm ->
        [none] 无患者伤害
        [possible] 可能伤害患者
        [serious-injury] 患者严重伤害
        [death] 患者死亡
       *[other] { $harm }
    }
due-what-rectification = 整改{ $severity ->
        [major] 严重不符合项
        [minor] 一般不符合项
        [observation] 观察项
       *[other] { $severity } 不符合项
    }（{ $clause }）：{ $description }
due-what-inspection = 开展内部检查：{ $scope }
due-what-standard-review = 复审标准第 { $version } 版：{ $title }
due-what-maintenance = { $customer } 的 { $model } 预防性维护（{ $plan }）
due-what-customer-training-hold = 为 { $name } 开展 { $model } 的{ $topic ->
        [operation] 操作培训
        [maintenance] 维护保养培训
        [troubleshooting] 故障排除培训
       *[other] “{ $topic }”培训
    }
due-what-customer-training-evaluate = 评估 { $name } 的 { $model } { $topic ->
        [operation] 操作培训
        [maintenance] 维护保养培训
        [troubleshooting] 故障排除培训
       *[other] “{ $topic }”培训
    }效果

