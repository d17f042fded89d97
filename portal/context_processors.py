from schools.selectors import schools_visible_to


def school_scope(request):
    """Whether the user sees several schools (学区 staff): the portal's pages then name the
    school they show and lead back to the list, where a head's say 本校."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or not request.path.startswith("/portal/"):
        return {}
    return {"several_schools": schools_visible_to(user)[:2].count() > 1}
