#!/usr/bin/env python3
"""Fill a database made by `svc init` with years of after-sales service history.

    python3 bench/gen_service.py --db svc.db --tickets 1000000 --now 2026-06-01T09:00:00Z

Writes, with SQL on svc's own schema and in one transaction: customers, a model
catalogue, the installed base, staff, TICKETS tickets spread evenly over the YEARS
before NOW, a repair for every fault ticket that got that far, and a follow-up for every
signed repair. Deterministic for a seed. The shape of the data is what the morning cron
jobs meet after years of use:

- nearly every ticket is closed (responded, assigned, closed, with its SLA breaches
  recorded: about 7% late responses, 10% late resolutions); the ones still open are
  recent (the chance that a ticket is still open falls by e for every OPEN_TAU days of
  age) plus a handful of forgotten old ones, so a few thousand are open at 1,000,000
  tickets, some of them past their response or resolution due time at NOW, some waiting
  on the customer or on parts (clocks stopped: due times NULL, the time left kept);
- the SLA due times follow svc's default targets (urgent 2h/24h, high 4h/48h, normal
  24h/120h, low 72h/240h);
- a fault ticket has one repair: signed (97% of closed ones; inserted signed, since a
  signed repair can no longer be updated) or declined, or still in some open status
  when the ticket is open;
- a signed repair has one follow-up due 7 days after the signing day (UTC dates, as svc
  computes them with TZ=UTC); nearly all past ones are done, a few hundred are not (most
  of them from the last two weeks), and those due from today on are mostly still to do.

The work the reports read (`svc report workload`: who wrote the latest service report,
its labour hours, else the latest plan's), written as svc writes it, drawn from a random
stream of its own (so the tickets, repairs and follow-ups above are the same rows, for a
seed, as without it):

- a catalogue of PARTS spare parts with unit costs;
- a repair that got past diagnosis has a plan (R3.3.1), 15% of them a second version
  that replaces the first: steps (a JSON array), labour hours as svc formats them
  (`2.5`, `3.0`) and their cost at the default labour rate (200.00 yuan/h), 0 to 3
  planned parts at their unit cost (free under warranty), the estimate (the total, now
  and then rounded up); the latest is consented (by whom, how) before the work started,
  unless the repair still awaits consent or was declined;
- a repair that got to its report (every signed one) has a service report, 10% of them
  a second version: cause, process, labour hours as typed (`3`, `2.5`: svc keeps the
  text), within the consented estimate, by the ticket's technician (now and then a
  colleague); both written before the signature, as svc's triggers require (a signed
  repair's record can no longer change): the repair is inserted unsigned, its plan and
  reports after it, then it is signed.

Not generated (the listings measured do not read them): the history entries, diagnoses,
visits, inspections, parts used, signed documents, surveys. `svc db check` passes on the
result. Prints a JSON summary (counts, seconds, and what is overdue at NOW).
"""

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import sqlite3
import sys
import time

SLA = {"urgent": (2 * 3600, 24 * 3600), "high": (4 * 3600, 48 * 3600),
       "normal": (24 * 3600, 120 * 3600), "low": (72 * 3600, 240 * 3600)}
PRIORITIES = ["urgent", "high", "normal", "low"]
PRIORITY_W = [5, 20, 60, 15]
KINDS = ["fault", "enquiry", "complaint", "installation", "training"]
KIND_W = [60, 20, 5, 8, 7]
CHANNELS = ["hotline", "online", "email", "visit"]
CHANNEL_W = [50, 20, 10, 20]
OPEN_REPAIR = ["diagnosing", "diagnosed", "awaiting_consent", "consented", "in_repair", "inspected", "reported"]
OPEN_TAU = 4.0          # days
STALE_OPEN = 0.0001     # old tickets forgotten open
SIGNED = 0.97           # of the repairs of closed tickets; the rest declined
FOLLOWUP_DAYS = 7
FOLLOWUP_MISSED_OLD = 0.0003
LABOUR_RATE = 20000     # fen per hour: svc's default labour_rate, 200.00
PLAN_AGAIN = 0.15       # a second plan version
REPORT_AGAIN = 0.10     # a second report version
HOURS = {"simple": (5, 30), "moderate": (10, 60), "complex": (30, 160)}  # tenths of an hour

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰文斌宇浩凯健俊帆欣怡晨阳"
PLACES = ["北京", "上海", "广州", "深圳", "天津", "重庆", "成都", "武汉", "杭州", "南京", "西安", "长沙",
          "郑州", "济南", "青岛", "沈阳", "大连", "哈尔滨", "长春", "石家庄", "太原", "合肥", "福州", "厦门",
          "南昌", "昆明", "贵阳", "南宁", "海口", "兰州", "银川", "西宁", "乌鲁木齐", "呼和浩特", "拉萨", "苏州"]
