"""A translated tree gets its translators the moment its top page is created (wagtail-localize
creates it on the first translation into a language)."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page


@receiver(post_save)
def grant_new_translation_root(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created or not isinstance(instance, Page) or instance.depth != 2:
        return
    if instance.locale_id == Locale.get_default().pk:
        return
    from website.bootstrap import grant_translation_root

    grant_translation_root(instance)
