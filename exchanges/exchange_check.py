"""One exchange held against the rule book (`exchange_rules`), with what its rules need
read from the database: the community both schools share, its type and core, the
teacher's other records. Called by the services, the admin's form and the portal's
filing choices; the importer reads the same for a whole chunk of a file at once."""

from typing import NamedTuple

from django.utils import timezone
from django.utils.formats import date_format

from communities.models import CommunityYear
from communities.selectors import communities_by_school, partners_of, roster_year_for
from jiaogongti.school_year import current_school_year, school_year_of
from teachers.guards import lock_teachers

from . import exchange_rules as rules
from .exchange_rules import ExchangeTerms, Finding, findings_for
from .models import Exchange


def shared_community_id(school_a_id: int, school_b_id: int, year: int, communities: dict | None = None) -> int | None:
    """The community both schools belong to (as core or member) in the 学年, if any.

    `communities` is `communities_by_school(year)`, read once when checking many exchanges.
    """
    if communities is None:
        communities = communities_by_school(year, [school_a_id, school_b_id])
    shared = communities.get(school_a_id, set()) & communities.get(school_b_id, set())
    return min(shared) if shared else None


def check_exchange(exchange: Exchange, *, recheck_community: bool = False) -> list[dict]:
    """Raise ValidationError (Chinese) with every rule the exchange breaks; else return its
    提示 (notes), to be saved with it. Called before every save by the portal, the admin and
    the status changes, inside the transaction that saves, with the teacher locked
    (`lock_teachers`), so two identical submissions cannot both pass (the importer checks
    a file a chunk at a time, with row numbers, under the same locks, by the same rules).

    The community rules apply to a new record, to one whose schools, start or kind
    change, and on approval; a past record otherwise keeps the community it was made in
    (it may predate any roster).
    """
    if exchange.teacher_id:
        lock_teachers([exchange.teacher_id])
    found = _own_teacher_problems(exchange)
    if (
        (recheck_community or _terms_changed(exchange))
        and exchange.start_date
        and exchange.from_school_id != exchange.to_school_id
    ):
        found += _community_problems(exchange)
    found += findings_for(_terms_of(exchange)) + _overlap_problems(exchange) + _filed_late(exchange)
    if rules.refusals(found):
        raise rules.refused(found)
    return rules.notes(found)


def _own_teacher_problems(exchange: Exchange) -> list[Finding]:
    # A new filing only: a stored record may be of a school the teacher has since left.
    if exchange.pk is None and exchange.teacher_id and exchange.teacher.school_id != exchange.from_school_id:
        teacher = exchange.teacher
        return [rules.OWN_TEACHER.found(teacher=teacher, school=teacher.school, from_school=exchange.from_school)]
    if (
        _terms_changed(exchange)
        and exchange.teacher_id
        and exchange.start_date
        and (left_on := exchange.teacher.left_on) is not None
        and exchange.start_date > left_on
    ):
        teacher = exchange.teacher
        return [rules.SERVING.found(teacher=teacher, left_on=date_format(left_on), reason=teacher.get_leaving_reason_display())]
    return []


def _filed_late(exchange: Exchange) -> list[Finding]:
    # A school's own new filing (it names who filed): records the bureau enters or imports
    # are often of the past, as they were.
    if not (exchange.pk is None and exchange.filed_by_id and exchange.start_date):
        return []
    if exchange.start_date < timezone.localdate():
        return [rules.FILED_LATE.found(start=date_format(exchange.start_date))]
    next_year = current_school_year() + 1
    if school_year_of(exchange.start_date) > next_year:
        year = school_year_of(exchange.start_date)
        return [rules.FILED_AHEAD.found(start=date_format(exchange.start_date), year=year, next_year=next_year)]
    return []


def _community_problems(exchange: Exchange) -> list[Finding]:
    year = school_year_of(exchange.start_date)
    if roster_year_for(year) is None:
        return [rules.ROSTER_FOR_FILING.found(year=year)]
    shared = shared_community_id(exchange.from_school_id, exchange.to_school_id, year)
    if shared is None:
        return [rules.SHARE_A_COMMUNITY.found(year=year)]
    if exchange.community_id != shared:
        return [rules.COMMUNITY_MATCHES.found()]
    return []


def _overlap_problems(exchange: Exchange) -> list[Finding]:
    if exchange.status not in Exchange.LIVE or not (exchange.start_date and exchange.planned_end):
        return []
    clash = (
        Exchange.objects.filter(
            teacher_id=exchange.teacher_id,
            status__in=Exchange.LIVE,
            start_date__lte=exchange.planned_end,
            planned_end__gte=exchange.start_date,
        )
        .exclude(pk=exchange.pk)
        .first()
    )
    if clash is None:
        return []
    return [
        rules.NO_OVERLAP.found(
            start=date_format(clash.start_date), end=date_format(clash.planned_end), status=clash.get_status_display()
        )
    ]


def _terms_of(exchange: Exchange) -> ExchangeTerms:
    community_type = core_id = None
    if exchange.community_id and exchange.start_date and (roster_year := roster_year_for(school_year_of(exchange.start_date))):
        community_type, core_id = (
            CommunityYear.objects.filter(community_id=exchange.community_id, school_year=roster_year)
            .values_list("type", "community__core_school_id")
            .first()
        ) or (None, None)
    return ExchangeTerms(
        exchange.kind,
        exchange.from_school_id,
        exchange.to_school_id,
        exchange.start_date,
        exchange.planned_end,
        exchange.establishment_moved,
        hire_date=exchange.teacher.hire_date if exchange.teacher_id else None,
        community_type=community_type,
        core_school_id=core_id,
    )


def _terms_changed(exchange: Exchange) -> bool:
    """A new record, or a stored one whose schools, start or kind are being changed."""
    if exchange.pk is None:
        return True
    fields = ["from_school_id", "to_school_id", "start_date", "kind"]
    stored = Exchange.objects.filter(pk=exchange.pk).values(*fields).first()
    return stored is None or any(stored[f] != getattr(exchange, f) for f in fields)


class FilingChoices(NamedTuple):
    kinds: list[str]
    receiving_school_ids: set[int]


def filing_choices(school_id: int, community_years) -> FilingChoices:
    """What the portal offers a school to file: the kinds of exchange, and the schools to
    send to, that raise no 提示 for at least one pairing in its communities (this 学年's
    `community_years`, with memberships). The teacher's own terms (迁编, hire date) are
    checked when one is chosen, on filing."""
    allowed = [
        (kind, to_id)
        for to_id, community_year in partners_of(school_id, community_years)
        for kind in Exchange.Kind.values
        if not findings_for(
            ExchangeTerms(
                kind,
                school_id,
                to_id,
                None,
                None,
                True,
                community_type=community_year.type,
                core_school_id=community_year.community.core_school_id,
            )
        )
    ]
    kinds = {kind for kind, _ in allowed}
    return FilingChoices([kind for kind in Exchange.Kind.values if kind in kinds], {to_id for _, to_id in allowed})
