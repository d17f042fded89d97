from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from communities.admin_filters import CommunityDistrictFilter
from jiaogongti.admin_lists import BoundedDateHierarchy
from jiaogongti.list_export import ListExportMixin
from jobs.uploads import import_view

from .imports import ACTIVITIES
from .lists import ActivityList
from .models import Activity, ActivityCategory, Attachment, CommunityPlan, PlannedActivities, Studio
from .studios import studio_teachers


@admin.register(ActivityCategory)
class ActivityCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "for_pupils", "position"]
    list_editable = ["for_pupils", "position"]


class AttachmentInline(admin.TabularInline):
    """Attachments come in through the portal's checks (jiaogongti.attachments) only: the
    admin lists and opens them, and may remove one."""

    model = Attachment
    extra = 0
    fields = ["opened", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="文件")
    def opened(self, attachment):
        return format_html('<a href="{}" target="_blank">{}</a>', reverse("portal:attachment", args=[attachment.pk]), attachment)


class PlannedActivitiesInline(admin.TabularInline):
    model = PlannedActivities
    extra = 0


@admin.register(CommunityPlan)
class CommunityPlanAdmin(admin.ModelAdmin):
    list_display = ["community", "community_code", "school_year", "written_by", "updated_at"]
    list_filter = ["school_year"]
    list_select_related = ["community__core_school", "written_by"]
    search_fields = ["community__core_school__name", "community__code"]
    autocomplete_fields = ["community"]
    readonly_fields = ["written_by", "updated_at"]
    inlines = [PlannedActivitiesInline, AttachmentInline]

    @admin.display(description="教共体编号", ordering="community__code")
    def community_code(self, plan):
        return plan.community.code


@admin.register(Activity)
class ActivityAdmin(BoundedDateHierarchy, ListExportMixin, admin.ModelAdmin):
    list_export_title = "教共体活动"

    def list_sheet(self, queryset):
        return ActivityList(queryset)

    list_display = ["date", "community", "category", "mode", "host_school", "topic", "teacher_count", "pupil_count"]
    list_filter = ["school_year", "category", "mode", CommunityDistrictFilter]
    list_select_related = ["community__core_school", "category", "host_school"]
    search_fields = ["topic", "community__code", "community__core_school__name", "host_school__name"]
    autocomplete_fields = ["community", "host_school", "schools"]
    date_hierarchy = "date"
    inlines = [AttachmentInline]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_activities_view)
        return [path("import/", view, name="teamwork_activity_import"), *super().get_urls()]

    def import_activities_view(self, request):
        return import_view(request, self, ACTIVITIES)


class StudioAdminForm(forms.ModelForm):
    def clean(self):
        # The portal's rule: the lead and the members teach in the community's schools.
        data = super().clean()
        if all(data.get(field) for field in ("community", "lead", "founded_year")):
            members = [teacher.staff_id for teacher in data.get("members") or []]
            studio_teachers(data["community"], data["founded_year"], data["lead"].staff_id, members)
        return data


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "subject", "lead", "founded_year"]
    list_filter = ["founded_year"]
    list_select_related = ["community__core_school", "lead"]
    search_fields = ["name", "community__code", "community__core_school__name", "lead__name", "lead__staff_id"]
    autocomplete_fields = ["community", "lead", "members"]
    form = StudioAdminForm
