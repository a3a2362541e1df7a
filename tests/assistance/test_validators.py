import datetime

import pytest
from django.core.exceptions import ValidationError

from assistance.privacy import mask_id_number, mask_phone
from assistance.validators import id_check_char, validate_id_number, validate_phone
from tests.assistance.factories import make_id_number


def test_a_well_formed_id_number_is_accepted():
    validate_id_number(make_id_number(123))
    validate_id_number(" " + make_id_number(123) + " ")  # stray spaces from a spreadsheet


def test_the_sample_number_of_the_standard_checks_out():
    # 11010519491231002X is the example printed in explanations of GB 11643-1999.
    assert id_check_char("11010519491231002") == "X"
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x")  # a lower-case x is the same number


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("32060219750315123", "18位"),
        ("3206021975031512345", "18位"),
        ("3206021975031512AX", "前17位应为数字"),
        ("320602197502301234", "不是有效日期"),  # 30 February
        ("320602187501011234", "早于1900年"),
    ],
)
def test_malformed_id_numbers_are_refused_in_chinese(number, message):
    with pytest.raises(ValidationError, match=message):
        validate_id_number(number)


def test_a_wrong_check_digit_is_refused():
    good = make_id_number(7)
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_id_number(wrong)


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError, match="晚于今天"):
        validate_id_number(make_id_number(1, birth=f"{tomorrow:%Y%m%d}"))


def test_phone_numbers_are_eleven_digits_starting_with_one():
    validate_phone("13812345678")
    validate_phone("138-1234-5678")
    with pytest.raises(ValidationError, match="11位"):
        validate_phone("0513-8512345")


def test_numbers_are_masked_the_agreed_way():
    assert mask_id_number("320602197503151234") == "3206**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == "" and mask_phone(None) == ""