CUSTOMER_KINDS = [("hospital", ["市第一人民医院", "市中心医院", "中医院", "妇幼保健院", "儿童医院", "肿瘤医院",
                                "人民医院", "第二人民医院", "医科大学附属医院", "骨科医院"]),
                  ("clinic", ["社区卫生服务中心", "门诊部", "口腔诊所", "体检中心", "康复诊所"]),
                  ("distributor", ["医疗器械有限公司", "医疗设备贸易公司"]),
                  ("other", ["养老院", "卫生院"])]
CUSTOMER_KIND_W = [55, 30, 10, 5]
MODELS = [("BeneVision N12", "迈瑞"), ("BeneVision N17", "迈瑞"), ("SV300", "迈瑞"), ("Resona 7", "迈瑞"),
          ("BC-6800", "迈瑞"), ("BS-2000M", "迈瑞"), ("IntelliVue MX450", "飞利浦"), ("EPIQ 7", "飞利浦"),
          ("Affiniti 50", "飞利浦"), ("HeartStart XL+", "飞利浦"), ("LOGIQ E10", "GE"), ("CARESCAPE B650", "GE"),
          ("Optima CT540", "GE"), ("Revolution ACT", "GE"), ("SOMATOM go.Up", "西门子"), ("ACUSON Sequoia", "西门子"),
          ("MAGNETOM Amira", "西门子"), ("Mobilett Elara Max", "西门子"), ("uCT 760", "联影"), ("uMR 570", "联影"),
          ("uDR 588i", "联影"), ("Aixplorer", "声科"), ("SonoSite PX", "富士"), ("FDR Smart X", "富士"),
          ("Aquilion Lightning", "佳能"), ("Vantage Orian", "佳能"), ("Evita V300", "德尔格"), ("Babyleo TN500", "德尔格"),
          ("Fabius plus", "德尔格"), ("Hamilton-C6", "哈美顿"), ("ECG-1250", "光电"), ("TEC-5631", "光电"),
          ("SK-600II", "科曼"), ("NV8", "科曼"), ("Elite 300", "理邦"), ("iM8", "理邦"), ("DR-F", "万东"),
          ("Insight 80", "安科"), ("VS-900", "宝莱特"), ("AX-600", "谊安")]
SYMPTOMS = ["开机无显示", "屏幕花屏", "血氧监测值跳动", "心电导联脱落报警频繁", "无创血压测量失败", "打印机卡纸",
            "探头图像有暗带", "球管报警无法曝光", "呼吸机潮气量偏差大", "氧浓度传感器报警", "电池无法充电",
            "开机自检报错 E-203", "触摸屏失灵", "风扇噪音大", "网络无法连接中央站", "报警音无声",
            "按键失灵", "图像伪影", "设备频繁死机重启", "水箱漏水", "管路漏气", "压力传感器校准失败",
            "软件升级后无法启动", "电源指示灯不亮"]
OTHER_SYMPTOMS = {"enquiry": ["咨询保修期限", "咨询耗材型号", "咨询操作方法", "咨询软件升级", "索要维修报价"],
                  "complaint": ["工程师上门迟到", "维修后故障复发", "报价不透明", "服务态度差", "配件等待时间过长"],
                  "installation": ["新机安装调试", "设备移机重新安装", "附件安装"],
                  "training": ["新员工操作培训", "日常保养培训", "新功能使用培训"]}
