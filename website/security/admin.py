"""The lockouts in Wagtail's admin: site managers see who and which addresses failed to log
in, and unlock by deleting the record (the same as ``manage.py axes_reset_username``)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "lockouts"
    icon = "lock"
    menu_label = _("Innloggingssperrer")
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["username", "ip_address"]
    form_fields = ["username"]  # nobody adds or edits attempts; only deleting (unlocking)


lockout_viewset = LockoutViewSet()
