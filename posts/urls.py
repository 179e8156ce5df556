from django.urls import path

from . import feeds, views

app_name = "posts"
# A post's address; the pages that hang off it (feedback/) are mounted under it in kb/urls.py.
POST_PATH = "posts/<slug:slug>/"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("feed/", feeds.PostsFeed(), name="feed"),
    path("feed/atom/", feeds.PostsAtomFeed(), name="atom"),
    path(POST_PATH, views.post_detail, name="detail"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("category/<slug:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category_atom"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("category/<slug:slug>/faq/", views.category_faq, name="category_faq"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
