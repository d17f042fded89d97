"""A history is read record by record (its id): the keys it copies carry no index, which
would only be written for each row an import adds (teachers migrations 0022, 0024)."""

import pytest
from django.db import connection

from teachers.models import Placement, Teacher

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model, copied_keys",
    [(Teacher, ["staff_id", "school_id", "establishment_school_id"]), (Placement, ["teacher_id", "school_id"])],
)
def test_a_history_is_indexed_by_its_record_not_by_the_keys_it_copies(model, copied_keys):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model.history.model._meta.db_table)
    indexed = {tuple(constraint["columns"]) for constraint in constraints.values() if constraint["index"]}
    assert ("id",) in indexed
    assert not indexed & {(key,) for key in copied_keys}
