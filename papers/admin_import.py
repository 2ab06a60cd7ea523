"""The admin's import page: upload or paste, preview what would change, then confirm.

The preview runs the whole pipeline and rolls it back; the text previewed travels in a
signed (tamper-proof, compressed) hidden field, so the commit imports exactly what was
previewed without keeping state on the server. Imported by papers/admin.py, which
registers the page on the Paper admin.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from papers.imports.runner import papers_import
from papers.models import Authorship, Paper
from papers.parsers.detect import PARSERS, decode
from papers.parsers.records import ImporterError
from people.models import Person

SIGNING_SALT = "papers.admin_import"
PREVIEW_MAX_AGE = 24 * 3600  # seconds a preview may wait for its confirmation
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(required=False, help_text="A profile page, BibTeX, RIS, JSON or XML.")
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100, "spellcheck": "false"}),
        help_text="Or paste the text here.",
    )
    format = forms.ChoiceField(
        choices=[("", "Detect automatically"), *[(name, name) for name in PARSERS]],
        required=False,
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        # A search box rather than a list of everyone: there may be thousands of people.
        widget=AutocompleteSelect(Authorship._meta.get_field("person"), admin.site),
        help_text="The person whose paper list this is (they become an author of every paper).",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Choose a file or paste some text.")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return cleaned

    def source_and_data(self) -> tuple[str, bytes | str]:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            return upload.name, upload.read()
        return "pasted text", self.cleaned_data["text"]


def import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("papers.add_paper"):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Import papers",
        "opts": Paper._meta,
    }
    if request.method == "POST" and "payload" in request.POST:
        return _commit(request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        source, data = form.source_and_data()
        person = form.cleaned_data["person"]
        format_name = form.cleaned_data["format"]
        try:
            text = decode(data)
            report = papers_import(
                data=text,
                source=source,
                format_name=format_name,
                person=person,
                dry_run=True,
                user=request.user,
            )
        except ImporterError as error:
            context["error"] = f"{source}: {error} Nothing was imported."
            return TemplateResponse(request, "admin/papers/import.html", context, status=200)
        context["report"] = report
        context["payload"] = signing.dumps(
            {
                "text": text,
                "source": source,
                "format": format_name or report.format,
                "person": person.pk if person else None,
            },
            salt=SIGNING_SALT,
            compress=True,
        )
    return TemplateResponse(request, "admin/papers/import.html", context)


def _commit(request: HttpRequest, context: dict) -> HttpResponse:
    try:
        payload = signing.loads(request.POST["payload"], salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "The preview expired or was altered; upload the file again.")
        return HttpResponseRedirect(reverse("admin:papers_paper_import"))
    person = Person.objects.filter(pk=payload["person"]).first() if payload["person"] else None
    try:
        report = papers_import(
            data=payload["text"],
            source=payload["source"],
            format_name=payload["format"],
            person=person,
            user=request.user,
        )
    except ImporterError as error:
        context["form"] = ImportForm()
        context["error"] = f"{payload['source']}: {error} Nothing was imported."
        return TemplateResponse(request, "admin/papers/import.html", context)
    counts = report.counts
    summary = ", ".join(f"{counts[action]} {action}" for action in report.ACTIONS)
    messages.success(request, f"Imported {payload['source']}: {summary}.")
    if report.run_id and request.user.has_perm("papers.view_importrun"):
        return HttpResponseRedirect(reverse("admin:papers_importrun_change", args=[report.run_id]))
    return HttpResponseRedirect(reverse("admin:papers_paper_changelist"))
