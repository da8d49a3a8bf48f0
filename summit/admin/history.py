"""History, revert and recovery of one record in the admin, on top of django-reversion.

django-reversion stores what one save wrote as a revision: the record, a snapshot of its inline
rows (and theirs), and, for an import, every other record saved with it. Its admin reverts whole
revisions and lists every revision a record appears in. Here a record's History lists only the
revisions that changed it or its own inline rows; reverting goes back to that version of the
record and its own inline rows, unless the editor asks for the whole change; and each entry is
described in the reader's language.
"""

import json
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import pairwise

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.admin import GenericInlineModelAdmin
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.utils import mute_signals

# The languages of translated fields, as the history names them: "Title (English)".
LANGUAGE_NAMES = {"zh-hans": gettext_lazy("Chinese"), "en": gettext_lazy("English")}

# How many of the other records a revision changed the revert page names; an import changes
# hundreds, and a count says the rest.
OTHER_RECORDS_SHOWN = 20


def local_time_text(value) -> str:
    """A moment as the admin writes it: "29 Nov 2027 10:00", in the site's time zone."""
    return date_format(timezone.localtime(value), pgettext("admin date and time", "j M Y H:i"))


# What a version holds -------------------------------------------------------------------------


def _fields(version: Version) -> dict:
    """The field values stored in a version (reversion's default JSON format), by field name."""
    return json.loads(version.serialized_data)[0]["fields"] if version.format == "json" else {}


def _with_previous(versions: models.QuerySet) -> models.QuerySet:
    """`versions`, each with `previous_data`: the data of the version before it of its record."""
    previous = Version.objects.filter(
        db=models.OuterRef("db"),
        content_type=models.OuterRef("content_type"),
        object_id=models.OuterRef("object_id"),
        pk__lt=models.OuterRef("pk"),
    ).order_by("-pk")
    return versions.annotate(previous_data=models.Subquery(previous.values("serialized_data")[:1]))


def _values(model: type[models.Model], data: str) -> dict:
    """The values a version stores, as Python values ("+08:00" and "Z" times compare equal),
    without the time stamped by every save (`updated_at`)."""
    (stored,) = serializers.deserialize("json", data, ignorenonexistent=True)
    values = {
        field.attname: field.value_from_object(stored.object)
        for field in model._meta.concrete_fields
        if not getattr(field, "auto_now", False)
    }
    values.update((name, sorted(map(str, keys))) for name, keys in (stored.m2m_data or {}).items())
    return values


def _changes_its_record(version: Version) -> bool:
    """Whether a version (annotated by `_with_previous`) differs from the one before it.

    A revision snapshots every inline row of the record saved, changed or not; a snapshot, and
    a save that changed nothing but `updated_at`, are no change.
    """
    model = version.content_type.model_class()
    if version.previous_data is None or version.format != "json" or model is None:
        return True
    return _values(model, version.serialized_data) != _values(model, version.previous_data)


@dataclass(frozen=True)
class InlineLink:
    """How the rows of one of an admin's inlines point at the record whose page edits them."""

    model: type[models.Model]
    key_field: str  # the field holding the record's primary key
    type_field: str | None = None  # for a generic inline, the field holding its content type
    follow: str | None = None  # the record's accessor for these rows, for reversion to snapshot

    def owns(self, fields: dict, record_type: ContentType, record_id: str) -> bool:
        """Whether the row whose stored `fields` these are belongs to the record."""
        if str(fields.get(self.key_field)) != record_id:
            return False
        return self.type_field is None or fields.get(self.type_field) == record_type.pk

    def rows(self, record_type: ContentType, record_id: str) -> models.QuerySet:
        """The record's rows as they are now."""
        rows = self.model._default_manager.filter(**{self.key_field: record_id})
        return rows.filter(**{self.type_field: record_type}) if self.type_field else rows


def inline_links(model: type[models.Model], inlines) -> list[InlineLink]:
    """What each of the inlines on `model`'s admin page edits, and how its rows point at it."""
    links = []
    for inline in inlines:
        if issubclass(inline, GenericInlineModelAdmin):
            relation = next(
                (
                    field.name
                    for field in model._meta.private_fields
                    if isinstance(field, GenericRelation)
                    and field.remote_field.model is inline.model
                    and field.object_id_field_name == inline.ct_fk_field
                    and field.content_type_field_name == inline.ct_field
                ),
                None,
            )
            links.append(InlineLink(inline.model, inline.ct_fk_field, inline.ct_field, relation))
            continue
        key = next(
            field
            for field in inline.model._meta.concrete_fields
            if isinstance(field, models.ForeignKey)
            and field.name == (inline.fk_name or field.name)
            and issubclass(model, field.remote_field.model)
        )
        follow = None if key.remote_field.hidden else key.remote_field.get_accessor_name()
        links.append(InlineLink(inline.model, key.name, follow=follow))
    return links


