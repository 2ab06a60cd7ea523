"""iCalendar (RFC 5545) output of talks, built with the icalendar library."""

import html
import re
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event

PRODID = "-//Labsite//Talks//EN"


def talk_description(talk) -> str:
    """Plain text: the speakers, then the abstract's text (from its sanitised HTML)."""
    speakers = [s.person.full_name for s in talk.speakers.all()] + talk.guest_names()
    text = html.unescape(strip_tags(talk.abstract_html.replace("</p>", "</p>\n")))
    abstract = re.sub(r"\n{3,}", "\n\n", text).strip()  # a blank line between paragraphs
    parts = [", ".join(speakers), abstract]
    return "\n\n".join(part for part in parts if part)


def talk_event(talk, *, host: str, url: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"talk-{talk.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", talk.local_start())
    if talk.end:
        event.add("dtend", talk.local_end())
    event.add("summary", talk.title)
    location = ", ".join(part for part in (talk.event, talk.place) if part)
    if location:
        event.add("location", location)
    description = talk_description(talk)
    if description:
        event.add("description", description)
    event.add("url", url)
    event.add("last-modified", talk.updated)
    return event


def talks_calendar(talks: Iterable, *, name: str, build_url: Callable[[str], str]) -> bytes:
    """A VCALENDAR of the talks (with VTIMEZONEs for their zones); build_url makes links absolute."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    home = build_url("/")
    host = home.split("://", 1)[-1].split("/", 1)[0]
    stamp = timezone.now()
    talks = list(talks)
    for talk in talks:
        calendar.add_component(
            talk_event(talk, host=host, url=build_url(talk.get_absolute_url()), stamp=stamp)
        )
    if talks:
        # Each zone's rules only over the span the talks need (the default stops in 2038).
        times = [t.start for t in talks] + [t.end for t in talks if t.end]
        year = timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=(min(times) - year).date(), last_date=(max(times) + year).date()
        )
    return calendar.to_ical()
