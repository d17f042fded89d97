"""The 合计 at the top of a list: what the list's filters show, counted or summed over all
its pages, in the words a clerk reads and in a plain `figure` that the page linking to
the list (the dashboard) states too, so a test can check that each figure opens exactly
the rows it counts."""

from decimal import Decimal
from typing import NamedTuple


class ListTotal(NamedTuple):
    figure: str  # e.g. "9/13" or "4192800.00": compared with the linking page's data-figure
    text: str  # e.g. "13 所可核算，其中达标 9 所"


def money_figure(amount) -> str:
    """Money as a figure: two decimals whatever the database handed over."""
    return f"{Decimal(amount or 0):.2f}"


def part_of_whole(part: int, whole: int) -> str:
    return f"{part}/{whole}"


class TotalledList:
    """For a ModelAdmin: `list_total(queryset, request)` over the changelist's filtered
    rows (every page), shown above the list by templates/admin/change_list.html."""

    def list_total(self, queryset, request) -> ListTotal | None:
        return None

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:  # (not a redirect or an error page)
            context["list_total"] = self.list_total(context["cl"].queryset, request)
        return response
