"""Talks: the list (upcoming, then past), one talk, and the iCalendar feed of upcoming talks."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from config.calendars import talks_calendar
from config.context_processors import site_settings
from config.models import Talk

CALENDAR_TALKS = 200


def talk_list(request):
    now = timezone.now()
    talks = Talk.objects.published().with_speakers()
    context = {"upcoming": talks.upcoming(now), "past": talks.past(now)}
    return render(request, "site/talk_list.html", context)


def talk_detail(request, slug):
    talk = get_object_or_404(Talk.objects.published().with_speakers(), slug=slug)
    papers = talk.papers.published().with_card_data().newest_first()
    return render(request, "site/talk_detail.html", {"talk": talk, "papers": papers})


def talk_calendar(request):
    talks = Talk.objects.published().upcoming().with_speakers()[:CALENDAR_TALKS]
    name = site_settings(request).display_name
    calendar = talks_calendar(talks, name=f"{name}: talks", build_url=request.build_absolute_uri)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="talks.ics"'
    return response