def revert_versions(versions: list[Version]) -> None:
    """Save each version back; one whose row needs another (a foreign key) is retried after it."""
    pending = list(versions)
    while pending:
        failed = []
        for version in pending:
            try:
                with transaction.atomic(using=version.db):
                    version.revert()
            except (IntegrityError, ObjectDoesNotExist):
                failed.append(version)
        if len(failed) == len(pending):
            raise RevertError(
                gettext("Could not save %(object_repr)s version - missing dependency.")
                % {"object_repr": failed[0]}
            )
        pending = failed


# What a change message says -------------------------------------------------------------------
#
# Django's admin stores a change as JSON with field labels and record names in English, and
# translates the sentence when it is read. Modeltranslation's labels ("Title (English)") and
# names built from choices ("Co-host") are not catalogue entries, so the messages here also keep
# the field names and each row's name in every site language, and are read back from those.


def _field_part(form, names) -> dict:
    return {
        "fields": [
            str(form.fields[name].label or name) if name in form.fields else name for name in names
        ],
        "field_names": list(names),
    }


def _row_part(row: models.Model) -> dict:
    names = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(row)
    return {
        "name": str(row._meta.verbose_name),
        "object": str(row),
        "model": row._meta.label_lower,
        "objects": names,
    }


def change_message(form, formsets, add: bool) -> list[dict]:
    """Django's change message for a saved form and its inline formsets, plus the field names
    and each inline row's name in every site language."""
    changed = form.changed_data  # before translations are off, as Django does
    with translation.override(None):
        message = [{"added": {}}] if add else []
        if not add and changed:
            message.append({"changed": _field_part(form, changed)})
        for formset in formsets or ():
            message += [{"added": _row_part(row)} for row in formset.new_objects]
            message += [
                {"changed": {**_row_part(row), **_field_part(formset.forms[0], fields)}}
                for row, fields in formset.changed_objects
            ]
            message += [{"deleted": _row_part(row)} for row in formset.deleted_objects]
    return message


def list_action_message(record: models.Model, **values) -> list[dict]:
    """The change message of a list action that set `values` on the record."""
    with translation.override(None):
        labels = [str(capfirst(record._meta.get_field(name).verbose_name)) for name in values]
    return [
        {
            "changed": {
                "fields": labels,
                "field_names": list(values),
                "values": values,
                "list_action": True,
            }
        }
    ]


def _model(label: str | None, default: type[models.Model]) -> type[models.Model]:
    try:
        return apps.get_model(label) if label else default
    except LookupError:
        return default


def _field(model: type[models.Model], name: str):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if hasattr(field, "verbose_name") else None


def field_label(field) -> str:
    """A field's name for the history: a translation of a field is named "Title (English)".

    modeltranslation names it "title [en]" and its language tabs cut that suffix off form
    labels, as the tab names the language; a suffix in another form would stay in the column
    header over every language's tab of a tabular inline. So only the history renames it.
    """
    original = getattr(field, "translated_field", None)
    if original is None:
        return str(capfirst(field.verbose_name))
    return gettext("%(field)s (%(language)s)") % {
        "field": capfirst(original.verbose_name),
        "language": LANGUAGE_NAMES.get(field.language, field.language),
    }


def _labels(part: dict, model: type[models.Model]) -> list[str]:
    labels = part.get("fields", [])
    names = part.get("field_names", [None] * len(labels))
    shown = []
    for label, name in zip(labels, names, strict=False):
        field = _field(model, name) if name else None
        shown.append(field_label(field) if field else gettext(label))
    return shown


