"""Small builders shared by every app's tests (instead of big JSON fixtures)."""

import importlib
import os
import shutil

import pytest
from django.test import Client

from communities.models import Community, CommunityYear, Membership
from jiaogongti import once
from schools.models import District, School, Stage


def make_district(name="塘下", **fields) -> District:
    district, _ = District.objects.get_or_create(name=name, defaults=fields)
    return district


def set_district_rate(district, per_month: int = 0, *, mountain: bool = False, from_year: int = 2000):
    """A 学区's 特岗津贴 rate and 山区 flag from a 学年 on (`policy.DistrictRate`)."""
    from policy.models import DistrictRate

    DistrictRate.objects.update_or_create(
        district=district,
        from_year=from_year,
        defaults={"rural_allowance_per_month": per_month, "is_mountain": mountain, "source": "测试"},
    )


def make_school(name, district="塘下", **fields) -> School:
    return School.objects.create(name=name, district=make_district(district), **fields)


def make_community(core, members, *, year=2021, type="co_built", segment=Stage.PRIMARY, community=None) -> CommunityYear:
    """A community holding in `year` with the given member schools (School objects)."""
    community = community or Community.objects.create(core_school=core, segment=segment)
    community_year = CommunityYear.objects.create(community=community, school_year=year, type=type)
    for position, school in enumerate(members, start=1):
        Membership.objects.create(community_year=community_year, school=school, position=position)
    return community_year


class BrowserClient(Client):
    """A test client that posts a form as a browser posts the page it loaded: with the
    form's one-time token (jiaogongti/once.py) when the test gives none. Tests of the token
    itself, and of double submits, use `django.test.Client` or pass the same token twice."""

    def post(self, path, data=None, *args, **kwargs):
        if isinstance(data, dict) and once.FIELD not in data:
            data = {**data, once.FIELD: once.new_token()}
        elif data is None and not kwargs.get("content_type"):
            data = {once.FIELD: once.new_token()}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def client():
    return BrowserClient()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Job progress lives in the cache, keyed by job id; ids start again in every test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def bureau_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bureau", password="x")
    client.force_login(user)
    return client


# --- Browser tests: Playwright driving Debian's Chromium, never a downloaded browser ------

CHROMIUM = "/usr/bin/chromium"
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # In CI a missing browser is a failure, not a skip: `make test` installs it.
    pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.environ.get("CI"), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are still plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.fixture(scope="session", autouse=True)
def _release_the_test_database(django_db_setup, django_db_blocker):
    """On PostgreSQL, end what the live server's request threads left connected, so the
    test database can be dropped at the end (else: "being accessed by other users")."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def _seed(migration: str, function: str) -> None:
    """Run a data migration's seeding again: a transactional test's flush removes what the
    migrations put in, and the data they seed is what a fresh install has."""
    from django.apps import apps

    getattr(importlib.import_module(migration), function)(apps, None)


@pytest.fixture
def read_apart(monkeypatch):
    """Every workbook read in a child process, as a big one on disk is
    (`jiaogongti.xlsx_process`); the list records each time one was started."""
    from jiaogongti import tabular, xlsx_process

    started = []
    start = xlsx_process.rows_in_child
    monkeypatch.setattr(tabular, "READ_APART_FROM_BYTES", 0)
    monkeypatch.setattr(xlsx_process, "rows_in_child", lambda *args: started.append(args) or start(*args))
    return started


@pytest.fixture
def schools():
    """A 2021 community: a core school and one member (瑞安市塘下镇第二小学)."""
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021)
    return core, member


@pytest.fixture
def co_built():
    """A 2021 共建型 community: a 直属 core school and a 塘下 member."""
    core = make_school("核心校", district="直属")
    member = make_school("成员校", district="塘下")
    make_community(core, [member], year=2021, type="co_built")
    return core, member


@pytest.fixture
def ruian_districts(db):
    """The 学区 of 瑞安市, with their 山区 flags and 特岗津贴 rates, as a fresh install has
    them (schools 0002, policy 0002)."""
    districts = importlib.import_module("schools.migrations.0002_ruian_districts").RUIAN_DISTRICTS
    for name, kind, mountain, allowance in districts:
        district, _ = District.objects.get_or_create(name=name, defaults={"kind": kind})
        if mountain or allowance:
            set_district_rate(district, allowance, mountain=mountain, from_year=2000)


@pytest.fixture
def activity_categories(db):
    """The plan's 16 activity 类别."""
    _seed("teamwork.migrations.0002_the_plans_categories", "add_categories")
