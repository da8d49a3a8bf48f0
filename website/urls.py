from django.urls import path

from summit import converters  # noqa: F401  (registers the "uslug" converter)
from website import search, views

app_name = "website"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<uslug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("search/", search.SearchView.as_view(), name="search"),
]
