"""The group's own content that a profile or a paper page lists: news about them, their
projects and (for people) their talks. One query each, published rows only."""

from config.models import News, Talk


def about_person(person) -> dict:
    return {
        "news": News.objects.published().mentioning_person(person).as_mentions(),
        "projects": person.projects.published().active_first(),
        "talks": Talk.objects.published().of_person(person),
    }


def about_paper(paper) -> dict:
    return {
        "news": News.objects.published().mentioning_paper(paper).as_mentions(),
        "projects": paper.projects.published().active_first(),
    }
