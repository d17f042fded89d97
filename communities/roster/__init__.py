"""The 附件2 roster layout: reading it into communities, and writing it back out.

Used by `import_roster` / `export_roster`, the admin's upload and download buttons, and
the annual report's first sheet. The layout (contracts.md, "Roster files"):

    一、小学：
    序号 | 学区 | 成员校（校区） | 学区 | 核心校 | 拟建类型
    1    | 塘下 | 瑞安市塘下镇第二小学 | 直属 | 瑞安市第二实验小学 | 共建型
    2    | 马屿 | 瑞安市马屿镇第四小学（校区） |  |  |          <- member of the community above
    二、初中、九年一贯制：
    ...

`reading` parses and checks a file, `writing` stores a checked one as a 学年's list, and
`sheet` writes a 学年's list back in the same layout.
"""

from .reading import import_roster
from .sheet import RosterSheet, RosterTemplate, roster_rows_for_display

__all__ = ["RosterSheet", "RosterTemplate", "import_roster", "roster_rows_for_display"]
