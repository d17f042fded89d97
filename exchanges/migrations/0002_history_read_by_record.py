"""History tables are read record by record: the indexes on their copied columns go, and the
exchange table's own indexes on teacher, which exchange_teacher_start covers, and on who filed
it, which nothing looks up."""

import django.db.models.deletion
import jiaogongti.dates
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0003_community_code'),
        ('exchanges', '0001_exchanges_move_from_teachers'),
        ('schools', '0005_district_rates_kept_per_year'),
        ('teachers', '0021_exchanges_moved_to_their_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Only the index goes (exchange_teacher_start covers it): Django's own AlterField
        # would drop and re-check the foreign key on PostgreSQL and copy the table on SQLite.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='exchange',
                    name='teacher',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='exchanges', to='teachers.teacher', verbose_name='教师'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_exchange_teacher_id_1d48c6ea"',
                    'CREATE INDEX "teachers_exchange_teacher_id_1d48c6ea" ON "teachers_exchange" ("teacher_id")',
                ),
            ],
        ),
        # Never looked up by who filed it: only the index goes, as above.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='exchange',
                    name='filed_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_exchange_filed_by_id_cd7fd8d2"',
                    'CREATE INDEX "teachers_exchange_filed_by_id_cd7fd8d2" ON "teachers_exchange" ("filed_by_id")',
                ),
            ],
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='community',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='communities.community', verbose_name='教共体'),
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='filed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填报人'),
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='from_school',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='派出学校'),
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='start_date',
            field=models.DateField(validators=[jiaogongti.dates.validate_record_date], verbose_name='开始日期'),
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='teacher',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='teachers.teacher', verbose_name='教师'),
        ),
        migrations.AlterField(
            model_name='historicalexchange',
            name='to_school',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='接收学校'),
        ),
    ]
