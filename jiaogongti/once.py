"""Every create form stores its record once, however often it is posted.

A create form carries a one-time token (`{% submit_once %}`, in every admin add form and
every portal form whose view is marked `@submit_once`). Its POST first claims the pair
(token, what was sent) in a short transaction of its own (`Submission`, unique), then runs
the view as always. A second POST of the same form with the same content, even one arriving
at the same moment, cannot claim it: it waits for the first to finish and is sent where the
first went, with a message, never storing a second record. A POST that fails validation
gives its claim back, so the corrected form can be sent again; the same page sent back with
other content (后退, change, 提交) is a new submission. A guarded POST without a token (a
stale page, a hand-made request) is refused before anything runs.

Why a claim of its own and not one transaction around the view: on SQLite a transaction
holds the database's one write lock from its start, and a form's validation may decode nine
photos; every other writer would wait. The view's own services keep their transactions.

An IntegrityError escaping any view (two different people storing the same thing at once,
caught by a unique constraint) is answered with a Chinese page, never a 500, and logged.
"""

import hashlib
import logging
import time
import uuid
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import timezone

from .models import Submission

logger = logging.getLogger(__name__)

FIELD = "submission_token"
STALE = "这份表单已过期或不完整（缺少表单编号），没有保存任何内容。请刷新页面，重新填写后提交。"
ALREADY = "这份表单已经提交过，没有重复保存。"
IN_PROGRESS = "这份表单正在保存中，请稍候刷新页面查看结果，不要重复提交。"
CLASHED = "没有保存：同一条记录刚刚已由他人或另一个窗口保存（可能是同时提交了两次）。请返回查看已保存的记录。"
# A second POST waits this long for the first to finish (a double click: well under a second).
WAIT_SECONDS, POLL_SECONDS = 15, 0.1
# A claim left pending this long was abandoned (its process died mid-request): it may be taken again.
ABANDONED_AFTER = timedelta(minutes=10)
# A form's token matters while its page may still be sent again (a tab left open over a
# holiday); a quarter later its row is only weight.
KEEP_TOKENS_DAYS = 90


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


def fingerprint(request) -> str:
    """What the form sent, as one digest: its fields (not the CSRF token, which a page sent
    again may renew) and its files by name and size."""
    digest = hashlib.sha256()
    for key, values in sorted(request.POST.lists()):
        if key not in ("csrfmiddlewaretoken", FIELD):
            digest.update(repr((key, values)).encode())
    for key, files in sorted(request.FILES.lists()):
        digest.update(repr((key, [(f.name, f.size) for f in files])).encode())
    return digest.hexdigest()


def _claim(request, token, digest) -> Submission | None:
    """The submission, claimed for this request; None if another request holds it."""
    for _ in range(2):
        try:
            with transaction.atomic():
                return Submission.objects.create(token=token, fingerprint=digest, user=request.user, path=request.path[:500])
        except IntegrityError:
            abandoned = timezone.now() - ABANDONED_AFTER
            taken = Submission.objects.filter(token=token, fingerprint=digest)
            if not taken.filter(state=Submission.State.PENDING, created_at__lt=abandoned).delete()[0]:
                return None
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
        digest = fingerprint(request)
        deadline = time.monotonic() + WAIT_SECONDS
        while (claim := _claim(request, token, digest)) is None:
            first = Submission.objects.filter(token=token, fingerprint=digest).first()
            if first is not None and first.state == Submission.State.KEPT:
                if first.user_id != request.user.pk:
                    return render(request, "refused.html", {"message": STALE, "next": request.path}, status=400)
                messages.info(request, ALREADY)
                return HttpResponseRedirect(first.outcome or request.get_full_path())
            if time.monotonic() > deadline:
                return render(request, "refused.html", {"message": IN_PROGRESS, "next": request.path}, status=409)
            time.sleep(POLL_SECONDS)  # the first is still at work, or just gave its claim back
        response = self.get_response(request)
        if _kept(response):
            outcome = response.get("Location", "")[:2000]
            Submission.objects.filter(pk=claim.pk).update(state=Submission.State.KEPT, outcome=outcome)
        else:  # the form came back with its errors, or the view failed: it may be sent again
            claim.delete()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("A write clashed with a stored record at %s", request.path, exc_info=exception)
        # A PostgreSQL transaction may still be broken here: the page needs no database.
        page = render_to_string("plain_message.html", {"title": "没有保存", "message": CLASHED, "back": request.path})
        return HttpResponse(page, status=409)


def as_field() -> str:
    return f'<input type="hidden" name="{FIELD}" value="{new_token()}">'


def forget_old_submissions() -> int:
    deleted, _ = Submission.objects.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_TOKENS_DAYS)).delete()
    return deleted
