"""下学年交流意向: a head marks, for next 学年's plan, who volunteers and who should not go
(with a reason), and the subjects the school lacks. The bureau's planner reads them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from jiaogongti.converters import MAX_ID
from jiaogongti.school_year import current_school_year, school_year_label, school_year_start
from jiaogongti.text import whole_number
from planner.intentions import mark_teacher, set_subject_gap, teacher_choices
from planner.models import SubjectGap, TeacherIntention
from schools.selectors import schools_visible_to


@login_required
def planning(request, school_id):
    school = get_object_or_404(schools_visible_to(request.user), pk=school_id)
    # Always next 学年's: the rotation starts on its 1 September (this 学年's is past).
    year = current_school_year() + 1
    back = reverse("portal:planning", args=[school.pk])
    if request.method == "POST":
        try:
            if request.POST.get("action") == "gap":
                count = whole_number(request.POST.get("count", ""), 0, 99)
                set_subject_gap(school, year, request.POST.get("subject", ""), count, by=request.user)
                messages.success(request, "已保存学科缺口。")
            else:
                teacher_id = whole_number(request.POST.get("teacher", ""), 1, MAX_ID)
                on = school_year_start(year)
                mark_teacher(
                    school,
                    teacher_id,
                    year,
                    request.POST.get("choice", ""),
                    request.POST.get("reason", ""),
                    on=min(on, timezone.localdate()),
                    by=request.user,
                )
                messages.success(request, "已保存交流意向。")
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        return redirect(back)
    on = min(school_year_start(year), timezone.localdate())
    context = {
        "school": school,
        "year": year,
        "year_label": school_year_label(year),
        "rows": teacher_choices(school, year, on),
        "choices": TeacherIntention.Choice.choices,
        "gaps": SubjectGap.objects.filter(school=school, school_year=year).order_by("subject"),
    }
    return render(request, "portal/planning.html", context)
