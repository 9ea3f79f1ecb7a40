#!/usr/bin/env python3
"""Generate a customer CSV for svc's import benchmark.

Rows look like a legacy after-sales system's export: Chinese hospital, clinic and
distributor names, contact people, mobile and landline phones (some typed with spaces),
e-mail addresses, provinces, cities and street addresses (some with full-width digits),
creation dates in the mixed forms Chinese spreadsheets hold (2015-03-05, 2016/7/9,
2017年11月20日, 2019.4.1, Excel serials such as 43529), a few names with stray spaces,
and notes that sometimes need CSV quoting. Every row is valid, so svc imports them all.

The output is deterministic for a given --seed and --rows, and is written row by row
(nothing proportional to --rows is held in memory).

  gen_customers.py --rows 1000000 -o customers.csv
  gen_customers.py --rows 1000000 --headers zh --encoding gbk -o legacy.csv \\
      --write-map legacy.map.yaml

--headers en   canonical columns: code,name,type,contact,phone,email,province,city,
               address,created_on,notes; type as svc spells it (hospital, clinic, ...)
--headers zh   Chinese headers (客户编号, 客户名称, ...) and Chinese types (医院, 诊所,
               门诊部, 经销商, 其他), as a legacy system exports them; --write-map writes the
               column map that translates both, for `svc customer import --map`.
"""

import argparse
import csv
import datetime
import random
import sys

COLUMNS = ["code", "name", "type", "contact", "phone", "email", "province", "city", "address", "created_on", "notes"]
ZH_HEADERS = ["客户编号", "客户名称", "类型", "联系人", "联系电话", "电子邮箱", "省份", "城市", "地址", "建档日期", "备注"]
ZH_TYPES = {"hospital": "医院", "clinic": "诊所", "distributor": "经销商", "other": "其他"}

# (province, city, landline area code, districts)
PLACES = [
    ("北京", "北京", "010", ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "昌平区"]),
    ("上海", "上海", "021", ["徐汇区", "黄浦区", "静安区", "浦东新区", "长宁区", "闵行区"]),
    ("天津", "天津", "022", ["和平区", "河西区", "南开区", "河北区"]),
    ("重庆", "重庆", "023", ["渝中区", "江北区", "沙坪坝区", "九龙坡区"]),
    ("广东", "广州", "020", ["天河区", "越秀区", "海珠区", "白云区"]),
    ("广东", "深圳", "0755", ["福田区", "南山区", "罗湖区", "宝安区"]),
    ("广东", "佛山", "0757", ["禅城区", "南海区", "顺德区"]),
    ("四川", "成都", "028", ["武侯区", "锦江区", "青羊区", "金牛区", "成华区"]),
    ("湖北", "武汉", "027", ["江岸区", "武昌区", "洪山区", "汉阳区"]),
    ("湖南", "长沙", "0731", ["芙蓉区", "岳麓区", "天心区", "开福区"]),
    ("江苏", "南京", "025", ["鼓楼区", "玄武区", "秦淮区", "建邺区"]),
    ("江苏", "苏州", "0512", ["姑苏区", "吴中区", "相城区", "工业园区"]),
    ("浙江", "杭州", "0571", ["上城区", "拱墅区", "西湖区", "滨江区"]),
    ("浙江", "宁波", "0574", ["海曙区", "江北区", "鄞州区"]),
    ("山东", "济南", "0531", ["历下区", "市中区", "槐荫区", "天桥区"]),
    ("山东", "青岛", "0532", ["市南区", "市北区", "黄岛区", "崂山区"]),
    ("河南", "郑州", "0371", ["金水区", "二七区", "中原区", "管城回族区"]),
    ("河北", "石家庄", "0311", ["长安区", "桥西区", "新华区", "裕华区"]),
    ("陕西", "西安", "029", ["雁塔区", "碑林区", "新城区", "莲湖区"]),
    ("辽宁", "沈阳", "024", ["和平区", "沈河区", "皇姑区", "铁西区"]),
    ("黑龙江", "哈尔滨", "0451", ["南岗区", "道里区", "香坊区"]),
    ("吉林", "长春", "0431", ["朝阳区", "南关区", "绿园区"]),
    ("福建", "福州", "0591", ["鼓楼区", "台江区", "仓山区"]),
    ("福建", "厦门", "0592", ["思明区", "湖里区", "集美区"]),
    ("安徽", "合肥", "0551", ["蜀山区", "包河区", "庐阳区"]),
    ("江西", "南昌", "0791", ["东湖区", "西湖区", "青山湖区"]),
    ("云南", "昆明", "0871", ["五华区", "盘龙区", "官渡区"]),
    ("贵州", "贵阳", "0851", ["南明区", "云岩区", "观山湖区"]),
    ("广西", "南宁", "0771", ["青秀区", "兴宁区", "西乡塘区"]),
    ("山西", "太原", "0351", ["小店区", "迎泽区", "杏花岭区"]),
    ("甘肃", "兰州", "0931", ["城关区", "七里河区", "安宁区"]),
    ("新疆", "乌鲁木齐", "0991", ["天山区", "沙依巴克区", "新市区"]),
    ("内蒙古", "呼和浩特", "0471", ["新城区", "回民区", "赛罕区"]),
    ("海南", "海口", "0898", ["龙华区", "美兰区", "秀英区"]),
]

