"""The migrations that store choices as English codes keep every row: the values of the
years before are recoded, in the records and in their history, and back when unapplied."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("teachers", "0012_exchange_notes"), ("communities", "0001_initial"), ("schools", "0003_allowance_help_text")]
AFTER = [("teachers", "0013_choice_codes"), ("communities", "0002_choice_codes"), ("schools", "0004_choice_codes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_values_are_recoded_forwards_and_back():
    apps = migrate(BEFORE)
    District, School = apps.get_model("schools", "District"), apps.get_model("schools", "School")
    Community, CommunityYear = apps.get_model("communities", "Community"), apps.get_model("communities", "CommunityYear")
    Teacher, Exchange = apps.get_model("teachers", "Teacher"), apps.get_model("teachers", "Exchange")
    district = District.objects.create(name="测试学区")
    core = School.objects.create(name="核心校", district=district, stage="小学", locality="城区", ownership="公办")
    member = School.objects.create(name="成员校", district=district, stage="九年一贯制", locality="乡村", ownership="公办")
    community = Community.objects.create(core_school=core, segment="primary")
    CommunityYear.objects.create(community=community, school_year=2021, type="协作型")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, establishment_school=core, title="高级")
    Exchange.objects.create(
        teacher=teacher,
        from_school=core,
        to_school=member,
        kind="支教",
        status="已驳回",
        reject_reason="名额已满",
        start_date="2021-09-01",
        planned_end="2024-08-31",
    )
    with connection.cursor() as cursor:  # a history row as simple-history wrote it then
        cursor.execute(
            "INSERT INTO teachers_historicalexchange (id, kind, status, start_date, planned_end, establishment_moved,"
            " reject_reason, filed_at, notes, history_date, history_type, teacher_id, from_school_id, to_school_id)"
            " SELECT id, kind, status, start_date, planned_end, establishment_moved, reject_reason, filed_at, notes,"
            " filed_at, '+', teacher_id, from_school_id, to_school_id FROM teachers_exchange"
        )

    apps = migrate(AFTER)
    school = apps.get_model("schools", "School")
    assert sorted(school.objects.values_list("stage", "locality", "ownership")) == [
        ("nine_year", "rural", "public"),
        ("primary", "urban", "public"),
    ]
    assert list(apps.get_model("communities", "CommunityYear").objects.values_list("type", flat=True)) == ["cooperative"]
    assert list(apps.get_model("teachers", "Teacher").objects.values_list("title", flat=True)) == ["senior"]
    exchange = apps.get_model("teachers", "Exchange")
    assert list(exchange.objects.values_list("kind", "status")) == [("support", "rejected")]
    assert list(apps.get_model("teachers", "HistoricalExchange").objects.values_list("kind", "status")) == [
        ("support", "rejected")
    ]

    apps = migrate(BEFORE)
    assert list(apps.get_model("teachers", "Exchange").objects.values_list("kind", "status")) == [("支教", "已驳回")]
    assert list(apps.get_model("communities", "CommunityYear").objects.values_list("type", flat=True)) == ["协作型"]
    migrate(executor_leaf_nodes())


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
