from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/charts/<slug:chart>.svg", views.chart, name="chart"),
    path("<int:year>.json", views.download_json, name="download_json"),
    path("<int:year>.csv", views.download_csv, name="download_csv"),
    path("<int:year>.xlsx", views.download_xlsx, name="download_xlsx"),
    path("figures/<slug:key>/", views.figure, name="figure"),
    path("figure-picker.json", views.figure_picker, name="figure_picker"),
]
