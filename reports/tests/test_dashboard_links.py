"""Every figure of the dashboard opens exactly the rows it counts: each tile's county
figure and each 学区 bar links to a list whose 合计 states the same figure (issue: what a
clerk clicks is what the records say). Walked on the demo county, every 学年 it has."""

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.selectors import roster_years
from jiaogongti.school_year import current_school_year

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a href="([^"]+)"[^>]*\bdata-figure="([^"]*)"')
TOTAL = re.compile(r'class="list-total" data-figure="([^"]*)"')


@pytest.fixture
def clerk(client, ruian_districts, activity_categories):
    from django.contrib.auth import get_user_model

    call_command("setup_demo")
    client.force_login(get_user_model().objects.get(username="bureau"))  # the demo's bureau account
    return client


def list_total(page: str, anchor: str) -> str | None:
    """The 合计 of the list the link leads to: in the section the link names, if it does."""
    start = page.find(f'id="{anchor}"') if anchor else 0
    found = TOTAL.search(page, max(start, 0))
    return found.group(1) if found else None


def test_every_dashboard_figure_opens_a_list_whose_total_is_that_figure(clerk):
    followed = 0
    for year in sorted({*roster_years(), current_school_year()}):
        board = clerk.get(reverse("reports:dashboard"), {"year": year}).content.decode()
        # 政策核算's own links count too (its noted exchanges).
        rules = clerk.get(reverse("admin:exchanges_exchange_rules"), {"year": year}).content.decode()
        for href, figure in LINK.findall(board) + LINK.findall(rules):
            address, _, anchor = html.unescape(href).partition("#")
            response = clerk.get(address)
            assert response.status_code == 200, address
            assert list_total(response.content.decode(), anchor) == figure, f"{year}: {address}#{anchor} should total {figure}"
            followed += 1
    # Nine tiles, each with its county figure and bars (the 考核's bars only once a 学年 has ended).
    assert followed > 9 * len(roster_years())
