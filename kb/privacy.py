"""The privacy guard: Norwegian national identity numbers never go live.

Veiviser holds content, never case data about persons. A fødselsnummer, D-nummer or H-nummer
(eleven digits: a date of birth, an individual number and two check digits) written in any
text is refused; eleven digits whose check digits do not add up (phone numbers, organisation
numbers, bank accounts) pass.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterator

# Eleven digits as people write them: together, or the date and the rest apart, optionally with
# the date or the rest grouped too («010190 12345», «01 01 90 123 45»). Never inside a longer run
# of digits.
_SEP = r"[ \u00a0.\-]?"
IDENTITY_NUMBER_RE = re.compile(
    r"(?<![\d])"
    rf"(\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{2}})"
    r"(?![\d])"
)
_TAG_RE = re.compile(r"<[^>]*>")

_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 11:
        return 0
    return None if remainder == 10 else remainder


def _has_valid_date(digits: str) -> bool:
    """The first six digits are a date; a D-nummer adds 4 to the day, an H-nummer 4 to the
    month's first digit."""
    day, month = int(digits[0:2]), int(digits[2:4])
    if day > 40:  # D-nummer
        day -= 40
    if month > 40:  # H-nummer
        month -= 40
    if not 1 <= month <= 12:
        return False
    # Any year: 29 February is valid in a leap year.
    return 1 <= day <= calendar.monthrange(2000, month)[1]


def is_identity_number(value: str) -> bool:
    """Eleven digits (separators ignored) that form a valid fødsels-, D- or H-nummer."""
    digits = re.sub(r"\D", "", value)
    if len(digits) != 11 or not _has_valid_date(digits):
        return False
    k1 = _check_digit(digits[:9], _K1_WEIGHTS)
    k2 = _check_digit(digits[:10], _K2_WEIGHTS)
    return k1 == int(digits[9]) and k2 == int(digits[10])


def plain_text(value: str) -> str:
    """Rich text and HTML as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(_TAG_RE.sub("", value))


def find_identity_numbers(text: str) -> list[str]:
    """Every identity number in a text (plain or HTML), as written."""
    return [
        match.group(1)
        for match in IDENTITY_NUMBER_RE.finditer(plain_text(text))
        if is_identity_number(match.group(1))
    ]


def strings_in(value: object) -> Iterator[str]:
    """Every string inside nested lists and dicts (a StreamField's raw data, a JSON field)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def masked(number: str) -> str:
    """An identity number shown in a message or report without giving it away."""
    digits = re.sub(r"\D", "", number)
    return digits[:2] + "*" * 7 + digits[-2:]