def _value_text(model: type[models.Model], name: str, value) -> str:
    field = _field(model, name)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _sentence(kind: str, part: dict, model: type[models.Model]) -> str:
    if kind == "reverted":
        when = local_time_text(parse_datetime(part["date"]))
        others = part.get("others", 0)
        if others:
            return ngettext(
                "Reverted, with %(count)d other record, to the version of %(date)s.",
                "Reverted, with %(count)d other records, to the version of %(date)s.",
                others,
            ) % {"count": others, "date": when}
        return gettext("Reverted to the version of %(date)s.") % {"date": when}
    if kind == "recovered":
        return gettext("Recovered after it was deleted.")
    if kind not in ("added", "changed", "deleted"):
        return ""
    if kind == "added" and not part:
        return gettext("Added.")
    row_model = _model(part.get("model"), model)
    name = gettext(part.get("name", ""))
    row = part.get("objects", {}).get(translation.get_language(), part.get("object", ""))
    if kind == "added":
        return gettext("Added {name} “{object}”.").format(name=name, object=row)
    if kind == "deleted":
        return gettext("Deleted {name} “{object}”.").format(name=name, object=row)
    if "values" in part:
        template = (
            gettext("Changed {field} to “{value}” with a list action.")
            if part.get("list_action")
            else gettext("Changed {field} to “{value}”.")
        )
        return " ".join(
            template.format(field=label, value=_value_text(row_model, field_name, value))
            for label, (field_name, value) in zip(
                _labels(part, row_model), part["values"].items(), strict=False
            )
        )
    fields = get_text_list(_labels(part, row_model), gettext("and"))
    if "name" in part:
        return gettext("Changed {fields} for {name} “{object}”.").format(
            fields=fields, name=name, object=row
        )
    return gettext("Changed {fields}.").format(fields=fields)


def _message(comment: str) -> list[dict] | None:
    """A revision's comment as a change message, or None for a plain comment (an import's)."""
    try:
        parts = json.loads(comment) if comment.startswith("[") else None
    except ValueError:
        return None
    if isinstance(parts, list) and all(isinstance(part, dict) for part in parts):
        return parts
    return None


def describe_change(comment: str, model: type[models.Model]) -> str:
    """A revision's comment as a sentence in the active language; comments that are not
    change messages are shown as they are."""
    parts = _message(comment)
    if parts is None:
        return comment
    sentences = [_sentence(kind, part, model) for item in parts for kind, part in item.items()]
    return " ".join(sentence for sentence in sentences if sentence) or gettext("No fields changed.")


# The admin --------------------------------------------------------------------------------------


class _RollBack(Exception):
    """Leaves the revert preview's transaction, keeping the page it rendered."""

    def __init__(self, response):
        self.response = response


@dataclass(frozen=True)
class _Revert:
    """What the revert or recover page being saved does, for its change message and notice."""

    version: Version
    recovering: bool
    others: int  # other records reverted with it

    def message_part(self) -> dict:
        if self.recovering:
            return {"recovered": {}}
        return {
            "reverted": {
                "date": self.version.revision.date_created.isoformat(),
                "others": self.others,
            }
        }


# The follows each model was registered with by these admins: a model first met as another
# admin's inline is registered before its own admin says what its own inlines are.
_registered_follows: dict[type[models.Model], tuple[str, ...]] = {}


