from django.urls import path

from . import views

app_name = "feedback"

# Mounted under a post's address (posts.urls.POST_PATH), which gives the `slug`.

urlpatterns = [
    path("vote/", views.vote, name="vote"),
    path("feedback/", views.thanks, name="thanks"),
]
