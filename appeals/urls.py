from django.urls import path

from appeals import views

app_name = "appeals"

# /hudong/ (互动, as in 政民互动): short, and readable in a WeChat link, like /fuwu/.
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:code>/", views.send, name="send"),
    path("chaxun/", views.lookup, name="lookup"),
    path("chaxun/pingjia/", views.rate, name="rate"),
    path("tongji/", views.statistics, name="statistics"),
    path("dafu/", views.replies, name="replies"),
    path("dafu/<int:pk>/", views.reply_detail, name="reply_detail"),
]
