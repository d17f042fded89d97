"""A teacher's 编制 school is shown with the teacher, never looked up by: its index goes
(only the index: Django's own AlterField would copy the teachers table on SQLite), and on
PostgreSQL the table keeps a tenth of each page free, so that moving a 编制 is an update
made in place (HOT), with no index written. Pages already full fill up as rows change."""

import django.db.models.deletion
from django.db import migrations, models


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "teachers_teacher" SET (fillfactor = 90)')


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE "teachers_teacher" RESET (fillfactor)')


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0005_district_rates_kept_per_year'),
        ('teachers', '0024_placement_history_read_by_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='teacher',
                    name='establishment_school',
                    field=models.ForeignKey(blank=True, db_index=False, help_text='不填则与所属学校相同', on_delete=django.db.models.deletion.PROTECT, related_name='established_teachers', to='schools.school', verbose_name='编制所在学校'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_teacher_establishment_school_id_d908b493"',
                    'CREATE INDEX "teachers_teacher_establishment_school_id_d908b493" ON "teachers_teacher" ("establishment_school_id")',
                ),
            ],
        ),
        migrations.RunPython(leave_room, fill_pages),
    ]
