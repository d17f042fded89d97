from communities.roster import import_roster
from jobs.commands import ImportCommand


class Command(ImportCommand):
    help = "导入某学年的教共体名单（附件2格式）。该文件即为该学年的完整名单。"
    title = "导入教共体名单"
    importer = staticmethod(import_roster)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True, help="学年，如 2021 表示 2021学年")

    def importer_options(self, options) -> dict:
        return {"year": options["year"]}
