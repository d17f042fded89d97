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
