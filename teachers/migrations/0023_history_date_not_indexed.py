"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('teachers', '0022_history_read_by_record'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicaldeparturereport', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicaldeparturereport_history_date_dbd1ddfc"',
                    'CREATE INDEX "teachers_historicaldeparturereport_history_date_dbd1ddfc" ON "teachers_historicaldeparturereport" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalplacement', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalplacement_history_date_28840c33"',
                    'CREATE INDEX "teachers_historicalplacement_history_date_28840c33" ON "teachers_historicalplacement" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalpostgrade', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalpostgrade_history_date_982fb91e"',
                    'CREATE INDEX "teachers_historicalpostgrade_history_date_982fb91e" ON "teachers_historicalpostgrade" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalteacher', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "teachers_historicalteacher_history_date_a39d1af0"',
                    'CREATE INDEX "teachers_historicalteacher_history_date_a39d1af0" ON "teachers_historicalteacher" ("history_date")',
                ),
            ],
        ),
    ]
