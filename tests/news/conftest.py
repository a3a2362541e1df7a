import pytest

from news.roles import EDITOR, REVIEWER
from tests.news.factories import UserFactory
from unionportal.roles import roles_sync


@pytest.fixture
def groups(db):
    return roles_sync()


@pytest.fixture
def editor(groups):
    user = UserFactory(username="editor")
    user.groups.add(groups[EDITOR])
    return user


@pytest.fixture
def reviewer(groups):
    user = UserFactory(username="reviewer")
    user.groups.add(groups[REVIEWER])
    return user


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
