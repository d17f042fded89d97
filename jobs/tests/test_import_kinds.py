"""One declaration per import kind (jiaogongti.import_kinds) is what every place reads:
the command, the admin's upload page and its template, export_list."""

import io

import openpyxl
import pytest
from django.core.management import call_command, get_commands
from django.urls import reverse

from jiaogongti.import_kinds import import_kinds
from reports.management.commands.export_list import exported_kinds

pytestmark = pytest.mark.django_db

KINDS = ["schools", "roster", "teachers", "exchanges", "scores", "funds", "activities", "timetable"]


def test_every_kind_of_file_is_declared_once():
    assert sorted(import_kinds()) == sorted(KINDS)
    assert sorted(exported_kinds()) == ["activities", "exchanges", "funds", "schools", "scores", "teachers", "timetable"]


@pytest.mark.parametrize("name", KINDS)
def test_the_command_and_the_upload_page_say_what_the_declaration_says(bureau_client, name, capsys):
    kind = import_kinds()[name]
    assert f"import_{name}" in get_commands()
    with pytest.raises(SystemExit):
        call_command(f"import_{name}", "--help")
    shown = "".join(capsys.readouterr().out.split())  # (argparse wraps the text)
    assert "".join(kind.help_text.split()) in shown
    assert all(f"--{option}" in shown for option in kind.asks)
    page = bureau_client.get(reverse(kind.upload_url)).content.decode()
    assert kind.title in page and kind.help_text in page
    for option in kind.asks:
        assert f'name="{option}"' in page
    template = bureau_client.get(reverse(kind.upload_url), {"template": 1})
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert workbook.worksheets[0].max_row >= 2  # the header (or the roster's sections) and an example
