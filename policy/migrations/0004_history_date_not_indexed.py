"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0003_excellent_base'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicaldistrictrate', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "policy_historicaldistrictrate_history_date_8a684721"',
                    'CREATE INDEX "policy_historicaldistrictrate_history_date_8a684721" ON "policy_historicaldistrictrate" ("history_date")',
                ),
            ],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalpolicyyear', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "policy_historicalpolicyyear_history_date_fe473d89"',
                    'CREATE INDEX "policy_historicalpolicyyear_history_date_fe473d89" ON "policy_historicalpolicyyear" ("history_date")',
                ),
            ],
        ),
    ]
