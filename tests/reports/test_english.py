"""The annual report's numbers as an English reader expects them."""

import pytest

from reports.english import english_figure, english_from_chinese, english_number
from tests.reports.test_pages import two_years  # noqa: F401 - the fixture, shared


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (194, "194"),
        (2720, "2,720"),
        (216000, "216,000"),
        (13104000, "13.1 million"),
        (2150000000, "2.15 billion"),
        ("10.50", "10.5"),
        (-3200, "−3,200"),
    ],
)
def test_numbers_are_grouped_in_thousands_and_large_ones_in_millions(value, printed):
    assert english_number(value) == printed


def test_money_is_in_yuan_and_counting_words_are_left_to_the_label():
    assert english_figure(725700, "元", money=True) == "725,700 yuan"
    assert english_figure(2720, "家") == "2,720"
    assert english_figure(10704, "人次") == "10,704 attendances"
    assert english_figure(None, "元") == ""
    assert english_figure("95.2", "%") == "95.2%"
    assert english_figure(3, "年") == "3 years"


@pytest.mark.parametrize(
    ("chinese", "english"),
    [
        ("72.57万元", "725,700 yuan"),
        ("21.5亿元", "2.15 billion yuan"),
        ("1310.4万", "13.1 million"),
        ("+3.2万", "+32,000"),
        ("−120人", "−120"),
        ("725,700元", "725,700 yuan"),
        ("—", "—"),
        ("+12.5%", "+12.5%"),
        ("3次", "3"),
        ("+1年", "+1 year"),
    ],
)
def test_numbers_printed_the_chinese_way_are_read_back_exactly(chinese, english):
    assert english_from_chinese(chinese) == english


def test_every_figure_theme_and_definition_has_an_english_name():
    """A figure added to a figures.py needs its English in reports/translations (README)."""
    from django.utils import translation

    from reports.english import report_text
    from reports.registry import Theme, registry

    texts = {theme.label for theme in Theme}
    for figure in registry.figures():
        if figure.owner != "tests":  # figures some tests declare for themselves
            texts |= {figure.label, figure.definition} - {""}
    with translation.override("en"):
        missing = sorted(text for text in texts if report_text(text) == text)
    assert missing == [], "add to reports/translations/en/LC_MESSAGES/django.po: " + "、".join(
        missing
    )


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """An English request leaves English active in this thread; the next test starts in Chinese."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
def test_the_year_page_in_english_has_english_names_numbers_and_charts(client):
    html = client.get("/en/reports/2018/").content.decode()
    assert "Our work in 2018" in html and "Innovation competitions" in html
    assert "Student grants paid by the federation" in html  # a figure's label
    assert 'title="783,756 yuan">783,756 yuan</data>' in html
    assert ">30,000</data>" in html and "3万" not in html
    assert "+36 on last year (+20%)" in html
    assert "Innovation competitions: year on year" in html  # a chart's caption
    assert "/en/reports/2018/charts/innovation.svg" in html
    chart = client.get("/en/reports/2018/charts/innovation.svg").content.decode()
    assert "Innovation competitions: year on year" in chart and "历年对比" not in chart
    assert "历年对比" in client.get("/reports/2018/charts/innovation.svg").content.decode()
    assert "3万家" in client.get("/reports/2018/").content.decode()  # Chinese is unchanged


@pytest.mark.django_db
@pytest.mark.usefixtures("two_years")
def test_a_figure_s_definition_page_in_english(client):
    html = client.get("/en/reports/figures/test_grant_yuan/").content.decode()
    assert "<h1>Student grants paid by the federation</h1>" in html
    assert "<dd>yuan</dd>" in html and "783,756 yuan" in html
