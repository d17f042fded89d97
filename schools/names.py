"""How the roster writes a school's name: the campus marker and the footnote digits.

The folding of what people type is project-wide (`jiaogongti.text`).
"""

import re

CAMPUS_MARKER = "（校区）"
CAMPUS_SUFFIX = "校区"

_FOOTNOTE = re.compile(r"\d+$")


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
