"""Imports read, check and write a file a chunk at a time, in one transaction: a problem in
a later chunk leaves nothing of the earlier ones, and rows are checked against each other
across chunks as within one."""

import pytest

from exchanges.importer import import_exchanges
from exchanges.models import Exchange
from jiaogongti import importing
from jiaogongti.importing import ImportFailed
from teachers.importer import import_teachers
from teachers.models import Teacher
from teachers.tests.test_importers import EXCHANGES, TEACHERS, csv_file

pytestmark = pytest.mark.django_db
MEMBER, CORE = "瑞安市塘下镇第二小学", "瑞安市第二实验小学"


@pytest.fixture(autouse=True)
def two_rows_a_chunk(monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)


def teacher_row(i, school=MEMBER):
    return [f"T{i:03d}", f"教师{i}", school, "语文", "中级", "2015-09-01"]


def test_a_problem_in_the_last_chunk_leaves_nothing_of_the_earlier_ones(tmp_path, schools):
    rows = [teacher_row(i) for i in range(1, 6)] + [teacher_row(6, school="无此校")]
    with pytest.raises(ImportFailed) as failed:
        import_teachers(csv_file(tmp_path, TEACHERS, *rows))
    assert "第 7 行：学校「无此校」不在学校名录中" in str(failed.value)
    assert not Teacher.objects.exists()


def test_a_staff_id_repeated_chunks_later_is_refused(tmp_path, schools):
    rows = [teacher_row(i) for i in range(1, 6)] + [teacher_row(1)]
    with pytest.raises(ImportFailed) as failed:
        import_teachers(csv_file(tmp_path, TEACHERS, *rows))
    assert "第 7 行：工号「T001」在第 2 行已出现" in str(failed.value)
    assert not Teacher.objects.exists()


def test_every_problem_is_reported_after_the_first_stops_the_writing(tmp_path, schools):
    rows = [teacher_row(1, school="无此校"), *[teacher_row(i) for i in range(2, 6)], teacher_row(6, school="也无此校")]
    with pytest.raises(ImportFailed) as failed:
        import_teachers(csv_file(tmp_path, TEACHERS, *rows))
    assert "第 2 行" in str(failed.value) and "第 7 行" in str(failed.value)


def test_a_teachers_rows_in_different_chunks_are_checked_against_each_other(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, *[teacher_row(i) for i in range(1, 5)]))
    rows = [
        ["T001", MEMBER, CORE, "交流轮岗", "2021-09-01", "2024-08-31", "是", "已结束"],
        ["T002", MEMBER, CORE, "交流轮岗", "2021-09-01", "2024-08-31", "是", "已结束"],
        ["T003", MEMBER, CORE, "交流轮岗", "2021-09-01", "2024-08-31", "是", "已结束"],
        ["T001", MEMBER, CORE, "交流轮岗", "2022-09-01", "2025-08-31", "是", "已结束"],
    ]
    with pytest.raises(ImportFailed) as failed:
        import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"))
    assert "第 5 行：与第 2 行是同一教师，交流时间重叠" in str(failed.value)
    assert not Exchange.objects.exists()


def test_a_file_over_many_chunks_imports_whole_and_then_again_unchanged(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, *[teacher_row(i) for i in range(1, 5)]))
    rows = [
        ["T001", MEMBER, CORE, "交流轮岗", "2015-09-01", "2018-08-31", "是", "已结束"],
        ["T002", MEMBER, CORE, "交流轮岗", "2021-09-01", "", "是", "已结束"],
        ["T003", MEMBER, CORE, "支教", "2021-09-01", "2022-08-31", "否", "已撤回"],
        ["T001", MEMBER, CORE, "交流轮岗", "2021-09-01", "", "是", "已结束"],
        ["T004", MEMBER, CORE, "支教", "2021-09-01", "2022-08-31", "否", "已结束"],
    ]
    path = csv_file(tmp_path, EXCHANGES, *rows, name="e.csv")
    assert "新建 5 条" in str(import_exchanges(path))
    assert Exchange.objects.count() == 5 and Exchange.history.count() == 5
    assert "新建 0 条、更新 0 条、未变 5 条" in str(import_exchanges(path))


def test_a_record_an_earlier_chunk_made_and_a_later_row_changes_is_one_new_record(tmp_path, schools):
    import_teachers(csv_file(tmp_path, TEACHERS, teacher_row(1), teacher_row(2)))
    rows = [
        ["T001", MEMBER, CORE, "支教", "2021-09-01", "2022-08-31", "否", "已撤回"],
        ["T002", MEMBER, CORE, "支教", "2021-09-01", "2022-08-31", "否", "已结束"],
        ["T001", MEMBER, CORE, "支教", "2021-09-01", "2022-08-31", "否", "已结束"],
    ]
    result = import_exchanges(csv_file(tmp_path, EXCHANGES, *rows, name="e.csv"))
    assert "新建 2 条、更新 0 条、未变 1 条" in str(result)  # as a file read in one chunk says
    assert Exchange.objects.get(teacher__staff_id="T001").status == "finished"
