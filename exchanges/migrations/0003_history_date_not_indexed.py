"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0002_history_read_by_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalexchange', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalexchange_history_date_b862df9c"',
                    'CREATE INDEX "teachers_historicalexchange_history_date_b862df9c" ON "teachers_historicalexchange" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalexchangeappraisal', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalexchangeappraisal_history_date_d1273d77"',
                    'CREATE INDEX "teachers_historicalexchangeappraisal_history_date_d1273d77" ON "teachers_historicalexchangeappraisal" ("history_date")',
                ),
            ],
        ),
    ]
