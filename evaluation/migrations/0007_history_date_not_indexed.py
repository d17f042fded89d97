"""History is read record by record, never by date (settings.SIMPLE_HISTORY_DATE_INDEX):
the index on each history's date goes. Only the index: Django's own AlterField would copy
each history table on SQLite."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0006_decision_note_limit'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name='historicalrewardgrant', name='history_date', field=models.DateTimeField()),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "evaluation_historicalrewardgrant_history_date_0d6754de"',
                    'CREATE INDEX "evaluation_historicalrewardgrant_history_date_0d6754de" ON "evaluation_historicalrewardgrant" ("history_date")',
                ),
            ],
        ),
    ]
