"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessment', '0005_funds_floor_kept_per_year'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalallocation', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "assessment_historicalallocation_history_date_713bed93"',
                    'CREATE INDEX "assessment_historicalallocation_history_date_713bed93" ON "assessment_historicalallocation" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicaldistinctivescore', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "assessment_historicaldistinctivescore_history_date_b68417ef"',
                    'CREATE INDEX "assessment_historicaldistinctivescore_history_date_b68417ef" ON "assessment_historicaldistinctivescore" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalindicator', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "assessment_historicalindicator_history_date_58eb80a6"',
                    'CREATE INDEX "assessment_historicalindicator_history_date_58eb80a6" ON "assessment_historicalindicator" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalprojectreview', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "assessment_historicalprojectreview_history_date_c34adf43"',
                    'CREATE INDEX "assessment_historicalprojectreview_history_date_c34adf43" ON "assessment_historicalprojectreview" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalscheme', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "assessment_historicalscheme_history_date_6757eb48"',
                    'CREATE INDEX "assessment_historicalscheme_history_date_6757eb48" ON "assessment_historicalscheme" ("history_date")',
                ),
            ],
        ),
    ]
