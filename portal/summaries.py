"""A 学区 account's home: each of its schools in one line, what needs a look first."""

from dataclasses import dataclass

from django.db.models import Q

from exchanges.models import Exchange
from exchanges.selectors import ending_soon
from exchanges.ten_percent import ExchangeCompliance, exchange_compliance
from schools.models import School


@dataclass
class SchoolSummary:
    school: School
    filed: int  # its filings waiting for the bureau
    ending_soon: int  # terms to or from it ending within the warning period
    compliance: ExchangeCompliance | None  # the 10 % rule, where it is a member school


def school_summaries(schools, year: int) -> list[SchoolSummary]:
    schools = list(schools.select_related("district").order_by("name"))
    ids = [school.pk for school in schools]
    involving = Exchange.objects.filter(Q(from_school_id__in=ids) | Q(to_school_id__in=ids))
    filed = _count_by_school(involving.filter(status=Exchange.Status.FILED, from_school_id__in=ids), ids)
    ending = _count_by_school(ending_soon(involving), ids)
    compliance = {row.school.id: row for row in exchange_compliance(year, schools=schools)}
    return [SchoolSummary(s, filed.get(s.pk, 0), ending.get(s.pk, 0), compliance.get(s.pk)) for s in schools]


def _count_by_school(exchanges, ids) -> dict[int, int]:
    counts: dict[int, int] = {}
    wanted = set(ids)
    for from_id, to_id in exchanges.order_by().values_list("from_school_id", "to_school_id"):
        for school_id in {from_id, to_id} & wanted:
            counts[school_id] = counts.get(school_id, 0) + 1
    return counts
