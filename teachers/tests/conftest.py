import pytest

from conftest import make_community, make_school


@pytest.fixture
def schools():
    """A 2021 community: a core school and one member (瑞安市塘下镇第二小学)."""
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021)
    return core, member


@pytest.fixture
def co_built():
    """A 2021 共建型 community: a 直属 core school and a 塘下 member."""
    core = make_school("核心校", district="直属")
    member = make_school("成员校", district="塘下")
    make_community(core, [member], year=2021, type="co_built")
    return core, member
