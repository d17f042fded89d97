"""Every community has a 教共体编号 (contracts.md, "Naming a community in a file"): given
once, the same in every 学年, unique; a file names a community by it or by a member school."""

import pytest
from django.db import IntegrityError

from communities.models import Community
from communities.selectors import community_named
from conftest import make_community, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    return make_community(core, [member], year=2021), member


def test_a_community_is_numbered_once_and_keeps_its_number_across_years(community):
    community_year, member = community
    code = community_year.community.code
    assert code == f"JGT{community_year.community.pk:04d}"
    make_community(community_year.community.core_school, [member], year=2022, community=community_year.community)
    assert Community.objects.get().code == code


def test_the_bureau_may_change_a_number_and_it_stays_unique(community):
    community_year, _ = community
    other = make_community(make_school("瑞安市实验小学", district="直属"), [make_school("瑞安市陶山镇中心小学")], year=2021)
    Community.objects.filter(pk=community_year.community.pk).update(code="TX-01")
    with pytest.raises(IntegrityError):
        Community.objects.filter(pk=other.community.pk).update(code="TX-01")


def test_a_file_names_a_community_by_its_number_or_a_member_school(community):
    community_year, member = community
    assert community_named(community_year.community.code.lower(), 2021) == community_year
    assert community_named(" 瑞安市塘下镇第二小学 ", 2021) == community_year
    assert community_named("瑞安市塘下镇第二小学", 2023) == community_year  # the 2021 roster holds on
    assert community_named("不存在的学校", 2021) is None
