"""The 类别 of activity the plan names (附件1; contracts.md, `import_activities`)."""

from django.db import migrations

CATEGORIES = [
    # name, for pupils
    ("集体备课", False),
    ("教学观摩", False),
    ("名师讲座", False),
    ("课堂比武", False),
    ("论坛沙龙", False),
    ("校本研修", False),
    ("网络研修", False),
    ("同步教研", False),
    ("送教", False),
    ("党建共建", False),
    ("研学实践", True),
    ("劳动实践", True),
    ("联谊互助", True),
    ("家庭结对", True),
    ("学生交流", True),
    ("体艺交流", True),
]


def add_categories(apps, schema_editor):
    ActivityCategory = apps.get_model("teamwork", "ActivityCategory")
    for position, (name, for_pupils) in enumerate(CATEGORIES, start=1):
        ActivityCategory.objects.get_or_create(name=name, defaults={"for_pupils": for_pupils, "position": position})


class Migration(migrations.Migration):
    dependencies = [("teamwork", "0001_plans")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
