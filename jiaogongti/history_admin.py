"""The admin's history pages (django-simple-history), in the users' words: a choice field's
change reads 已提交 → 已批准, not the stored codes."""

from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .converters import MAX_ID
from .text import whole_number


class LabelledChanges(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(value, list):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledChanges(self.model, historical_record)

    # An id in the address that is no number (abc, 1.5) names no record: 404, as the admin's
    # own change page answers, not the ValueError simple-history would raise.
    def history_view(self, request, object_id, extra_context=None):
        if whole_number(object_id, 1, MAX_ID) is None:
            raise Http404("没有这条记录。")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if whole_number(object_id, 1, MAX_ID) is None or whole_number(version_id, 1, MAX_ID) is None:
            raise Http404("没有这条记录。")
        return super().history_form_view(request, object_id, version_id, extra_context)
