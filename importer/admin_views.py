"""The admin's "Sources → Import an article" page: upload an article and its annotation (or write
the annotation beside the article), check it, and import it. The same checking and writing as
`manage.py import_seeds`: every problem at once, nothing written while any remains, one
transaction and one revision per article.

The article travels back with each form (base64 in a hidden field) once uploaded, so the editor
corrects the annotation without uploading again, and any worker can serve the next request:
nothing is kept on the server between requests, and nothing is written to disk.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from importer.article import Article, ArticleError, decode, parse_article
from importer.catalogue import known_records
from importer.kinds import MODELS
from importer.problems import ProblemsFound
from importer.report import OUTCOMES, FileReport
from importer.seeds import seed_from_text
from importer.skeleton import build_skeleton
from importer.uploads import upload_limit
from importer.writer import WriteConflict, write_seeds
from summit.models import Citation, Source

# For the article and the annotation file, uploaded or sent back. An article is some 10 KB, an
# annotation some 50 KB. Once uploaded, the article travels back with every step of the form as
# base64 (1 MB becomes 1.4 MB) beside the annotation as text: within the 8 MB the settings let
# a request's form fields hold (DATA_UPLOAD_MAX_MEMORY_SIZE).
MAX_UPLOAD_BYTES = 1024 * 1024

# Adding and changing every kind of record an annotation can hold, sources and citations: what
# the Editors group has.
IMPORT_PERMISSIONS = [
    f"{model._meta.app_label}.{action}_{model._meta.model_name}"
    for model in (*MODELS.values(), Source, Citation)
    for action in ("add", "change")
]

TOO_LARGE = _("The file is larger than 1 MB.")

OUTCOME_LABELS = {
    "created": _("new"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "kept": _("kept (edited by staff)"),
}


class ArticleImportForm(forms.Form):
    """An article (uploaded, or sent back from the previous step) and its annotation."""

    article = forms.FileField(
        label=_("Article"),
        required=False,
        help_text=_("The publisher's plain-text export (.txt), in UTF-8 or GB18030."),
    )
    annotation_file = forms.FileField(
        label=_("Annotation file"),
        required=False,
        help_text=_("A .toml file (see seeds/README.md); it replaces the annotation below."),
    )
    annotation = forms.CharField(
        label=_("Annotation"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false", "class": "annotation"}),
        help_text=_("TOML: the records the article supports, each with the sentence it quotes."),
    )
    draft = forms.BooleanField(
        label=_("New records start as drafts"),
        required=False,
        initial=True,
        help_text=_(
            "Nothing is public until you publish it: new records start as drafts, records that "
            "exist keep their status. A write the public would see at once (a change to a "
            "published record, a figure of a published event) is reported as a problem: import "
            "that part without drafts."
        ),
    )
    overwrite = forms.BooleanField(label=_("Replace what staff edited since"), required=False)
    article_content = forms.CharField(widget=forms.HiddenInput, required=False)
    article_name = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, too_large=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Fields whose upload passed MAX_UPLOAD_BYTES and was skipped unread (importer.uploads).
        self.too_large = set(too_large)

    def clean(self):
        cleaned = super().clean()
        for name in sorted(self.too_large & {"article", "annotation_file"}):
            self.add_error(name, TOO_LARGE)
        article = self._article(cleaned)
        if article is not None:
            cleaned["parsed_article"] = article
        upload = cleaned.get("annotation_file")
        if upload:
            try:
                cleaned["annotation"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error(
                    "annotation_file", _("The annotation is not UTF-8 text: save it as UTF-8.")
                )
        return cleaned

    def _article(self, cleaned) -> Article | None:
        upload = cleaned.get("article")
        if "article" in self.too_large:
            return None
        if upload:
            if Path(upload.name).suffix.lower() != ".txt":
                self.add_error("article", _("Choose the article's .txt file."))
                return None
            raw, name = upload.read(), upload.name
        elif cleaned.get("article_content"):
            try:
                raw = base64.b64decode(cleaned["article_content"], validate=True)
            except (binascii.Error, ValueError):
                self.add_error("article", _("The article sent back was damaged: upload it again."))
                return None
            if len(raw) > MAX_UPLOAD_BYTES:
                self.add_error("article", TOO_LARGE)
                return None
            name = cleaned.get("article_name") or "article.txt"
        else:
            self.add_error("article", _("Choose the article's .txt file."))
            return None
        try:
            article = parse_article(decode(raw))
        except ArticleError as error:
            self.add_error(
                "article",
                _("This file cannot be read as an article: %(reason)s") % {"reason": error},
            )
            return None
        cleaned["article_content"] = base64.b64encode(raw).decode()
        cleaned["article_name"] = file_name(name)
        return article

    def keep_for_next_step(self) -> None:
        """Send the article and the annotation (an uploaded one included) back with the page."""
        # A bound form renders what it was sent; the next step needs what was understood.
        data = self.data.copy()
        for name in ("article_content", "article_name", "annotation"):
            data[name] = self.cleaned_data.get(name, "")
        self.data = data


def file_name(name: str) -> str:
    """The name the source is imported under: the upload's, made safe for a slug and a key."""
    stem = slugify(Path(name).stem, allow_unicode=True)
    return f"{stem or 'article'}.txt"


