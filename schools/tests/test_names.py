import pytest

from jiaogongti.text import normalize_text
from schools.names import (
    roster_display_name,
    split_campus_marker,
    strip_footnote,
)


def test_it_folds_blanks_and_brackets():
    assert normalize_text("  瑞安市\u3000塘下镇 第二小学 ") == "瑞安市塘下镇第二小学"
    assert normalize_text("瑞安市集云实验学校(小学部)") == "瑞安市集云实验学校（小学部）"
    assert normalize_text("瑞安市集云实验学校（小学部）") == "瑞安市集云实验学校（小学部）"


def test_it_folds_full_width_digits():
    assert normalize_text("瑞安市虹桥路小学１") == "瑞安市虹桥路小学1"


def test_campus_marker_is_not_part_of_the_name():
    assert split_campus_marker("瑞安市塘下镇下林小学（校区）") == ("瑞安市塘下镇下林小学", True)
    assert split_campus_marker("瑞安市湖岭镇中心小学永安校区") == ("瑞安市湖岭镇中心小学永安校区", True)
    assert split_campus_marker("瑞安市阁巷小学") == ("瑞安市阁巷小学", False)


def test_trailing_footnote_digit_on_a_core_school_is_dropped():
    assert strip_footnote("瑞安市虹桥路小学1") == "瑞安市虹桥路小学"
    assert strip_footnote("瑞安市玉海实验中学2") == "瑞安市玉海实验中学"


def test_campus_is_written_back_with_its_marker_unless_named_as_campus():
    assert roster_display_name("瑞安市塘下镇下林小学", True) == "瑞安市塘下镇下林小学（校区）"
    assert roster_display_name("瑞安市湖岭镇中心小学永安校区", True) == "瑞安市湖岭镇中心小学永安校区"


@pytest.mark.django_db
def test_a_school_name_typed_in_the_admin_cannot_be_a_formula(bureau_client):
    from django.urls import reverse

    from schools.models import District, School

    district = District.objects.get(name="塘下")
    response = bureau_client.post(reverse("admin:schools_school_add"), {"name": "=HYPERLINK(1)", "district": district.pk})
    assert response.status_code == 200 and "不能以 = + - @ 开头" in response.content.decode()
    assert not School.objects.filter(name__startswith="=").exists()
