from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .ical import school_calendar
from .models import CalendarFeed
from .terms import current_term


def calendar_feed(request, token):
    """The school's table as iCalendar, for a phone to subscribe to: this 学年's two terms
    (a table changes, the subscription follows). An unknown token is a 404."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("school"), token=token)
    year, _ = current_term()
    response = HttpResponse(school_calendar(feed.school, [(year, 1), (year, 2)]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="timetable.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
