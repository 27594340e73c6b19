from django import template

from kb.absolute_urls import permalink
from kb.models.validators import tel_uri

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """``{{ phones|lookup:page.pk }}``: a value from a dict by a variable key."""
    return mapping.get(key) if mapping else None


register.filter("tel", tel_uri)


@register.simple_tag(takes_context=True)
def kb_permalink(context, page) -> str:
    """The item's permanent link (by key and locale), for partners to copy."""
    return permalink(page, context.get("request"))
