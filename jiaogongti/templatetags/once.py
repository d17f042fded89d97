"""`{% submit_once %}`: the one-time token a create form carries (jiaogongti/once.py)."""

from django import template
from django.utils.safestring import mark_safe

from jiaogongti.once import as_field

register = template.Library()


@register.simple_tag
def submit_once():
    return mark_safe(as_field())
