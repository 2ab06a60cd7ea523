"""Admin pieces both apps use: what a *member* may see and change, and autocompletes that
render without a query per inline row.

Who may edit what. Editors are staff given the model permissions (usually through a group);
they see and change everything those permissions allow. A *member* is a staff user who is linked
to a Person (Person.user) but lacks the global change permission of a model: for people and
papers they see and change only their own profile and the papers they author (see
`OwnRowsAdminMixin`), and they may look at the reference lists they pick from (institutions,
venues, subjects, topics). Superusers are never members.
"""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from config.markdown import MAX_LENGTH, render_markdown
from people.models import Person


def member_person(request) -> Person | None:
    """The Person the logged-in user is linked to (cached on the user), or None."""
    user = request.user
    if not user.is_active or not user.is_staff or user.is_superuser:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


class OwnRowsAdminMixin:
    """Lets a member (see the module docstring) view and change only the rows they own.

    Subclasses say which rows are the member's with `own_rows(queryset, person)`.
    """

    def own_rows(self, queryset, person: Person):
        raise NotImplementedError

    def _global_perm(self, request, action: str) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def restricted_person(self, request) -> Person | None:
        """The member whose rows this request is limited to, or None when not limited."""
        if self._global_perm(request, "change"):
            return None
        return member_person(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        person = self.restricted_person(request)
        if person is None or self.is_autocomplete(request):
            return queryset
        return self.own_rows(queryset, person)

    @staticmethod
    def is_autocomplete(request) -> bool:
        # The author autocomplete searches everyone, so members can link their co-authors.
        match = getattr(request, "resolver_match", None)
        return match is not None and match.url_name == "autocomplete"

    def is_own(self, request, obj, person: Person) -> bool:
        """One query per row and request: the admin asks several times while drawing a page."""
        known = request.__dict__.setdefault("_labsite_own_rows", {})
        key = (self.model, obj.pk)
        if key not in known:
            rows = self.own_rows(self.model._default_manager.filter(pk=obj.pk), person)
            known[key] = rows.exists()
        return known[key]

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self.restricted_person(request) is not None

    def has_view_permission(self, request, obj=None):
        if super().has_view_permission(request, obj):
            return True
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if self._global_perm(request, "change"):
            return super().has_change_permission(request, obj)
        person = member_person(request)
        if person is None:
            return False
        if obj is None:
            return True
        return self.is_own(request, obj, person)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.restricted_person(request) is not None:
            return (*readonly, *self.member_readonly_fields)
        return readonly

    member_readonly_fields: tuple[str, ...] = ()


class OwnParentInlineMixin:
    """An inline that a member may edit in full on a parent row they own."""

    def _member_owns_parent(self, request, obj) -> bool:
        parent_admin = self.admin_site._registry.get(self.parent_model)
        if not isinstance(parent_admin, OwnRowsAdminMixin):
            return False
        person = parent_admin.restricted_person(request)
        if person is None:
            return False
        return obj is None or parent_admin.is_own(request, obj, person)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._member_owns_parent(request, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) or self._member_owns_parent(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._member_owns_parent(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) or self._member_owns_parent(request, obj)


class MemberReadableMixin:
    """Reference data members may look at (and pick from in autocompletes), never change."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or member_person(request) is not None

    def has_module_permission(self, request):
        return super().has_module_permission(request) or member_person(request) is not None


class PrimedAutocompleteMixin:
    """An autocomplete widget that renders its selected options from labels its formset has
    already loaded (`primed`), instead of one query per inline row; unknown values still query."""

    primed: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.primed is None or not selected <= self.primed.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected, key=lambda key: self.primed[key]):
            options.append(self.create_option(name, key, self.primed[key], selected, len(options)))
        return [(None, options, 0)]


class PrimedAutocompleteSelect(PrimedAutocompleteMixin, AutocompleteSelect):
    pass


class PrimedAutocompleteSelectMultiple(PrimedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class PrimedInlineFormSet(BaseInlineFormSet):
    """Primes the inline's autocomplete widgets with the related rows its queryset already
    holds (the inline must select_related its foreign keys and prefetch its many-to-manys)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(self.get_queryset())
        for name, form_field in self.form.base_fields.items():
            widget = getattr(form_field.widget, "widget", form_field.widget)
            if not isinstance(widget, PrimedAutocompleteMixin):
                continue
            many = self.model._meta.get_field(name).many_to_many
            labels = {}
            for row in rows:
                for related in getattr(row, name).all() if many else [getattr(row, name)]:
                    if related is not None:
                        labels[str(related.pk)] = form_field.label_from_instance(related)
            widget.primed = labels


class PrimedAutocompleteInlineMixin:
    """Inline rows render their autocomplete fields without a query each (see above)."""

    formset = PrimedInlineFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                PrimedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                PrimedAutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MarkdownPreviewMixin:
    """A Markdown field's preview on the change form: the saved (sanitised) HTML, and a button
    that renders the text as it is now through the site's renderer (nothing is saved).

    Add "preview" to the form's fields; `markdown_field` names the source field, whose
    rendered twin is `<markdown_field>_html`.
    """

    markdown_field = "body"

    class Media:
        js = ["js/markdown_preview.js"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "preview"]

    @admin.display(description="Preview")
    def preview(self, obj):
        opts = self.model._meta
        target = f"{opts.model_name}-preview"
        saved = getattr(obj, f"{self.markdown_field}_html", "") if obj and obj.pk else ""
        return format_html(
            '<div id="{}" class="prose tex">{}</div>'
            '<button type="button" data-markdown-preview="{}" data-field="id_{}" '
            'data-target="{}">Preview the text as written</button>',
            target,
            mark_safe(saved),  # rendered and sanitised when it was saved
            reverse(f"admin:{opts.app_label}_{opts.model_name}_preview"),
            self.markdown_field,
            target,
        )

    def get_urls(self):
        opts = self.model._meta
        preview = path(
            "preview/",
            self.admin_site.admin_view(require_POST(self.preview_view)),
            name=f"{opts.app_label}_{opts.model_name}_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request):
        """The posted Markdown rendered as the page would show it (nothing is saved)."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        return JsonResponse({"html": render_markdown(request.POST.get("body", "")[:MAX_LENGTH])})
