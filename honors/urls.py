from django.urls import path

from honors import views

app_name = "honors"

urlpatterns = [
    path("models/", views.ModelWorkerListView.as_view(), name="model_worker_list"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    # One name, three shapes: reverse("honors:roll"), (…, args=[2018, "provincial-plus"]) and
    # (…, args=[2018, "provincial-plus", "may_day"]) → 2018年省级以上五一劳动奖.
    path("rolls/", views.RollIndexView.as_view(), name="roll"),
    path("rolls/<int:year>/<slug:level_group>/", views.RollView.as_view(), name="roll"),
    path(
        "rolls/<int:year>/<slug:level_group>/<slug:category>/",
        views.RollView.as_view(),
        name="roll",
    ),
]
