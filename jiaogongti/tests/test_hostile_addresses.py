"""Every address a user can type answers with a page, never a 500 (issue: every number and id
a user can type is checked). Walks every URL pattern of the project with hostile values in
its path parameters, and every admin list and portal page with hostile query values, as
the bureau (who reaches the most) and as a school head."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db

HOSTILE_PATH_VALUES = ["abc", "1.5", "%00", "99999999999999999999", "0", "-1", "²"]
HOSTILE_QUERIES = [
    "year=²",
    "year=99999999999999999999",
    "year=0",
    "year=%00",
    "term=abc",
    "q=%00",
    "q=%27%22%3C",
    "p=abc",
    "page=abc",
    "district=²",
    "district=99999999999999999999",
    "school_year=²",
    "school_year=0",
    "school_year=99999999999999999999",
    "e=1",
]
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes():
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "/")
    return [route for route in found if PARAMETER.search(route) and "static" not in route]


@pytest.fixture
def world(django_user_model):
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021)
    teacher = Teacher.objects.create(staff_id="T1", name="张三", school=member)
    Exchange.objects.create(
        teacher=teacher, from_school=member, to_school=core, kind="support", start_date="2021-09-01", planned_end="2022-08-31"
    )
    bureau = django_user_model.objects.create_superuser("bureau", password="x")
    head = account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name).user
    return {"bureau": bureau, "head": head}


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_hostile_values_in_every_path_parameter_answer_without_an_error(world):
    bureau, head = _client(world["bureau"]), _client(world["head"])
    failures = []
    for route in routes():
        for value in HOSTILE_PATH_VALUES:
            path = PARAMETER.sub(value, route).replace("^", "").replace("$", "").replace("\\Z", "")
            for client in (bureau, head):
                status = client.get(path).status_code
                if status >= 500:
                    failures.append((path, status))
    assert not failures


def test_hostile_query_values_on_every_list_and_page_answer_without_an_error(world):
    bureau, head = _client(world["bureau"]), _client(world["head"])
    pages = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    pages += [f"{page}export/" for page in pages]
    pages += ["/dashboard/", "/portal/", "/admin/assessment/assessmentresult/year/", "/admin/evaluation/schoolresult/rewards/"]
    date_hierarchies = [
        f"{reverse(f'admin:{m._meta.app_label}_{m._meta.model_name}_changelist')}?{a.date_hierarchy}__year=99999999999999999999"
        for m, a in admin.site._registry.items()
        if a.date_hierarchy
    ]
    failures = []
    for page in pages:
        for query in HOSTILE_QUERIES:
            for client in (bureau, head):
                status = client.get(f"{page}?{query}").status_code
                if status >= 500:
                    failures.append((page, query, status))
    for address in date_hierarchies:
        if bureau.get(address).status_code >= 500:
            failures.append((address, 500))
    assert not failures
