"""Admin login: repeated failures lock the account out; idle staff sessions end after 30 minutes."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

PASSWORD = "a-long-staff-passphrase-2018"


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "clerk", password=PASSWORD, is_staff=True, is_superuser=True
    )


def login(client, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "clerk", "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    assert login(client, "wrong-password").status_code == 429  # the fifth failure locks
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "已被暂时锁定" in response.content.decode()


def test_a_lockout_from_one_address_does_not_lock_the_user_out_elsewhere(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong-password", ip="203.0.113.7")
    response = login(client, PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302


def test_staff_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True  # idle time, not time since login
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["12345678", "password123", "short"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
