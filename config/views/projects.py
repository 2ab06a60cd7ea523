"""Public pages of the group's projects: the list (active first, then past) and one project."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from config.models import News, Project, ProjectMember


def project_list(request):
    projects = list(Project.objects.published().active_first())
    return render(
        request,
        "site/project_list.html",
        {
            "active": [p for p in projects if p.is_active()],
            "past": [p for p in projects if not p.is_active()],
        },
    )


def project_detail(request, slug):
    members = ProjectMember.objects.select_related("person").order_by("order", "pk")
    project = get_object_or_404(
        Project.objects.visible_to(request.user).prefetch_related(
            Prefetch("members", queryset=members)
        ),
        slug=slug,
    )
    context = {
        "project": project,
        "papers": project.papers.published().with_card_data().newest_first(),
        "news": News.objects.published().mentioning_project(project).as_mentions(),
    }
    return render(request, "site/project_detail.html", context)
