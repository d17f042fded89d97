"""Normalising what people type into a cell: names, subjects, ids.

Names are the key users see, so the same school typed with a full-width space, ASCII
brackets or a stray blank must land on the same row.
"""

import functools
import re
import unicodedata

FORMULA_PREFIXES = ("=", "+", "-", "@")

_WHITESPACE = re.compile(r"\s+")


def normalize_text(value: str | None) -> str:
    """Trim and fold a cell: full-width letters/digits to half-width, no blanks inside."""
    if value is None:
        return ""
    return _normalized(str(value))


# A file repeats its school names, subjects and titles on every row: each is folded once,
# and every row then shares one string object (a province's file is hundreds of thousands
# of rows, held until it is written).
@functools.lru_cache(maxsize=20_000)
def _normalized(value: str) -> str:
    text = unicodedata.normalize("NFKC", value)
    # Chinese names never contain spaces: any blank (incl. U+3000) is a typing slip.
    text = _WHITESPACE.sub("", text)
    # NFKC turns （） into (); the official names use the full-width form.
    return text.replace("(", "（").replace(")", "）")


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run as a formula (kept out of names, escaped on export)."""
    return value.startswith(FORMULA_PREFIXES)


def printable(text: str) -> str:
    """`text` with any NUL shown as ␀: a message may quote what a file held, and PostgreSQL
    stores no NUL (a job's problem list that quotes one could not be saved)."""
    return text.replace("\x00", "␀")


def whole_number(text, low: int, high: int) -> int | None:
    """The whole number `text` spells in ASCII digits, if within low..high; else None.
    (str.isdigit() accepts ² and other digits int() refuses, and no bound stops a number
    too large for the database.)"""
    text = str(text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None
