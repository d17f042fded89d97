"""import_timetable and export_timetable (contracts.md, 同步课堂 "一张表"), and the per-school
calendar feed."""

import csv
import datetime

import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from jiaogongti.importing import ImportFailed
from teachers.models import Teacher
from timetable.importer import COLUMNS, TEMPLATE, import_timetable
from timetable.models import CalendarFeed, Lesson, Session

from .builders import head_of, term_community

pytestmark = pytest.mark.django_db


def table_file(tmp_path, *rows, name="table.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def community():
    return term_community()


def row(
    community,
    weekday="1",
    start="08:00",
    end="08:40",
    lead="瑞安市第二实验小学",
    lead_class="三(1)班",
    teacher="T001",
    listeners="瑞安市塘下镇第二小学、瑞安市陶山镇中心小学",
    classes="三(2)班、三(1)班",
    weeks=("1", "18"),
    subject="语文",
):
    return [community.code, weekday, start, end, subject, lead, lead_class, teacher, listeners, classes, *weeks]


def test_a_terms_table_imports_and_a_second_import_changes_nothing(tmp_path, community):
    team, core, members = community
    path = table_file(
        tmp_path,
        row(team),
        row(
            team, weekday="3", lead=members[0].name, teacher="T002", lead_class="五(1)班", listeners=core.name, classes="五(2)班"
        ),
    )
    assert call_command("import_timetable", path, "--year", "2022", "--term", "1") is None
    first, second = Session.objects.order_by("weekday")
    assert [str(listener) for listener in first.listeners.all()] == [
        "瑞安市塘下镇第二小学三（2）班",
        "瑞安市陶山镇中心小学三（1）班",
    ]
    assert (second.lead_school, second.lead_teacher.staff_id, second.first_week, second.last_week) == (members[0], "T002", 1, 18)
    result = import_timetable(path, year=2022, term=1)
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "deleted": 0}
    assert sorted(Session.objects.values_list("pk", flat=True)) == sorted([first.pk, second.pk])


def test_a_clash_between_rows_names_both_and_nothing_is_written(tmp_path, community):
    team, core, members = community
    clash = row(team, start="08:20", end="09:00", lead_class="四(1)班", listeners=members[1].name, classes="四(2)班")
    path = table_file(tmp_path, row(team), clash)
    with pytest.raises(ImportFailed) as failed:
        import_timetable(path, year=2022, term=1)
    (problem,) = failed.value.problems
    assert problem.row == 2 and problem.message.startswith("第 2 行与第 3 行冲突：主讲教师") and not Session.objects.exists()


def test_every_bad_cell_is_named_with_its_row(tmp_path, community):
    team, core, members = community
    bad = row(
        team,
        weekday="8",
        start="8点",
        teacher="X999",
        listeners=f"{members[0].name}、{members[1].name}",
        classes="三(2)班",
        weeks=("0", "40"),
    )
    with pytest.raises(ImportFailed) as failed:
        import_timetable(table_file(tmp_path, bad, ["JGT9999", *row(team)[1:]]), year=2022, term=1)
    messages = [(p.row, p.message) for p in failed.value.problems]
    assert (2, "星期「8」应为 1 到 7 的数字（星期一为 1）。") in messages
    assert (2, "开始时间「8点」应为 时:分，如 08:00。") in messages
    assert (2, "主讲教师工号「X999」不在教师名录中。") in messages
    assert (2, "听课学校有 2 个、听课班级有 1 个：两列按顺序一一对应，个数应相同。") in messages
    assert (2, "起始周「0」应为 1 到 30 的教学周。") in messages
    assert (3, "教共体「JGT9999」在 2022学年找不到：请写教共体编号或其成员校的名称。") in messages


def test_a_file_replaces_only_the_communities_it_names_and_keeps_recorded_lessons(tmp_path, community):
    team, core, members = community
    other, other_core, _ = term_community(core_name="瑞安市安阳实验中学", members=("瑞安市飞云中学",), prefix="S")
    import_timetable(
        table_file(
            tmp_path,
            row(team),
            row(team, weekday="2"),
            row(other, lead=other_core.name, teacher="S001", listeners="瑞安市飞云中学", classes="七(1)班"),
        ),
        year=2022,
        term=1,
    )
    monday = Session.objects.get(community=team, weekday=1)
    Lesson.objects.create(session=monday, week=1, held=True)
    # The new file moves Monday's end and drops Tuesday: Monday keeps its id and its lesson.
    result = import_timetable(table_file(tmp_path, row(team, end="08:45")), year=2022, term=1)
    assert result.counts == {"created": 0, "updated": 1, "unchanged": 0, "deleted": 1}
    assert Session.objects.get(community=team).pk == monday.pk and monday.lessons.count() == 1
    assert Session.objects.filter(community=other).count() == 1  # not named: left as it was
    # A session with recorded lessons is not dropped by a file.
    with pytest.raises(ImportFailed, match="已有 1 次开课记录，文件中没有它，不能由导入删除"):
        import_timetable(table_file(tmp_path, row(team, weekday="5")), year=2022, term=1)
    assert Session.objects.filter(community=team).get().weekday == 1


def test_a_clash_with_another_communitys_stored_session_is_refused(tmp_path, community):
    """The core school leads a second community's table: the same teacher at the same time."""
    from conftest import make_community, make_school
    from schools.models import Stage

    team, core, members = community
    middle = make_school("瑞安市陶山镇中学", district="陶山")
    second = make_community(core, [middle], year=2022, type="cooperative", segment=Stage.MIDDLE).community
    import_timetable(table_file(tmp_path, row(team)), year=2022, term=1)
    path = table_file(tmp_path, [second.code, *row(team, lead_class="七(5)班", listeners=middle.name, classes="七(1)班")[1:]])
    with pytest.raises(ImportFailed) as failed:
        import_timetable(path, year=2022, term=1)
    assert "第 2 行与已有的「" in failed.value.problems[0].message


