import pytest
from django.core.exceptions import ValidationError

from organizations.validators import credit_code_check_char, validate_credit_code


def make_code(first_17: str) -> str:
    return first_17 + credit_code_check_char(first_17)


def test_a_well_formed_credit_code_is_accepted():
    validate_credit_code(make_code("91320600MA1X2Y3Y4"))
    validate_credit_code(make_code("91320600MA1X2Y3Y4").lower())  # staff type it in lower case


def test_the_sample_code_quoted_with_the_standard_checks_out():
    # 91350100M000100Y43 is the sample code printed in explanations of GB 32100-2015.
    assert credit_code_check_char("91350100M000100Y4") == "3"
    validate_credit_code("91350100M000100Y43")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9132060012345", "18位"),
        ("91320600MA1XIOZ3Y1", "不允许的字符"),
    ],
)
def test_malformed_codes_are_refused_in_chinese(code, message):
    with pytest.raises(ValidationError, match=message):
        validate_credit_code(code)


def test_a_wrong_check_character_is_refused():
    good = make_code("91320600MA1X2Y3Y4")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        validate_credit_code(wrong)
