"""The admin home's 待审批 block: what waits for the bureau, by 学区."""

from django import template

from teachers.selectors import filed_by_district

register = template.Library()


@register.simple_tag
def waiting_approvals():
    return filed_by_district()
