"""A school's calendar feed address: a secret token in the URL, since a phone calendar
subscribes without logging in. Anyone with the address reads that school's synchronous
classes (times, classes, teachers' names) and nothing else; a new token ends the old."""

from django.db import transaction

from schools.models import School

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
