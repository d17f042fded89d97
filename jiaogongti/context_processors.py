from django.conf import settings


def demo_banner(request):
    """`make run` serves the demo: every page says so, so nobody takes it for real records."""
    return {"demo": settings.JGT_DEMO}
