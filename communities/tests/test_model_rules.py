"""Rules the database itself enforces (domain.md, "Communities"; issue: what must never happen)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from communities.models import Membership
from conftest import make_community, make_school
from schools.models import School

pytestmark = pytest.mark.django_db


def test_duplicate_school_names_are_refused_by_the_database():
    make_school("瑞安市阁巷小学")
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.create(name="瑞安市阁巷小学", district_id=School.objects.get().district_id)


def test_a_name_typed_with_blanks_is_the_same_school():
    make_school("瑞安市阁巷小学")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_school(" 瑞安市\u3000阁巷小学 ")


def test_a_school_is_member_of_at_most_one_community_per_year():
    member = make_school("瑞安市阁巷小学")
    make_community(make_school("瑞安市飞云中心小学"), [member])
    with pytest.raises(IntegrityError), transaction.atomic():
        make_community(make_school("瑞安市江南实验小学"), [member])


def test_the_same_school_may_be_member_again_in_another_year():
    member = make_school("瑞安市阁巷小学")
    core = make_school("瑞安市飞云中心小学")
    first = make_community(core, [member], year=2021)
    make_community(core, [member], year=2022, community=first.community)
    assert Membership.objects.filter(school=member).count() == 2


def test_a_core_school_cannot_be_member_of_its_own_community():
    core = make_school("瑞安市飞云中心小学")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_community(core, [core])


def test_a_school_in_a_community_cannot_be_deleted():
    member = make_school("瑞安市阁巷小学")
    core = make_school("瑞安市飞云中心小学")
    make_community(core, [member])
    with pytest.raises(ProtectedError):
        member.delete()
    with pytest.raises(ProtectedError):
        core.delete()


def test_membership_clean_explains_a_second_community_in_chinese():
    from django.core.exceptions import ValidationError

    member = make_school("瑞安市阁巷小学")
    make_community(make_school("瑞安市飞云中心小学"), [member])
    other = make_community(make_school("瑞安市江南实验小学"), [])
    with pytest.raises(ValidationError) as error:
        Membership(community_year=other, school=member).full_clean()
    assert "瑞安市飞云中心小学" in str(error.value)
