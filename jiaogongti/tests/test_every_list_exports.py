"""Every admin list exports what its filters show (issue: what a clerk clicks is what the
records say): a list with an import of its own in that import's columns, every other in
the columns it shows; the export link on each list carries its filters."""

import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from conftest import make_community, make_school, set_district_rate
from jiaogongti.list_export import ListExportMixin

pytestmark = pytest.mark.django_db


def test_every_registered_list_offers_an_export_that_opens(bureau_client):
    make_community(make_school("瑞安市第二实验小学", district="直属"), [make_school("瑞安市塘下镇第二小学")], year=2021)
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.label == "communities.CommunityYear":  # its export is the roster, by 学年 (communities/tests)
            continue
        listed = bureau_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), {"q": "小学"})
        export = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
        assert listed.status_code == 200 and f'href="{export}?q=' in listed.content.decode(), opts.label
        response = bureau_client.get(export)
        assert response.status_code == 200, opts.label
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [cell.value for cell in sheet[1]]
        assert headers and all(headers), opts.label
        if not isinstance(model_admin, ListExportMixin):  # as the list shows it
            assert len(headers) == len([n for n in model_admin.list_display if n != "action_checkbox"]), opts.label


def test_a_shown_columns_export_holds_the_filtered_rows_as_they_read(bureau_client):
    from policy.models import DistrictRate

    gaolou = make_school("瑞安市高楼镇中心小学", district="高楼").district
    set_district_rate(gaolou, 800, mountain=True)
    set_district_rate(make_school("瑞安市第二实验小学", district="直属").district, 0)
    response = bureau_client.get(reverse("admin:policy_districtrate_export"), {"is_mountain__exact": 1})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) - 1 == DistrictRate.objects.filter(is_mountain=True).count()  # the filtered rows only
    (shown,) = [row for row in rows if row[:2] == ("高楼", 2000)]
    assert shown[2:4] == (800, "是")


def test_an_export_needs_the_right_to_see_the_list(client, django_user_model):
    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:schools_district_export")).status_code == 403
