"""Playwright driving Debian's Chromium against Django's live server.

A missing /usr/bin/chromium makes these tests fail, not skip: CI installs it (.ci/run).
"""

import importlib
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate
from playwright.sync_api import sync_playwright

from people.models import Subject
from tests.browser.site_data import build_site, demo_paths

# Playwright's sync API marks an event loop as running in this thread, and Django refuses
# ORM calls under a running loop. The tests keep database work outside the browser's
# lifetime (see the browser fixture); this lets pytest-django's own calls through.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _reseed_subjects(sender, using, **kwargs) -> None:
    """Put back the arXiv subjects that a migration seeds, after a flush emptied them.

    Every live-server test ends with a flush of all tables, and tests that run after it
    expect the subjects. (Django's serialized rollback would restore them but collides
    with the content types the same flush recreates.)
    """
    if sender.name == "people" and not Subject.objects.using(using).exists():
        importlib.import_module("people.migrations.0002_arxiv_subjects").load_subjects(
            django_apps, None
        )


post_migrate.connect(_reseed_subjects, dispatch_uid="tests.browser.reseed_subjects")


@pytest.fixture
def site(live_server):
    """The sample site, committed so the live server thread sees it."""
    return build_site()


@pytest.fixture
def demo(live_server) -> dict[str, str]:
    """The bundled demo (load_demo), committed; returns its page URLs by name."""
    call_command("load_demo", verbosity=0)
    return demo_paths()


@contextmanager
def chromium():
    """Chromium, to be started after the data is in and stopped before the database is flushed.

    Under Playwright's running event loop Django hands out a different connection object
    (asgiref's Local keys on the loop), not the one the test database was set up on and
    the live server shares. So no database work may overlap the browser.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(site):
    with chromium() as browser:
        yield browser


@pytest.fixture
def demo_browser(demo):
    with chromium() as browser:
        yield browser


class PageProblems:
    """JavaScript errors, console errors (CSP violations land there), alert() calls and
    requests to anywhere but the site itself."""

    def __init__(self, page, origin: str):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign_requests: list[str] = []
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith((f"{origin}/", "data:", "blob:"))
                else self.foreign_requests.append(request.url)
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"console: {message.text}") if message.type == "error" else None
            ),
        )

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


def _open_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = PageProblems(page, live_server.url)
    # The live server serves static files but not uploads (a proxy does that in production).
    context.route(f"{live_server.url}{settings.MEDIA_URL}**", _serve_media)
    return context, page


def _serve_media(route):
    relative = urlsplit(route.request.url).path.removeprefix(settings.MEDIA_URL)
    file = Path(settings.MEDIA_ROOT) / relative
    if file.is_file():
        route.fulfill(path=file)
    else:
        route.fulfill(status=404)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab under the site's real Content Security Policy."""
    context, page = _open_page(browser, live_server, accept_downloads=True)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A tab that may inject axe-core: Playwright's script tag would otherwise be refused by CSP."""
    context, page = _open_page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def demo_page(demo_browser, live_server):
    context, page = _open_page(demo_browser, live_server)
    yield page
    context.close()


@pytest.fixture
def demo_axe_page(demo_browser, live_server):
    context, page = _open_page(demo_browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
