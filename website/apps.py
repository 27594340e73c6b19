from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Nettsted")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # First: Wagtail's API builds its page write schemas when first imported (below).
        from kb.api.writes import prepare_write_schemas

        prepare_write_schemas()

        from website import frontend_cache, signals  # noqa: F401  (connects the receivers)
        from website.api import register
        from website.security import sso  # noqa: F401  (registers its system check)

        register()  # editorial actions on Wagtail's API v3, before its URLs are built
