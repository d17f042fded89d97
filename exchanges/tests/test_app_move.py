"""The exchanges got an app of their own (below them, the register of teachers): a database
made before keeps every row, its content types and its jobs follow, and a clerk's old
bookmarks still arrive."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import make_school
from exchanges.models import Exchange
from teachers.models import Teacher
from teachers.tests.builders import D, exchange

# (planner came after the move, and builds on it)
BEFORE_MOVE = {
    "teachers": "0020_placements_indexed_for_the_years",
    "inbox": "0002_withdrawn_event",
    "exchanges": None,
    "planner": None,
}
OLD_IMPORT = "teachers.importer.exchange_file.import_exchanges"


def migrate(moved_apps_at: dict | None):
    """Every app at its latest migration, but those named at theirs."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = [(app, (moved_apps_at or {}).get(app, name)) for app, name in executor.loader.graph.leaf_nodes()]
    executor.migrate(targets)
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_exchanges_content_types_and_jobs():
    old = migrate(BEFORE_MOVE)
    School, Teacher = old.get_model("schools", "School"), old.get_model("teachers", "Teacher")
    district = old.get_model("schools", "District").objects.create(name="测试学区")
    core = School.objects.create(name="核心校", district=district, stage="primary", locality="urban", ownership="public")
    member = School.objects.create(name="成员校", district=district, stage="primary", locality="rural", ownership="public")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, establishment_school=core, hire_date="2010-09-01")
    stored = old.get_model("teachers", "Exchange").objects.create(
        teacher=teacher, from_school=core, to_school=member, kind="support", start_date="2021-09-01", planned_end="2024-08-31"
    )
    old_types = old.get_model("contenttypes", "ContentType").objects
    exchange_type = old_types.get_or_create(app_label="teachers", model="exchange")[0]
    old.get_model("jobs", "Job").objects.create(kind="import", title="导入历年交流记录", function=OLD_IMPORT)

    migrate(None)

    moved = Exchange.objects.get()
    assert (moved.pk, moved.teacher.staff_id, moved.to_school.name, moved.kind) == (stored.pk, "T1", "成员校", "support")
    assert ContentType.objects.get_for_model(Exchange).pk == exchange_type.pk  # permissions and the log follow it
    assert not ContentType.objects.filter(app_label="teachers", model="exchange").exists()
    from jobs.models import Job

    assert Job.objects.get().function == "exchanges.importer.exchange_file.import_exchanges"


@pytest.mark.django_db
def test_the_admins_old_addresses_of_exchanges_redirect(bureau_client):
    core, member = make_school("核心校", district="直属"), make_school("成员校")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=core, hire_date=D(2010, 9, 1))
    moved = exchange(teacher, member, D(2021, 9, 1), D(2024, 8, 31))
    old_to_new = {
        "/admin/teachers/exchange/?status__exact=filed": "/admin/exchanges/exchange/?status__exact=filed",
        f"/admin/teachers/exchange/{moved.pk}/change/": f"/admin/exchanges/exchange/{moved.pk}/change/",
        "/admin/teachers/exchangeappraisal/": "/admin/exchanges/exchangeappraisal/",
        f"/admin/teachers/teacher/{moved.teacher_id}/career/": f"/admin/exchanges/exchange/teacher/{moved.teacher_id}/career/",
        f"/admin/teachers/teacher/{moved.teacher_id}/certificate/": (
            f"/admin/exchanges/exchange/teacher/{moved.teacher_id}/certificate/"
        ),
    }
    for old, new in old_to_new.items():
        response = bureau_client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert bureau_client.get(new).status_code == 200, new
    # The register's own pages stay where they were.
    assert bureau_client.get(f"/admin/teachers/teacher/{moved.teacher_id}/change/").status_code == 200
