from django.urls import path

from . import views

app_name = "posts"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("posts/<slug:slug>/", views.post_detail, name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("category/<slug:slug>/faq/", views.category_faq, name="category_faq"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
