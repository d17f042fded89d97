"""What a user may see. Every portal query starts from `schools_visible_to(user)`."""

from django.db.models import QuerySet

from .models import Account, District, School


def account_of(user) -> Account | None:
    if not user.is_authenticated:
        return None
    return Account.objects.filter(user=user).select_related("school", "district").first()


def schools_visible_to(user) -> QuerySet[School]:
    """All schools for bureau staff, a 学区's for district staff, one for a school head, else none."""
    account = account_of(user)
    if account is None:  # e.g. the superuser made by createsuperuser
        return School.objects.all() if user.is_authenticated and user.is_superuser else School.objects.none()
    if account.role == Account.Role.BUREAU:
        return School.objects.all()
    if account.role == Account.Role.DISTRICT:
        return School.objects.filter(district_id=account.district_id)
    return School.objects.filter(pk=account.school_id)


def allowance_rates_text() -> str:
    """The 特岗津贴 rates as the registry holds them, e.g. “高楼、湖岭 800 元/月；马屿、陶山 600 元/月”."""
    by_rate: dict[int, list[str]] = {}
    for name, rate in (
        District.objects.filter(rural_allowance_per_month__gt=0)
        .order_by("-rural_allowance_per_month", "name")
        .values_list("name", "rural_allowance_per_month")
    ):
        by_rate.setdefault(rate, []).append(name)
    return "；".join(f"{'、'.join(names)} {rate} 元/月" for rate, names in by_rate.items()) or "各学区均未设特岗津贴"
