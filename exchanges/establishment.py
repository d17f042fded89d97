"""Where a teacher's 编制 is: 三年一轮，一律迁编，期满归队 (四·(五)). A 迁编 exchange takes it
to the receiving school when the teacher goes and brings it back at the end of the term;
every move is saved on the teacher, so its history says where the 编制 went and when."""

from django.db import connection

from jiaogongti.history import change_reason, record_change
from jiaogongti.importing import in_batches
from teachers.guards import lock_teachers
from teachers.models import Teacher

from .models import Exchange


def move_establishment(teacher_id: int, school_id: int, only_from: int | None = None) -> None:
    """Put the teacher's 编制 at `school_id` (only if it is at `only_from`, when given)."""
    # Saved, not updated in bulk: the teacher's history records where the 编制 went and when.
    teacher = Teacher.objects.select_for_update().get(pk=teacher_id)
    if only_from is None or teacher.establishment_school_id == only_from:
        teacher.establishment_school_id = school_id
        teacher._change_reason = change_reason()
        teacher.save(update_fields=["establishment_school"])


def settle_establishment(teacher_ids) -> None:
    """Put each teacher's 编制 where their records leave it: at the receiving school of a
    running 迁编 exchange, else at their own school. For imports, which bring in a whole
    history at once rather than one move after another."""
    running = dict(
        in_batches(
            Exchange.objects.filter(status=Exchange.Status.IN_PROGRESS, establishment_moved=True)
            .order_by("start_date")
            .values_list("teacher_id", "to_school_id"),
            "teacher_id",
            teacher_ids,
        )
    )
    # Read as plain values (an import touches a province's teachers); only those whose
    # 编制 moves are loaded and saved, each recorded in the teacher's history.
    moving = {
        pk: running.get(pk, school_id)
        for pk, school_id, establishment_id in in_batches(
            Teacher.objects.order_by().values_list("pk", "school_id", "establishment_school_id"), "pk", teacher_ids
        )
        if establishment_id != running.get(pk, school_id)
    }
    # Locked, then changed and recorded in bulk: a file of running 迁编 exchanges moves the
    # 编制 of tens of thousands of teachers, and a save() each (with its history record
    # built by simple-history) took most of such an import's time (benchmarks/imports.py,
    # "roster years"). One UPDATE … FROM a list of (teacher, school) per batch: Django's
    # bulk_update writes a CASE of a thousand branches, which PostgreSQL walks for each row.
    moved = list(moving)
    # Two variables a teacher within an old SQLite's 999; PostgreSQL takes two arrays.
    batch_size = 5_000 if connection.vendor == "postgresql" else 400
    for start in range(0, len(moved), batch_size):
        batch = moved[start : start + batch_size]
        lock_teachers(batch)
        _set_establishments([(pk, moving[pk]) for pk in batch])
        record_change(Teacher, batch)


def _set_establishments(moves: list[tuple[int, int]]) -> None:
    quote = connection.ops.quote_name
    table, column = quote(Teacher._meta.db_table), quote(Teacher._meta.get_field("establishment_school").column)
    if connection.vendor == "postgresql":
        moves_sql, params = "unnest(%s::bigint[], %s::bigint[])", [[t for t, _ in moves], [s for _, s in moves]]
    else:
        moves_sql, params = f"(VALUES {', '.join(['(%s, %s)'] * len(moves))})", [value for move in moves for value in move]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH moves (teacher, school) AS (SELECT * FROM {moves_sql}) "
            f"UPDATE {table} SET {column} = moves.school FROM moves WHERE {table}.{quote('id')} = moves.teacher",
            params,
        )
