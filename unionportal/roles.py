"""The staff roles: one group each, holding exactly the permissions its work needs.

``roles_sync()`` (run after every ``migrate``, and by ``manage.py sync_roles``) creates the groups
and sets their permissions to the lists below, so a role's rights are read here and nowhere
else. Seeing ID and phone numbers whole (``assistance.view_sensitive``,
``appeals.view_personal_data``) is in no role: it is given
to named users one by one, and every use of it is logged.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from news.roles import EDITOR, REVIEWER
from news.roles import ROLES as NEWS_ROLES

HONOURS_CLERK = "荣誉管理员"
AID_CLERK = "帮扶管理员"
AID_APPROVER = "帮扶审批"
COMPETITIONS_CLERK = "竞赛管理员"
STATIONS_CLERK = "站点管理员"
APPEALS_CLERK = "诉求办理"
RIGHTS_CLERK = "维权管理员"
WELFARE_CLERK = "普惠服务管理员"
SYSTEM_ADMIN = "系统管理员"


def perms(app_label: str, model: str, *actions: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for action in actions]


CRUD = ("view", "add", "change", "delete")
KEEP = ("view", "add", "change")  # records nobody in the role may delete
ROLLUP_REQUEST = [
    "reports.view_snapshot",
    "reports.view_rolluprun",
    "reports.add_rolluprun",  # ask for a recomputation
]

ROLES: dict[str, list[str]] = {
    EDITOR: NEWS_ROLES[EDITOR],
    REVIEWER: NEWS_ROLES[REVIEWER],
    HONOURS_CLERK: [
        *perms("honors", "honourtype", "view"),
        *perms("honors", "honour", *CRUD),
        *perms("honors", "federationrecognition", *CRUD),
        *perms("honors", "modelworkeractivity", *CRUD),
        *perms("honors", "person", *CRUD),
        *perms("organizations", "organization", *KEEP),
        *perms("organizations", "district", "view"),
        *ROLLUP_REQUEST,
    ],
    AID_CLERK: [
        *perms("assistance", "beneficiary", *KEEP),
        *perms("assistance", "disbursement", *KEEP),
        *perms("assistance", "batch", *KEEP),
        *perms("assistance", "aidtype", "view"),
        *perms("organizations", "district", "view"),
        *perms("organizations", "unionunit", "view"),
    ],
    AID_APPROVER: [
        *perms("assistance", "beneficiary", "view"),
        *perms("assistance", "disbursement", "view"),
        *perms("assistance", "batch", "view"),
        *perms("assistance", "aidtype", "view"),
        "assistance.approve_disbursement",
    ],
    COMPETITIONS_CLERK: [
        *perms("competitions", "competition", *CRUD),
        *perms("competitions", "entry", *CRUD),
        *perms("competitions", "result", *CRUD),
        *perms("competitions", "onlinecoursereport", *CRUD),
        *perms("organizations", "organization", *KEEP),
        *perms("organizations", "district", "view"),
        *ROLLUP_REQUEST,
    ],
    # Sites of their own union (county staff) or of all (the city federation's): sites are closed,
    # never deleted, so that a closed one stays on record.
    STATIONS_CLERK: [
        *perms("stations", "station", *KEEP),
        *perms("stations", "weeklyhours", *CRUD),
        *perms("stations", "specialdays", *CRUD),
        *perms("stations", "stationphoto", *CRUD),
        *perms("stations", "stationkind", "view"),
        *perms("stations", "facility", "view"),
        *perms("honors", "honour", "view"),  # to link a site to its honours
        *perms("organizations", "district", "view"),
        *perms("organizations", "unionunit", "view"),
        *ROLLUP_REQUEST,
    ],
    # Rights records of their own union (county staff) or of all (the city federation's).
    RIGHTS_CLERK: [
        *perms("rights", "collectivecontract", *CRUD),
        *perms("rights", "monitoringsample", *CRUD),
        *perms("rights", "supervisionvisit", *CRUD),
        *perms("rights", "legalserviceteam", *KEEP),
        *perms("rights", "legalserviceactivity", *CRUD),
        *perms("organizations", "organization", *KEEP),
        *perms("organizations", "district", "view"),
        *perms("organizations", "unionunit", "view"),
        *ROLLUP_REQUEST,
    ],
    # The ledger's lines and the person-level records of their own union; ledger kinds are
    # the system administrator's. Numbers whole (welfare.view_sensitive) only by name, as aid's.
    WELFARE_CLERK: [
        *perms("welfare", "ledgerline", *CRUD),
        *perms("welfare", "ledgerkind", "view"),
        *perms("welfare", "measure", "view"),
        *perms("welfare", "recuperationbatch", *CRUD),
        *perms("welfare", "recuperationparticipant", *CRUD),
        *perms("welfare", "certificate", *CRUD),
        *perms("welfare", "degreestudent", *CRUD),
        *perms("welfare", "housedfamily", *CRUD),
        *perms("welfare", "eventseries", "view", "change"),
        *perms("welfare", "eventedition", *CRUD),
        *perms("organizations", "district", "view"),
        *perms("organizations", "unionunit", "view"),
        *ROLLUP_REQUEST,
    ],
    # Requests routed to their own union (county staff) or all (the city federation's): accept,
    # refuse, route, reply, close, enter hotline and walk-in requests, publish replies with
    # consent. Seeing requesters' numbers whole is given to named users, as in aid.
    APPEALS_CLERK: [
        *perms("appeals", "appeal", *KEEP),
        *perms("appeals", "appealkind", "view"),
        "appeals.handle_appeal",
        "appeals.publish_appeal",
        *perms("organizations", "district", "view"),
        *perms("organizations", "unionunit", "view"),
    ],
    SYSTEM_ADMIN: [
        *perms("auth", "user", *CRUD),
        *perms("auth", "group", "view"),
        *perms("assistance", "staffunionmembership", *CRUD),
        *perms("assistance", "aidtype", *KEEP),
        *perms("news", "sitesettings", "view", "change"),
        *perms("news", "channel", *CRUD),
        *perms("news", "source", *CRUD),
        *perms("organizations", "district", *KEEP),
        *perms("organizations", "unionunit", *KEEP),
        *perms("organizations", "organization", *KEEP),
        *perms("honors", "honourtype", *KEEP),
        *perms("stations", "stationkind", *KEEP),
        *perms("stations", "facility", *KEEP),
        *perms("stations", "findersettings", "view", "add", "change"),
        *perms("appeals", "appealkind", *KEEP),
        *perms("appeals", "appealaccesslog", "view"),
        *perms("welfare", "ledgerkind", *KEEP),
        *perms("welfare", "measure", *CRUD),
        *perms("welfare", "eventseries", *KEEP),
        *perms("welfare", "personaldataaccess", "view"),
        *perms("reports", "enteredfigure", *KEEP),
        *perms("reports", "staleyear", "view"),
        *ROLLUP_REQUEST,
        *perms("axes", "accessattempt", "view", "delete"),  # unlock a locked-out colleague
        *perms("axes", "accesslog", "view"),
    ],
}


def roles_sync(*, roles: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Make each group hold exactly its listed permissions ("app_label.codename")."""
    roles = ROLES if roles is None else roles
    for app_config in django_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    for name, permission_names in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        query = Q(pk__in=[])
        for permission_name in permission_names:
            app_label, codename = permission_name.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(query).select_related("content_type"))
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = set(permission_names) - found
        if missing:
            raise LookupError("unknown permissions: " + ", ".join(sorted(missing)))
        group.permissions.set(permissions)
        groups[name] = group
    return groups
