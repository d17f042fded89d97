"""The admin home's 待处理 block (reports.waiting)."""

from django import template

from reports.waiting import waiting_by_district, waiting_for_bureau

register = template.Library()


@register.inclusion_tag("admin/waiting.html")
def waiting_block():
    kinds = waiting_for_bureau()
    return {"kinds": kinds, "rows": waiting_by_district(kinds), "any": any(kind.total for kind in kinds)}
