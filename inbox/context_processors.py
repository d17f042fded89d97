from .models import Message


def unread_messages(request):
    """How many of the user's messages are unread, for the 消息 link of every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_messages": Message.objects.filter(recipient=user, read_at__isnull=True).count()}
