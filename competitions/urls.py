from django.urls import path

from competitions import views

app_name = "competitions"

urlpatterns = [
    path("", views.competition_index, name="index"),
    path("champions/", views.champion_roll, name="champions"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("<int:pk>/", views.competition_detail, name="detail"),
]
