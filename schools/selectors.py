"""What a user may see. Every portal query starts from `schools_visible_to(user)`."""

from django.db.models import QuerySet

from .models import Account, School


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