def can_import_articles(user) -> bool:
    """Whether `user` may use this page (and see the link to it)."""
    return user.has_perms(IMPORT_PERMISSIONS)


@upload_limit(MAX_UPLOAD_BYTES)
def import_article_view(request):
    if not can_import_articles(request.user):
        raise PermissionDenied
    form = ArticleImportForm(
        request.POST or None,
        request.FILES or None,
        too_large=getattr(request, "uploads_over_limit", ()),
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Import an article"),
        "opts": Source._meta,
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        form.keep_for_next_step()
        article = form.cleaned_data["parsed_article"]
        context["article"] = article
        if "_skeleton" in request.POST:
            _write_skeleton(form, article, context)
        else:
            context |= _check_or_import(request, form, article)
    context["annotation_empty"] = not str(form["annotation"].value() or "").strip()
    return TemplateResponse(request, "admin/importer/import_article.html", context)


def _write_skeleton(form: ArticleImportForm, article: Article, context: dict) -> None:
    if form.cleaned_data["annotation"].strip():
        context["notice"] = _(
            "The annotation is not empty: empty it first to replace it with a skeleton."
        )
        return
    form.data["annotation"] = build_skeleton(
        article, form.cleaned_data["article_name"], known_records()
    )
    context["notice"] = _(
        "A skeleton from the article alone: confirm or delete each candidate, then check."
    )


def _check_or_import(request, form: ArticleImportForm, article: Article) -> dict:
    name = form.cleaned_data["article_name"]
    confirmed = "_import" in request.POST
    seed, problems = seed_from_text(name, article, form.cleaned_data["annotation"])
    try:
        report = write_seeds(
            [seed] if seed else [],
            comment=f"Imported from the admin page: {name}",
            dry_run=not confirmed,
            draft=form.cleaned_data["draft"],
            overwrite=form.cleaned_data["overwrite"],
            user=request.user,
            problems=problems,
        )
    except ProblemsFound as found:
        return {"problems": found.problems}
    except WriteConflict as error:
        return {"conflict": str(error)}
    (file,) = report.files
    result = {
        "file": file,
        "counts": [(OUTCOME_LABELS[outcome], file.counts[outcome]) for outcome in OUTCOMES],
        "rows": _rows(file, linked=confirmed),
    }
    if confirmed:
        result["imported"] = True
        result["draft"] = form.cleaned_data["draft"]
        result["source_url"] = reverse("admin:summit_source_change", args=[file.source.pk])
    return result


def _rows(file: FileReport, linked: bool) -> list[dict]:
    """The records of the report for the page: kind, name, what happened, and after an import
    the admin page to open (the record's, or its parent's for a row edited inline)."""
    return [
        {
            "kind": record.instance._meta.verbose_name,
            "label": record.label,
            "outcome": OUTCOME_LABELS[record.outcome],
            "url": _admin_url(record.instance) if linked else "",
        }
        for record in file.records
    ]


def _admin_url(instance: models.Model) -> str:
    for candidate in (instance, *_parents(instance)):
        if admin.site.is_registered(type(candidate)):
            options = candidate._meta
            try:
                return reverse(
                    f"admin:{options.app_label}_{options.model_name}_change", args=[candidate.pk]
                )
            except NoReverseMatch:
                return ""
    return ""


def _parents(instance: models.Model) -> list[models.Model]:
    # Rows the admin edits inline (an affiliation, a figure) open on their first parent's page.
    return [
        getattr(instance, field.name)
        for field in instance._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and getattr(instance, field.attname) is not None
    ]


admin_import_article_view = admin.site.admin_view(import_article_view)
