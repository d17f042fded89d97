from django.contrib import admin
from django.urls import path

from communities.admin_filters import CommunityDistrictFilter
from jiaogongti.list_export import ListExportMixin
from jobs.uploads import import_view

from .imports import TIMETABLE
from .lists import SessionList
from .models import CalendarFeed, Lesson, ListeningClassroom, Session, TermDates


@admin.register(TermDates)
class TermDatesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_day", "weeks"]


class ListeningInline(admin.TabularInline):
    """Shown, not edited: a change goes through the portal or an import, which check clashes."""

    model = ListeningClassroom
    extra = 0
    fields = ["school", "class_name"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LessonInline(admin.TabularInline):
    """What the schools recorded: shown, not made here."""

    model = Lesson
    extra = 0
    fields = ["week", "held", "discussion", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(ListExportMixin, admin.ModelAdmin):
    """The 一张表 as the bureau sees it: every community's sessions, read and imported here;
    a community's core school enters its own in the portal, where each is checked for clashes."""

    list_export_title = "同步课堂一张表"

    def list_sheet(self, queryset):
        return SessionList(queryset)

    list_display = [
        "community",
        "school_year",
        "term",
        "weekday",
        "start_time",
        "end_time",
        "subject",
        "lead_school",
        "lead_class",
        "lead_teacher",
        "first_week",
        "last_week",
    ]
    list_filter = ["school_year", "term", "weekday", CommunityDistrictFilter]
    list_select_related = ["community__core_school", "lead_school", "lead_teacher"]
    search_fields = ["community__code", "community__core_school__name", "lead_school__name", "lead_teacher__name", "subject"]
    inlines = [ListeningInline, LessonInline]
    readonly_fields = [field.name for field in Session._meta.fields if field.name != "id"]

    def has_add_permission(self, request):
        return False  # through the portal's form or the import, which check clashes

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_timetable_view)
        return [path("import/", view, name="timetable_session_import"), *super().get_urls()]

    def import_timetable_view(self, request):
        return import_view(request, self, TIMETABLE)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["school", "created_at"]
    search_fields = ["school__name"]
    fields = ["school", "created_at"]  # the token is the school's secret: not shown here
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # a school's feed address is made on its timetable page, never typed