def test_the_import_template_imports(tmp_path, community):
    team, core, members = community
    Teacher.objects.filter(staff_id="T001").update(staff_id="T0001")
    example = [team.code, *TEMPLATE.example[1:]]
    import_timetable(table_file(tmp_path, example), year=2022, term=1)
    assert Session.objects.count() == 1


def test_export_timetable_writes_weekly_events_for_lead_and_listening_schools(tmp_path, community):
    team, core, members = community
    import_timetable(table_file(tmp_path, row(team, weeks=("3", "10"))), year=2022, term=1)
    for school in (core, members[0]):
        out = tmp_path / f"{school.pk}.ics"
        call_command("export_timetable", "--school", school.name, "--year", "2022", "--term", "1", "--output", str(out))
        calendar = icalendar.Calendar.from_ical(out.read_bytes())
        (event,) = calendar.walk("VEVENT")
        assert event["summary"] == "同步课堂·语文（瑞安市第二实验小学主讲）"
        start = event.decoded("dtstart")
        # Week 3 of term 1 of 2022: the Monday two weeks after 5 September, at 08:00 Shanghai time.
        assert (start.date(), start.time(), str(start.tzinfo)) == (
            datetime.date(2022, 9, 19),
            datetime.time(8, 0),
            "Asia/Shanghai",
        )
        assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["COUNT"] == [8]
        assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Shanghai"
        own = "瑞安市第二实验小学三（1）班" if school == core else "瑞安市塘下镇第二小学三（2）班"
        assert event["location"] == own  # where the school's own class sits
    with pytest.raises(CommandError, match="学校名录中没有"):
        call_command(
            "export_timetable", "--school", "不存在的学校", "--year", "2022", "--term", "1", "--output", str(tmp_path / "x.ics")
        )
    out = tmp_path / "none.ics"
    call_command("export_timetable", "--school", members[2].name, "--year", "2022", "--term", "1", "--output", str(out))
    assert not icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")


def test_the_feed_url_serves_the_schools_table_until_a_new_one_is_made(client, tmp_path, community):
    team, core, members = community
    import_timetable(table_file(tmp_path, row(team)), year=2022, term=1)
    client.force_login(head_of(members[0], "member"))
    page = client.get(reverse("portal:school_timetable", args=[members[0].pk]), {"year": 2022, "term": 1}).content.decode()
    token = CalendarFeed.objects.get(school=members[0]).token
    feed = reverse("timetable:feed", args=[token])
    assert feed in page and "瑞安市第二实验小学三（1）班" in page
    client.logout()  # a phone calendar has no session
    response = client.get(feed)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content or b"BEGIN:VCALENDAR" in response.content
    assert client.get(reverse("timetable:feed", args=["not-a-token"])).status_code == 404
    client.force_login(head_of(members[0], "member2"))
    client.post(reverse("portal:feed_renew", args=[members[0].pk]))
    assert client.get(feed).status_code == 404
    assert client.get(reverse("timetable:feed", args=[CalendarFeed.objects.get(school=members[0]).token])).status_code == 200


def test_the_bureau_imports_a_table_in_the_admin(bureau_client, tmp_path, community):
    team, core, members = community
    with open(table_file(tmp_path, row(team)), "rb") as upload:
        response = bureau_client.post(
            reverse("admin:timetable_session_import"), {"year": "2022", "term": "1", "file": upload}, follow=True
        )
    assert response.status_code == 200
    assert bureau_client.get(reverse("admin:timetable_session_changelist")).status_code == 200


def test_two_sessions_differing_in_weeks_only_import_twice_as_two(tmp_path, community):
    team, core, members = community
    path = table_file(tmp_path, row(team, weeks=("1", "8")), row(team, weeks=("9", "18")))
    import_timetable(path, year=2022, term=1)
    result = import_timetable(path, year=2022, term=1)
    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "deleted": 0}
    assert Session.objects.count() == 2


def test_times_typed_in_excel_are_read_as_clock_times(tmp_path, community):
    import openpyxl

    team, core, members = community
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    cells = row(team)
    cells[2], cells[3] = datetime.time(8, 0), datetime.time(8, 40)
    sheet.append(cells)
    sheet.cell(2, 3).number_format = sheet.cell(2, 4).number_format = "hh:mm"
    path = tmp_path / "table.xlsx"
    workbook.save(path)
    import_timetable(str(path), year=2022, term=1)
    session = Session.objects.get()
    assert (session.start_time, session.end_time) == (datetime.time(8, 0), datetime.time(8, 40))


def test_district_staff_read_the_feed_address_but_only_the_head_replaces_it(client, tmp_path, community):
    from schools.accounts import account_upsert

    team, core, members = community
    client.force_login(account_upsert(username="d", password="a-long-Password-2021", role="district", district_name="塘下").user)
    page = client.get(reverse("portal:school_timetable", args=[members[0].pk])).content.decode()
    assert "/timetable/feed/" in page and "生成新的订阅地址" not in page
    token = CalendarFeed.objects.get(school=members[0]).token
    assert client.post(reverse("portal:feed_renew", args=[members[0].pk])).status_code == 403
    assert CalendarFeed.objects.get(school=members[0]).token == token
