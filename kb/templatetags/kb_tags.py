from django import template

from kb.models.validators import tel_uri

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    """``{{ phones|lookup:page.pk }}``: a value from a dict by a variable key."""
    return mapping.get(key) if mapping else None


register.filter("tel", tel_uri)
