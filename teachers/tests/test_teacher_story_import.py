"""`import_teachers` with the dated columns (contracts.md, Teachers: 调入日期, 离岗日期, 离岗原因)."""

import pytest

from exchanges.models import Exchange
from jiaogongti.importing import ImportFailed
from teachers.importer import import_teachers
from teachers.lists import TeacherList
from teachers.models import Teacher
from teachers.tests.builders import D, exchange
from teachers.tests.test_importers import TEACHERS, csv_file

pytestmark = pytest.mark.django_db
STORY = [*TEACHERS, "调入日期", "离岗日期", "离岗原因"]
MEMBER, CORE = "瑞安市塘下镇第二小学", "瑞安市第二实验小学"


def story(teacher):
    return list(teacher.placements.order_by("start_date").values_list("school__name", "start_date", "end_date"))


def test_a_new_teachers_placement_starts_on_their_joining_day_else_their_hire_date(tmp_path, schools):
    import_teachers(
        csv_file(
            tmp_path,
            STORY,
            ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "2018-09-01", "", ""],
            ["T2", "乙", MEMBER, "语文", "", "2012-09-01", "", "", ""],
        )
    )
    assert story(Teacher.objects.get(staff_id="T1")) == [(MEMBER, D(2018, 9, 1), None)]
    assert story(Teacher.objects.get(staff_id="T2")) == [(MEMBER, D(2012, 9, 1), None)]


def test_a_later_file_naming_another_school_moves_the_teacher_on_its_joining_day(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "语文", "", "2010-09-01"]))
    result = import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", CORE, "语文", "", "2010-09-01", "2024-09-01", "", ""]))
    teacher = Teacher.objects.get()
    assert story(teacher) == [(MEMBER, D(2010, 9, 1), D(2024, 8, 31)), (CORE, D(2024, 9, 1), None)]
    assert teacher.school.name == CORE and "更新 1 人" in str(result)


def test_a_move_without_a_joining_day_is_dated_the_day_of_the_import_and_the_summary_says_so(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "语文", "", "2010-09-01"]))
    result = import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", CORE, "语文", "", "2010-09-01"]))
    assert "1 人换了学校而未填调入日期，按导入当日" in str(result)
    (_, (school, start, end)) = story(Teacher.objects.get())
    assert (school, end) == (CORE, None) and start is not None


def test_a_departure_in_the_file_is_recorded_and_ends_a_running_exchange(tmp_path, schools):
    core, member = schools
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "语文", "", "2010-09-01"]))
    teacher = Teacher.objects.get()
    running = exchange(teacher, core, D(2021, 9, 1), D(2024, 8, 31))
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "2022-07-31", "退休"]))
    teacher.refresh_from_db()
    running.refresh_from_db()
    assert (teacher.left_on, teacher.leaving_reason) == (D(2022, 7, 31), "retired")
    assert story(teacher) == [(MEMBER, D(2010, 9, 1), D(2022, 7, 31))]
    assert (running.status, running.planned_end) == (Exchange.Status.FINISHED, D(2022, 7, 31))


def test_a_file_without_the_leaving_column_changes_nobodys_departure(tmp_path, schools):
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "2022-07-31", "离职"]))
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "数学", "", "2010-09-01"]))
    assert Teacher.objects.get().left_on == D(2022, 7, 31)


def test_an_empty_leaving_cell_brings_a_returning_teacher_back(tmp_path, schools):
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "2022-07-31", "离职"]))
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "", ""]))
    teacher = Teacher.objects.get()
    assert (teacher.left_on, teacher.leaving_reason) == (None, "")
    assert story(teacher) == [(MEMBER, D(2010, 9, 1), None)]


@pytest.mark.parametrize(
    "row, phrase",
    [
        (["2010-09-01", "", "2022-07-31", ""], "请同时填写离岗原因"),
        (["2010-09-01", "", "", "退休"], "请同时填写离岗日期"),
        (["2010-09-01", "", "2022-07-31", "病退"], "离岗原因「病退」无法识别"),
        (["2010-09-01", "2015-09-01", "2012-07-31", "退休"], "离岗日期不能早于调入日期"),
        (["2010-09-01", "0001-01-01", "", ""], "调入日期"),
    ],
)
def test_bad_dated_cells_are_refused_with_the_row(tmp_path, schools, row, phrase):
    with pytest.raises(ImportFailed) as refused:
        import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", *row]))
    assert phrase in str(refused.value) and "第 2 行" in str(refused.value)
    assert not Teacher.objects.exists()


def test_a_move_dated_before_the_last_one_is_refused_and_nothing_is_written(tmp_path, schools):
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "2018-09-01", "", ""]))
    with pytest.raises(ImportFailed, match="调入日期须晚于"):
        import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", CORE, "语文", "", "2010-09-01", "2017-09-01", "", ""]))
    teacher = Teacher.objects.get()
    assert teacher.school.name == MEMBER and story(teacher) == [(MEMBER, D(2018, 9, 1), None)]


def test_the_teacher_list_round_trips_the_dated_columns(tmp_path, schools):
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "", ""]))
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", CORE, "语文", "", "2010-09-01", "2019-09-01", "2025-07-31", "退休"]))
    (_, row) = list(TeacherList().rows())
    assert row[:9] == ["T1", "甲", CORE, "语文", "", D(2010, 9, 1), D(2019, 9, 1), D(2025, 7, 31), "退休"]
    result = import_teachers(csv_file(tmp_path, [*STORY, "编制学校"], [str(cell or "") for cell in row]))
    assert "新建 0 人、更新 0 人、未变 1 人" in str(result)


def test_a_teacher_back_after_years_away_counts_nowhere_in_between(tmp_path, schools):
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "2018-07-31", "离职"]))
    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", CORE, "语文", "", "2010-09-01", "2022-09-01", "", ""]))
    teacher = Teacher.objects.get()
    assert story(teacher) == [(MEMBER, D(2010, 9, 1), D(2018, 7, 31)), (CORE, D(2022, 9, 1), None)]
    assert (teacher.left_on, teacher.school.name) == (None, CORE)
    with pytest.raises(ImportFailed, match="返岗的调入日期须晚于"):
        import_teachers(csv_file(tmp_path, STORY, ["T2", "乙", MEMBER, "语文", "", "2010-09-01", "", "2018-07-31", "离职"]))
        import_teachers(csv_file(tmp_path, STORY, ["T2", "乙", MEMBER, "语文", "", "2010-09-01", "2017-09-01", "", ""]))


def test_a_corrected_hire_date_moves_the_first_placement_with_it(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "语文", "", ""]))
    import_teachers(csv_file(tmp_path, TEACHERS, ["T1", "甲", MEMBER, "语文", "", "2023-09-01"]))
    assert story(Teacher.objects.get()) == [(MEMBER, D(2023, 9, 1), None)]


def test_an_exchange_file_may_not_start_a_live_exchange_after_the_teacher_left(tmp_path, schools):
    from exchanges.importer import import_exchanges
    from teachers.tests.test_importers import EXCHANGES

    import_teachers(csv_file(tmp_path, STORY, ["T1", "甲", MEMBER, "语文", "", "2010-09-01", "", "2022-07-31", "退休"]))
    with pytest.raises(ImportFailed, match="已于 2022年7月31日 离岗"):
        import_exchanges(csv_file(tmp_path, EXCHANGES, ["T1", MEMBER, CORE, "支教", "2022-09-01", "2023-08-31", "否", "已批准"]))
    assert not Exchange.objects.exists()
