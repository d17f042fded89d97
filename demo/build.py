"""The demo's teachers, exchanges and results, as the files a bureau would import: built
from the roster the demo loads, the same every time (a fixed seed), every name marked 演示."""

import csv
import datetime
import io
import random
from collections.abc import Iterator

from communities.models import CommunityType, CommunityYear
from exchanges.models import Exchange
from jiaogongti.school_year import school_year_of, school_year_start
from schools.models import School, Stage

SEED = 2021
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华英芳军敏静丽强磊洋艳勇杰娟涛超霞平刚"
SUBJECTS = {Stage.PRIMARY: ["语文", "数学", "英语", "科学"], Stage.MIDDLE: ["语文", "数学", "英语", "科学", "社会"]}
TITLES = ["二级教师", "一级教师", "一级教师", "高级教师"]
TEACHER_HEADER = ["工号", "姓名", "学校", "学科", "职称", "入职日期"]
EXCHANGE_HEADER = ["工号", "派出学校", "接收学校", "类型", "开始日期", "结束日期", "迁编", "状态"]
SCORE_HEADER = ["学年", "学段", "学校", "科目", "参考人数", "平均分", "标准差", "毕业班数"]


def staff_id(school_index: int, number: int) -> str:
    return f"DEMO{school_index:03d}{number:02d}"


def teacher_rows(schools: list[School]) -> Iterator[list[str]]:
    """A core school ~30 teachers, another ~15; hired over twenty years, a few this 学年."""
    rng = random.Random(SEED)
    for index, school in enumerate(schools, start=1):
        count = rng.randint(24, 34) if school.led_communities.exists() else rng.randint(10, 18)
        subjects = SUBJECTS[Stage(school.stage or Stage.PRIMARY).segment]
        for number in range(1, count + 1):
            hired = datetime.date(rng.choice(range(2003, 2027)), 9, 1)
            name = f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}（演示）"
            title = "未定级" if hired.year >= 2025 else rng.choice(TITLES)
            yield [staff_id(index, number), name, school.name, rng.choice(subjects), title, hired.isoformat()]


def exchange_rows(today: datetime.date) -> Iterator[list[str]]:
    """The past and present exchanges of every community, 2021 to this 学年: members'
    teachers to their core school and the core's to its members (交流轮岗 three years with
    迁编, 支教 one year without, 驻教 within a 融合型 one), in the status the calendar
    would have them in today."""
    rng = random.Random(SEED + 1)
    used: dict[int, datetime.date] = {}  # teacher id -> free again from
    for community_year in CommunityYear.objects.select_related("community__core_school").order_by("position"):
        core = community_year.community.core_school
        members = [m.school for m in community_year.memberships.select_related("school").order_by("position")]
        for year in range(2021, school_year_of(today) + 1):
            for member in members:
                for sender, receiver in _pairs(rng, community_year.type, core, member):
                    row = _exchange_row(rng, community_year.type, sender, receiver, year, used, today)
                    if row:
                        yield row


def _pairs(rng, community_type: str, core: School, member: School):
    """Who sends to whom this 学年: both ways in most; a 协作型 core now and then sends no one,
    and some 共建型 pairs send one way only (short of the 10 % the plan asks)."""
    pairs = [(member, core), (core, member)]
    if community_type == CommunityType.COOPERATIVE and rng.random() < 0.3:
        pairs = [(member, core)]  # the 政策核算 page will note it
    if community_type == CommunityType.CO_BUILT and rng.random() < 0.35:
        pairs = [rng.choice(pairs)]
    return pairs


def _exchange_row(rng, community_type, sender: School, receiver: School, year, used, today) -> list[str] | None:
    free = [t for t in sender.teachers.order_by("staff_id") if used.get(t.pk, datetime.date.min) <= school_year_start(year)]
    free = [t for t in free if t.hire_date and t.hire_date < school_year_start(year)]
    if not free:
        return None
    teacher = rng.choice(free)
    kind = (
        Exchange.Kind.RESIDENT
        if community_type == CommunityType.MERGED
        else rng.choice([Exchange.Kind.ROTATION, Exchange.Kind.ROTATION, Exchange.Kind.SUPPORT])
    )
    start = school_year_start(year)
    years = 3 if kind == Exchange.Kind.ROTATION else 1
    end = start.replace(year=start.year + years) - datetime.timedelta(days=1)
    used[teacher.pk] = end + datetime.timedelta(days=1)
    status = "已结束" if end < today else ("进行中" if start <= today else "已批准")
    moved = "是" if kind == Exchange.Kind.ROTATION else "否"
    label = Exchange.Kind(kind).label
    return [teacher.staff_id, sender.name, receiver.name, label, start.isoformat(), end.isoformat(), moved, status]


def score_rows(years: list[int]) -> Iterator[list[str]]:
    """Every school's results of each 学年 (小学 and 初中 as its 学段 has them): member
    schools mostly rising, some by five points and more, so rewards follow."""
    rng = random.Random(SEED + 2)
    for school in School.objects.exclude(stage="").order_by("name"):
        stages = [Stage.PRIMARY, Stage.MIDDLE] if school.stage == Stage.NINE_YEAR else [Stage(school.stage).segment]
        level = rng.uniform(62, 78)
        rise = rng.choice([-2, 0, 3, 6, 10, 14]) if school.memberships.exists() else rng.choice([-1, 0, 1])
        for offset, year in enumerate(years):
            for stage in stages:
                classes = str(rng.randint(2, 8))
                for subject in SUBJECTS[stage][:3]:
                    average = level + offset * rise + rng.uniform(-1.5, 1.5)
                    label = Stage(stage).label
                    yield [str(year), label, school.name, subject, str(rng.randint(60, 320)), f"{average:.1f}", "12.5", classes]


def as_csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
