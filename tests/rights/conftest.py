"""The fixtures of this folder's tests that other folders share."""

from tests.spreadsheets import unions  # noqa: F401 - the unions the import files name
