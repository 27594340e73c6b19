from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Nettsted")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from website import signals  # noqa: F401  (connects the receivers)
        from website.api import register
        from website.security import sso  # noqa: F401  (registers its system check)

        register()  # editorial actions on Wagtail's API v3, before its URLs are built
