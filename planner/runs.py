"""The planner in the admin: a run is worked out in the background (a province's takes a
minute), kept as it was shown, changed by the bureau (teachers taken out or swapped for
another, the rest solved again as a new run) and filed, once, through the exchange services."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exchanges.models import Exchange
from exchanges.services import exchange_approve, exchange_file
from jiaogongti import progress
from jiaogongti.exporting import write_workbook
from jobs.services import job_submit_report
from schools.models import School
from teachers.models import Teacher

from . import model
from .inputs import candidates_at
from .models import PlanRun, TeacherIntention
from .plans import ComplianceSheet, PlanSheet, WhatIfSheet, propose, school_obligations, solver_says
from .what_if import co_built_what_if


def start_run(
    year: int, *, core_sends: int = 1, service_years: int | None = None, excluded=(), required=(), user=None
) -> PlanRun:
    """A new run, queued: `make_plan` works it out and writes its workbook."""
    run = PlanRun(
        school_year=year,
        core_sends=core_sends,
        service_years=service_years,
        excluded=sorted(set(excluded)),
        required=sorted({(teacher_id, school_id) for teacher_id, school_id in required}),
    )
    run.full_clean(exclude=["created_by", "filed_by"])
    run.created_by = user
    run.save()
    return queue_run(run, user=user)


def queue_run(run: PlanRun, *, user=None) -> PlanRun:
    """The run's background job (progress and the workbook on the job's page)."""
    run.job = job_submit_report(
        writer=make_plan,
        title=f"生成{run.school_year}学年交流计划",
        filename=f"{run.school_year}学年交流计划（第{run.pk}号）.xlsx",
        options={"run_id": run.pk},
        user=user,
    )
    run.save(update_fields=["job"])
    return run


def rerun_without(run: PlanRun, teacher_ids, *, user=None) -> PlanRun:
    """The bureau takes teachers out of a proposal: a new run, the rest solved again."""
    _still_open(run)
    taken_out = set(teacher_ids)
    return _changed(run, excluded=[*run.excluded, *taken_out], required=_swaps_kept(run, without=taken_out), user=user)


@dataclass(frozen=True)
class SwapChoice:
    """A teacher of the sending school, as the bureau weighs swapping them in."""

    teacher: Teacher
    candidate: model.Candidate
    why_not: str  # empty: they may be swapped in
    taken_out: bool = False  # taken out of an earlier proposal: swapping them in puts them back


def swap_choices(run: PlanRun, teacher_id: int) -> tuple[dict, list[SwapChoice]]:
    """The move a teacher has in the run, and who else at their school could go in their
    place (the same subject first), each that cannot with the reason."""
    _still_open(run)
    move = _move_of(run, teacher_id)
    in_plan = {m["teacher_id"] for m in run.result["moves"]}
    candidates = [
        c for c in candidates_at(run.school_year, [move["from_id"]], service_years=run.service_years)
        if c.school_id == move["from_id"] and c.id != teacher_id
    ]  # fmt: skip
    teachers = Teacher.objects.in_bulk([c.id for c in candidates])
    choices = [
        SwapChoice(
            teachers[candidate.id],
            candidate,
            "已在计划中" if candidate.id in in_plan else candidate.unavailable,
            taken_out=candidate.id in run.excluded,
        )
        for candidate in candidates
    ]
    choices.sort(key=lambda c: (bool(c.why_not), c.candidate.subject != move["subject"], c.teacher.staff_id))
    return move, choices


def swap_teacher(run: PlanRun, teacher_id: int, replacement_id: int, *, user=None) -> PlanRun:
    """The bureau puts another teacher of the same school in a teacher's place: a new run in
    which the one goes nowhere and the other goes where they would have (if the hard rules
    allow it: the run says so if they do not), the rest solved again. (A teacher taken out
    before may be swapped back in.)"""
    move, choices = swap_choices(run, teacher_id)
    choice = next((c for c in choices if c.teacher.pk == replacement_id), None)
    if choice is None:
        raise ValidationError(f"换入的教师不在{move['from']}在职，不能换入。")
    if choice.why_not:
        raise ValidationError(f"{choice.teacher.name}不能换入：{choice.why_not}。")
    return _changed(
        run,
        excluded=[pk for pk in run.excluded if pk != replacement_id] + [teacher_id],
        required=[*_swaps_kept(run, without={teacher_id}), (replacement_id, move["to_id"])],
        user=user,
    )


def _changed(run: PlanRun, *, excluded, required, user) -> PlanRun:
    """The next run of a proposal the bureau changed."""
    return start_run(
        run.school_year,
        core_sends=run.core_sends,
        service_years=run.service_years,
        excluded=excluded,
        required=required,
        user=user,
    )


def _swaps_kept(run: PlanRun, *, without) -> list[tuple[int, int]]:
    """The swaps of a run that its plan kept, but the teachers' given: a swap the plan
    refused was said on its page once, and is not asked again."""
    planned = {(m["teacher_id"], m["to_id"]) for m in run.result["moves"]}
    return [(t, s) for t, s in run.required if (t, s) in planned and t not in without]


def _move_of(run: PlanRun, teacher_id: int) -> dict:
    move = next((m for m in run.result["moves"] if m["teacher_id"] == teacher_id), None)
    if move is None:
        raise ValidationError("该教师不在这份计划中。")
    return move


def _still_open(run: PlanRun) -> None:
    """A proposal is changed only while it is the 学年's latest, worked out and not filed:
    a change to an earlier one would drop the changes made since."""
    if run.filed:
        raise ValidationError("这份计划已录入，不能再调整；如需调整，请重新生成计划。")
    if not run.result:
        raise ValidationError("计划还在生成中，请稍后再调整。")
    if run.superseded:
        raise ValidationError("这份计划之后已重新生成过，请在最新的一份上调整。")


def make_plan(*, output: str, run_id: int) -> None:
    """The job's work: the plan from the records as they are now, kept on the run."""
    run = PlanRun.objects.get(pk=run_id)
    plan = propose(
        run.school_year,
        service_years=run.service_years,
        core_sends=run.core_sends,
        excluded=frozenset(run.excluded),
        required=frozenset((teacher_id, school_id) for teacher_id, school_id in run.required),
    )
    progress.step("写出交流计划 Excel")
    write_workbook([PlanSheet(plan), ComplianceSheet(plan), WhatIfSheet(co_built_what_if(run.school_year - 1))], output)
    run.result = _kept(plan, excluded=run.excluded)
    run.save(update_fields=["result"])


def _kept(plan, excluded=()) -> dict:
    """The proposal as the page shows it and filing reads it: plain JSON (`excluded`: the
    teachers the bureau took out or swapped for another, named on the page)."""
    names = plan.inputs.school_names
    teachers = Teacher.objects.in_bulk(
        [move.teacher_id for move in plan.solved.moves] + [refusal.teacher_id for refusal in plan.solved.refused]
    )
    moves = []
    for move in plan.solved.moves:
        teacher = teachers[move.teacher_id]
        core = plan.community_of(move).core_id
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
            "asked": row.asked,
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
        "swapped": sum(model.ASKED in move.why for move in plan.solved.moves),
        "excluded": [f"{t.name}（{t.staff_id}）" for t in Teacher.objects.filter(pk__in=excluded).order_by("staff_id")],
        # The swaps the bureau asked for that the plan could not keep, and why.
        "refused": [
            {
                "teacher_id": refusal.teacher_id,
                "name": teachers[refusal.teacher_id].name if refusal.teacher_id in teachers else "",
                "to": names.get(refusal.to_school_id, ""),
                "why": refusal.why,
            }
            for refusal in solved.refused
        ],
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
    if run.superseded:
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
