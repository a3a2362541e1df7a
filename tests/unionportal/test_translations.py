"""The committed translations: every compiled .mo says exactly what its .po says, so that a
machine without gettext serves what the translators wrote (``manage.py compile_translations``)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

PO_FILES = sorted(
    path for locale in settings.LOCALE_PATHS for path in Path(locale).glob("*/LC_MESSAGES/*.po")
)


def _messages(catalogue, *, source: bool) -> dict:
    """(context, message) → translation, for every message gettext would translate."""
    messages = {}
    for entry in catalogue:
        if source and (entry.obsolete or "fuzzy" in entry.flags or not entry.translated()):
            continue
        if not entry.msgid:
            continue  # the header
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        plural = {int(index): text for index, text in entry.msgstr_plural.items()}
        messages[key] = plural or entry.msgstr
    return messages


def test_there_is_an_english_catalogue():
    assert any(path.parts[-3] == "en" for path in PO_FILES)


@pytest.mark.parametrize("po_path", PO_FILES, ids=lambda path: path.parts[-3])
def test_each_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.name} missing: run manage.py compile_translations"
    compiled = _messages(polib.mofile(str(mo_path)), source=False)
    assert compiled == _messages(polib.pofile(str(po_path)), source=True), (
        f"{mo_path} is out of date: run manage.py compile_translations and commit it"
    )
