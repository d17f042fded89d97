"""`insert_rows`: a file's new rows from plain values, as `bulk_create` would store them."""

import datetime

import pytest

from conftest import make_school
from exchanges.models import Exchange
from jiaogongti import bulk
from teachers.models import Teacher

pytestmark = pytest.mark.django_db


def test_rows_are_stored_with_their_values_the_model_defaults_and_new_ids(monkeypatch):
    monkeypatch.setattr(bulk, "_rows_per_statement", lambda columns: 2)  # three statements for five rows
    school, other = make_school("甲校"), make_school("乙校")
    rows = [(f"T{i}", f"教师{i}", school.id, school.id, "语文", "中级", datetime.date(2015, 9, i + 1)) for i in range(5)]
    ids = bulk.insert_rows(
        Teacher, ["staff_id", "name", "school_id", "establishment_school_id", "subject", "title", "hire_date"], rows
    )
    assert len(set(ids)) == 5
    stored = {t.pk: t for t in Teacher.objects.all()}
    assert sorted(stored) == sorted(ids)
    assert [stored[pk].hire_date for pk in ids] == [datetime.date(2015, 9, i + 1) for i in range(5)]

    teacher = Teacher.objects.first()
    (exchange_id,) = bulk.insert_rows(
        Exchange,
        ["teacher_id", "from_school_id", "to_school_id", "kind", "start_date", "planned_end"],
        [(teacher.id, school.id, other.id, "支教", datetime.date(2021, 9, 1), datetime.date(2022, 8, 31))],
    )
    exchange = Exchange.objects.get(pk=exchange_id)
    # Defaults as the model declares them: status, 迁编, an empty reason, the filing time now.
    assert (exchange.status, exchange.establishment_moved, exchange.reject_reason) == ("filed", True, "")
    assert exchange.filed_at is not None and exchange.filed_by is None


def test_a_field_type_it_cannot_hand_over_is_refused_not_guessed():
    from django.db import models

    with pytest.raises(TypeError):
        bulk._adapter(models.DecimalField(max_digits=5, decimal_places=2))


def test_text_that_copy_would_read_as_its_own_marks_is_stored_as_typed(monkeypatch):
    """On PostgreSQL the rows go in by COPY, whose text format gives tab, newline, backslash
    and \\N meanings of their own: each value comes back exactly as it was given."""
    monkeypatch.setattr(bulk, "_COPY_ROWS", 2)  # COPYs that end mid-list,
    monkeypatch.setattr(bulk, "_IDS_DRAWN", 4)  # ids drawn in pieces of another size
    school, other = make_school("甲校"), make_school("乙校")
    names = ["制表\t符", "换\n行", "反斜\\杠", "\\N", "回车\r", ""]
    ids = bulk.insert_rows(
        Teacher,
        ["staff_id", "name", "school_id", "establishment_school_id", "hire_date"],
        [(f"T{i}", name, school.id, school.id, None) for i, name in enumerate(names)],
    )
    stored = dict(Teacher.objects.values_list("pk", "name"))
    assert [stored[pk] for pk in ids] == names
    assert all(t.hire_date is None for t in Teacher.objects.all())
    notes = [{"提示": '引号"与反斜\\杠', "tab": "\t"}]
    (exchange_id,) = bulk.insert_rows(
        Exchange,
        ["teacher_id", "from_school_id", "to_school_id", "kind", "start_date", "planned_end", "establishment_moved", "notes"],
        [(ids[0], school.id, other.id, "支教", datetime.date(2021, 9, 1), datetime.date(2022, 8, 31), False, notes)],
    )
    exchange = Exchange.objects.get(pk=exchange_id)
    assert (exchange.notes, exchange.establishment_moved) == (notes, False)
    # The ids came from the table's own sequence: the next record made the ordinary way follows them.
    assert Teacher.objects.create(staff_id="T9", name="后来者", school=school, establishment_school=school).pk > max(ids)
