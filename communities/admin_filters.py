from django.contrib import admin

from jiaogongti.converters import MAX_ID
from jiaogongti.text import whole_number
from schools.models import District

from .models import Community


class CommunityDistrictFilter(admin.SimpleListFilter):
    """Records of communities with a member school in the 学区 (as the dashboard counts a
    community in each 学区 its members are in). For any model with a `community`."""

    title = "成员校所在学区"
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in District.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        district_id = whole_number(self.value(), 1, MAX_ID)
        if district_id is None:
            return queryset
        communities = Community.objects.filter(years__memberships__school__district_id=district_id)
        return queryset.filter(community__in=communities)
