"""The province-size data set the annual-report benchmark measures on: 5,000 schools,
3,000 communities, 300,000 teachers, 200,000 exchanges and 150,000 result rows, built once
into the benchmark's database and reused while the counts match.

With the communities' own work of the benchmark 学年, as a county that uses the portal
has it: per community a plan with planned counts, ten activities, a 同步课堂 table of two
sessions a term with the lessons recorded, two or three allocations, a 特色评价; 项目评估
of some 协作型, the 学年's scheme and a third of the results confirmed. A fifth of the
exchanges are a member's teacher sent to its core school within the roster's 学年, so
the community rules have work to do."""

import datetime
import os
import random

YEAR = 2030
SIZES = {"schools": 5_000, "communities": 3_000, "teachers": 300_000, "exchanges": 200_000, "results": 150_000}
# JGT_BENCH_DENSE=1: every exchange within a year of the reported 学年 (the worst case).
DENSE = os.environ.get("JGT_BENCH_DENSE") == "1"
# JGT_BENCH_STORIES=0: every teacher at one school from their hire date, nobody moved or
# left, the data a county had before teachers' stories were dated: the same work as a
# reference from before them, so the cost of the dated reads alone is measured.
STORIES = os.environ.get("JGT_BENCH_STORIES", "1") == "1"


def build():
    from django.core.management import call_command
    from django.db import connection

    from communities.models import Community, CommunityYear, Membership
    from evaluation.models import SchoolResult, SubjectScore
    from exchanges.models import Exchange
    from schools.models import School
    from teachers.models import Teacher
    from timetable.models import Session

    call_command("migrate", verbosity=0)
    if (
        SubjectScore.objects.count() == SIZES["results"]
        and Exchange.objects.count() == SIZES["exchanges"]
        and Session.objects.filter(school_year=YEAR).exists()
    ):
        return "reused"
    rng = random.Random(2030)
    _empty_communities_work()
    for model in (Exchange, Teacher, SubjectScore, SchoolResult, Membership, CommunityYear, Community):
        model.objects.all().delete()
    School.objects.filter(name__startswith="省学校").delete()
    schools = _build_schools(rng)
    _build_communities(rng, schools)
    _build_teachers_and_exchanges(rng, schools)
    _build_results(rng, schools)
    _build_communities_work(rng)
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
    from exchanges.models import Exchange
    from teachers.models import Teacher

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
    _place_every_teacher()
    teacher_rows = list(Teacher.objects.values_list("id", "school_id"))
    next_school = {s: schools[(i + 1) % len(schools)] for i, s in enumerate(schools)}
    community_of = _community_of_member()
    Exchange.objects.bulk_create(
        (
            _exchange(rng, n, t, s, next_school[s], community_of.get(s))
            for n, (t, s) in enumerate(teacher_rows[: SIZES["exchanges"]])
        ),
        batch_size=10_000,
    )


def _place_every_teacher() -> None:
    """Each teacher's placement at their school from their hire date, as the register keeps
    it; and a dated story for some: every 23rd moved to the next school in the benchmark
    学年 (1 February), every 19th left before it (退休; numbers prime to the 5,000 schools, so no school loses all its teachers), so the dated reads have work."""
    from django.db import connection

    move_on, left_on = datetime.date(YEAR + 1, 2, 1), datetime.date(YEAR - 1, 7, 31)
    moves = "id %% 23 = 0 AND id %% 19 <> 0 AND school_id < (SELECT max(id) FROM schools_school)"
    if not STORIES:
        moves, left_on = "0 = 1", datetime.date(1900, 1, 1)  # nobody moves, nobody hired by then leaves
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE teachers_teacher SET left_on = %s, leaving_reason = 'retired' WHERE id %% 19 = 0 AND hire_date <= %s",
            [left_on, left_on],
        )
        cursor.execute(
            "INSERT INTO teachers_placement (teacher_id, school_id, start_date, end_date) "
            f"SELECT id, school_id, hire_date, CASE WHEN {moves} THEN %s ELSE left_on END FROM teachers_teacher",
            [move_on - datetime.timedelta(days=1)],
        )
        cursor.execute(
            "INSERT INTO teachers_placement (teacher_id, school_id, start_date, end_date) "
            f"SELECT id, school_id + 1, %s, NULL FROM teachers_teacher WHERE {moves}",
            [move_on],
        )
        cursor.execute(
            f"UPDATE teachers_teacher SET school_id = school_id + 1, establishment_school_id = school_id + 1 WHERE {moves}", []
        )


