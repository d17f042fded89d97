"""A school's calendar feed address: a secret token in the URL, since a phone calendar
subscribes without logging in. Anyone with the address reads that school's synchronous
classes (times, classes, teachers' names) and nothing else; a new token ends the old."""

from django.db import transaction

from schools.models import Account, School
from schools.selectors import account_of

from .models import CalendarFeed, new_feed_token


def feed_of(school: School) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(school=school)
    return feed


@transaction.atomic
def feed_renewed(school: School) -> CalendarFeed:
    feed = feed_of(school)
    feed.token = new_feed_token()
    feed.save()
    return feed


def may_renew_feed(user, school: School) -> bool:
    """The school's head (whose teachers subscribed) or the bureau."""
    if user.is_staff:
        return True
    account = account_of(user)
    return account is not None and account.role == Account.Role.SCHOOL_HEAD and account.school_id == school.pk
