from django import template

register = template.Library()


@register.filter
def two_decimals(value):
    """Z值 are compared unrounded and shown with two decimals."""
    return "—" if value is None else f"{value:.2f}"


@register.filter
def yuan(value):
    return "—" if value is None else f"{value:,.2f}".removesuffix(".00")


@register.filter
def percent(value):
    return "—" if value is None else f"{value:.1%}"


@register.simple_tag
def history_change(change):
    """One change on a history page as users read it. The admin passes each change as a
    dict of the field's verbose name and the old and new values, already as text, but
    with True/False/None in English."""
    return {"label": change["field"], "old": _shown(change["old"]), "new": _shown(change["new"])}


def _shown(value):
    return {"True": "是", "False": "否", "None": "—", "": "—"}.get(str(value), value)
