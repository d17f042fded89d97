from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiaogongti.exporting import write_workbook
from jiaogongti.forms import FIRST_YEAR, LAST_YEAR
from planner.plans import ComplianceSheet, PlanSheet, WhatIfSheet, propose, school_obligations, solver_says
from planner.what_if import co_built_what_if


class Command(BaseCommand):
    help = (
        "提出某学年 9 月 1 日开始的交流计划（.xlsx，不写入数据库）：“交流计划”表可直接用 import_exchanges 导入，"
        "“达标情况”表列出每所有义务的学校是否达标及原因，“共建型测算”表列出可改为共建型以达到占比目标的协作型教共体。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="学年，如 2026（2026 年 9 月 1 日开始的交流）")
        parser.add_argument("--output", required=True, help="写入的 .xlsx 文件")
        parser.add_argument("--service-years", type=int, help="核心校新教师的服务期（年）；不填则不计这项义务")
        parser.add_argument("--core-sends", type=int, default=1, help="每个协作型教共体的核心校至少派出的教师数（默认 1）")

    def handle(self, *args, year, output, service_years, core_sends, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间。")
        if not output.lower().endswith(".xlsx"):
            raise CommandError(f"--output「{output}」应是 .xlsx 文件。")
        if core_sends < 0 or (service_years is not None and service_years < 1):
            raise CommandError("--core-sends 不能为负数，--service-years 至少为 1。")
        plan = propose(year, service_years=service_years, core_sends=core_sends)
        write_workbook([PlanSheet(plan), ComplianceSheet(plan), WhatIfSheet(co_built_what_if(year - 1))], output)
        rows = school_obligations(plan)
        short = sum(1 for row in rows if not row.met)
        solved = plan.solved
        self.stdout.write(
            f"{year}学年交流计划：{len(solved.moves)} 人交流；{len(rows)} 项学校义务，{len(rows) - short} 项达标、{short} 项未达标"
            f"；{solver_says(solved)}。"
            f"已写入 {Path(output).resolve()}"
        )
