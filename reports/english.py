"""The annual report's numbers for English readers: 216,000 and 13.1 million, where Chinese pages
print 21.6万 and 1310.4万 (reports.formatting); amounts in yuan. Articles keep their Chinese numbers
whatever the page's language: only the report's own pages use this.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext, pgettext

# The figures' labels, themes and definitions are translated in their own catalogue
# (reports/translations, in LOCALE_PATHS), under this context: a label may be a word the site uses
# elsewhere in another sense (技术状元 is one champion on a results table, the count of them here).
CONTEXT = "annual report"

MILLION = Decimal(1_000_000)
BILLION = Decimal(1_000_000_000)
SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
# Units that English leaves to the figure's label ("Enterprises taking part: 2,720"); money says
# yuan, and the few whose word the label does not carry say it.
UNITS = {
    "元": "yuan",
    "人次": "attendances",
    "户": "households",
    "批": "batches",
    "批次": "batches",
    "天": "days",
    "届": "editions",
    "年": "years",
}
CHINESE_FIGURE = re.compile(
    r"^(?P<sign>[+−±-]?)(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>万|亿)?(?P<unit>[^\d\s]*)$"
)


def report_text(text: str) -> str:
    """A figure's label, theme or definition in the active language."""
    translated = pgettext(CONTEXT, text)
    return translated if translated != text else gettext(text)


def _trimmed(number: Decimal, places: int) -> str:
    text = f"{number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def english_number(value) -> str:
    """216000 → "216,000"; 13104000 → "13.1 million"; 2150000000 → "2.15 billion"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite():
        return ""
    sign, number = ("−" if number < 0 else ""), abs(number)
    if number >= BILLION:
        return f"{sign}{_trimmed(number / BILLION, 2)} billion"
    if number >= MILLION:
        return f"{sign}{_trimmed(number / MILLION, 2)} million"
    return sign + _trimmed(number, 2)


def english_unit(unit: str, money: bool = False) -> str:
    if money and not unit:
        unit = "元"
    return UNITS.get(unit, "")


def english_figure(value, unit: str = "", money: bool = False) -> str:
    """``english_figure(725700, "元", True)`` → "725,700 yuan"; "" for a missing value."""
    if value is None or value == "":
        return ""
    text = english_number(value)
    if unit == "%":
        return f"{text}%" if text else text
    word = english_unit(unit, money)
    if word.endswith("s") and text in ("1", "−1"):
        word = word[:-1]  # 1 year, 1 day
    return f"{text} {word}" if text and word else text


def english_from_chinese(text: str) -> str:
    """A number printed the Chinese way ("72.57万元", "+3.2万", "725,700元") the English way;
    anything else ("—", a percentage) as it is."""
    match = CHINESE_FIGURE.match(str(text).strip())
    # a Chinese counting word (家, 个, 次 …) or none: a percentage or anything else stays as it is
    if not match or not re.fullmatch(r"[\u4e00-\u9fff]*", match["unit"]):
        return text
    number = Decimal(match["number"].replace(",", "")) * SCALES.get(match["scale"] or "", 1)
    sign = match["sign"].replace("-", "−")
    return sign + english_figure(number, match["unit"])
