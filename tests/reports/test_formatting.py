"""Figures print the way the 2018 annual review prints them (figures-2018.md)."""

from decimal import Decimal

import pytest

from reports.formatting import format_change, format_exact, format_figure


@pytest.mark.parametrize(
    ("value", "unit", "money", "printed"),
    [
        (27, "项", False, "27项"),
        (194, "人", False, "194人"),
        (2720, "家", False, "2720家"),
        (216000, "", False, "21.6万"),
        (36500, "", False, "3.65万"),
        (3410, "", False, "3410"),
        (Decimal("2150000000"), "元", True, "21.5亿元"),
        (173900, "", False, "17.39万"),
        (8120, "", False, "8120"),
        (3881, "家", False, "3881家"),
        (27800, "", False, "2.78万"),
        (843100, "", False, "84.31万"),
        (Decimal("725700.00"), "元", True, "72.57万元"),
        (Decimal("1140000"), "元", True, "114万元"),
        (Decimal("13104000"), "元", True, "1310.4万元"),
        (30000, "家", False, "3万家"),
        (28400, "家", False, "2.84万家"),
        (10704, "人次", False, "10704人次"),
        (7889, "人次", False, "7889人次"),
        (2044, "名", False, "2044名"),
        (11000, "", False, "1.1万"),
        (32600, "", False, "3.26万"),
        (Decimal("1052"), "", False, "1052"),
        (0, "人", False, "0人"),
    ],
)
def test_figures_print_like_the_article(value, unit, money, printed):
    assert format_figure(value, unit, money) == printed


def test_money_without_a_unit_is_in_yuan():
    assert format_figure(Decimal("725700"), "", True) == "72.57万元"


def test_a_large_number_that_is_not_round_is_rounded_to_two_decimals():
    assert format_figure(13104321, "元", True) == "1310.43万元"
    assert format_figure(2153456789, "元", True) == "21.53亿元"


def test_small_decimals_keep_their_cents_without_trailing_zeros():
    assert format_figure(Decimal("1234.50"), "元", True) == "1234.5元"


def test_no_value_prints_nothing_instead_of_failing():
    assert format_figure(None, "人") == ""
    assert format_figure("abc", "人") == ""


def test_the_exact_value_is_kept_for_titles_and_tables():
    assert format_exact(Decimal("725700.00"), "元", True) == "725,700元"
    assert format_exact(Decimal("1234.5"), "元", True) == "1,234.5元"


def test_change_from_the_year_before():
    assert format_change(216000, 200000) == {"delta": "+1.6万", "percent": "+8%", "sign": 1}
    down = format_change(Decimal("725700"), Decimal("800000"), "元", True)
    assert down["delta"] == "−7.43万元"
    assert down["percent"] == "−9.3%"
    assert format_change(5, 5)["delta"] == "±0"
    assert format_change(5, 0)["percent"] is None
    assert format_change(5, None) is None
