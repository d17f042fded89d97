"""The county's base 优秀 ratio of its staff's yearly 考核, per 学年 (the plan gives none;
15 % as the 政策核算 page assumed), so the inflow 优秀 quota can be checked when a
receiving school records an exchange teacher's 考核."""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models


def field():
    return models.DecimalField(
        decimal_places=2,
        help_text="本市事业单位年度考核的优秀比例；文件未规定，按本市规定填写",
        max_digits=5,
        validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)],
        verbose_name="年度考核“优秀”基准比例（%）",
        default=Decimal(15),
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0002_seed_ruian_plan")]

    operations = [
        migrations.AddField("policyyear", "excellent_base_percent", field(), preserve_default=False),
        migrations.AddField("historicalpolicyyear", "excellent_base_percent", field(), preserve_default=False),
    ]
