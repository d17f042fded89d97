"""The policy's figures are defined once (`policy/figures.py`, and per 学年 in the
政策参数): no page, message or template types one."""

import ast
import re
from decimal import Decimal
from pathlib import Path

from policy.figures import RUIAN_PLAN, chinese_numeral, percent_text

ROOT = Path(__file__).resolve().parents[2]
TYPED_FIGURE = re.compile(
    r"(?<![\d.])(10|80|20)\s*%|1\.2\s*(系数|×|倍)|每班\s*1\s*万|[68]00\s*元|[三3]年一轮|满三年|提升\s*5\s*分|90\s*天"
)
SKIPPED = {"figures.py"}


def _is_docstring(node, parents) -> bool:
    parent = parents.get(node)
    return isinstance(parent, ast.Expr) and isinstance(parents.get(parent), (ast.Module, ast.ClassDef, ast.FunctionDef))


def _texts_of(path: Path):
    """The string literals of a module that a user may read: not its docstrings."""
    tree = ast.parse(path.read_text())
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and not _is_docstring(node, parents):
            yield node.lineno, node.value


def _sources():
    for path in sorted(ROOT.glob("*/**/*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "migrations", "tests", "benchmarks"} or path.name in SKIPPED:
            continue
        yield from ((f"{path.relative_to(ROOT)}:{line}", text) for line, text in _texts_of(path))
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        if ".venv" not in path.parts:
            yield from ((f"{path.relative_to(ROOT)}:{n}", line) for n, line in enumerate(path.read_text().splitlines(), 1))


def test_no_page_or_message_types_a_policy_figure():
    typed = [f"{where}: {text.strip()[:80]}" for where, text in _sources() if TYPED_FIGURE.search(text)]
    assert typed == []


def test_the_figures_are_written_as_the_plan_writes_them():
    texts = RUIAN_PLAN.texts
    assert texts.co_built_min_ratio == "10%"
    assert texts.type_share_target == "80%"
    assert texts.reward_per_class == "1 万元"
    assert texts.term_years == "三"
    assert texts.principal_bonus == "10–20%"
    assert chinese_numeral(3) == "三" and chinese_numeral(12) == "十二" and chinese_numeral(25) == "25"
    assert percent_text(Decimal("0.05")) == "5%" and percent_text(Decimal("0.125")) == "12.5%"
