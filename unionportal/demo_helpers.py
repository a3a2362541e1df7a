"""What the demo modules of the record apps share: exact splits of a total, the other years'
values, made-up enterprises and made-up people (never real ones).

The 2018 records add up EXACTLY to the annual review's figures; 2016, 2017 and 2019 are scaled
from them (``scaled``), so that the year-over-year charts have something to show.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import product

from organizations.validators import credit_code_check_char
from unionportal.personal_data import id_check_char

YEARS = (2016, 2017, 2018, 2019)
GROWTH = {2016: Decimal("0.84"), 2017: Decimal("0.92"), 2018: Decimal(1), 2019: Decimal("1.07")}

# Area codes of the demo districts (the first six digits of a made-up ID number).
AREA_CODES = ("320602", "320612", "320684", "320682", "320685", "320623", "320681")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
GIVEN = (
    "建国志强卫东国华德明立新小军文斌长青晓东爱民振华家宝洪涛明亮"
    "秀英桂兰海燕红梅玉珍春燕丽华金凤美玲雪梅淑芬月娥素琴凤英永红"
)


def scaled(value_2018, year: int, *, step: int = 1):
    """The demo value of ``year`` for a figure whose 2018 value is ``value_2018``."""
    value = Decimal(value_2018) * GROWTH[year]
    rounded = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return rounded if isinstance(value_2018, Decimal) else int(rounded)


def spread(total, parts: int, *, seed: int = 0) -> list:
    """``total`` split into ``parts`` uneven shares that add up to exactly ``total`` (whole
    numbers for an int, fen for a Decimal)."""
    if parts <= 0:
        return []
    weights = [3 + (index * 7 + seed) % 5 for index in range(parts)]
    unit = Decimal("0.01") if isinstance(total, Decimal) else 1
    whole = int(Decimal(total) / Decimal(unit))
    shares = [divmod(whole * weight, sum(weights)) for weight in weights]
    values = [quotient for quotient, _ in shares]
    order = sorted(range(parts), key=lambda index: (-shares[index][1], index))
    for index in order[: whole - sum(values)]:
        values[index] += 1
    if isinstance(total, Decimal):
        return [Decimal(value) * unit for value in values]
    return values


def credit_code(prefix: str, number: int) -> str:
    """A made-up 统一社会信用代码: ``prefix`` (11 characters) + 6 digits + its check character."""
    first_17 = f"{prefix}{number:06d}"
    return first_17 + credit_code_check_char(first_17)


def enterprise_names(first: str, second: str, trades: list[str], count: int) -> list[str]:
    """``count`` distinct made-up enterprise names (two syllables, a trade, a legal form)."""
    forms = ("有限公司", "股份有限公司", "科技有限公司", "实业有限公司", "制造有限公司")
    names = [
        f"{a}{b}{trade}{form}"
        for form, trade, a, b in product(forms, trades, first, second)
        if a != b
    ]
    if len(names) < count:
        raise ValueError("not enough made-up names")
    return names[:count]


def person(index: int, *, salt: int = 0) -> tuple[str, str, str]:
    """(name, ID number, mobile) of made-up person ``index`` (below 12,000) of population
    ``salt`` (below 1,000): invented, valid-looking, and distinct for distinct pairs."""
    mixed = index * 7919 + salt * 104_729
    given = (mixed // len(SURNAMES)) % (len(GIVEN) // 2)
    name = SURNAMES[mixed % len(SURNAMES)] + GIVEN[given * 2 : given * 2 + 2]
    birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=index)
    area = AREA_CODES[index % len(AREA_CODES)]
    first_17 = f"{area}{birth:%Y%m%d}{salt:03d}"
    phone = f"15{salt % 10}{index:08d}"
    return name, first_17 + id_check_char(first_17), phone
