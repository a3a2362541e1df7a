from django.urls import path

from honors import views

app_name = "honors"

urlpatterns = [
    path("models/", views.model_worker_list, name="model_worker_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    # One name, three shapes: reverse("honors:roll"), (…, args=[2018, "provincial-plus"]) and
    # (…, args=[2018, "provincial-plus", "may_day"]) → 2018年省级以上五一劳动奖.
    path("rolls/", views.roll_index, name="roll"),
    path("rolls/<int:year>/<slug:level_group>/", views.roll, name="roll"),
    path(
        "rolls/<int:year>/<slug:level_group>/<slug:category>/",
        views.roll,
        name="roll",
    ),
]