class RecordVersionAdmin(VersionAdmin):
    """VersionAdmin whose History, revert and recovery concern one record and its inline rows."""

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.inline_links = inline_links(model, self.inlines)
        # A talk is registered when the event admin meets it as an inline, following nothing:
        # its own admin adds its own inlines, so that its versions hold its citations and
        # reverting or recovering a talk brings them back.
        followed = _registered_follows.get(model)
        missing = tuple(
            link.follow
            for link in self.inline_links
            if link.follow not in (None, *(followed or ()))
        )
        if followed is not None and missing:
            reversion.unregister(model)
            self.reversion_register(model, follow=followed + missing)

    def reversion_register(self, model, **options):
        super().reversion_register(model, **options)
        _registered_follows[model] = tuple(options.get("follow", ()))

    # Change messages: stored as JSON, read in the reader's language.

    def construct_change_message(self, request, form, formsets, add=False):
        return change_message(form, formsets, add)

    def _log(self, request, entry):
        if reversion.is_active():
            reversion.set_comment(entry.change_message)
        return entry

    def log_addition(self, request, obj, message):
        return self._log(request, super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        revert = getattr(request, "summit_revert", None)
        if revert is not None and isinstance(message, list):
            message = [revert.message_part(), *message]
        return self._log(request, super().log_change(request, obj, message))

    def response_change(self, request, obj):
        revert = getattr(request, "summit_revert", None)
        if revert is None:
            return super().response_change(request, obj)
        names = {"name": self.model._meta.verbose_name, "object": obj}
        if revert.recovering:
            notice = gettext("The %(name)s “%(object)s” was recovered.") % names
        elif revert.others:
            notice = ngettext(
                "The %(name)s “%(object)s” and %(count)d other record were reverted to the "
                "version of %(date)s.",
                "The %(name)s “%(object)s” and %(count)d other records were reverted to the "
                "version of %(date)s.",
                revert.others,
            ) % {
                **names,
                "count": revert.others,
                "date": local_time_text(revert.version.revision.date_created),
            }
        else:
            notice = gettext(
                "The %(name)s “%(object)s” was reverted to its version of %(date)s."
            ) % {
                **names,
                "date": local_time_text(revert.version.revision.date_created),
            }
        self.message_user(request, notice, messages.SUCCESS)
        return self.response_post_save_change(request, obj)

    # The list: a list action records a revision per record (see base.py), not one for all.

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin runs the whole list page in one revision, so the records a list action
        # changes would share it, and reverting one would revert all. A POST without
        # list_editable's "_save" runs an action: leave that page out of VersionAdmin's revision.
        if request.method == "POST" and "_save" not in request.POST:
            context = {"has_change_permission": self.has_change_permission(request)}
            return super(VersionAdmin, self).changelist_view(
                request, {**context, **(extra_context or {})}
            )
        return super().changelist_view(request, extra_context)

    # History.

    def history_versions(self, record_id: str) -> list[Version]:
        """The record's versions from revisions that changed it or its own inline rows, oldest
        first; not the revisions that only snapshot it while saving another record."""
        versions = list(
            _with_previous(Version.objects.get_for_object_reference(self.model, record_id))
            .select_related("revision__user", "content_type")
            .order_by("pk")
        )
        # A recovery brings back the record as it was: no change, but its deletion is not
        # versioned, so the recovery is what tells the story.
        shown = {
            version.pk
            for version in versions
            if _changes_its_record(version)
            or any("recovered" in part for part in _message(version.revision.comment) or ())
        }
        if self.inline_links and len(shown) < len(versions):
            by_revision = {version.revision_id: version for version in versions}
            changed = self._revisions_changing_rows(record_id, list(by_revision))
            shown |= {by_revision[revision_id].pk for revision_id in changed}
        return [version for version in versions if version.pk in shown]

    def _link_types(self) -> dict[int, list[InlineLink]]:
        links = defaultdict(list)
        for link in self.inline_links:
            links[ContentType.objects.get_for_model(link.model).pk].append(link)
        return links

    def _revisions_changing_rows(self, record_id: str, revision_ids: list[int]) -> set[int]:
        """Which of the record's revisions (in order) added, changed or removed its own rows."""
        record_type = ContentType.objects.get_for_model(self.model)
        links = self._link_types()
        rows = _with_previous(
            Version.objects.filter(revision_id__in=revision_ids, content_type_id__in=links)
        ).select_related("content_type")
        changed, held = set(), defaultdict(set)
        for row in rows:
            fields = _fields(row)
            if any(
                link.owns(fields, record_type, record_id) for link in links[row.content_type_id]
            ):
                held[row.revision_id].add((row.content_type_id, row.object_id))
                if _changes_its_record(row):
                    changed.add(row.revision_id)
        # A row deleted from the record's page leaves no version: it is missing from the next.
        changed |= {after for before, after in pairwise(revision_ids) if held[before] - held[after]}
        return changed

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
                "description": describe_change(version.revision.comment, self.model),
            }
            for version in self.history_versions(unquote(object_id))
        ]
        if self.history_latest_first:
            action_list.reverse()
        context = {"action_list": action_list, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    # Revert and recover.

    def split_revision(self, version: Version) -> tuple[list[Version], list[Version]]:
        """The versions in `version`'s revision of its record and the record's own inline rows,
        and those of the other records the revision changed."""
        record_type = ContentType.objects.get_for_model(self.model)
        links = self._link_types()
        own, others = [], []
        candidates = _with_previous(version.revision.version_set.all()).select_related(
            "content_type"
        )
        for candidate in candidates.order_by("pk"):
            if candidate.pk == version.pk or any(
                link.owns(_fields(candidate), record_type, version.object_id)
                for link in links.get(candidate.content_type_id, ())
            ):
                own.append(candidate)
            elif _changes_its_record(candidate):
                others.append(candidate)
        return own, others

    def _rows_changed_since(self, version: Version, own: list[Version]) -> list[Version]:
        """The versions of the record's inline rows that differ from those rows today (or whose
        rows are gone): reverting the record changes them too, a talk's status among them."""
        rows = [held for held in own if held.pk != version.pk]
        current = {}
        for model in {held.content_type.model_class() for held in rows} - {None}:
            ids = [held.object_id for held in rows if held.content_type.model_class() is model]
            current |= {
                (model, str(pk)): row for pk, row in model._default_manager.in_bulk(ids).items()
            }
        changed = []
        for held in rows:
            model = held.content_type.model_class()
            row = current.get((model, held.object_id))
            if row is None or _values(model, held.serialized_data) != _values(
                model, serializers.serialize("json", [row])
            ):
                changed.append(held)
        return changed

    def _rows_added_since(self, version: Version, own: list[Version]) -> list[models.Model]:
        """The record's inline rows created after `version` was saved: its page had none of
        them then, so reverting removes them. Rows the version does not mention but that are
        older (saved before reversion followed them) stay."""
        record_type = ContentType.objects.get_for_model(self.model)
        held = {(version.content_type_id, version.object_id) for version in own}
        added = []
        for link in self.inline_links:
            if link.follow is None:  # reversion does not snapshot these rows
                continue
            link_type = ContentType.objects.get_for_model(link.model)
            rows = {
                str(row.pk): row
                for row in link.rows(record_type, version.object_id)
                if (link_type.pk, str(row.pk)) not in held
            }
            first_saved = (
                Version.objects.get_for_model(link.model)
                .filter(object_id__in=rows)
                .order_by()
                .values_list("object_id")
                .annotate(first=models.Min("revision_id"))
            )
            added += [rows[key] for key, first in first_saved if first > version.revision_id]
        return added

    def _check_change_permission(self, request, versions: list[Version]) -> None:
        for model in {version.content_type.model_class() for version in versions} - {None}:
            codename = get_permission_codename("change", model._meta)
            if not request.user.has_perm(f"{model._meta.app_label}.{codename}"):
                raise PermissionDenied

    def revert_view(self, request, version: Version, template_name, context, *, recovering=False):
        """Show (GET) or save (POST) the record as it was in `version`, with its own inline
        rows; a POST with revert=whole reverts the other records the revision changed too."""
        own, others = self.split_revision(version)
        added = self._rows_added_since(version, own)
        whole = request.method == "POST" and request.POST.get("revert") == "whole" and others
        if whole:
            self._check_change_permission(request, others)
        context = {
            **context,
            "other_records": [
                {"kind": capfirst(other.content_type.name), "name": other.object_repr}
                for other in others[:OTHER_RECORDS_SHOWN]
            ],
            "other_count": len(others),
            "others_not_shown": max(len(others) - OTHER_RECORDS_SHOWN, 0),
            "removed_rows": [
                {"kind": capfirst(row._meta.verbose_name), "name": str(row)} for row in added
            ],
            "changed_rows": []
            if recovering  # everything comes back: the form shows it
            else [
                {"kind": capfirst(held.content_type.name), "name": held.object_repr}
                for held in self._rows_changed_since(version, own)
            ],
        }
        request.summit_revert = _Revert(version, recovering, len(others) if whole else 0)
        # A preview (GET) is rolled back: it must not run the signal handlers of a save.
        muted = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), muted, self.create_revision(request):
                revert_versions(own + (others if whole else []))
                for row in added:
                    row.delete()
                response = self.changeform_view(
                    request, quote(version.object_id), request.path, context
                )
                if response.status_code == 200:  # the page, or the form with its errors
                    response.template_name = template_name
                    response.render()
                    raise _RollBack(response)
                if request.method != "POST" or response.status_code != 302:
                    raise RevertError(
                        gettext("Could not load %(object_repr)s version - not found")
                        % {"object_repr": version.object_repr}
                    )
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            opts = self.model._meta
            return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist")
        except _RollBack as rollback:
            return rollback.response
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(self.model, unquote(object_id))
        version = get_object_or_404(versions.select_related("revision"), pk=version_id)
        context = {
            "title": gettext("Revert %(name)s") % {"name": version.object_repr},
            "revert": True,
            **(extra_context or {}),
        }
        template = self.revision_form_template or "reversion/revision_form.html"
        return self.revert_view(request, version, template, context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        versions = Version.objects.get_for_model(self.model).select_related("revision")
        version = get_object_or_404(versions, pk=version_id)
        context = {
            "title": gettext("Recover %(name)s") % {"name": version.object_repr},
            "recover": True,
            **(extra_context or {}),
        }
        template = self.recover_form_template or "reversion/recover_form.html"
        return self.revert_view(request, version, template, context, recovering=True)
