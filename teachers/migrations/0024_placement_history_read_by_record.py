"""A placement's history is read placement by placement (its id), never by teacher or
school: the indexes on those copies go. Only the indexes: Django's own AlterField would
copy the history table on SQLite."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0005_district_rates_kept_per_year'),
        ('teachers', '0023_history_date_not_indexed'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalplacement',
                    name='school',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='学校'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalplacement_school_id_056ec415"',
                    'CREATE INDEX "teachers_historicalplacement_school_id_056ec415" ON "teachers_historicalplacement" ("school_id")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalplacement',
                    name='teacher',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='teachers.teacher', verbose_name='教师'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalplacement_teacher_id_4e075654"',
                    'CREATE INDEX "teachers_historicalplacement_teacher_id_4e075654" ON "teachers_historicalplacement" ("teacher_id")',
                ),
            ],
        ),
    ]
