"""Django's stock messages, where the portal's users meet them, in the portal's own words."""

import pytest
from django import forms
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Sample(forms.Form):
    name = forms.CharField(max_length=5)
    start = forms.DateField()


def test_a_text_too_long_says_the_limit_and_the_length_in_plain_chinese():
    form = Sample({"name": "瑞安市塘下镇", "start": "2024-09-01"})
    assert form.errors["name"] == ["不能超过 5 个字（现为 6 个字），请精简后再提交。"]


def test_a_missing_field_and_a_bad_date_are_said_plainly():
    form = Sample({"name": "", "start": "九月一日"})
    assert form.errors["name"] == ["此项必须填写。"] and form.errors["start"] == ["日期应写成 2024-09-01 这样的格式。"]


def test_the_admin_home_has_no_programmers_wording(bureau_client):
    shown = bureau_client.get(reverse("admin:index")).content.decode()
    assert "无可选的" not in shown and "暂无" in shown


def test_a_password_too_short_is_said_in_chinese():
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        MinimumLengthValidator().validate("123")
    assert refused.value.messages == ["密码太短，至少要 8 个字符。"]
