"""Reads about communities, per 学年.

A roster holds from its 学年 until a later roster replaces it (contracts.md, "School
year"), so every read "in 学年 Y" goes through `roster_year_for(Y)`.
"""

from bisect import bisect_right
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from jiaogongti.text import normalize_text
from schools.models import School
from schools.selectors import schools_visible_to

from .models import Community, CommunityYear, Membership


def roster_year_for(year: int) -> int | None:
    """The 学年 of the roster that holds in `year`: the latest one not after it."""
    return (
        CommunityYear.objects.filter(school_year__lte=year).order_by("-school_year").values_list("school_year", flat=True).first()
    )


def roster_year_among(roster_years: list[int], year: int) -> int | None:
    """`roster_year_for` over roster 学年 already read (sorted): for many lookups at once."""
    index = bisect_right(roster_years, year)
    return roster_years[index - 1] if index else None


def types_and_cores() -> dict[tuple[int, int], tuple[str, int]]:
    """(community id, roster 学年) -> (type, core school id), for every roster at once."""
    return {
        (community_id, year): (community_type, core_id)
        for community_id, year, community_type, core_id in CommunityYear.objects.order_by().values_list(
            "community_id", "school_year", "type", "community__core_school_id"
        )
    }


def community_years_in(year: int) -> QuerySet[CommunityYear]:
    return CommunityYear.objects.filter(school_year=roster_year_for(year))


def communities_of_roster_rows(year: int) -> dict[int, int]:
    """Roster row (`CommunityYear`) id -> community id, for the roster holding in the 学年:
    what a `MemberRow.community_year_id` belongs to."""
    return dict(CommunityYear.objects.filter(school_year=roster_year_for(year)).values_list("pk", "community_id"))


def members_in(year: int) -> QuerySet[Membership]:
    return Membership.objects.filter(school_year=roster_year_for(year))


def communities_in_district(year: int, district_id: int) -> set[int]:
    """Ids of the communities of the 学年 with a member school in the 学区: how the
    dashboard places a community (in each 学区 its members are in)."""
    return set(members_in(year).filter(school__district_id=district_id).values_list("community_year__community_id", flat=True))


def community_years_of(school: School, year: int) -> QuerySet[CommunityYear]:
    """Every community the school is in during the 学年, as core or member: a core school
    may lead more than one (虹桥路小学 leads two in 2021)."""
    return (
        community_years_in(year)
        .filter(Q(community__core_school=school) | Q(memberships__school=school))
        .select_related("community__core_school")
        .prefetch_related("memberships__school")
        .distinct()
        .order_by("position", "id")
    )


def partners_of(school_id: int, community_years) -> list[tuple[int, CommunityYear]]:
    """(school id, community year) for each other school of the given communities (from
    `community_years_of`, memberships prefetched): where the school may send teachers."""
    return [
        (partner_id, community_year)
        for community_year in community_years
        for partner_id in sorted(
            {community_year.community.core_school_id, *(m.school_id for m in community_year.memberships.all())}
        )
        if partner_id != school_id
    ]


def communities_by_school(year: int, school_ids=None) -> dict[int, set[int]]:
    """School id -> ids of the communities it is in (as core or member) in the 学年."""
    roster_year = roster_year_for(year)
    memberships = Membership.objects.filter(school_year=roster_year).order_by()
    if school_ids is not None:
        memberships = memberships.filter(Q(school_id__in=school_ids) | Q(core_school_id__in=school_ids))
    found = defaultdict(set)
    for school_id, core_id, community_id in memberships.values_list(
        "school_id", "core_school_id", "community_year__community_id"
    ):
        found[school_id].add(community_id)
        found[core_id].add(community_id)
    return found


def member_counts(year: int) -> QuerySet[CommunityYear]:
    return community_years_in(year).annotate(member_count=Count("memberships"))


def schools_in_a_community(year: int) -> QuerySet[School]:
    """Schools that are core or member of some community in the 学年."""
    roster_year = roster_year_for(year)
    return School.objects.filter(
        Q(memberships__school_year=roster_year) | Q(led_communities__years__school_year=roster_year)
    ).distinct()


def coverage_targets() -> QuerySet[School]:
    """乡村/镇区 public schools: the 2021 target says every one is in a community."""
    return School.objects.filter(locality__in=[School.Locality.RURAL, School.Locality.TOWN], ownership=School.Ownership.PUBLIC)


def coverage_unknown() -> QuerySet[School]:
    """Schools whose 城乡 or 办学性质 is not filled in: whether the target covers them is unknown."""
    return School.objects.filter(Q(locality="") | Q(ownership=""))


def roster_years() -> list[int]:
    return list(CommunityYear.objects.order_by("-school_year").values_list("school_year", flat=True).distinct())


class SchoolRef(NamedTuple):
    """A school as reports need it; cheap to build for thousands of rows."""

    id: int
    name: str
    district_id: int


class MemberRow(NamedTuple):
    school: SchoolRef
    core_school: SchoolRef
    community_year_id: int
    type: str
    segment: str


def member_rows(year: int, schools=None) -> list[MemberRow]:
    """Every member school of the roster holding in the 学年, in roster order, in one query."""
    memberships = members_in(year)
    if schools is not None:
        memberships = memberships.filter(school__in=schools)
    return [
        MemberRow(SchoolRef(*row[0:3]), SchoolRef(*row[3:6]), *row[6:])
        for row in memberships.order_by("community_year__position", "position", "id").values_list(
            "school_id",
            "school__name",
            "school__district_id",
            "core_school_id",
            "core_school__name",
            "core_school__district_id",
            "community_year_id",
            "community_year__type",
            "community_year__community__segment",
        )
    ]


def community_named(text: str, year: int) -> CommunityYear | None:
    """The community a file names in its `教共体` column (contracts.md, "Naming a community
    in a file"): its 教共体编号, or the name of one of its member schools in the 学年 (a
    school is a member of one community a year, so this is never ambiguous)."""
    text = normalize_text(text)
    years = community_years_in(year).select_related("community__core_school")
    return years.filter(community__code__iexact=text).first() or years.filter(memberships__school__name=text).first()


def communities_visible_to(user):
    """The communities a portal user may open: those a school they see is in, any 学年."""
    schools = schools_visible_to(user)
    return (
        Community.objects.filter(Q(core_school__in=schools) | Q(years__memberships__school__in=schools))
        .select_related("core_school")
        .distinct()
    )
