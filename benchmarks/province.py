"""The province-size data set the annual-report benchmark measures on: 5,000 schools,
3,000 communities, 300,000 teachers, 200,000 exchanges and 150,000 result rows, built once
into the benchmark's database and reused while the counts match."""

import datetime
import os
import random

YEAR = 2030
SIZES = {"schools": 5_000, "communities": 3_000, "teachers": 300_000, "exchanges": 200_000, "results": 150_000}
# JGT_BENCH_DENSE=1: every exchange within a year of the reported 学年 (the worst case).
DENSE = os.environ.get("JGT_BENCH_DENSE") == "1"


def build():
    from django.core.management import call_command
    from django.db import connection

    from communities.models import Community, CommunityYear, Membership
    from evaluation.models import SchoolResult, SubjectScore
    from schools.models import School
    from teachers.models import Exchange, Teacher

    call_command("migrate", verbosity=0)
    if SubjectScore.objects.count() == SIZES["results"] and Exchange.objects.count() == SIZES["exchanges"]:
        return "reused"
    rng = random.Random(2030)
    for model in (Exchange, Teacher, SubjectScore, SchoolResult, Membership, CommunityYear, Community):
        model.objects.all().delete()
    School.objects.filter(name__startswith="省学校").delete()
    schools = _build_schools(rng)
    _build_communities(rng, schools)
    _build_teachers_and_exchanges(rng, schools)
    _build_results(rng, schools)
    connection.close()
    return "built"


def _build_schools(rng) -> list[int]:
    from schools.models import District, School

    districts = list(District.objects.all())
    School.objects.bulk_create(
        School(
            name=f"省学校{i:05d}",
            district=rng.choice(districts),
            stage=rng.choice(["primary", "middle", "nine_year"]),
            locality=rng.choice(["urban", "town", "rural"]),
            ownership="public",
        )
        for i in range(SIZES["schools"])
    )
    return list(School.objects.filter(name__startswith="省学校").values_list("id", flat=True))


def _build_communities(rng, schools: list[int]) -> None:
    """The first thousand schools are cores; every other school is a member of one community."""
    from communities.models import Community, CommunityYear, Membership

    cores, members = schools[:1_000], schools[1_000:]
    Community.objects.bulk_create(
        Community(core_school_id=cores[i % len(cores)], segment=rng.choice(["primary", "middle"]))
        for i in range(SIZES["communities"])
    )
    communities = list(Community.objects.values_list("id", "core_school_id"))
    CommunityYear.objects.bulk_create(
        CommunityYear(community_id=c, school_year=YEAR, type=rng.choice(["merged", "co_built", "cooperative"]), position=i)
        for i, (c, _) in enumerate(communities)
    )
    community_years = dict(CommunityYear.objects.values_list("community_id", "id"))
    Membership.objects.bulk_create(
        (
            Membership(
                community_year_id=community_years[c], school_id=members[i], school_year=YEAR, core_school_id=core, position=1
            )
            for i, (c, core) in enumerate(communities * 2)
            if i < len(members)
        ),
        batch_size=5_000,
    )


def _build_teachers_and_exchanges(rng, schools: list[int]) -> None:
    from teachers.models import Exchange, Teacher

    Teacher.objects.bulk_create(
        (
            Teacher(
                staff_id=f"P{i:07d}",
                name=f"教师{i}",
                school_id=schools[i % len(schools)],
                establishment_school_id=schools[i % len(schools)],
                title="intermediate",
                hire_date=datetime.date(2000 + i % 30, 9, 1),
            )
            for i in range(SIZES["teachers"])
        ),
        batch_size=10_000,
    )
    teacher_rows = list(Teacher.objects.values_list("id", "school_id"))
    next_school = {s: schools[(i + 1) % len(schools)] for i, s in enumerate(schools)}
    Exchange.objects.bulk_create(
        (
            Exchange(
                teacher_id=t,
                from_school_id=s,
                to_school_id=next_school[s],
                kind="rotation",
                status=rng.choice(["approved", "in_progress", "finished", "filed"]),
                start_date=start,
                planned_end=end,
            )
            for t, s in teacher_rows[: SIZES["exchanges"]]
            for start, end in [_term(rng)]
        ),
        batch_size=10_000,
    )


def _term(rng) -> tuple[datetime.date, datetime.date]:
    """Start and planned end of one exchange."""
    if DENSE:  # the worst case: every exchange within a year of the reported 学年
        start = datetime.date(YEAR, 9, 1) + datetime.timedelta(days=rng.randint(-400, 300))
        return start, start + datetime.timedelta(days=rng.randint(310, 700))
    # As a county that has run exchanges for years: terms of one or three years
    # starting in any of seven 学年.
    start = datetime.date(YEAR + rng.randint(-5, 1), 9, 1) + datetime.timedelta(days=rng.choice([0, 0, 0, 61, 153]))
    return start, start.replace(year=start.year + rng.choice([1, 3, 3])) - datetime.timedelta(days=1)


def _build_results(rng, schools: list[int]) -> None:
    from evaluation.models import SchoolResult, SubjectScore

    SchoolResult.objects.bulk_create(
        (
            SchoolResult(
                school_year=y, stage="primary", school_id=s, graduating_classes=rng.randint(1, 8), z_value=rng.uniform(35, 65)
            )
            for y in (YEAR - 1, YEAR)
            for s in schools
        ),
        batch_size=10_000,
    )
    results = list(SchoolResult.objects.values_list("id", flat=True))
    SubjectScore.objects.bulk_create(
        (
            SubjectScore(
                result_id=results[i % len(results)],
                subject=f"科目{i // len(results)}",
                candidates=rng.randint(20, 500),
                average=rng.uniform(40, 95),
                std_dev=rng.uniform(5, 20),
            )
            for i in range(SIZES["results"])
        ),
        batch_size=10_000,
    )


def settle():
    """Leave PostgreSQL's tables as autovacuum leaves them soon after a bulk load (it
    vacuums a table once a fifth of it is new rows): with statistics, without which the
    planner guesses row counts a thousand times too small, and with the visibility map,
    without which no read is answered from an index alone."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    connection.close()
