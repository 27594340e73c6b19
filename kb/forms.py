"""The admin's page form, hardened against tampered submissions, and the form API v3 writes
knowledge-base pages through.

Wagtail's StreamField widget reads its structure from counters in the POST data
(``steps-count``, ``steps-0-value-links-count``); a missing or forged counter raises inside the
widget, before any validation, and would be a 500. A browser never sends such data, so it is
a bad request (400), and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField


class PageForm(WagtailAdminPageForm):
    def _widget_data_value(self, widget, html_name):
        try:
            return super()._widget_data_value(widget, html_name)
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise BadRequest(
                _("Skjemaet inneholdt ugyldige data i feltet «%(field)s».") % {"field": html_name}
            ) from exc


class KnowledgePageForm(PageForm):
    """The form Wagtail's API v3 writes knowledge-base pages through: the admin's form, with
    block errors spelled out."""

    def full_clean(self) -> None:
        super().full_clean()
        # A block's own error sits deep in the value; Wagtail's API reports only the field
        # ("Validation error in StreamBlock"), so say which block and what is wrong with it.
        for name, field in self.fields.items():
            if isinstance(field, BlockField) and name in self.errors:
                details = [
                    message
                    for error in self.errors.as_data()[name]
                    for message in block_messages(getattr(error, "as_json_data", dict)())
                ]
                if details:
                    self.errors[name] = self.error_class(details)


def block_messages(data, path: str = "") -> list[str]:
    """Flatten a block error's JSON (``messages``, ``blockErrors``) to «path: message» lines."""
    if not isinstance(data, dict):
        return []
    lines = [f"{path}: {message}" if path else message for message in data.get("messages", [])]
    children = data.get("blockErrors") or {}
    items = children.items() if isinstance(children, dict) else enumerate(children)
    for key, child in items:
        if child is None:
            continue
        label = f"{int(key) + 1}" if isinstance(key, int) or str(key).isdigit() else str(key)
        lines += block_messages(child, f"{path} › {label}" if path else label)
    return lines
