from django.contrib import admin

from jiaogongti.converters import MAX_ID
from jiaogongti.text import whole_number
from schools.models import District

from .models import Community
from .selectors import roster_year_for


class CommunityDistrictFilter(admin.SimpleListFilter):
    """Records of communities with a member school in the 学区 (as the dashboard counts a
    community in each 学区 its members are in). For any model with a `community`. With a
    学年 chosen too (`school_year`), by that 学年's roster, as the dashboard counts it."""

    title = "成员校所在学区"
    parameter_name = "district"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in District.objects.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        district_id = whole_number(self.value(), 1, MAX_ID)
        if district_id is None:
            return queryset
        members = {"years__memberships__school__district_id": district_id}
        year = whole_number(request.GET.get("school_year"), 2000, 2100)
        if year is not None:
            members["years__school_year"] = roster_year_for(year)
        return queryset.filter(community__in=Community.objects.filter(**members))


class SchoolDistrictFilter(admin.RelatedFieldListFilter):
    """By the 学区 of the record's own school (`school__district` in list_filter): money
    counts where it was paid, not where a community's members are."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "拨付学校所在学区"
