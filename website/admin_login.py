"""The admin's login form, with the password field labelled through gettext.

Wagtail's form leaves the label to Django, which derives «Password» from the field name and
so never translates it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Passord")
