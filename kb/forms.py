"""The admin's page form, hardened against tampered submissions.

Wagtail's StreamField widget reads its structure from counters in the POST data
(``steps-count``, ``steps-0-value-links-count``); a missing or forged counter raises inside the
widget, before any validation, and would be a 500. A browser never sends such data, so it is
a bad request (400), and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class PageForm(WagtailAdminPageForm):
    def _widget_data_value(self, widget, html_name):
        try:
            return super()._widget_data_value(widget, html_name)
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise BadRequest(
                _("Skjemaet inneholdt ugyldige data i feltet «%(field)s».") % {"field": html_name}
            ) from exc
