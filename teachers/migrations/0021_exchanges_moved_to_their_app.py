"""The exchanges are the `exchanges` app's now (its 0001): they leave this app's state.
The tables stay where they are, under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("teachers", "0020_placements_indexed_for_the_years"),
        ("exchanges", "0001_exchanges_move_from_teachers"),
        ("inbox", "0003_alter_message_exchange"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalExchangeAppraisal"),
                migrations.DeleteModel(name="ExchangeAppraisal"),
                migrations.DeleteModel(name="HistoricalExchange"),
                migrations.DeleteModel(name="Exchange"),
            ],
            database_operations=[],
        ),
    ]
