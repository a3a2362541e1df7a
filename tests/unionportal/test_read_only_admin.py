"""The records the portal writes itself are read only in the admin, superusers included
(``unionportal.read_only_admin.ReadOnlyAdminMixin``): the access logs and background imports
may not be deleted either; the reports' snapshots, runs and stale years may, with permission."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from appeals.models import AppealAccessLog
from assistance.models import SensitiveAccessLog
from reports.models import RollupRun, Snapshot, StaleYear
from unionportal.spreadsheets.models import ImportJob
from welfare.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def permissions(model, request) -> tuple[bool, bool, bool, bool]:
    model_admin = admin.site.get_model_admin(model)
    return (
        model_admin.has_view_permission(request),
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
    )


@pytest.mark.parametrize(
    "model", [AppealAccessLog, SensitiveAccessLog, PersonalDataAccess, ImportJob]
)
def test_logs_and_imports_are_only_viewed(model, superuser_request):
    assert permissions(model, superuser_request) == (True, False, False, False)


@pytest.mark.parametrize("model", [Snapshot, RollupRun, StaleYear])
def test_the_reports_records_are_viewed_and_may_be_deleted(model, superuser_request):
    assert permissions(model, superuser_request) == (True, False, False, True)
