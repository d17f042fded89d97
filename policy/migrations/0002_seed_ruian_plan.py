"""The 瑞安市 plan's figures from 学年 2021 (its first), each 学区's 特岗津贴 rate and 山区
flag as the registry held them, and each 学年's funds floor the bureau had set: from now
on all are read per 学年 from here.

A floor was set for its own 学年 only, and a rate held for every 学年: so each floor set
is a row for its 学年 followed by the plan's floor the next 学年 (unless set too), and each
rate holds from the first 学年 the portal takes (2000), as the registry's single value did."""

from decimal import Decimal

from django.db import migrations

PLAN = {
    "source": "瑞安市城乡义务教育共同体建设实施方案（2021）",
    "co_built_min_percent": Decimal(10),
    "rise_for_reward": Decimal(5),
    "reward_per_graduating_class": 10_000,
    "core_award_factor": Decimal("1.2"),
    "excellent_extra_points": Decimal(5),
    "term_years": 3,
    "shadowing_min_years": 1,
    "mountain_years": 3,
    "type_share_target_percent": Decimal(80),
    "type_share_target_year": 2025,
    "funds_floor": Decimal(50_000_000),
    "ending_soon_days": 90,
}
FIRST_YEAR = 2021
RATES_FROM = 2000  # jiaogongti.forms.FIRST_YEAR: every 学年 the portal shows
RATES_SOURCE = "实施方案五·（二）（六）；瑞人社〔2015〕91号"


def seed(apps, schema_editor):
    PolicyYear = apps.get_model("policy", "PolicyYear")
    DistrictRate = apps.get_model("policy", "DistrictRate")
    District = apps.get_model("schools", "District")
    FundsFloor = apps.get_model("assessment", "FundsFloor")
    PolicyYear.objects.create(from_year=FIRST_YEAR, **PLAN)
    # A floor set for a 学年 holds from it on, until the next one set.
    floors = dict(FundsFloor.objects.values_list("school_year", "floor"))
    for year, floor in sorted(floors.items()):
        PolicyYear.objects.update_or_create(
            from_year=year, defaults={**PLAN, "funds_floor": floor, "source": f"{PLAN['source']}；年度经费下限由市教育局设定"}
        )
        if year + 1 not in floors:
            PolicyYear.objects.get_or_create(from_year=year + 1, defaults=PLAN)
    for district in District.objects.all():
        if district.rural_allowance_per_month or district.is_mountain:
            DistrictRate.objects.create(
                district=district,
                from_year=RATES_FROM,
                rural_allowance_per_month=district.rural_allowance_per_month,
                is_mountain=district.is_mountain,
                source=RATES_SOURCE,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0001_initial"),
        ("schools", "0004_choice_codes"),
        ("assessment", "0004_alter_historicalprojectreview_period_end_and_more"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
