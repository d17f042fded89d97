"""What a web server checks before it serves (wsgi.py, asgi.py; runserver loads wsgi.py)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NO_SECRET_KEY = (
    "未设置 SECRET_KEY，服务器拒绝启动：请在环境变量 SECRET_KEY 中设置一个足够长的随机字符串"
    '（python -c "import secrets; print(secrets.token_urlsafe(50))"），见 README「Production」。'
    " / SECRET_KEY is not set and DEBUG is off: set SECRET_KEY in the environment (see the README)."
)


def refuse_unsafe_start() -> None:
    if not settings.SECRET_KEY_GIVEN and not settings.DEBUG:
        raise ImproperlyConfigured(NO_SECRET_KEY)
