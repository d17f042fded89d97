from schools.selectors import schools_visible_to


def school_scope(request):
    """Whether the user sees several schools (学区 staff): the portal's pages then name the
    school they show and lead back to the list, where a head's say 本校. A head's own
    school (`own_school`) keeps the 本校, 教师, 交流记录 links on every page of theirs, a
    community's and the messages' too."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return {"several_schools": False, "own_school": None}
    schools = list(schools_visible_to(user).order_by("pk")[:2])
    return {"several_schools": len(schools) > 1, "own_school": schools[0] if len(schools) == 1 else None}
