"""The 消息 list: what happened to the exchanges a user is concerned with, newest first.
Opening it reads what it shows."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from schools.selectors import schools_visible_to

from .models import Message


@login_required
def message_list(request):
    messages = Message.objects.filter(recipient=request.user).select_related("exchange")
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    visible = set(schools_visible_to(request.user).values_list("pk", flat=True))
    shown = [(message, _link(request.user, message, visible)) for message in page]
    unread = [message.pk for message in page if message.read_at is None]
    response = render(request, "inbox/messages.html", {"page": page, "shown": shown, "unread_ids": set(unread)})
    Message.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


def _link(user, message: Message, visible: set[int]) -> str:
    exchange = message.exchange
    if user.is_staff:
        return reverse("admin:exchanges_exchange_change", args=[exchange.pk])
    school_id = next((pk for pk in (exchange.from_school_id, exchange.to_school_id) if pk in visible), None)
    return reverse("portal:exchange", args=[school_id, exchange.pk]) if school_id else ""
