from django.db import migrations


def establishment_at_the_receiving_school(apps, schema_editor):
    # 0004 put every 编制 at the teacher's own school; while a 迁编 exchange runs
    # (三年一轮，一律迁编) it is at the receiving school. Safe to run again.
    Teacher = apps.get_model("teachers", "Teacher")
    Exchange = apps.get_model("teachers", "Exchange")
    for teacher_id, to_school_id in (
        Exchange.objects.filter(status="进行中", establishment_moved=True).order_by("start_date").values_list("teacher_id", "to_school_id")
    ):
        Teacher.objects.filter(pk=teacher_id).update(establishment_school_id=to_school_id)


class Migration(migrations.Migration):
    dependencies = [("teachers", "0004_teacher_establishment_school")]

    operations = [migrations.RunPython(establishment_at_the_receiving_school, migrations.RunPython.noop)]
