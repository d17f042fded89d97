"""Error pages speak Chinese (users are not engineers)."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_a_missing_page_is_explained_in_chinese(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_security_token_is_explained_in_chinese(django_user_model):
    django_user_model.objects.create_user("someone", password="x")
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "someone", "password": "x"})
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