STREETS = ["人民路", "解放路", "中山路", "建设路", "东单北大街", "漕溪北路", "体育西路", "人民南路三段",
           "长江路", "黄河路", "学府路", "健康路", "和平大街", "文化路", "新华路", "胜利街", "光明路",
           "友谊大道", "复兴路", "青年路", "朝阳北路", "滨江大道", "科技园路", "医药港大道"]

# Name patterns by type: (prefix-from-city?, middle words, suffixes)
HOSPITAL_ORDINALS = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]
HOSPITAL_KINDS = ["人民医院", "中医医院", "中西医结合医院", "妇幼保健院", "儿童医院", "肿瘤医院",
                  "口腔医院", "眼科医院", "骨科医院", "传染病医院", "精神卫生中心", "康复医院"]
BRANDS = ["瑞康", "康达", "华康", "仁和", "博爱", "同仁", "协和", "爱康", "民生", "安泰", "恒康", "济民",
          "德济", "益寿", "长庚", "惠民", "新华", "仁爱", "健民", "福寿", "安贞", "天坛", "天佑", "康宁"]
CLINIC_KINDS = ["门诊部", "诊所", "社区卫生服务中心", "卫生院", "口腔诊所", "医学影像诊断中心", "血液透析中心"]
DISTRIBUTOR_KINDS = ["医疗器械有限公司", "医疗设备有限公司", "医药科技有限公司", "生物医学工程有限公司"]
OTHER_KINDS = ["体检中心", "疾病预防控制中心", "医学院", "急救中心", "养老院", "医学检验实验室"]

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
            "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
            "欧阳", "司马", "诸葛"]
GIVEN = ["建国", "梅", "志强", "洋", "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "勇",
         "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "晓东", "海燕", "子涵", "浩然",
         "雨桐", "欣怡", "俊杰", "思远", "佳琪", "文博"]
PINYIN = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
          "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang"]
MAIL_DOMAINS = ["163.com", "126.com", "qq.com", "sina.com", "hospital.cn", "yiyuan.com.cn", "med.cn",
                "kangda.com.cn", "foxmail.com", "139.com"]
NOTES = ["老客户", "重点客户", "合同续签中", "年度维保, 含上门巡检", "需开具增值税专用发票", "设备较多，按季度回访",
         "新装机客户", "联系人已更换", "Excel 日期", "全角数字地址", "2019年并入医联体", "夜间急诊可联系值班室"]

EXCEL_BASE = datetime.date(1899, 12, 30)
DATE_FIRST = datetime.date(2008, 1, 1).toordinal()
DATE_LAST = datetime.date(2025, 12, 31).toordinal()
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def customer_name(rnd, city):
    r = rnd.random()
    if r < 0.45:
        if rnd.random() < 0.5:
            name = city + "市" + rnd.choice(HOSPITAL_ORDINALS) + rnd.choice(HOSPITAL_KINDS)
        else:
            name = city + rnd.choice(BRANDS) + rnd.choice(HOSPITAL_KINDS)
        return name, "hospital"
    if r < 0.80:
        return city + rnd.choice(BRANDS) + rnd.choice(CLINIC_KINDS), "clinic"
    if r < 0.95:
        return city + "".join(rnd.sample(BRANDS, 2)) + rnd.choice(DISTRIBUTOR_KINDS), "distributor"
    return city + "市" + rnd.choice(OTHER_KINDS), "other"


