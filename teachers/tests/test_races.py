"""No write can double or race: real parallel requests, each in its own thread with its own
database connection (issue: data the bureau can trust). PostgreSQL is where rows are
locked one by one and where the database itself refuses an overlap; on SQLite a write
transaction holds the whole database, and the same tests hold."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from conftest import BrowserClient, make_community, make_school
from exchanges.importer import import_exchanges
from exchanges.models import Exchange
from schools.models import Account
from teachers.models import Teacher
from teachers.tests.test_importers import EXCHANGES, csv_file

pytestmark = pytest.mark.django_db(transaction=True)


def in_parallel(*jobs):
    """Run the jobs at the same moment, each in a thread of its own; their results or errors."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # reported to the test, which decides
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.fixture
def pair(django_user_model):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021)
    teacher = Teacher.objects.create(staff_id="T1", name="张三", school=member)
    django_user_model.objects.create_superuser("bureau", password="x")
    head = django_user_model.objects.create_user("head", password="x")
    Account.objects.create(user=head, role=Account.Role.SCHOOL_HEAD, school=member)
    return core, member, teacher


def logged_in(username):
    from django.contrib.auth import get_user_model

    client = BrowserClient()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_two_identical_admin_posts_store_one_exchange(pair):
    core, member, teacher = pair
    form = {
        "teacher": teacher.pk,
        "from_school": member.pk,
        "to_school": core.pk,
        "kind": "support",
        "start_date": "2021-09-01",
        "planned_end": "2022-08-31",
        "establishment_moved": "",
    }
    clients = [logged_in("bureau") for _ in range(4)]
    responses = in_parallel(*[lambda c=c: c.post(reverse("admin:exchanges_exchange_add"), form) for c in clients])
    assert Exchange.objects.count() == 1
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 200, 200, 302]  # one saved; the others see it and are refused
    refused = [r for r in responses if r.status_code == 200]
    assert all("时间不能重叠" in r.content.decode() for r in refused)


def test_two_identical_portal_filings_store_one_exchange(pair):
    core, member, teacher = pair
    form = {
        "teacher": teacher.pk,
        "to_school": core.pk,
        "kind": "support",
        "start_date": "2021-09-01",
        "planned_end": "2022-08-31",
        "confirmed": "1",  # past its 提示 (filed after the start)
    }
    clients = [logged_in("head") for _ in range(4)]
    in_parallel(*[lambda c=c: c.post(reverse("portal:exchange_new", args=[member.pk]), form) for c in clients])
    assert Exchange.objects.count() == 1


def test_a_filing_racing_an_import_leaves_no_overlap(pair, tmp_path):
    core, member, teacher = pair
    others = [Teacher.objects.create(staff_id=f"X{i}", name=f"老师{i}", school=member) for i in range(300)]
    rows = [[t.staff_id, member.name, core.name, "支教", "2021-09-01", "2022-08-31", "否", "已批准"] for t in [*others, teacher]]
    path = csv_file(tmp_path, EXCHANGES, *rows)
    head = logged_in("head")
    filing = {
        "teacher": teacher.pk,
        "to_school": core.pk,
        "kind": "support",
        "start_date": "2022-01-01",
        "planned_end": "2022-06-30",
        "confirmed": "1",
    }
    outcomes = in_parallel(
        lambda: import_exchanges(path), lambda: head.post(reverse("portal:exchange_new", args=[member.pk]), filing)
    )
    mine = list(Exchange.objects.filter(teacher=teacher))
    assert len(mine) == 1, outcomes  # the import's row or the filing, never both
    if mine[0].start_date == datetime.date(2022, 1, 1):  # the filing won: the import was refused whole
        assert Exchange.objects.count() == 1
    else:
        assert Exchange.objects.count() == 301


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_postgresql_itself_refuses_overlapping_live_exchanges(pair):
    core, member, teacher = pair
    terms = {"teacher": teacher, "from_school": member, "to_school": core, "kind": "support"}
    Exchange.objects.create(**terms, start_date=datetime.date(2021, 9, 1), planned_end=datetime.date(2022, 8, 31))
    # A rejected or withdrawn record holds no time.
    Exchange.objects.create(
        **terms,
        start_date=datetime.date(2021, 9, 1),
        planned_end=datetime.date(2022, 8, 31),
        status="rejected",
        reject_reason="重复",
    )
    Exchange.objects.create(**terms, start_date=datetime.date(2022, 9, 1), planned_end=datetime.date(2023, 8, 31))
    with pytest.raises(IntegrityError, match="exchange_no_overlap"):
        Exchange.objects.create(**terms, start_date=datetime.date(2022, 8, 31), planned_end=datetime.date(2022, 9, 30))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_the_database_guard_compares_one_teacher_at_a_time_and_closed_terms(pair):
    """The guard draws each term as a box (teacher × days, migration 0016): two teachers
    side by side in the id sequence never touch, and a term touches another on its last day."""
    core, member, teacher = pair
    neighbour = Teacher.objects.create(staff_id=f"{teacher.staff_id}X", name="邻号", school=member)
    assert abs(neighbour.pk - teacher.pk) == 1
    term = {"from_school": member, "to_school": core, "kind": "support"}
    year = {"start_date": datetime.date(2021, 9, 1), "planned_end": datetime.date(2022, 8, 31)}
    Exchange.objects.create(teacher=teacher, **term, **year)
    Exchange.objects.create(teacher=neighbour, **term, **year)  # the same days, the next teacher
    next_day = datetime.date(2022, 9, 1)
    Exchange.objects.create(teacher=teacher, **term, start_date=next_day, planned_end=datetime.date(2023, 8, 31))
    with pytest.raises(IntegrityError, match="exchange_no_overlap"), transaction.atomic():
        Exchange.objects.create(teacher=neighbour, **term, start_date=datetime.date(2022, 8, 31), planned_end=next_day)
