"""Indexes that would only be written: a history's copied keys (it is read record by
record, by its id; teachers migrations 0022, 0024) and a teacher's 编制 school (shown,
never looked up by; 0025)."""

import pytest
from django.db import connection

from teachers.models import Placement, Teacher

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model, copied_keys",
    [(Teacher, ["staff_id", "school_id", "establishment_school_id"]), (Placement, ["teacher_id", "school_id"])],
)
def test_a_history_is_indexed_by_its_record_not_by_the_keys_it_copies(model, copied_keys):
    indexed = indexed_columns(model.history.model._meta.db_table)
    assert ("id",) in indexed
    assert not indexed & {(key,) for key in copied_keys}


def test_a_moved_establishment_is_written_in_place():
    indexed = indexed_columns(Teacher._meta.db_table)
    assert ("school_id",) in indexed and ("establishment_school_id",) not in indexed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [Teacher._meta.db_table])
            assert cursor.fetchone()[0] == ["fillfactor=90"]


def indexed_columns(table: str) -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {tuple(constraint["columns"]) for constraint in constraints.values() if constraint["index"]}
