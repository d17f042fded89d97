"""Refusing what no page can read: a NUL byte wherever a request carries one, and a number
in the address too large for any id.

PostgreSQL cannot store or compare text holding NUL (it raises), and SQLite cuts text at it
(`JGT0002\\x00坏` compared equal to `JGT0002`). No name, code, date or search a person types
holds one, so a request with NUL in its path, its query or a form field is answered here,
before any view turns the value into a query. (Uploaded files are checked by their readers.)
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

REFUSED = "请求中含有空字符（NUL，编码为 0 的不可见字符），无法处理。请检查输入的内容，或返回上一页重新操作。"
TOO_LARGE = "地址中的数字「{value}…」太大，不是有效的编号、年份或金额。请返回上一页重新操作。"
# No id, 学年 or amount has more digits than this (ids stay below 2**63): a longer one in a
# filter would reach the database as a number it cannot hold.
MAX_DIGITS = 18


def carries_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in value for value in request.COOKIES.values()):  # a session key is looked up too
        return True
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.POST.lists())
    return False


def overlong_number(request) -> str | None:
    """A query value (other than a search's text) that is all digits and longer than any
    number the portal keeps."""
    for key, values in request.GET.lists():
        if key != "q":
            for value in values:
                if len(value) > MAX_DIGITS and value.isascii() and value.isdigit():
                    return value
    return None


class RefuseUnusableInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            # A path with NUL names no page; a value with NUL is refused with a reason. The
            # page is made without the session or the database: a cookie may hold the NUL.
            status = 404 if "\x00" in request.path else 400
            return HttpResponse(render_to_string("plain_message.html", {"title": "无法处理", "message": REFUSED}), status=status)
        if value := overlong_number(request):
            return render(request, "refused.html", {"message": TOO_LARGE.format(value=value[:20])}, status=400)
        return self.get_response(request)
