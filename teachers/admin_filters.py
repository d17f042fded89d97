"""The teacher list's own filter: 在职 or 已离岗 today."""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone


class ServingFilter(admin.SimpleListFilter):
    """在职 today, or 已离岗: a departed teacher's record stays, and is found here."""

    title = "在职状态"
    parameter_name = "serving"

    def lookups(self, request, model_admin):
        return [("yes", "在职"), ("no", "已离岗")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        if self.value() == "no":
            return queryset.filter(left_on__lt=today)
        return queryset
