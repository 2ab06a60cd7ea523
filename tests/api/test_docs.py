"""The API documentation pages: served from our own static files, and working in Chromium
under their (relaxed) Content Security Policy."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import make_paper

pytestmark = pytest.mark.django_db

# Playwright's sync API runs an event loop in this thread; the ORM work here happens
# before the browser starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_only_local_assets_under_a_relaxed_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html or "/api/redoc/redoc.standalone.js" in html
    assert "https://" not in html
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy


def test_swagger_init_script_is_a_separate_file(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


def test_the_redoc_bundle_is_served_without_its_vendor_logo(client):
    response = client.get("/api/redoc/redoc.standalone.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=86400" in response["Cache-Control"]
    bundle = response.content.decode()
    assert "Redoc" in bundle
    assert "cdn.redoc.ly" not in bundle
    assert 'src:"data:,"' in bundle


def test_other_pages_keep_the_strict_policy(client):
    policy = client.get("/api/v1/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy


@pytest.mark.browser
def test_swagger_ui_and_redoc_render_the_api_in_chromium(live_server, transactional_db):
    make_paper("Graph Attention Networks")
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(20_000)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((live_server.url, "data:", "blob:"))
                else problems.append(f"foreign request: {r.url}")
            ),
        )
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".opblock-summary-path >> text=/api/v1/papers/")
        swagger_operations = page.locator(".opblock").count()

        page.goto(f"{live_server.url}/api/redoc/")
        page.wait_for_selector("h2:has-text('List papers')")
        page.wait_for_selector("text=API docs by Redocly", state="attached")
        page.wait_for_load_state("networkidle")
        redoc_title = page.locator("h1").first.inner_text()
        browser.close()
    assert swagger_operations >= 6 * 2
    assert "API" in redoc_title
    # No console error (a CSP violation is one), no page error, no request to another host.
    assert problems == []
