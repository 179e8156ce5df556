from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("posts/<slug:slug>/vote/", views.vote, name="vote"),
    path("posts/<slug:slug>/feedback/", views.thanks, name="thanks"),
]
