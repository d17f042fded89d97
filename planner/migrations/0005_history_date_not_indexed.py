"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('planner', '0004_service_term_help'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalcommunityobligation', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "planner_historicalcommunityobligation_history_date_4ab57cb3"',
                    'CREATE INDEX "planner_historicalcommunityobligation_history_date_4ab57cb3" ON "planner_historicalcommunityobligation" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalplanningweights', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "planner_historicalplanningweights_history_date_3aa8f1b0"',
                    'CREATE INDEX "planner_historicalplanningweights_history_date_3aa8f1b0" ON "planner_historicalplanningweights" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalsubjectgap', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "planner_historicalsubjectgap_history_date_d7b48a94"',
                    'CREATE INDEX "planner_historicalsubjectgap_history_date_d7b48a94" ON "planner_historicalsubjectgap" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalteacherintention', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "planner_historicalteacherintention_history_date_0600e61e"',
                    'CREATE INDEX "planner_historicalteacherintention_history_date_0600e61e" ON "planner_historicalteacherintention" ("history_date")',
                ),
            ],
        ),
    ]
