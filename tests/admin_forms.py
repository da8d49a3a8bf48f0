"""Turn a rendered admin form back into the POST data a browser would send for it unchanged."""

import datetime

from django.forms import SplitDateTimeWidget
from django.utils import timezone


def _field_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if value is None or value == "":
            continue
        if isinstance(field.widget, SplitDateTimeWidget):
            if isinstance(value, str):
                value = datetime.datetime.fromisoformat(value)
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            data[f"{bound.html_name}_0"] = local.date().isoformat()
            data[f"{bound.html_name}_1"] = local.time().isoformat()
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[bound.html_name] = str(value)


def admin_form_data(response, **changes) -> dict:
    """The form's current values, its inline formsets included, with `changes` applied."""
    data: dict = {}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            _field_data(form, data)
    data.update(changes)
    return data
