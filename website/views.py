"""The site's own pages: home, topics (they tag records of every app) and the error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, TemplateView

from summit import queries
from summit.models import Topic
from summit.models.topics import tagged_models
from summit.views import PaginatedListView
from website.queries import home_page


class HomeView(TemplateView):
    """The summit in brief: its figures, events to come and past, parks and what was said."""

    template_name = "website/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(home_page())
        return context


class TopicListView(PaginatedListView):
    """Public topics, grouped by kind in the template (technologies, applications …), each
    with how many public records carry it."""

    model = Topic
    paginate_by = 200
    template_name = "website/topic_list.html"

    def get_queryset(self):
        return tagged_counts(Topic.objects.published())


class TopicDetailView(DetailView):
    """Everything public tagged with a topic: events, talks, organisations, people, parks."""

    model = Topic
    template_name = "website/topic_detail.html"

    def get_queryset(self):
        return Topic.objects.published().prefetch_related(queries.citations())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tagged"] = tagged_with(self.object)
        return context


def tagged_counts(topics):
    """`topics`, each annotated with `uses`: how many public records carry it."""
    topics = list(topics)
    uses = dict.fromkeys((topic.pk for topic in topics), 0)
    for model in tagged_models():
        for topic_pk in (
            model.objects.published().filter(topics__in=topics).values_list("topics", flat=True)
        ):
            uses[topic_pk] += 1
    for topic in topics:
        topic.uses = uses[topic.pk]
    return topics


def tagged_with(topic) -> list[tuple[str, list]]:
    """Public records of each kind tagged with `topic`, as (heading, records), non-empty only."""
    groups = []
    for model in tagged_models():
        records = list(model.objects.published().filter(topics=topic))
        if records:
            groups.append((model._meta.verbose_name_plural, records))
    return groups


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # A bare page: no database queries and no context processors that might fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())
