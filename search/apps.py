from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "kbsearch"
    verbose_name = _("Søk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.api.v3.api import api

        from search import signals  # noqa: F401  (connects the receivers)
        from search.api import router, thesaurus_router

        # One API, one OpenAPI document: the KB search lives on Wagtail's API v3.
        api.add_router("/kb/search/", router)
        api.add_router("/kb/thesaurus/", thesaurus_router)
