"""Cell readers of staff spreadsheets: dates as Excel gives them or as people write them."""

import datetime

import pytest

from unionportal.spreadsheets.widgets import CellError, ChineseDateWidget, cell_date

SEPT_FIRST = datetime.date(2018, 9, 1)


@pytest.mark.parametrize(
    "written",
    ["2018-09-01", "2018/9/1", "2018.09.01", "2018年9月1日", "20180901", "2018-09-01 00:00:00"],
)
def test_a_date_is_read_however_a_clerk_writes_it(written):
    assert cell_date(written) == SEPT_FIRST


def test_excel_dates_and_blank_cells():
    assert cell_date(datetime.datetime(2018, 9, 1, 8, 30)) == SEPT_FIRST
    assert cell_date(SEPT_FIRST) == SEPT_FIRST
    assert cell_date(None) is None and cell_date("  ") is None


def test_a_wrong_date_is_refused_in_chinese_and_a_required_one_must_be_there():
    with pytest.raises(CellError, match="“九月一日”不是有效日期，请写作 2018-09-01。"):
        ChineseDateWidget().clean("九月一日")
    with pytest.raises(CellError, match="2018-02-30"):
        ChineseDateWidget().clean("2018-02-30")
    with pytest.raises(CellError, match="必须填写日期"):
        ChineseDateWidget(required=True).clean("")
    assert ChineseDateWidget().clean("") is None
