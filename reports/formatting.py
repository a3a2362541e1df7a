"""Print figures the way the annual review does: 21.6万, 72.57万元, 21.5亿元, 194人, 2720家.

The rules, read off the article:
- below 1万 a number is printed whole, without thousands separators (2720家, 8120, 3881家);
- from 1万 on it is printed in 万 (亿 from 1亿 on) when that is exact with at most two decimals
  (216000 → 21.6万, 13104000 → 1310.4万, 2150000000 → 21.5亿), trailing zeros stripped;
- a number that is not round is printed whole while it has at most six digits, as the article
  prints 10704人次; larger ones are rounded to two decimals of 万 / 亿 (the exact value stays
  available, e.g. in a ``title`` attribute, through ``format_exact``).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
TWO_PLACES = Decimal("0.01")


def _to_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> str:
    """A decimal without exponent and without trailing zeros: 21.60 → "21.6", 3.00 → "3"."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _is_exact(number: Decimal, scale: Decimal) -> bool:
    scaled = number / scale
    return scaled == scaled.quantize(TWO_PLACES)


def _rounded(number: Decimal, scale: Decimal) -> str:
    return _plain((number / scale).quantize(TWO_PLACES, rounding=ROUND_HALF_UP))


def format_number(value) -> str:
    """The number part alone ("72.57万", "194"), no unit; "" for something that is no number."""
    number = _to_decimal(value)
    if number is None:
        return ""
    sign = "−" if number < 0 else ""  # a real minus sign, as typography wants
    number = abs(number)
    if number < WAN:
        return sign + _plain(number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
    if number >= YI and _is_exact(number, YI):
        return f"{sign}{_plain(number / YI)}亿"
    if _is_exact(number, WAN) and number < YI * 10:
        return f"{sign}{_plain(number / WAN)}万"
    if number < 1_000_000:
        return sign + _plain(number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
    if number >= YI:
        return f"{sign}{_rounded(number, YI)}亿"
    return f"{sign}{_rounded(number, WAN)}万"


def format_figure(value, unit: str = "", money: bool = False) -> str:
    """A figure as the article prints it: ``format_figure(725700, "元", True)`` → "72.57万元".

    ``money`` figures are in 元; their unit defaults to 元. Returns "" for a missing value.
    """
    text = format_number(value)
    if not text:
        return ""
    if money and not unit:
        unit = "元"
    return f"{text}{unit}"


def format_exact(value, unit: str = "", money: bool = False) -> str:
    """The exact value with thousands separators, for a ``title`` or a data table: "725,700元"."""
    number = _to_decimal(value)
    if number is None:
        return ""
    if money and not unit:
        unit = "元"
    if number == number.to_integral_value():
        text = f"{int(number):,}"
    else:
        text = f"{number.normalize():,f}"
    return f"{text.replace('-', '−')}{unit}"


def format_change(current, previous, unit: str = "", money: bool = False) -> dict | None:
    """The change from the year before: {"delta": "+3.2万", "percent": "+12.5%", "sign": 1}.

    None when there is no previous value to compare with.
    """
    now, before = _to_decimal(current), _to_decimal(previous)
    if now is None or before is None:
        return None
    delta = now - before
    sign = (delta > 0) - (delta < 0)
    prefix = "+" if sign > 0 else ("−" if sign < 0 else "±")
    text = prefix + format_figure(abs(delta), unit, money)
    percent = None
    if before != 0:
        ratio = (delta / abs(before) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        percent = prefix + _plain(abs(ratio)) + "%"
    return {"delta": text, "percent": percent, "sign": sign}
