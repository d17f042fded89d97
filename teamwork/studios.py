"""名师工作室 (四·(五)): set up by the core school's head (or the bureau) with a lead teacher
named by 工号 and members from the community's schools."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import Community
from teachers.models import Teacher

from .activities import community_schools
from .models import Studio

STAFF_ID_SEPARATORS = r"[、,，;；\s]+"


def staff_ids_of(text: str) -> list[str]:
    """工号 as a head types them: separated by 、, commas, spaces or lines; each once."""
    return list(dict.fromkeys(part for part in re.split(STAFF_ID_SEPARATORS, text or "") if part))


def studio_teachers(community: Community, year: int, lead_staff_id: str, member_staff_ids: list[str]):
    """The lead and the members by 工号, each a teacher of a school of the community in the
    学年; every 工号 that is not is named."""
    allowed = {school.pk for school in community_schools(community, year)}
    wanted = [lead_staff_id.strip(), *member_staff_ids]
    found = {t.staff_id: t for t in Teacher.objects.filter(staff_id__in=wanted).select_related("school")}
    problems = []
    for label, staff_id in [("领衔名师", wanted[0]), *(("成员", s) for s in member_staff_ids)]:
        teacher = found.get(staff_id)
        if teacher is None:
            problems.append(f"{label}工号「{staff_id}」不在教师名录中。")
        elif teacher.school_id not in allowed:
            problems.append(f"{label}{teacher.name}（{staff_id}）是{teacher.school.name}的教师，不在本教共体的学校中。")
    if problems:
        raise ValidationError(problems)
    return found[wanted[0]], [found[s] for s in member_staff_ids if s != wanted[0]]


@transaction.atomic
def studio_save(
    *,
    community: Community,
    year: int,
    name: str,
    subject: str,
    lead_staff_id: str,
    member_staff_ids: list[str],
    goals: str,
    studio: Studio | None = None,
) -> Studio:
    lead, members = studio_teachers(community, year, lead_staff_id, member_staff_ids)
    studio = studio or Studio(community=community, founded_year=year)
    studio.name, studio.subject, studio.lead, studio.goals = name.strip(), subject.strip(), lead, goals.strip()
    try:
        with transaction.atomic():
            studio.save()
    except IntegrityError as error:
        raise ValidationError(Studio._meta.constraints[0].violation_error_message) from error
    studio.members.set(members)
    return studio
