"""Fill in and send an admin change form the way a clerk would: as the page shows it, changed."""

from django.forms import BaseFormSet


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        value = field.prepare_value(value) if hasattr(field, "prepare_value") else value
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def admin_form_post_data(response, **changes) -> dict:
    """The POST data of the admin change page in ``response``, with ``changes`` applied."""
    context = response.context
    data = _form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset: BaseFormSet = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    data.update({key: str(value) for key, value in changes.items()})
    return data


def admin_change(client, url: str, **changes):
    """Open an admin change page, change some fields, save; returns the response (followed)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, admin_form_post_data(page, **changes), follow=True)
