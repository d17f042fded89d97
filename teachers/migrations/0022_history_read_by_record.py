"""A teacher's history is read teacher by teacher: the indexes on its copied 工号 and schools go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('schools', '0005_district_rates_kept_per_year'),
        ('teachers', '0021_exchanges_moved_to_their_app'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalteacher',
            name='establishment_school',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text='不填则与所属学校相同', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='编制所在学校'),
        ),
        migrations.AlterField(
            model_name='historicalteacher',
            name='school',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, help_text='教师现在（已离岗的为最后）所在的本校；交流期间仍为派出学校。调动请用“调动”，以便保留任职经历', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='schools.school', verbose_name='所属学校'),
        ),
        migrations.AlterField(
            model_name='historicalteacher',
            name='staff_id',
            field=models.CharField(help_text='身份证号或工号，唯一', max_length=30, verbose_name='工号'),
        ),
    ]
