"""Figures kept per state of the records (jiaogongti/figures_cache.py): served again only
while no committed write has happened since, on both databases.

These tests commit (transaction=True): a kept figure outlives a test's rolled-back
transaction, which is why the rest of the suite works figures out each time."""

from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from assessment.models import Allocation
from conftest import make_community, make_school
from jiaogongti import figures_cache
from jiaogongti.school_year import current_school_year
from reports.dashboard import kept_dashboard
from schools.models import School

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def keep_figures(settings):
    settings.JGT_KEEP_FIGURES = True


class Counted:
    """A figure that says how often it was worked out."""

    def __init__(self):
        self.times = 0

    def __call__(self):
        self.times += 1
        return School.objects.count()


def test_figures_are_kept_while_nothing_changes():
    make_school("甲校")
    figure = Counted()
    assert [figures_cache.remembered("schools", figure) for _ in range(3)] == [1, 1, 1]
    assert figure.times == 1


def test_a_committed_write_works_the_figures_out_again():
    figure = Counted()
    assert figures_cache.remembered("schools", figure) == 0
    make_school("甲校")  # autocommit: the write is committed, then the version is new
    assert figures_cache.remembered("schools", figure) == 1
    School.objects.filter(name="甲校").update(name="乙校")  # a queryset's update, no signal
    School.objects.filter(name="乙校").delete()
    assert figures_cache.remembered("schools", figure) == 0
    assert figure.times == 3


def test_inside_a_transaction_the_version_changes_at_commit():
    version = figures_cache.records_version()
    with transaction.atomic():
        make_school("甲校")
        make_school("乙校")
        # Not yet: a page reading now reads the records before this transaction.
        assert figures_cache.records_version() == version
    assert figures_cache.records_version() != version


def test_a_rolled_back_savepoint_still_lets_the_transaction_count():
    version = figures_cache.records_version()
    with transaction.atomic():
        try:
            with transaction.atomic():
                make_school("甲校")
                raise RuntimeError
        except RuntimeError:
            pass
        make_school("乙校")  # registers again: the savepoint's callback went with it
    assert figures_cache.records_version() != version


def test_a_rolled_back_transaction_changes_nothing():
    version = figures_cache.records_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_school("甲校")
        raise RuntimeError
    assert figures_cache.records_version() == version


def test_writes_that_hold_no_figures_keep_the_figures():
    version = figures_cache.records_version()
    session = SessionStore()
    session["seen"] = True
    session.save()
    assert figures_cache.records_version() == version


def test_the_dashboard_shows_money_allocated_a_moment_ago():
    year = current_school_year()
    core, member = make_school("城关小学"), make_school("山里小学")
    community = make_community(core, [member], year=year).community
    assert kept_dashboard(year).county.funds == 0
    Allocation.objects.create(school_year=year, community=community, category="equipment", school=member, amount=Decimal("3000"))
    assert kept_dashboard(year).county.funds == Decimal("3000")
