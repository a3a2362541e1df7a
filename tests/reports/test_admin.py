"""Staff enter figures with their source, ask for a recomputation and see what changed."""

import pytest
from django.urls import reverse

from reports.models import EnteredFigure, RollupRun, Snapshot, StaleYear
from reports.services import rollup_compute, rollup_mark_stale
from tests.reports.factories import CountedEnterpriseFactory, EnteredFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(test_figures):
    CountedEnterpriseFactory()
    rollup_compute(year=2018)
    CountedEnterpriseFactory()
    EnteredFigureFactory()
    rollup_compute(year=2018)
    rollup_mark_stale(years=[2017])
    return Snapshot.objects.of_year(2018).first()


@pytest.mark.parametrize(
    "name",
    [
        "admin:reports_snapshot_changelist",
        "admin:reports_rolluprun_changelist",
        "admin:reports_staleyear_changelist",
        "admin:reports_enteredfigure_changelist",
        "admin:reports_enteredfigure_add",
        "admin:reports_snapshot_recompute",
        "admin:reports_rolluprun_recompute",
    ],
)
def test_admin_pages_open(admin_client, history, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200


def test_the_snapshot_list_shows_when_it_ran_and_what_changed(admin_client, history):
    html = admin_client.get(reverse("admin:reports_snapshot_changelist")).content.decode()
    assert "参赛企业、市总工会本级发放助学金、签订集体合同企业" in html
    assert "重新计算" in html


def test_a_snapshot_shows_its_difference_from_the_one_before(admin_client, history):
    url = reverse("admin:reports_snapshot_change", args=[history.pk])
    html = admin_client.get(url).content.decode()
    assert '<tr class="changed"><th scope="row">参赛企业</th><td>1家</td><td>2家</td>' in html
    assert '<th scope="row">签订集体合同企业</th><td>—</td><td>30,000家</td>' in html
    assert '<tr class=""><th scope="row">参赛班组</th><td>0个</td><td>0个</td>' in html


def test_snapshots_cannot_be_edited(admin_client, history):
    url = reverse("admin:reports_snapshot_change", args=[history.pk])
    admin_client.post(url, {"year": 1999})
    history.refresh_from_db()
    assert history.year == 2018
    assert admin_client.get(reverse("admin:reports_snapshot_add")).status_code == 403


def test_staff_ask_for_a_recomputation_and_see_the_run(
    admin_client, history, django_capture_on_commit_callbacks
):
    CountedEnterpriseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:reports_snapshot_recompute"), {"year": 2018})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:reports_rolluprun_changelist")
    run = RollupRun.objects.first()
    assert run.status == RollupRun.Status.CHANGED
    assert run.requested_by.is_superuser
    assert Snapshot.objects.of_year(2018).first().values["test_enterprises"] == 3
    log = admin_client.get(response["Location"]).content.decode()
    assert "已提交重新计算：2018年" in log
    assert "已更新" in log


def test_the_log_shows_a_run_whose_worker_died_as_interrupted(admin_client, test_figures):
    RollupRun.objects.create(year=2018, status=RollupRun.Status.RUNNING)  # its worker was killed
    rollup_compute(year=2018)  # the next run finds it

    log = admin_client.get(reverse("admin:reports_rolluprun_changelist")).content.decode()
    assert "已中断（计算进程意外退出）" in log and "已更新" in log
    dead = RollupRun.objects.get(status=RollupRun.Status.ABANDONED)
    page = admin_client.get(reverse("admin:reports_rolluprun_change", args=[dead.pk]))
    assert "计算进程中途退出" in page.content.decode()


def test_the_recompute_action_on_stale_years(
    admin_client, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:reports_staleyear_changelist"),
            {
                "action": "recompute_years",
                "_selected_action": [StaleYear.objects.get(year=2017).pk],
            },
        )
    assert Snapshot.objects.filter(year=2017).exists()
    assert not StaleYear.objects.exists()


def test_entering_a_figure_records_who_and_marks_the_year_stale(
    admin_client, test_figures, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:reports_enteredfigure_add"),
            {"year": 2018, "key": "test_trainings", "value": "7889", "source": "年度工作总结"},
        )
    assert response.status_code == 302
    figure = EnteredFigure.objects.get()
    assert figure.entered_by.is_superuser
    assert StaleYear.objects.filter(year=2018).exists()


def test_a_computed_figure_is_entered_only_as_a_declared_figure(admin_client, test_figures):
    """Any declared figure may be entered (a computed one for a year whose records are
    incomplete: its entered value then stands for the year); a key nobody declared may not."""
    form = admin_client.get(reverse("admin:reports_enteredfigure_add")).content.decode()
    assert form.index('value="test_trainings"') < form.index('value="test_enterprises"')
    response = admin_client.post(
        reverse("admin:reports_enteredfigure_add"),
        {"year": 2018, "key": "no_such_figure", "value": "1", "source": "随手写"},
    )
    assert response.status_code == 200
    assert not EnteredFigure.objects.exists()
    admin_client.post(
        reverse("admin:reports_enteredfigure_add"),
        {"year": 2018, "key": "test_enterprises", "value": "12", "source": "年度统计报表"},
    )
    assert EnteredFigure.objects.get().key == "test_enterprises"


def test_a_figure_is_entered_once_per_year(admin_client, test_figures):
    EnteredFigureFactory(key="test_trainings")
    response = admin_client.post(
        reverse("admin:reports_enteredfigure_add"),
        {"year": 2018, "key": "test_trainings", "value": "1", "source": "重复"},
    )
    assert response.status_code == 200
    assert EnteredFigure.objects.count() == 1


def test_recomputing_needs_permission(client, history, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x" * 12, is_staff=True)
    client.force_login(user)
    response = client.post(reverse("admin:reports_snapshot_recompute"), {"year": 2018})
    assert response.status_code == 403
