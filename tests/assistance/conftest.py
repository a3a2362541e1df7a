"""The unions aid's tests use (``city``, ``haimen``, ``qidong``) are shared fixtures of
tests/conftest.py. Named here as well because tests/unionportal/test_import_*.py import ``city``
from this module; once they stop, this file can go."""

from tests.conftest import city, haimen, qidong

__all__ = ["city", "haimen", "qidong"]
