from django.utils.functional import SimpleLazyObject

from .figures import current_figures


def policy_texts(request) -> dict:
    """Context processor: `{{ policy.co_built_min_ratio }}` in any template, the current
    学年's (read only if a template uses it). A page about another 学年 passes its own
    `policy` (`figures_for(year).texts`), which takes precedence."""
    return {"policy": SimpleLazyObject(lambda: current_figures().texts)}
