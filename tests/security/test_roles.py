"""Each staff role can do its work in the admin and nothing else.

A user in one group only, with no permission of their own, opens the pages of their work (200)
and is refused everywhere else (403). The aid recipients' records stay closed to every role but
the aid clerk and the approver; nobody's role shows ID numbers whole.
"""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from unionportal import roles

NEWS = ["/admin/news/article/", "/admin/news/article/add/"]
HONOURS = ["/admin/honors/honour/", "/admin/honors/honour/add/", "/admin/honors/person/add/"]
HONOURS_IMPORT = ["/admin/honors/honour/import/"]
AID = ["/admin/assistance/beneficiary/", "/admin/assistance/disbursement/"]
AID_ENTRY = ["/admin/assistance/beneficiary/add/", "/admin/assistance/disbursement/add/"]
COMPETITIONS = ["/admin/competitions/competition/", "/admin/competitions/entry/add/"]
COMPETITIONS_IMPORT = ["/admin/competitions/entry/import/", "/admin/competitions/result/import/"]
ROLLUP = ["/admin/reports/rolluprun/recompute/"]
ENTERED_FIGURES = ["/admin/reports/enteredfigure/add/"]
USERS = ["/admin/auth/user/", "/admin/auth/user/add/"]
SITE = ["/admin/news/channel/add/", "/admin/news/sitesettings/"]
ACCESS_LOG = ["/admin/assistance/sensitiveaccesslog/"]

EVERYTHING = {
    *NEWS,
    *HONOURS,
    *HONOURS_IMPORT,
    *AID,
    *AID_ENTRY,
    *COMPETITIONS,
    *COMPETITIONS_IMPORT,
    *ROLLUP,
    *ENTERED_FIGURES,
    *USERS,
    *SITE,
    *ACCESS_LOG,
}

WORK = {
    roles.EDITOR: NEWS,
    roles.REVIEWER: NEWS,
    roles.HONOURS_CLERK: [*HONOURS, *HONOURS_IMPORT, *ROLLUP],
    roles.AID_CLERK: [*AID, *AID_ENTRY],
    roles.AID_APPROVER: AID,
    roles.COMPETITIONS_CLERK: [*COMPETITIONS, *COMPETITIONS_IMPORT, *ROLLUP],
    roles.SYSTEM_ADMIN: [*USERS, *SITE, *ROLLUP, *ENTERED_FIGURES],
}


@pytest.fixture
def staff_in(db):
    roles.roles_sync()
    serial = itertools.count()

    def make(role: str):
        user = get_user_model().objects.create_user(
            f"staff-{next(serial)}", password="a-long-staff-passphrase", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def test_every_role_of_the_portal_exists_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


@pytest.mark.parametrize("role", list(WORK))
def test_a_role_reaches_its_work_and_nothing_else(client, staff_in, role):
    client.force_login(staff_in(role))
    allowed = set(WORK[role])
    statuses = {url: client.get(url).status_code for url in sorted(EVERYTHING)}
    assert {url: statuses[url] for url in allowed} == dict.fromkeys(allowed, 200)
    refused = {url: status for url, status in statuses.items() if url not in allowed}
    assert set(refused.values()) == {403}, refused


@pytest.mark.parametrize("role", list(WORK))
def test_no_role_shows_id_numbers_whole(staff_in, role):
    assert not staff_in(role).has_perm("assistance.view_sensitive")


def test_only_the_approver_approves_aid_and_only_the_reviewer_approves_articles(staff_in):
    approvers = {r for r in WORK if staff_in(r).has_perm("assistance.approve_disbursement")}
    reviewers = {r for r in WORK if staff_in(r).has_perm("news.review_article")}
    assert approvers == {roles.AID_APPROVER}
    assert reviewers == {roles.REVIEWER}


def test_nobody_in_a_role_deletes_aid_records(staff_in):
    for role in WORK:
        user = staff_in(role)
        assert not user.has_perm("assistance.delete_disbursement"), role
        assert not user.has_perm("assistance.delete_beneficiary"), role
