"""What waits for the bureau, by 学区: every kind of record a school submits for a
decision, each with the list that holds it. The admin home shows them all."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from assessment.models import ProjectReview
from exchanges.models import Exchange
from teachers.models import DepartureReport


@dataclass
class WaitingKind:
    label: str  # e.g. "交流申报"
    unit: str  # e.g. "条"
    list_url: str  # all of them
    by_district: dict[int, int] = field(default_factory=dict)  # 学区 id -> how many
    district_names: dict[int, str] = field(default_factory=dict)
    district_query: str = ""  # the list's parameter for one 学区

    @property
    def total(self) -> int:
        return sum(self.by_district.values())

    def url_for(self, district_id: int) -> str:
        return f"{self.list_url}&{urlencode({self.district_query: district_id})}"


def _kind(label, unit, changelist, query: dict, district_field: str, rows) -> WaitingKind:
    kind = WaitingKind(label, unit, reverse(changelist) + "?" + urlencode(query), district_query=f"{district_field}__id__exact")
    for district_id, name, count in rows.values_list(f"{district_field}_id", f"{district_field}__name").annotate(n=Count("pk")):
        kind.by_district[district_id] = count
        kind.district_names[district_id] = name
    return kind


def waiting_for_bureau() -> list[WaitingKind]:
    """Exchanges filed by a school (by the sending school's 学区), 项目评估 applied for
    by a core school (by its 学区) and teachers' departures reported by a school (by its
    学区), each waiting for the bureau's decision."""
    return [
        _kind(
            "交流申报",
            "条",
            "admin:exchanges_exchange_changelist",
            {"status__exact": Exchange.Status.FILED},
            "from_school__district",
            Exchange.objects.filter(status=Exchange.Status.FILED).order_by(),
        ),
        _kind(
            "项目评估申报",
            "项",
            "admin:assessment_projectreview_changelist",
            {"status__exact": ProjectReview.Status.APPLIED},
            "community__core_school__district",
            ProjectReview.objects.filter(status=ProjectReview.Status.APPLIED).order_by(),
        ),
        _kind(
            "离岗报告",
            "份",
            "admin:teachers_departurereport_changelist",
            {"status__exact": DepartureReport.Status.PENDING},
            "teacher__school__district",
            DepartureReport.objects.filter(status=DepartureReport.Status.PENDING).order_by(),
        ),
    ]


@dataclass
class WaitingRow:
    district_id: int
    district: str
    counts: list[tuple[int, str]]  # per kind, in the kinds' order: how many, and the list of them


def waiting_by_district(kinds: list[WaitingKind]) -> list[WaitingRow]:
    names = {pk: name for kind in kinds for pk, name in kind.district_names.items()}
    return [
        WaitingRow(pk, name, [(kind.by_district.get(pk, 0), kind.url_for(pk)) for kind in kinds])
        for pk, name in sorted(names.items(), key=lambda item: item[1])
    ]
