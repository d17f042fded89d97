"""Admin lists that answer any address: a date hierarchy's year too large for a date
(?start_date__year=99999999999999999999) is a wrong lookup, shown as the admin shows one
(its list with ?e=1), not the OverflowError Django lets through (it catches ValueError)."""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class BoundedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class BoundedDateHierarchy:
    """For a ModelAdmin with a `date_hierarchy`."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList
