"""The data check: what in a 学年's roster and registry does not add up.

Nothing here changes data; each finding lists the records behind it so bureau staff can
correct them (or confirm that the plan's text, not the table, is off).
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.urls import reverse

from policy.figures import MAX_MERGED_MEMBERS
from schools.models import SEGMENTS, School, Stage

from .models import CommunityType, RosterPlan
from .selectors import (
    coverage_targets,
    coverage_unknown,
    member_counts,
    members_in,
    schools_in_a_community,
)


class Item(NamedTuple):
    text: str
    url: str = ""  # the admin page where the record behind it is corrected


@dataclass
class Finding:
    title: str
    explanation: str
    items: list[Item] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)  # why the check itself is incomplete

    @property
    def ok(self) -> bool:
        return not self.items and not self.caveats

    @property
    def texts(self) -> list[str]:
        return [item.text for item in self.items]

    def add(self, text: str, url: str = "") -> None:
        self.items.append(Item(text, url))


def _school_url(school_id: int) -> str:
    return reverse("admin:schools_school_change", args=[school_id])


def data_check(year: int) -> list[Finding]:
    return [
        _plan_against_table(year),
        _merged_with_too_many_members(year),
        _members_not_rural_or_town(year),
        _uncovered_rural_and_town_schools(year),
        _schools_with_missing_facts(),
    ]


def _plan_against_table(year: int) -> Finding:
    finding = Finding("文件所述数量与名单表格", "实施方案正文所述的教共体数量，与名单表格实际列出的数量对比。")
    counts = {segment: 0 for segment, _ in SEGMENTS}
    for community_year in member_counts(year).select_related("community"):
        counts[community_year.community.segment] += 1
    plan = RosterPlan.objects.filter(school_year=year).first()
    if plan is None:
        finding.add(
            f"未录入本学年文件所述的数量，无法对比（表格：小学 {counts[Stage.PRIMARY]} 个，初中 {counts[Stage.MIDDLE]} 个）。",
            reverse("admin:communities_rosterplan_changelist"),
        )
        return finding
    for segment, declared in [(Stage.PRIMARY, plan.primary_count), (Stage.MIDDLE, plan.middle_count)]:
        if declared != counts[segment]:
            finding.add(
                f"{dict(SEGMENTS)[segment]}：文件所述 {declared} 个，名单表格实有 {counts[segment]} 个（相差 {declared - counts[segment]:+d}）。",
                reverse("admin:communities_communityyear_changelist") + f"?school_year__exact={year}",
            )
    return finding


def _merged_with_too_many_members(year: int) -> Finding:
    finding = Finding("融合型成员过多", "融合型是一所城镇学校与一两所乡镇学校全面重组（实施方案三·（一））。")
    for community_year in (
        member_counts(year)
        .filter(type=CommunityType.MERGED, member_count__gt=MAX_MERGED_MEMBERS)
        .select_related("community__core_school")
    ):
        finding.add(
            f"{community_year.community.core_school.name}：{community_year.member_count} 个成员校（校区）",
            reverse("admin:communities_communityyear_change", args=[community_year.pk]),
        )
    return finding


def _members_not_rural_or_town(year: int) -> Finding:
    finding = Finding("成员校未标为乡村或镇区", "教共体的成员校应为乡村或镇区学校；请在学校名录中补填“城乡”。")
    for membership in (
        members_in(year)
        .exclude(school__locality__in=[School.Locality.RURAL, School.Locality.TOWN])
        .select_related("school")
        .order_by("school__name")
    ):
        school = membership.school
        finding.add(f"{school.name}（城乡：{school.get_locality_display() or '未填写'}）", _school_url(school.pk))
    return finding


def _uncovered_rural_and_town_schools(year: int) -> Finding:
    finding = Finding("未加入教共体的乡村、镇区公办学校", "2021年起，乡村和镇区公办义务教育学校应全部加入教共体（全覆盖）。")
    covered = schools_in_a_community(year).values("pk")
    for school in coverage_targets().exclude(pk__in=covered).order_by("name"):
        finding.add(f"{school.name}（{school.get_locality_display()}）", _school_url(school.pk))
    # A school whose 城乡 or 办学性质 is not known cannot be counted either way: say so
    # rather than report full coverage of nothing.
    unknown = coverage_unknown().count()
    if unknown:
        finding.caveats.append(
            f"另有 {unknown} 所学校未填“城乡”或“办学性质”，无法判断是否属于应覆盖的学校；补填后才能核对全覆盖（见“学校信息不全”）。"
        )
    return finding


def _schools_with_missing_facts() -> Finding:
    finding = Finding("学校信息不全", "学段、城乡或办学性质未填写的学校；可用“导入学校名录”一次补齐。")
    incomplete = School.objects.filter(Q(stage="") | Q(locality="") | Q(ownership="")).order_by("name")
    for school in incomplete:
        missing = [
            label
            for value, label in [(school.stage, "学段"), (school.locality, "城乡"), (school.ownership, "办学性质")]
            if not value
        ]
        finding.add(f"{school.name}：缺{'、'.join(missing)}", _school_url(school.pk))
    return finding
