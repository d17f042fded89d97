"""Naming a community in a file (contracts.md): a column `教共体` holding its 教共体编号 or the
name of one of its member schools in the row's 学年. One reading for every import."""

from jiaogongti.importing import Problems
from jiaogongti.text import normalize_text

from .models import Community
from .selectors import community_named


def community_in_file(raw: str, year: int, row: int, problems: Problems, known: dict) -> Community | None:
    """The community the cell names in the 学年, else the row's problem. `known` keeps what
    a file has named already (a file names the same communities on many rows)."""
    named = normalize_text(raw)
    if not named:
        problems.add(row, "教共体为空。")
        return None
    if (year, named) not in known:
        community_year = community_named(named, year)
        known[(year, named)] = community_year.community if community_year else None
    if known[(year, named)] is None:
        problems.add(row, f"教共体「{named}」在 {year}学年找不到：请写教共体编号或其成员校的名称。")
    return known[(year, named)]
