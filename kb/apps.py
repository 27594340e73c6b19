from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseConfig(AppConfig):
    name = "kb"
    verbose_name = _("Kunnskapsbase")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.api.v3.api import api

        from kb import change_log, signals  # noqa: F401  (connects the receivers)
        from kb.api import openapi
        from kb.api.http import install_problem_handlers
        from kb.api.router import router
        from kb.api.writes import reject_unwritable
        from kb.webhooks import outbox  # noqa: F401  (webhooks on publish, unpublish, delete)

        api.add_router("/kb/", router)
        api.add_decorator(reject_unwritable, mode="view")  # page writes lose nothing silently
        openapi.install(api)
        install_problem_handlers(api)  # Norwegian problem documents on the KB routes
