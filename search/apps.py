from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kbsearch"
    verbose_name = _("Søk")
    default_auto_field = "django.db.models.BigAutoField"
