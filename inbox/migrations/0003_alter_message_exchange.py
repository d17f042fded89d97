"""A message's exchange is now `exchanges.Exchange`: the same table (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('exchanges', '0001_exchanges_move_from_teachers'),
        ('inbox', '0002_withdrawn_event'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='message',
                    name='exchange',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='exchanges.exchange', verbose_name='教师交流'),
                ),
            ],
            database_operations=[],
        ),
    ]
