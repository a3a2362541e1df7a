from django.urls import path

from stations import views

app_name = "stations"

# /fuwu/ (服务, "service" in pinyin): short and readable in a WeChat link (README).
urlpatterns = [
    path("", views.finder, name="finder"),
    path("map/", views.finder_map, name="map"),
    path("<int:pk>/", views.station_detail, name="detail"),
]
