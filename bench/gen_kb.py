#!/usr/bin/env python3
"""Write N support articles as `svc kb import` reads them (code, title, question,
solution, models, parts, tags, author), in Chinese as service engineers write them.

    python3 bench/gen_kb.py --rows 100000 --seed 1 > kb.csv

Deterministic for a seed, streamed (any N costs no memory). Each article is a symptom in
a context on a component of one or two of 40 models, its cause and the fix, 60-250
characters in all; a few words (黑屏, 无显示, 背光板, 报警) are common, most combinations
rare, as in a real archive where a query hits a few dozen to a few thousand articles.
"""
import argparse
import csv
import random
import sys

MODELS = [f"{p}-{n}" for p in ("PM", "DC", "XR", "SV", "BS", "MR", "CT", "US") for n in (200, 300, 5000, 7000, 9000)]
COMPONENTS = ["屏幕", "背光板", "电源板", "主板", "血氧探头", "心电导联线", "血压袖带", "电池", "散热风扇", "记录仪",
              "键盘板", "旋钮", "球管", "高压发生器", "平板探测器", "滤网", "流量传感器", "呼气阀", "氧电池", "探头线缆",
              "触摸屏", "网卡", "打印头", "电机", "限束器", "水冷机", "气泵", "电磁阀", "温度传感器", "报警灯"]
SYMPTOMS = ["黑屏", "无显示", "花屏", "屏幕闪烁", "报警", "无法开机", "自动关机", "读数偏高", "读数偏低", "无波形",
            "噪声大", "漏气", "死机", "反复重启", "通讯失败", "校准失败", "充不进电", "触摸失灵", "打印空白", "图像伪影",
            "曝光中断", "温度过高", "压力不稳", "提示自检错误", "按键无反应"]
CONTEXTS = ["开机后", "使用中", "运输后", "更换电池后", "升级软件后", "夜间值班时", "插上电源后", "连续工作两小时后",
            "消毒擦拭后", "搬动设备后", "停电恢复后", "冬季低温时"]
CAUSES = ["供电电压不稳", "接插件松动", "元件老化", "进液腐蚀", "固件版本过旧", "参数设置错误", "线缆破损",
          "灰尘堆积", "传感器漂移", "保险丝熔断", "散热不良", "接地不良"]
FIXES = ["重新插紧{c}的接插件并复测", "更换{c}", "清洁{c}后重新校准", "升级固件到最新版本后复测", "检查并更换保险丝",
         "恢复出厂设置后重新配置参数", "更换{c}连接线", "清理灰尘并检查散热风扇", "按维修手册第{n}章步骤调整",
         "测量供电电压，超出范围时更换电源板"]
TAGS = ["显示", "电源", "报警", "测量", "软件", "机械", "气路", "影像", "打印", "电池", "校准", "安全"]
AUTHORS = [f"E{n:03d}" for n in range(1, 51)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "title", "question", "solution", "models", "parts", "tags", "author"])
    for i in range(1, a.rows + 1):
        comp, symptom, ctx = rnd.choice(COMPONENTS), rnd.choice(SYMPTOMS), rnd.choice(CONTEXTS)
        second = rnd.choice(SYMPTOMS)
        models = rnd.sample(MODELS, rnd.choice((1, 1, 2)))
        title = f"{comp}{symptom}"
        question = f"{ctx}{symptom}，{comp}附近{second}，客户反映{rnd.randint(1, 30)}天内出现{rnd.randint(2, 9)}次。"
        if rnd.random() < 0.4:
            question += f"设备序列号尾号{rnd.randint(1000, 9999)}，已尝试重启无效。"
        fixes = rnd.sample(FIXES, rnd.randint(1, 3))
        solution = f"原因：{rnd.choice(CAUSES)}。处理：" + "；".join(f.format(c=comp, n=rnd.randint(2, 12)) for f in fixes) + "。"
        if rnd.random() < 0.3:
            solution += "处理后连续观察24小时无异常，客户确认。"
        parts = ",".join(f"{rnd.randint(100, 999):04d}" for _ in range(rnd.choice((0, 1, 1, 2))))
        tags = ",".join(rnd.sample(TAGS, rnd.randint(1, 3)))
        w.writerow([f"KB-{i:06d}", title, question, solution, ",".join(models), parts, tags, rnd.choice(AUTHORS)])


if __name__ == "__main__":
    main()
