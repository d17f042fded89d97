"""Reads about communities, per 学年."""

from django.db.models import Count, Q, QuerySet

from schools.models import School

from .models import CommunityYear, Membership


def community_years_in(year: int) -> QuerySet[CommunityYear]:
    return CommunityYear.objects.filter(school_year=year)


def schools_in_a_community(year: int) -> QuerySet[School]:
    """Schools that are core or member of some community in the 学年."""
    return School.objects.filter(
        Q(memberships__school_year=year) | Q(led_communities__years__school_year=year)
    ).distinct()


def coverage_targets(year: int) -> QuerySet[School]:
    """乡村/镇区 public schools: the 2021 target says every one is in a community."""
    return School.objects.filter(
        locality__in=[School.Locality.RURAL, School.Locality.TOWN], ownership=School.Ownership.PUBLIC
    )


def roster_years() -> list[int]:
    return list(CommunityYear.objects.order_by("-school_year").values_list("school_year", flat=True).distinct())


def member_counts(year: int) -> QuerySet[CommunityYear]:
    return community_years_in(year).annotate(member_count=Count("memberships"))


def members_in(year: int) -> QuerySet[Membership]:
    return Membership.objects.filter(school_year=year)


def roster_year_for(year: int) -> int | None:
    """The roster that holds in 学年 `year`: a community stays active in later years
    until a later roster ends or changes it (contracts.md, "School year")."""
    return (
        CommunityYear.objects.filter(school_year__lte=year)
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .first()
    )
