"""The one 学年 picker every page shares (the admin's report pages and the dashboard)."""

from django import forms

from .school_year import current_school_year, school_year_label
from .text import whole_number

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a 学年 outside these is a mistyped address


class YearChoiceForm(forms.Form):
    """Pick one of the 学年 that have data; `year_of(request, years)` reads it. Pages that
    ask for more than the 学年 subclass it and add their fields."""

    year = forms.TypedChoiceField(label="学年", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, school_year_label(y)) for y in years]
        self.problem = None  # what was wrong with the 学年 in the address, in Chinese

    @classmethod
    def year_of(cls, request, years: list[int], default: int | None = None):
        """The bound form and the chosen 学年: the one asked for, even one without data yet
        (a link from the dashboard says which it means); else `default`, else the newest.
        A 学年 that is no year is replaced by that, and `form.problem` says so."""
        data = request.GET.dict()
        asked = data.get("year", "")
        asked_year = whole_number(asked, FIRST_YEAR, LAST_YEAR)
        valid = asked_year is not None
        years = sorted({*years, *([asked_year] if valid else [])} or {current_school_year()}, reverse=True)
        default = default if default in years else years[0]
        problem = None
        if not valid:
            if asked:
                problem = f"学年“{asked}”无效（应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的年份）"
            data["year"] = default
        else:
            data["year"] = asked_year
        form = cls(data, years=years)
        form.problem = problem
        form.is_valid()  # what is wrong is shown; what is right is still used
        return form, form.cleaned_data.get("year", default)
