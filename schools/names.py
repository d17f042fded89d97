"""Normalising what people type into a school's or 学区's name.

Names are the key users see, so the same school typed with a full-width space, ASCII
brackets or a stray blank must land on the same row.
"""

import functools
import re
import unicodedata

CAMPUS_MARKER = "（校区）"
CAMPUS_SUFFIX = "校区"
FORMULA_PREFIXES = ("=", "+", "-", "@")

_WHITESPACE = re.compile(r"\s+")
_FOOTNOTE = re.compile(r"\d+$")


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
    return value.startswith(FORMULA_PREFIXES)


def split_campus_marker(name: str) -> tuple[str, bool]:
    """'X（校区）' -> ('X', True). A name ending in 校区 is itself a campus's name."""
    if name.endswith(CAMPUS_MARKER):
        return name[: -len(CAMPUS_MARKER)], True
    return name, name.endswith(CAMPUS_SUFFIX)


def strip_footnote(name: str) -> str:
    """The roster marks a core school that leads two communities with a trailing 1/2."""
    return _FOOTNOTE.sub("", name)


def roster_display_name(name: str, is_campus: bool) -> str:
    """How a member is written in the 附件2 layout."""
    if is_campus and not name.endswith(CAMPUS_SUFFIX):
        return name + CAMPUS_MARKER
    return name
