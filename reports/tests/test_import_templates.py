"""Each import page offers a template: the header row, one example row that imports as it
stands, and a 说明 sheet with what each column takes, drawn from the importer's tables."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from communities.roster import import_roster
from evaluation.importer import import_scores
from exchanges.importer import import_exchanges
from schools.importer import import_schools
from teachers.importer import import_teachers

pytestmark = pytest.mark.django_db
PAGES = [
    ("admin:schools_school_import", import_schools),
    ("admin:teachers_teacher_import", import_teachers),
    ("admin:exchanges_exchange_import", import_exchanges),
    ("admin:evaluation_scores_import", import_scores),
]


def test_each_templates_example_row_imports_as_it_stands_in_turn(bureau_client, tmp_path):
    import_roster(str(Path(settings.BASE_DIR) / "fixtures" / "ruian_roster_2021.csv"), year=2021)
    for url, importer in PAGES:
        page = bureau_client.get(reverse(url)).content.decode()
        assert "下载导入模板" in page, url
        response = bureau_client.get(reverse(url), {"template": "1"})
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["导入", "说明"]
        notes = [row[0] for row in workbook["说明"].iter_rows(min_row=2, values_only=True) if row[0]]
        header = [cell.value for cell in workbook["导入"][1]]
        assert notes == header, url  # every column explained
        path = tmp_path / f"{url}.xlsx"
        path.write_bytes(response.content)
        importer(str(path))  # raises ImportFailed, with the rows' problems, if the example is wrong


def test_the_roster_template_imports_as_it_stands(bureau_client, tmp_path):
    from communities.models import CommunityYear

    response = bureau_client.get(reverse("admin:communities_roster_import"), {"template": "1"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["名单", "说明"]
    path = tmp_path / "roster.xlsx"
    path.write_bytes(response.content)
    import_roster(str(path), year=2022)
    assert CommunityYear.objects.filter(school_year=2022).count() == 2


def test_the_notes_list_the_allowed_values_from_the_importers_own_tables(bureau_client):
    response = bureau_client.get(reverse("admin:exchanges_exchange_import"), {"template": "1"})
    notes = dict(openpyxl.load_workbook(io.BytesIO(response.content))["说明"].iter_rows(min_row=2, values_only=True))
    assert notes["类型"] == "交流轮岗、支教、跟岗锻炼、驻教、走教"
    assert "已结束" in notes["状态"] and "已提交" in notes["状态"]
