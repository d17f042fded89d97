"""Small builders shared by every app's tests (instead of big JSON fixtures)."""

import pytest

from communities.models import Community, CommunityYear, Membership, Segment
from schools.models import District, School


def make_district(name="塘下", **fields) -> District:
    district, _ = District.objects.get_or_create(name=name, defaults=fields)
    return district


def make_school(name, district="塘下", **fields) -> School:
    return School.objects.create(name=name, district=make_district(district), **fields)


def make_community(core, members, *, year=2021, type="共建型", segment=Segment.PRIMARY, community=None) -> CommunityYear:
    """A community holding in `year` with the given member schools (School objects)."""
    community = community or Community.objects.create(core_school=core, segment=segment)
    community_year = CommunityYear.objects.create(community=community, school_year=year, type=type)
    for position, school in enumerate(members, start=1):
        Membership.objects.create(community_year=community_year, school=school, position=position)
    return community_year


@pytest.fixture
def bureau_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bureau", password="x")
    client.force_login(user)
    return client
