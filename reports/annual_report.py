"""The annual report (contracts.md, "The annual report"): for a closed 学年 the figures kept
on closing and what has changed since (`closing`), else the records as they are now."""

from typing import BinaryIO

from jiaogongti.exporting import write_workbook

from .closing import report_sheets


def write_annual_report(year: int, target: str | BinaryIO) -> None:
    write_workbook(report_sheets(year), target)


def annual_report_filename(year: int) -> str:
    return f"{year}学年教共体年度报表.xlsx"


def write_annual_report_file(*, output: str, year: int) -> None:
    """The background job's way in (jobs.services): the workbook to a file."""
    write_annual_report(year, output)
