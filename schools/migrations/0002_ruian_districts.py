"""The 学区 of 瑞安市 as the 2021 plan names them, with the 山区 flag (五·(二)) and the
特岗津贴 rates (五·(六)). Another county edits or replaces these in the admin."""

from django.db import migrations

RUIAN_DISTRICTS = [
    # name, kind, mountain, allowance per month
    ("安阳", "regular", False, 0),
    ("塘下", "regular", False, 0),
    ("莘塍", "regular", False, 0),
    ("飞云", "regular", False, 0),
    ("马屿", "regular", True, 600),
    ("高楼", "regular", True, 800),
    ("湖岭", "regular", True, 800),
    ("陶山", "regular", True, 600),
    ("直属", "direct", False, 0),
    ("民办", "private", False, 0),
]


def add_districts(apps, schema_editor):
    District = apps.get_model("schools", "District")
    for name, kind, mountain, allowance in RUIAN_DISTRICTS:
        District.objects.get_or_create(
            name=name, defaults={"kind": kind, "is_mountain": mountain, "rural_allowance_per_month": allowance}
        )


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]
    operations = [migrations.RunPython(add_districts, migrations.RunPython.noop)]
