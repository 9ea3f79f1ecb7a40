# 预防性维护检查表（现场填写）：svc maint sheet、svc maint record --sheet。
maint-sheet-no-plan = 设备 { $serial } 没有预防性维护方案：请先为其型号导入维护方案（“svc maint plan import”）
maint-sheet-which-plan = 设备 { $serial } 适用多个维护方案（{ $plans }）：请用 --plan 指定一个
maint-sheet-written = 已生成设备 { $serial } 的维护检查表：方案 { $plan } 第 { $version } 版，共 { $items } 项，请现场填写；填好后用“svc maint record --equipment { $serial } --sheet 文件 --by 员工”登记
maint-sheet-other-device = { $file } 是设备 { $sheet } 的检查表，不是设备 { $serial } 的：每台设备请用各自的检查表登记
maint-sheet-other-plan = { $file } 是维护方案 { $sheet } 的检查表，不是方案 { $plan } 的：请用 --plan { $sheet } 登记，或为方案 { $plan } 重新生成检查表（svc maint sheet）
maint-sheet-old-version = { $file } 按维护方案 { $plan } 第 { $sheet } 版生成，方案现已是第 { $version } 版：请重新生成检查表（“svc maint sheet”）
maint-sheet-empty = { $file } 尚未填写：请在 value 一栏填写每一项的结果
maint-sheet-check-title = 检查项
maint-sheet-check-prompt = { $name }：请选择合格或不合格
maint-sheet-check-error = 请选择 { $words }
maint-sheet-measure-title = 测量值 { $unit }
maint-sheet-measure-prompt = { $name }：填写实测值（限值 { $limits }），由 svc 判定是否合格
maint-sheet-measure-error = 请填写数字