def _community_of_member() -> dict[int, tuple[int, int]]:
    """Member school id -> (community id, core school id) in the benchmark 学年."""
    from communities.models import Membership

    return {
        school_id: (community_id, core_id)
        for school_id, community_id, core_id in Membership.objects.filter(school_year=YEAR).values_list(
            "school_id", "community_year__community_id", "core_school_id"
        )
    }


def _exchange(rng, n: int, teacher_id: int, school_id: int, next_school_id: int, community):
    """One exchange: every fifth of a member school's teachers goes to its core school in
    the roster's 学年 (a record of the community); the others as a county's history has them."""
    from exchanges.models import Exchange

    status = rng.choice(["approved", "in_progress", "finished", "filed"])
    if community is not None and n % 5 == 0 and not DENSE:
        start = datetime.date(YEAR, 9, 1) + datetime.timedelta(days=rng.choice([0, 0, 61, 153]))
        end = start.replace(year=start.year + 3) - datetime.timedelta(days=1)
        community_id, core_id = community
        return Exchange(
            teacher_id=teacher_id,
            from_school_id=school_id,
            to_school_id=core_id,
            community_id=community_id,
            kind="rotation",
            status=status,
            start_date=start,
            planned_end=end,
            establishment_moved=True,
        )
    start, end = _term(rng)
    return Exchange(
        teacher_id=teacher_id,
        from_school_id=school_id,
        to_school_id=next_school_id,
        kind="rotation",
        status=status,
        start_date=start,
        planned_end=end,
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


def _empty_communities_work():
    from assessment.models import Allocation, AssessmentResult, DistinctiveScore, Indicator, ProjectReview, Scheme
    from teamwork.models import Activity, CommunityPlan
    from timetable.models import Lesson, Session

    for model in (Lesson, Session, Activity, CommunityPlan, Allocation, ProjectReview, AssessmentResult, DistinctiveScore):
        model.objects.all().delete()
    Indicator.objects.filter(scheme__school_year=YEAR).delete()
    Scheme.objects.filter(school_year=YEAR).delete()


def _build_communities_work(rng) -> None:
    """The benchmark 学年's work of every community (see the module's docstring)."""
    from communities.models import CommunityYear
    from teachers.models import Teacher

    rows = list(CommunityYear.objects.filter(school_year=YEAR).values_list("community_id", "type", "community__core_school_id"))
    members: dict[int, list[int]] = {}
    for community_id, school_id in CommunityYear.objects.filter(school_year=YEAR).values_list(
        "community_id", "memberships__school_id"
    ):
        if school_id:
            members.setdefault(community_id, []).append(school_id)
    # A teacher of each school, to lead its synchronous classes.
    teacher_of: dict[int, int] = {}
    for teacher_id, school_id in Teacher.objects.order_by("id").values_list("id", "school_id").iterator():
        teacher_of.setdefault(school_id, teacher_id)
    communities = [(c, t, [core, *members.get(c, [])]) for c, t, core in rows]
    _build_plans_and_activities(rng, communities)
    _build_timetable(rng, communities, teacher_of)
    _build_assessment(rng, communities)


def _build_plans_and_activities(rng, communities) -> None:
    from teamwork.models import Activity, ActivityCategory, CommunityPlan, PlannedActivities

    categories = list(ActivityCategory.objects.values_list("id", flat=True))
    CommunityPlan.objects.bulk_create(
        (CommunityPlan(community_id=c, school_year=YEAR, goals="年度目标") for c, _, _ in communities), batch_size=5_000
    )
    plans = dict(CommunityPlan.objects.filter(school_year=YEAR).values_list("community_id", "id"))
    PlannedActivities.objects.bulk_create(
        (
            PlannedActivities(plan_id=plans[c], category_id=category, count=rng.randint(1, 4))
            for c, _, _ in communities
            for category in rng.sample(categories, 4)
        ),
        batch_size=5_000,
    )
    Activity.objects.bulk_create(
        (
            Activity(
                community_id=c,
                school_year=YEAR,
                date=datetime.date(YEAR, 9, 10) + datetime.timedelta(days=n * 30),
                category_id=rng.choice(categories),
                mode=rng.choice(["online", "on_site"]),
                host_school_id=schools[0],
                teacher_count=rng.randint(5, 60),
                pupil_count=rng.choice([0, 0, 40, 120]),
                topic=f"活动{n}",
            )
            for c, _, schools in communities
            for n in range(10)
        ),
        batch_size=5_000,
    )
    schools_of = {c: schools for c, _, schools in communities}
    Through = Activity.schools.through
    Through.objects.bulk_create(
        (
            Through(activity_id=activity_id, school_id=school_id)
            for activity_id, c in Activity.objects.filter(school_year=YEAR).values_list("id", "community_id").iterator()
            for school_id in schools_of[c][1:]
        ),
        batch_size=10_000,
    )


# Lessons recorded per term: the weeks a term has run by the time the report is made.
RECORDED_WEEKS = {1: 18, 2: 8}


def _build_timetable(rng, communities, teacher_of) -> None:
    from timetable.models import Lesson, ListeningClassroom, Session

    Session.objects.bulk_create(
        (
            Session(
                community_id=c,
                school_year=YEAR,
                term=term,
                weekday=rng.randint(1, 5),
                start_time=datetime.time(9 + n, 0),
                end_time=datetime.time(9 + n, 40),
                subject=rng.choice(["语文", "数学", "英语", "科学"]),
                lead_school_id=schools[0],
                lead_class=f"{n + 3}年级1班",
                lead_teacher_id=teacher_of[schools[0]],
                first_week=1,
                last_week=rng.choice([18, 20]),
            )
            for c, _, schools in communities
            for term in (1, 2)
            for n in range(2)
        ),
        batch_size=5_000,
    )
    sessions = list(Session.objects.filter(school_year=YEAR).values_list("id", "community_id", "term"))
    schools_of = {c: schools for c, _, schools in communities}
    ListeningClassroom.objects.bulk_create(
        (
            ListeningClassroom(session_id=s, school_id=school_id, class_name="3年级2班", position=n)
            for s, c, _ in sessions
            for n, school_id in enumerate(schools_of[c][1:])
        ),
        batch_size=10_000,
    )
    Lesson.objects.bulk_create(
        (
            Lesson(session_id=s, week=week, held=rng.random() < 0.85)
            for s, _, term in sessions
            for week in range(1, RECORDED_WEEKS[term] + 1)
        ),
        batch_size=10_000,
    )


def _build_assessment(rng, communities) -> None:
    from decimal import Decimal

    from assessment.models import Allocation, AssessmentResult, DistinctiveScore, ProjectReview
    from assessment.scheme import scheme_for, scheme_of, scheme_snapshot

    Allocation.objects.bulk_create(
        (
            Allocation(
                school_year=YEAR,
                community_id=c,
                category=rng.choice(["equipment", "project", "activities", "training"]),
                school_id=rng.choice(schools),
                amount=Decimal(rng.randint(50, 500) * 100),
                note="" if n else rng.choice(["", "", "首批"]),
            )
            for c, _, schools in communities
            for n in range(rng.choice([2, 3]))
        ),
        batch_size=5_000,
    )
    cooperative = [(c, schools) for c, kind, schools in communities if kind == "cooperative"]
    ProjectReview.objects.bulk_create(
        ProjectReview(
            community_id=c,
            school_year=YEAR,
            title="项目",
            goals="目标",
            period_start=datetime.date(YEAR, 9, 1),
            period_end=datetime.date(YEAR + 1, 6, 30),
            evidence="佐证",
            status="reviewed",
            score=Decimal(rng.randint(60, 98)),
            grade="good",
        )
        for c, _ in cooperative[::3]
    )
    DistinctiveScore.objects.bulk_create(
        (DistinctiveScore(community_id=c, school_year=YEAR, score=Decimal(rng.randint(60, 100))) for c, _, _ in communities),
        batch_size=5_000,
    )
    snapshot = scheme_snapshot(scheme_of(scheme_for(YEAR).school_year))
    AssessmentResult.objects.bulk_create(
        (
            AssessmentResult(
                community_id=c,
                school_year=YEAR,
                scheme=snapshot,
                inputs={},
                scores={},
                total=Decimal(score),
                grade="excellent" if score >= 90 else "good" if score >= 80 else "pass",
            )
            for c, _, _ in communities[::3]
            for score in [rng.randint(60, 99)]
        ),
        batch_size=5_000,
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
