"""The 学年 picker the bureau's report pages share."""

from django import forms

from schools.school_year import school_year_label


class YearChoiceForm(forms.Form):
    """Pick one of the 学年 that have data; `year_of(request, years)` reads it."""

    year = forms.TypedChoiceField(label="学年", coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, school_year_label(y)) for y in years]

    @classmethod
    def year_of(cls, request, years: list[int], default: int | None = None):
        """The form and the chosen 学年: the one asked for, even one without data yet (a
        link from the dashboard says which it means); else `default`, else the newest."""
        asked = request.GET.get("year", "")
        if asked.isdigit() and 2000 <= int(asked) <= 2100 and int(asked) not in years:
            years = sorted([*years, int(asked)], reverse=True)
        default = default if default in years else years[0]
        form = cls(request.GET or {"year": default}, years=years)
        return form, (form.cleaned_data["year"] if form.is_valid() else default)
