"""The planner in the admin: a run is worked out in the background (a province's takes a
minute), kept as it was shown, changed by the bureau (teachers taken out, the rest solved
again as a new run) and filed, once, through the exchange services."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exchanges.models import Exchange
from exchanges.services import exchange_approve, exchange_file
from jiaogongti.exporting import write_workbook
from jobs.services import job_submit_report
from schools.models import School
from teachers.models import Teacher

from .models import PlanRun, TeacherIntention
from .plans import ComplianceSheet, PlanSheet, WhatIfSheet, propose, school_obligations, solver_says
from .what_if import co_built_what_if


def start_run(year: int, *, core_sends: int = 1, service_years: int | None = None, excluded=(), user=None) -> PlanRun:
    """A new run, queued: `make_plan` works it out and writes its workbook."""
    run = PlanRun(school_year=year, core_sends=core_sends, service_years=service_years, excluded=sorted(set(excluded)))
    run.full_clean(exclude=["created_by", "filed_by"])
    run.created_by = user
    run.save()
    return queue_run(run, user=user)


def queue_run(run: PlanRun, *, user=None) -> PlanRun:
    """The run's background job (progress and the workbook on the job's page)."""
    run.job = job_submit_report(
        writer=make_plan,
        title=f"生成{run.school_year}学年交流计划",
        filename=f"{run.school_year}学年交流计划.xlsx",
        options={"run_id": run.pk},
        user=user,
    )
    run.save(update_fields=["job"])
    return run


def rerun_without(run: PlanRun, teacher_ids, *, user=None) -> PlanRun:
    """The bureau takes teachers out of a proposal: a new run, the rest solved again."""
    return start_run(
        run.school_year,
        core_sends=run.core_sends,
        service_years=run.service_years,
        excluded=[*run.excluded, *teacher_ids],
        user=user,
    )


def make_plan(*, output: str, run_id: int) -> None:
    """The job's work: the plan from the records as they are now, kept on the run."""
    run = PlanRun.objects.get(pk=run_id)
    plan = propose(run.school_year, service_years=run.service_years, core_sends=run.core_sends, excluded=frozenset(run.excluded))
    write_workbook([PlanSheet(plan), ComplianceSheet(plan), WhatIfSheet(co_built_what_if(run.school_year - 1))], output)
    run.result = _kept(plan)
    run.save(update_fields=["result"])


def _kept(plan) -> dict:
    """The proposal as the page shows it and filing reads it: plain JSON."""
    names = plan.inputs.school_names
    teachers = Teacher.objects.in_bulk([move.teacher_id for move in plan.solved.moves])
    cores = {community.core_id for community in plan.inputs.communities}
    moves = []
    for move in plan.solved.moves:
        teacher = teachers[move.teacher_id]
        core = move.from_school_id if move.from_school_id in cores else move.to_school_id
        moves.append(
            {
                "teacher_id": teacher.pk,
                "staff_id": teacher.staff_id,
                "name": teacher.name,
                "subject": teacher.subject,
                "from_id": move.from_school_id,
                "from": names[move.from_school_id],
                "to_id": move.to_school_id,
                "to": names[move.to_school_id],
                "core": names[core],
                "kind": plan.kind_of(move),
                "why": "；".join(move.why),
            }
        )
    moves.sort(key=lambda m: (m["core"], m["from"], m["staff_id"]))
    obligations = [
        {
            "school": names[row.school_id],
            "label": row.label,
            "serving": row.serving,
            "asked": row.needed + row.existing,
            "existing": row.existing,
            "planned": row.planned,
            "met": row.met,
            "verdict": row.verdict,
            "explanation": " ".join(row.explanations),
        }
        for row in sorted(school_obligations(plan), key=lambda r: (r.met, names[r.school_id]))
    ]
    solved = plan.solved
    return {
        "moves": moves,
        "obligations": obligations,
        "objective": solved.objective,
        "bound": solved.bound,
        "gap": solved.gap,
        "status": solved.status,
        "said": solver_says(solved),
        "first_day": plan.inputs.first_day.isoformat(),
    }


@transaction.atomic
def file_run(run: PlanRun, *, approve: bool, user=None) -> list[Exchange]:
    """Every move of the run as an exchange, through the services (checked by the rule book,
    the heads told as for any filing), 已提交 or also 已批准: all of them or none, once."""
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    if run.filed:
        raise ValidationError(f"这份计划已于 {timezone.localtime(run.filed_at):%Y-%m-%d %H:%M} 录入，不能重复录入。")
    if not run.result:
        raise ValidationError("计划还在生成中，请稍后再录入。")
    if PlanRun.objects.filter(school_year=run.school_year, pk__gt=run.pk).exists():
        raise ValidationError("这份计划之后已重新生成过，请录入最新的一份。")
    unsuitable = set(
        TeacherIntention.objects.filter(
            school_year=run.school_year,
            choice=TeacherIntention.Choice.UNSUITABLE,
            teacher_id__in=[m["teacher_id"] for m in run.result["moves"]],
        ).values_list("teacher_id", flat=True)
    )
    first_day = datetime.date.fromisoformat(run.result["first_day"])
    teachers = Teacher.objects.select_related("school").in_bulk([m["teacher_id"] for m in run.result["moves"]])
    schools = School.objects.in_bulk([m["to_id"] for m in run.result["moves"]])
    filed = []
    for move in run.result["moves"]:
        teacher = teachers.get(move["teacher_id"])
        try:
            if teacher is None or teacher.school_id != move["from_id"]:
                raise ValidationError("该教师已不在计划中的派出学校，请重新生成计划。")
            if teacher.pk in unsuitable:
                raise ValidationError("学校已标为“不宜交流”，请重新生成计划。")
            exchange = exchange_file(
                teacher=teacher,
                to_school=schools[move["to_id"]],
                kind=move["kind"],
                start_date=first_day,
                establishment_moved=move["kind"] == Exchange.Kind.ROTATION,
                filed_by=user,
                remark=f"交流计划：{move['why']}"[:500],
            )
            if approve:
                exchange_approve(exchange)
        except ValidationError as refused:
            raise ValidationError(f"{move['name']}（{move['from']} → {move['to']}）：{' '.join(refused.messages)}") from refused
        filed.append(exchange)
    run.filed = PlanRun.Filed.APPROVED if approve else PlanRun.Filed.FILED
    run.filed_by, run.filed_at = user, timezone.now()
    run.save(update_fields=["filed", "filed_by", "filed_at"])
    return filed
