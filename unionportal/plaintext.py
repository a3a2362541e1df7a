"""Text typed by people, made fit for formats stricter than HTML."""

import re

# What XML 1.0 cannot carry, so neither can RSS, SVG or an XLSX cell (openpyxl refuses it): the
# C0 controls other than tab and line breaks (Word pastes a vertical tab for a manual line
# break; a terminal leaves ESC), and the two non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text without the characters XML 1.0 cannot carry (everything else is kept)."""
    return NOT_XML.sub("", text)
