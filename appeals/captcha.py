"""A captcha that needs no outside service and reads aloud: a small sum in Chinese words.

"七加三等于几？" is plain text, so a screen reader (or the portal's own 读屏) reads it, and an older
reader answers it without deciphering a distorted image. The answer travels in a signed token
(Django's ``signing``) as a keyed hash with a one-time nonce: the page keeps no session, and a
token is spent once it is used (the shared cache remembers it for its lifetime; with the cache
away a token may serve twice within its half hour, the rate limits still apply).
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from unionportal.cache import shared_cache_call

SALT = "appeals.captcha"
MAX_AGE = 30 * 60
DIGITS = "零一二三四五六七八九十"
#: full-width digits typed on a Chinese keyboard read as ASCII ones
FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_number(value: int) -> str:
    """0–20 in Chinese words: 七, 十二, 二十."""
    if value <= 10:
        return DIGITS[value]
    tens, ones = divmod(value, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


WORDS = {chinese_number(n): n for n in range(21)}


def _digest(answer: int, nonce: str) -> str:
    message = f"{nonce}:{answer}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def challenge() -> tuple[str, str]:
    """(question, token) for a new form."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        question, answer = f"{chinese_number(a)}减{chinese_number(b)}等于几？", a - b
    else:
        question, answer = f"{chinese_number(a)}加{chinese_number(b)}等于几？", a + b
    nonce = secrets.token_urlsafe(12)
    token = signing.dumps({"q": question, "n": nonce, "d": _digest(answer, nonce)}, salt=SALT)
    return question, token


def question_of(token: str) -> str | None:
    """The question a token was made for (to show the same one again), or None."""
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)["q"]
    except (signing.BadSignature, KeyError, TypeError):
        return None


def read_answer(text: str) -> int | None:
    text = (text or "").strip().translate(FULL_WIDTH)
    if text.isascii() and text.isdigit() and len(text) <= 3:
        return int(text)
    return WORDS.get(text)


def solved(token: str, answer_text: str) -> bool:
    """Whether the answer is right for an unexpired, unspent token (then spent)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        nonce, digest = data["n"], data["d"]
    except (signing.BadSignature, KeyError, TypeError):
        return False
    answer = read_answer(answer_text)
    if answer is None or not hmac.compare_digest(_digest(answer, nonce), digest):
        return False
    fresh = shared_cache_call(lambda: cache.add(f"appeals:captcha:{nonce}", 1, MAX_AGE))
    return fresh is not False
