"""Logins that can't be turned against users (issue: data the bureau can trust)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from jiaogongti.logins import PER_ADDRESS_LIMIT, client_address

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def login(username, ip, password="wrong", **headers):
    return Client().post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def test_unknown_usernames_from_one_address_are_throttled_too(django_user_model):
    django_user_model.objects.create_user("alice", password="right-password-1")
    for i in range(PER_ADDRESS_LIMIT):
        login(f"nobody{i}", "10.0.0.9")
    # Locked: even the right password of a real account is refused from that address ...
    assert login("alice", "10.0.0.9", password="right-password-1").status_code == 429
    # ... and only from there.
    assert login("alice", "10.0.0.8", password="right-password-1").status_code == 302


def test_a_locked_client_is_refused_without_hashing_a_password(django_user_model, monkeypatch):
    for i in range(PER_ADDRESS_LIMIT):
        login(f"nobody{i}", "10.0.0.9")
    from django.contrib.auth import hashers

    hashed = []
    real = hashers.make_password
    monkeypatch.setattr(hashers, "make_password", lambda *a, **k: hashed.append(1) or real(*a, **k))
    monkeypatch.setattr(hashers, "check_password", lambda *a, **k: hashed.append(1) or False)
    assert login("another", "10.0.0.9").status_code == 429
    assert hashed == []


def test_a_forged_forwarded_for_header_is_ignored_without_the_proxy(rf, settings):
    settings.BEHIND_TLS_PROXY = False
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.5"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("203.0.113.7", "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
        ("1.2.3.4, garbage", "127.0.0.1"),
        ("", "127.0.0.1"),
    ],
)
def test_behind_the_proxy_only_the_proxys_own_entry_counts(rf, settings, forwarded, expected):
    settings.BEHIND_TLS_PROXY = True
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_the_proxy_one_client_cannot_lock_another(django_user_model, settings):
    settings.BEHIND_TLS_PROXY = True
    django_user_model.objects.create_user("alice", password="right-password-1")
    for _ in range(10):  # the attacker forges a leftmost entry of the victim's address
        login("alice", "127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.66")
    assert login("alice", "127.0.0.1", password="right-password-1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302


def test_password_reset_is_not_offered_without_a_mail_server():
    with pytest.raises(NoReverseMatch):
        reverse("password_reset")
    assert Client().get("/accounts/password_reset/").status_code == 404
    assert "联系市教育局管理员重置" in Client().get(reverse("login")).content.decode()


def run_server_module(env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-c", "import jiaogongti.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_server_refuses_to_start_without_a_secret_key():
    refused = run_server_module({"DEBUG": "0"})
    assert refused.returncode != 0 and "未设置 SECRET_KEY" in refused.stderr
    assert run_server_module({"DEBUG": "0", "SECRET_KEY": "x" * 50}).returncode == 0
    assert run_server_module({"DEBUG": "1"}).returncode == 0


def test_commands_still_run_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
