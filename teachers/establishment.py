"""Where a teacher's 编制 is: 三年一轮，一律迁编，期满归队 (四·(五)). A 迁编 exchange takes it
to the receiving school when the teacher goes and brings it back at the end of the term;
every move is saved on the teacher, so its history says where the 编制 went and when."""

from jiaogongti.history import change_reason
from jiaogongti.importing import in_batches

from .models import Exchange, Teacher


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
    for teacher in in_batches(Teacher.objects.select_for_update(), "pk", list(moving)):
        teacher.establishment_school_id = moving[teacher.pk]
        teacher.save(update_fields=["establishment_school"])
