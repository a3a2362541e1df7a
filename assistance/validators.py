"""Validation of resident identity numbers (公民身份号码, GB 11643-1999) and mobile numbers."""

from unionportal.personal_data import (
    EARLIEST_BIRTH_YEAR,
    ID_CHECK_CHARS,
    ID_PATTERN,
    ID_WEIGHTS,
    PHONE_PATTERN,
    id_birth_date,
    id_check_char,
    id_number_check,
    normalize_id_number,
    normalize_phone,
    phone_check,
)

__all__ = [
    "EARLIEST_BIRTH_YEAR",
    "ID_CHECK_CHARS",
    "ID_PATTERN",
    "ID_WEIGHTS",
    "PHONE_PATTERN",
    "id_birth_date",
    "id_check_char",
    "normalize_id_number",
    "normalize_phone",
    "validate_id_number",
    "validate_phone",
]


# The model fields' validators keep these names (the migrations refer to them); the rules are
# shared with the other person-level records in ``unionportal.personal_data``.
def validate_id_number(value: str) -> None:
    id_number_check(value)


def validate_phone(value: str) -> None:
    phone_check(value)
