"""Made-up but plausible agencies, and how each refers to itself.

Names are built from real place-name shapes (市, 县, 区, 街道, 镇) and common
department names; every piece survives simplified→traditional→simplified
conversion and Big5 encoding (tests check this).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CITIES = (
    "怀化市",
    "常德市",
    "岳阳市",
    "南平市",
    "三明市",
    "龙岩市",
    "宁德市",
    "漳州市",
    "莆田市",
    "九江市",
    "赣州市",
    "宜春市",
    "绵阳市",
    "德阳市",
    "乐山市",
    "洛阳市",
    "开封市",
    "安阳市",
    "淄博市",
    "潍坊市",
    "烟台市",
    "镇江市",
    "扬州市",
    "湖州市",
    "嘉兴市",
    "绍兴市",
    "芜湖市",
    "蚌埠市",
    "柳州市",
    "桂林市",
)
COUNTIES = (
    "长沙县",
    "浏阳市",
    "桃源县",
    "平江县",
    "邵东市",
    "建瓯市",
    "武夷山市",
    "尤溪县",
    "泰宁县",
    "将乐县",
    "上杭县",
    "霞浦县",
    "古田县",
    "南靖县",
    "仙游县",
    "修水县",
    "瑞金市",
    "宜丰县",
    "三台县",
    "中江县",
    "峨眉山市",
    "栾川县",
    "兰考县",
    "林州市",
    "沂源县",
    "寿光市",
    "句容市",
    "高邮市",
    "长兴县",
    "海宁市",
    "诸暨市",
    "怀远县",
    "阳朔县",
)
DISTRICTS = (
    "鹤城区",
    "武陵区",
    "岳阳楼区",
    "延平区",
    "三元区",
    "新罗区",
    "蕉城区",
    "芗城区",
    "城厢区",
    "浔阳区",
    "章贡区",
    "袁州区",
    "涪城区",
    "旌阳区",
    "市中区",
    "老城区",
    "鼓楼区",
    "文峰区",
    "张店区",
    "奎文区",
    "芝罘区",
    "京口区",
    "广陵区",
    "吴兴区",
    "南湖区",
    "越城区",
    "镜湖区",
    "蚌山区",
    "城中区",
    "秀峰区",
)
STREETS = (
    "城东",
    "城西",
    "城南",
    "城北",
    "红星",
    "迎丰",
    "建设路",
    "人民路",
    "解放",
    "新华",
    "朝阳",
    "东风",
    "太平",
    "长青",
    "滨江",
    "和平",
    "光明",
    "文化路",
    "龙泉",
    "西关",
)
TOWNS = (
    "城关",
    "黄土店",
    "花明楼",
    "龙田",
    "大坪",
    "石门",
    "青山",
    "高桥",
    "白沙",
    "新塘",
    "马坪",
    "桃花江",
    "双江",
    "金山",
    "清水",
    "竹溪",
)
DEPARTMENTS = (
    "财政局",
    "民政局",
    "教育局",
    "公安局",
    "司法局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "民族宗教事务局",
    "人力资源和社会保障局",
    "发展和改革委员会",
    "城市管理局",
    "体育局",
)


@dataclass(frozen=True)
class Agency:
    """An agency: full name, how it says "we", and whether it issues 规章."""

    name: str
    self_ref: str
    makes_rules: bool


def _self_ref(name: str) -> str:
    for suffix, ref in (
        ("委员会", "我委"),
        ("局", "我局"),
        ("办公室", "我办"),
        ("街道办事处", "本街道"),
        ("镇人民政府", "我镇"),
    ):
        if name.endswith(suffix):
            return ref
    if name.endswith("区人民政府"):
        return "我区"
    if name.endswith("市人民政府"):
        return "我市"
    return "我县"


def draw_agency(rng: random.Random) -> Agency:
    """One agency of a randomly drawn kind (city bureau, county, street…)."""
    kind = rng.choices(
        ["city_dept", "county_gov", "street", "town", "city_gov", "county_dept", "district_gov"],
        weights=[30, 15, 12, 10, 8, 15, 10],
    )[0]
    if kind == "city_dept":
        name = rng.choice(CITIES) + rng.choice(DEPARTMENTS)
    elif kind == "county_gov":
        name = rng.choice(COUNTIES) + "人民政府"
    elif kind == "street":
        name = rng.choice(DISTRICTS) + rng.choice(STREETS) + "街道办事处"
    elif kind == "town":
        name = rng.choice(COUNTIES) + rng.choice(TOWNS) + "镇人民政府"
    elif kind == "city_gov":
        name = rng.choice(CITIES) + rng.choice(("人民政府", "人民政府办公室"))
    elif kind == "county_dept":
        name = rng.choice(COUNTIES) + rng.choice(DEPARTMENTS)
    else:
        name = rng.choice(DISTRICTS) + "人民政府"
    return Agency(name, _self_ref(name), kind == "city_gov")


@dataclass(frozen=True)
class Publication:
    """When the report was published: truth ISO form and printed line."""

    iso: str
    line: str


def draw_publication(rng: random.Random, year: int, agency: str) -> Publication:
    """A publication date early in the following year, in a printed form."""
    pub_year = year + 1
    month = rng.choices([1, 2, 3], weights=[7, 2, 1])[0]
    day = rng.randint(1, 28)
    hour, minute = rng.randint(8, 18), rng.randint(0, 59)
    style = rng.randrange(4)
    if style == 0:
        line = f"发布时间:{pub_year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
        if rng.random() < 0.5:
            line += f"信息来源:{agency}"
        return Publication(f"{pub_year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}", line)
    if style == 1:
        line = f"发布时间：{pub_year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
        return Publication(f"{pub_year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}", line)
    if style == 2:
        line = f"发布日期：{pub_year}年{month:02d}月{day:02d}日"
    else:
        line = f"发布日期：{pub_year}年{month}月{day}日"
    return Publication(f"{pub_year}-{month:02d}-{day:02d}", line)