def phone(rnd, area):
    if rnd.random() < 0.6:
        digits = "1" + rnd.choice("3456789") + "".join(rnd.choice("0123456789") for _ in range(9))
        if rnd.random() < 0.1:  # typed with spaces: 139 2233 4455
            return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
        return digits
    return area + "-" + str(rnd.randint(2, 8)) + "".join(rnd.choice("0123456789") for _ in range(7))


def created_on(rnd):
    d = datetime.date.fromordinal(rnd.randint(DATE_FIRST, DATE_LAST))
    r = rnd.random()
    if r < 0.40:
        return d.isoformat()
    if r < 0.65:
        return f"{d.year}/{d.month}/{d.day}"
    if r < 0.85:
        return f"{d.year}年{d.month}月{d.day}日"
    if r < 0.93:
        return f"{d.year}.{d.month}.{d.day}"
    return str((d - EXCEL_BASE).days)  # an Excel serial, e.g. 43529


def rows(n, seed, zh_types, ascending=False):
    rnd = random.Random(seed)
    # Codes are unique. By default they are not in order, as an export sorted by name or
    # date gives them: i -> i * 7919 mod 10^7 is a bijection, so the first 10^7 rows never
    # repeat a code. --order ascending gives them in code order, as most legacy exports
    # (sorted by their key) do: the same codes, row i getting the i-th smallest.
    for i in range(n):
        province, city, area, districts = rnd.choice(PLACES)
        name, kind = customer_name(rnd, city)
        if rnd.random() < 0.03:
            name = " " + name + " "  # stray spaces, trimmed on import
        contact = rnd.choice(SURNAMES) + rnd.choice(GIVEN) if rnd.random() < 0.95 else ""
        email = ""
        if rnd.random() < 0.55:
            email = f"{rnd.choice(PINYIN)}{rnd.choice(PINYIN)}{rnd.randint(1, 999)}@{rnd.choice(MAIL_DOMAINS)}"
        number = str(rnd.randint(1, 999))
        if rnd.random() < 0.05:
            number = number.translate(FULL_WIDTH)  # １２３号
        address = rnd.choice(districts) + rnd.choice(STREETS) + number + "号"
        notes = rnd.choice(NOTES) if rnd.random() < 0.2 else ""
        yield [
            f"KH{(i if ascending else (i * 7919) % 10_000_000):07d}",
            name,
            (("门诊部" if name.endswith("门诊部") else ZH_TYPES[kind]) if zh_types else kind),
            contact,
            phone(rnd, area),
            email,
            province,
            city,
            address,
            created_on(rnd),
            notes,
        ]


def write_map(path, encoding):
    lines = [
        "# Column map for bench/gen_customers.py --headers zh (written by it).",
        f"encoding: {'utf8' if encoding == 'utf-8' else encoding}",  # svc's name for it
        "columns:",
    ]
    lines += [f"  {zh}: {en}" for zh, en in zip(ZH_HEADERS, COLUMNS)]
    lines += ["values:", "  type:"]
    lines += [f"    {zh}: {en}" for en, zh in ZH_TYPES.items()]
    lines += ["    门诊部: clinic"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20240305)
    p.add_argument("--headers", choices=["en", "zh"], default="en")
    p.add_argument("--encoding", choices=["utf-8", "gbk"], default="utf-8")
    p.add_argument("-o", "--output", default="-", help="file to write, or - for stdout")
    p.add_argument("--order", choices=["random", "ascending"], default="random",
                   help="code order of the rows: random (an export sorted by name) or ascending (by code)")
    p.add_argument("--write-map", metavar="MAP.yaml", help="also write the column map for --headers zh")
    a = p.parse_args()
    if a.rows > 10_000_000:
        p.error("--rows: at most 10,000,000 (codes would repeat)")
    zh = a.headers == "zh"
    if a.output == "-":
        out = open(sys.stdout.fileno(), "w", encoding=a.encoding, newline="", buffering=1 << 20, closefd=False)
    else:
        out = open(a.output, "w", encoding=a.encoding, newline="", buffering=1 << 20)
    with out:
        w = csv.writer(out, lineterminator="\r\n" if zh else "\n")  # spreadsheets write CRLF
        w.writerow(ZH_HEADERS if zh else COLUMNS)
        w.writerows(rows(a.rows, a.seed, zh, a.order == "ascending"))
    if a.write_map:
        if not zh:
            p.error("--write-map goes with --headers zh")
        write_map(a.write_map, a.encoding)


if __name__ == "__main__":
    main()
