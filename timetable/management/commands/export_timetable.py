from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiaogongti.text import normalize_text
from schools.models import School
from timetable.ical import school_calendar, sessions_of_school
from timetable.terms import term_label


class Command(BaseCommand):
    help = "把一所学校某学期参与的同步课堂（主讲或听课）写成 iCalendar 文件（.ics），可导入手机或电脑日历。"

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="学校名称")
        parser.add_argument("--year", type=int, required=True, help="学年，如 2022")
        parser.add_argument("--term", type=int, required=True, choices=[1, 2], help="学期：1 或 2")
        parser.add_argument("--output", required=True, help="输出文件，如 课表.ics")

    def handle(self, *args, **options):
        school = School.objects.filter(name=normalize_text(options["school"])).first()
        if school is None:
            raise CommandError(f"学校名录中没有「{options['school']}」。")
        year, term = options["year"], options["term"]
        Path(options["output"]).write_bytes(school_calendar(school, [(year, term)]))
        count = sessions_of_school(school, year, term).count()
        self.stdout.write(f"已写出 {school.name}{term_label(year, term)}的 {count} 节同步课堂（每周）到 {options['output']}。")