RESOLUTIONS = {"fault": ["已维修，检测合格", "更换配件后恢复正常", "重新校准后正常", "客户放弃维修"],
               "enquiry": ["已电话答复", "已邮件答复", "已发送资料"],
               "complaint": ["已致歉并回访", "已安排复修", "已说明原因，客户认可"],
               "installation": ["安装调试完成，验收合格"],
               "training": ["培训完成，签到表存档"]}
PART_NAMES = ["电源板", "主板", "显示屏", "触摸屏", "电池", "风扇", "血氧探头", "心电导联线", "袖带", "氧电池",
              "流量传感器", "压力传感器", "呼气阀", "球管", "高压电缆", "超声探头", "打印头", "保险丝", "键盘膜", "网卡"]
STEPS = ["拆机检查", "更换故障配件", "清洁除尘", "重新校准", "软件升级", "功能测试", "安全性能检测", "通电老化测试",
         "整理线缆", "恢复出厂设置"]
PROCESSES = ["拆机检查后更换故障配件，校准并测试合格", "清洁保养后重新校准，功能测试正常", "升级软件并恢复设置，运行正常",
             "更换配件，通电老化测试 2 小时无异常", "检修线路，安全性能检测合格"]
CAUSES = ["配件老化", "使用不当", "进液腐蚀", "电源波动", "软件故障", "运输磕碰", "环境潮湿", "接触不良"]
COMMENTS = ["工程师很专业", "响应及时", "希望缩短配件等待时间", "满意", "下次希望提前电话通知", "维修很快"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="a database made by `svc init` (nothing else in it yet)")
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--devices", type=int, default=20000)
    ap.add_argument("--staff", type=int, default=50)
    ap.add_argument("--parts", type=int, default=300, help="spare parts in the catalogue the plans draw on")
    ap.add_argument("--years", type=float, default=5.0, help="the tickets span this many years before --now")
    ap.add_argument("--now", default="2026-06-01T09:00:00Z", help="the present of the history (UTC, RFC 3339)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    t0 = time.time()
    rng = random.Random(a.seed)
    R = rng.random
    choices = rng.choices

    now_dt = dt.datetime.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    NOW = int(now_dt.timestamp())
    today = now_dt.date()
    start = NOW - int(a.years * 365.25 * 86400)
    epoch = dt.date(1970, 1, 1)
    day_cache = {}

    def day(d):  # days since the epoch -> YYYY-MM-DD
        s = day_cache.get(d)
        if s is None:
            s = day_cache[d] = (epoch + dt.timedelta(days=d)).isoformat()
        return s

    def ts(sec):  # seconds since the epoch -> RFC 3339 UTC
        sec = int(sec)
        d, r = divmod(sec, 86400)
        h, r = divmod(r, 3600)
        m, s = divmod(r, 60)
        return f"{day(d)}T{h:02d}:{m:02d}:{s:02d}Z"

    def person():
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(1 + (R() < 0.6)))

    con = sqlite3.connect(a.db, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")  # 256 MiB while loading
    if con.execute("SELECT count(*) FROM tickets").fetchone()[0] or con.execute("SELECT count(*) FROM customers").fetchone()[0]:
        sys.exit("gen_service.py: the database has records already: give it a fresh one from `svc init`")
    con.execute("BEGIN IMMEDIATE")

    # Customers, models, the installed base, staff.
    customers = []
    for i in range(1, a.customers + 1):
        kind, names = choices(CUSTOMER_KINDS, CUSTOMER_KIND_W)[0]
        place = rng.choice(PLACES)
        created = day((start - int(R() * 4 * 365 * 86400)) // 86400)
        customers.append((i, f"C-{i:06d}", f"{place}{rng.choice(names)}" + ("" if R() < 0.7 else f"（{i}）"), kind,
                          person(), f"1{rng.choice('3589')}{rng.randrange(10**9):09d}", None, place, place,
                          f"{place}市{rng.choice(['人民路', '建设路', '中山路', '解放路'])}{rng.randrange(1, 999)}号",
                          created))
    con.executemany("INSERT INTO customers(id, code, name, type, contact, phone, email, province, city, address, "
                    "created_on) VALUES (?,?,?,?,?,?,?,?,?,?,?)", customers)
    con.executemany("INSERT INTO models(id, model, manufacturer, added_at) VALUES (?,?,?,?)",
                    [(i + 1, m, f, ts(start - 5 * 365 * 86400)) for i, (m, f) in enumerate(MODELS)])
    devices = []  # (id, customer_id, model text, installed day, warranty_until day)
    rows = []
    for i in range(1, a.devices + 1):
        cust = rng.randrange(1, a.customers + 1)
        mid = rng.randrange(len(MODELS))
        # most of the base is older than the history; a fifth was installed during it
        inst = (start - int(R() * 4 * 365 * 86400)) if R() < 0.8 else (start + int(R() * (NOW - start - 30 * 86400)))
        inst_d = inst // 86400
        warr_d = inst_d + rng.choice([365, 730, 1095, 1826])
        devices.append((i, cust, f"{MODELS[mid][0]} ({MODELS[mid][1]})", inst_d, warr_d))
        rows.append((i, f"SN{24000000 + i * 7:09d}", mid + 1, cust, day(inst_d), day(warr_d),
                     f"{rng.choice(['ICU', '急诊科', '放射科', '超声科', '手术室', '检验科', '心内科'])}{rng.randrange(1, 20)}床位"
                     if R() < 0.5 else None, f"国械注进{2015 + mid % 9}{3000000 + mid * 1013:07d}"))
    con.executemany("INSERT INTO equipment(id, serial_no, model_id, customer_id, installed_on, warranty_until, location, "
                    "registration_no) VALUES (?,?,?,?,?,?,?,?)", rows)
    roles = ["technician"] * 6 + ["engineer"] * 2 + ["service", "manager"]
    staff = [(i, f"ST-{i:03d}", person(), roles[i % len(roles)], f"139{rng.randrange(10**8):08d}", None, 1)
             for i in range(1, a.staff + 1)]
    con.executemany("INSERT INTO staff(id, code, name, role, phone, email, active) VALUES (?,?,?,?,?,?,?)", staff)
    techs = [s[0] for s in staff if s[3] in ("technician", "engineer")]
    desk = [s[0] for s in staff if s[3] in ("service", "manager")] or techs
    # The work on the repairs (plans, reports) draws on its own stream: the rows above and
    # the tickets below stay what they are for the seed.
    wrng = random.Random(f"{a.seed}-work")
    WR = wrng.random
    part_cost = []
    for i in range(1, a.parts + 1):
        part_cost.append(wrng.choice((800, 1500, 3000, 6000, 12000, 25000, 60000, 150000)) * wrng.randrange(1, 10))
    con.executemany("INSERT INTO parts(id, part_no, name, model, category, unit_cost, avg_cost) VALUES (?,?,?,?,?,?,0)",
                    [(i, f"P-{i:05d}", f"{PART_NAMES[i % len(PART_NAMES)]} {i}", MODELS[i % len(MODELS)][0], "spare",
                      part_cost[i - 1]) for i in range(1, a.parts + 1)])

    # Tickets, repairs, follow-ups, in ticket order (codes follow opening time).
    n = a.tickets
    span = NOW - start
    today_d = (NOW // 86400)
    counts = dict(tickets=0, open=0, waiting=0, repairs=0, signed=0, declined=0, followups=0, followups_done=0,
                  plans=0, plan_parts=0, reports=0)
    t_sql = ("INSERT INTO tickets(id, code, customer_id, equipment_id, channel, kind, priority, symptom, reporter, model, "
             "warranty_status, warranty_until, status, assigned_to, opened_at, responded_at, closed_at, resolution, response_due, "
             "resolution_due, response_left, resolution_left, waiting_since, wait_reason, resume_status, "
             "response_breached, resolution_breached) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    r_sql = ("INSERT INTO repairs(id, code, ticket_id, equipment_id, status, under_warranty, difficulty, opened_at, "
             "started_at, finished_at, signed_at, signed_by, sign_method, report_sha256) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    f_sql = ("INSERT INTO followups(repair_id, due, done_at, by_staff, satisfaction, nps, comment) VALUES (?,?,?,?,?,?,?)")
    p_sql = ("INSERT INTO plans(id, repair_id, version, at, steps, labour_hours, labour_cost, parts_cost, estimate, "
             "finish_by, consented_at, consented_by, consent_method) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
    pp_sql = "INSERT INTO plan_parts(plan_id, part_id, qty, unit_price) VALUES (?,?,?,?)"
    w_sql = ("INSERT INTO reports(repair_id, version, at, by_staff, cause, process, labour_hours) VALUES (?,?,?,?,?,?,?)")
    s_sql = ("UPDATE repairs SET status = 'signed', signed_at = ?2, signed_by = ?3, sign_method = ?4, report_sha256 = ?5 "
             "WHERE id = ?1")
    tickets, repairs, followups, plans, plan_parts, reports, signs = [], [], [], [], [], [], []
    rid = 0
    pid = 0

    def work(rid, in_w, diff, tech, customer_person, consented, plan_from, plan_to, rep_from=None, rep_to=None):
        """The plan(s) of repair `rid`, written between `plan_from` and `plan_to` (the
        start of the work), the latest consented before it when `consented`; its
        report(s) between `rep_from` and `rep_to` when given."""
        nonlocal pid
        lo, hi = HOURS[diff]
        versions = 2 if WR() < PLAN_AGAIN else 1
        start_at, plan_end = plan_from, max(plan_to, plan_from + 4)
        for v in range(1, versions + 1):
            pid += 1
            tenths = wrng.randrange(lo, hi + 1)
            labour = (LABOUR_RATE * tenths + 5) // 10
            lines = []
            for part in wrng.sample(range(1, a.parts + 1), wrng.choice((0, 1, 1, 1, 2, 3))):
                lines.append((pid, part, wrng.choice((1, 1, 1, 2, 4)), part_cost[part - 1]))
            parts_cost = 0 if in_w else sum(q * price for _, _, q, price in lines)
            total = labour + parts_cost
            estimate = total if WR() < 0.7 else (total // 10000 + 1) * 10000  # rounded up to 100 yuan
            at = start_at + (plan_end - start_at) * v // (versions + 1)
            steps = json.dumps(wrng.sample(STEPS, wrng.randrange(2, 5)), ensure_ascii=False, separators=(",", ":"))
            latest = v == versions
            c_at = c_by = c_how = None
            if latest and consented:
                c_at, c_by = ts(at + (plan_end - at) // 2), customer_person
                c_how = wrng.choice(("signature", "phone", "wechat", "email"))
            finish_by = day((plan_end + 86400 * wrng.randrange(1, 8)) // 86400) if WR() < 0.5 else None
            plans.append((pid, rid, v, ts(at), steps, f"{tenths // 10}.{tenths % 10}", labour, parts_cost, estimate,
                          finish_by, c_at, c_by, c_how))
            plan_parts.extend(lines)
            counts["plans"] += 1
            counts["plan_parts"] += len(lines)
        if rep_from is None:
            return
        # The hours spent, as typed; the labour (no parts used are recorded) within the estimate.
        most = (estimate - parts_cost) * 10 // LABOUR_RATE
        rep_start, end_at = rep_from, max(rep_to, rep_from + 3)
        n_rep = 2 if WR() < REPORT_AGAIN else 1
        for v in range(1, n_rep + 1):
            spent = max(1, min(most, tenths + wrng.randrange(-5, 11)))
            hours = f"{spent // 10}" if spent % 10 == 0 and WR() < 0.6 else f"{spent // 10}.{spent % 10}"
            by = tech if WR() < 0.9 else wrng.choice(techs)
            at = rep_start + (end_at - rep_start) * v // (n_rep + 1)
            reports.append((rid, v, ts(at), by, wrng.choice(CAUSES), wrng.choice(PROCESSES), hours))
            counts["reports"] += 1
    kinds = choices(KINDS, KIND_W, k=n)
    prios = choices(PRIORITIES, PRIORITY_W, k=n)
    chans = choices(CHANNELS, CHANNEL_W, k=n)

    def flush():
        con.executemany(t_sql, tickets)
        con.executemany(r_sql, repairs)
        con.executemany(p_sql, plans)
        con.executemany(pp_sql, plan_parts)
        con.executemany(w_sql, reports)
        con.executemany(s_sql, signs)  # signed last: the plans and reports are frozen from then on
        con.executemany(f_sql, followups)
        for rows in (tickets, repairs, followups, plans, plan_parts, reports, signs):
            rows.clear()

    for i in range(n):
        tid = i + 1
        opened = start + int((i + R()) * span / n)
        age = NOW - opened
        kind, prio = kinds[i], prios[i]
        resp, res = SLA[prio]
        dev = None
        if kind in ("fault", "installation", "training") or (kind == "complaint" and R() < 0.7) or (kind == "enquiry" and R() < 0.2):
            for _ in range(4):  # a device installed before the call, if one comes up
                dev = devices[rng.randrange(a.devices)]
                if dev[3] * 86400 <= opened:
                    break
        if dev:
            cust, model = dev[1], dev[2]
            od = opened // 86400
            in_w = 1 if dev[4] >= od else 0
            warranty = "in_warranty" if in_w else "expired"
            until = day(dev[4])
        else:
            cust, model, warranty, until, in_w = rng.randrange(1, a.customers + 1), None, None, None, 0
        symptom = rng.choice(SYMPTOMS) if kind == "fault" else rng.choice(OTHER_SYMPTOMS[kind])
        reporter = person() if R() < 0.9 else None
        response_due, resolution_due = opened + resp, opened + res
        still_open = R() < math.exp(-age / 86400 / OPEN_TAU) or R() < STALE_OPEN
        responded = closed = None
        assigned = None
        rep = None
        resp_left = res_left = waiting_since = wait_reason = resume = None
        resolution = None
        if not still_open:
            # a late response or a late resolution now and then
            responded = opened + int(resp * (R() * 0.9 + 0.05 if R() > 0.08 else 1.0 + R()))
            closed = opened + int(res * (R() * 0.95 + 0.05 if R() > 0.10 else 1.0 + R()))
            if closed >= NOW:
                closed = opened + int(age * (0.3 + 0.65 * R()))
            responded = min(responded, closed)
            status = "closed"
            assigned = rng.choice(techs) if (kind != "enquiry" or R() < 0.3) else None
            resolution = rng.choice(RESOLUTIONS[kind])
            if kind == "fault" and dev and assigned:
                rep = "signed" if R() < SIGNED else "declined"
        else:
            counts["open"] += 1
            if R() < (0.92 if age > resp else 0.3):
                responded = opened + int(min(age, resp * 1.1) * (0.05 + 0.9 * R()))
                status = "in_progress"
                assigned = rng.choice(techs)
                if kind == "fault" and dev:
                    rep = rng.choice(OPEN_REPAIR)
                if R() < 0.12:
                    status, resume = "waiting", "in_progress"
                    waiting_since = responded + int((NOW - responded) * R())
                    wait_reason = "parts" if R() < 0.6 else "customer"
            else:
                status = "assigned" if R() < 0.5 else "open"
                assigned = rng.choice(techs) if status == "assigned" else None
        resp_br = 1 if responded is not None and responded > response_due else 0
        res_br = 1 if closed is not None and closed > resolution_due else 0
        rd, sd = ts(response_due), ts(resolution_due)
        if status == "waiting":
            counts["waiting"] += 1
            res_left = resolution_due - waiting_since
            res_br = 1 if res_left < 0 else 0
            rd = sd = None
        counts["tickets"] += 1
        tickets.append((tid, f"T-{tid:06d}", cust, dev[0] if dev else None, chans[i], kind, prio, symptom, reporter, model,
                        warranty, until, status, assigned, ts(opened), ts(responded) if responded else None,
                        ts(closed) if closed else None, resolution, rd, sd, resp_left, res_left,
                        ts(waiting_since) if waiting_since else None, wait_reason, resume, resp_br, res_br))
        if rep:
            rid += 1
            counts["repairs"] += 1
            code = f"R-{rid:06d}"
            diff = choices(("simple", "moderate", "complex"), (60, 30, 10))[0]
            if rep in ("signed", "declined"):
                u = sorted((R(), R(), R(), R()))
                r_open, started, finished, signed = (responded + int((closed - responded) * x) for x in u)
                if rep == "signed":
                    counts["signed"] += 1
                    signer, method = reporter or person(), "signature" if R() < 0.8 else "wechat"
                    repairs.append((rid, code, tid, dev[0], "reported", in_w, diff, ts(r_open), ts(started),
                                    ts(finished), None, None, None, None))
                    work(rid, in_w, diff, assigned, signer, True, r_open, started, finished, signed)
                    signs.append((rid, ts(signed), signer, method, hashlib.sha256(code.encode()).hexdigest()))
                    due_d = signed // 86400 + FOLLOWUP_DAYS
                    past = today_d - due_d  # > 0: overdue when not done
                    if past > 0:
                        missed = R() < (0.35 * math.exp(-past / 3) if past < 14 else FOLLOWUP_MISSED_OLD)
                    else:
                        missed = R() > 0.2  # due from today on: mostly still to do
                    counts["followups"] += 1
                    if missed:
                        followups.append((rid, day(due_d), None, None, None, None, None))
                    else:
                        counts["followups_done"] += 1
                        done = due_d * 86400 + 9 * 3600 + int((R() * 5 - 3) * 86400)
                        done = max(min(max(done, signed + 3600), NOW - 60), signed)
                        followups.append((rid, day(due_d), ts(done), rng.choice(desk),
                                          choices((1, 2, 3, 4, 5), (2, 3, 10, 35, 50))[0],
                                          rng.randrange(6, 11) if R() < 0.8 else None,
                                          rng.choice(COMMENTS) if R() < 0.1 else None))
                else:
                    counts["declined"] += 1
                    repairs.append((rid, code, tid, dev[0], "declined", in_w, diff, ts(r_open), None, None, None, None,
                                    None, None))
                    work(rid, in_w, diff, assigned, reporter, False, r_open, started)
            else:
                r_open = responded + int((NOW - responded) * 0.2 * R())
                started_s = r_open + int((NOW - r_open) * R()) if rep in ("in_repair", "inspected", "reported") else None
                started = ts(started_s) if started_s else None
                repairs.append((rid, code, tid, dev[0], rep, in_w, diff, ts(r_open), started, None, None, None, None,
                                None))
                stage = OPEN_REPAIR.index(rep)  # diagnosing, diagnosed, awaiting_consent, consented, ...
                if stage >= 2:  # planned
                    plan_to = started_s or (r_open + (NOW - r_open) // 2)
                    reported = (started_s, NOW - 60) if rep == "reported" else (None, None)
                    work(rid, in_w, diff, assigned, reporter or "客户", stage >= 3, r_open, plan_to, *reported)
        if len(tickets) >= 20000:
            flush()
    flush()
    # Codes svc hands out next continue after the generated ones.
    con.executemany("INSERT INTO sequences(name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next",
                    [("customer", a.customers + 1), ("tickets", n + 1), ("repairs", rid + 1)])
    con.execute("COMMIT")
    gen_s = time.time() - t0
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    now_text = ts(NOW)
    counts["tickets_overdue"] = con.execute(
        "SELECT count(*) FROM tickets WHERE status <> 'closed' AND ((responded_at IS NULL AND response_due < ?1) "
        "OR resolution_due < ?1)", (now_text,)).fetchone()[0]
    counts["followups_overdue"] = con.execute(
        "SELECT count(*) FROM followups WHERE done_at IS NULL AND due < ?1", (today.isoformat(),)).fetchone()[0]
    counts.update(customers=a.customers, devices=a.devices, staff=a.staff, now=now_text, seconds=round(gen_s, 1),
                  seconds_with_checkpoint=round(time.time() - t0, 1))
    con.close()
    json.dump(counts, sys.stdout)
    print()


if __name__ == "__main__":
    main()
