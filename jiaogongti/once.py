"""Every create form stores its record once, however often it is posted.

A create form carries a one-time token (`{% submit_once %}`, in every admin add form and
every portal form whose view is marked `@submit_once`). Its POST runs in one transaction
with the token's row (`Submission`, unique): a second POST of the same form, even one
arriving at the same moment, waits for the first and finds the token taken, and is sent
where the first went with a message, never storing a second record. A POST that fails
validation gives its token back, so the corrected form can be sent again. A guarded POST
without a token (a stale page, a hand-made request) is refused before anything runs.

An IntegrityError escaping any view (two different people storing the same thing at once,
caught by a unique constraint) is answered with a Chinese page, never a 500.
"""

import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from .models import Submission

FIELD = "submission_token"
STALE = "这份表单已过期或不完整（缺少表单编号），没有保存任何内容。请刷新页面，重新填写后提交。"
ALREADY = "这份表单已经提交过，没有重复保存。"
CLASHED = "没有保存：同一条记录刚刚已由他人或另一个窗口保存（可能是同时提交了两次）。请返回查看已保存的记录。"


def submit_once(view):
    """Marks a view whose POST creates a record: its form must carry `{% submit_once %}`."""
    view.submit_once = True
    return view


def guards(request) -> bool:
    """Whether this POST is a create form's: an admin add view, or a view marked above."""
    if request.method != "POST" or not request.user.is_authenticated:
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.app_name == "admin" and (match.url_name or "").endswith("_add"):
        return True
    return getattr(match.func, "submit_once", False)


def new_token() -> str:
    return str(uuid.uuid4())


def _token(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def _kept(response) -> bool:
    """Whether the view stored what the form made: it redirects (every create view here), or
    it is the admin's popup closing itself (an add in a "+" window answers 200)."""
    if response.status_code in (301, 302, 303):
        return True
    templates = getattr(response, "template_name", None) or []
    return "admin/popup_response.html" in ([templates] if isinstance(templates, str) else templates)


class SubmitOnce:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not guards(request):
            return self.get_response(request)
        token = _token(request)
        if token is None:
            return render(request, "refused.html", {"message": STALE, "next": request.path}, status=400)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(token=token, user=request.user, path=request.path[:500])
                response = self.get_response(request)
                if getattr(request, "clashed", False):
                    transaction.set_rollback(True)
                elif _kept(response):
                    submission.outcome = response.get("Location", "")[:500]
                    submission.save(update_fields=["outcome"])
                else:  # the form came back with its errors: it may be sent again
                    submission.delete()
                return response
        except IntegrityError:  # the token is taken: the first POST of this form has been kept
            return self._already_submitted(request, token)

    def _already_submitted(self, request, token):
        first = Submission.objects.filter(token=token, user=request.user).first()
        if first is None:
            return render(request, "refused.html", {"message": STALE, "next": request.path}, status=400)
        messages.info(request, ALREADY)
        return HttpResponseRedirect(first.outcome or request.path)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        # The transaction may be broken now: the page is rendered without the database.
        request.clashed = True
        return HttpResponse(render_to_string("clashed.html", {"message": CLASHED, "back": request.path}), status=409)


def as_field() -> str:
    return f'<input type="hidden" name="{FIELD}" value="{new_token()}">'


# A form's token matters while its page may still be sent again (a tab left open over a
# holiday); a quarter later its row is only weight.
KEEP_TOKENS_DAYS = 90


def forget_old_submissions() -> int:
    from datetime import timedelta

    from django.utils import timezone

    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_TOKENS_DAYS)).delete()
    return deleted
