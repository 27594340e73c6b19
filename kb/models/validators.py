import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^\+?[0-9][0-9 ]{1,18}[0-9]$")


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value):
        raise ValidationError(
            _("Skriv telefonnummeret med sifre og mellomrom, for eksempel «116 111»."),
            code="invalid_phone",
        )


def tel_uri(phone: str) -> str:
    """A tel: URI for a phone number as people write it («116 111»)."""
    return "tel:" + "".join(phone.split()) if phone else ""


def validate_year(value: int) -> None:
    latest = timezone.localdate().year + 1
    if not 1900 <= value <= latest:
        raise ValidationError(
            _("Årstallet må være mellom 1900 og %(latest)s."),
            params={"latest": latest},
            code="invalid_year",
        )


def validate_not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Datoen kan ikke være fram i tid."), code="future_date")


def split_lines(text: str) -> list[str]:
    """One entry per non-empty line, stripped, in order, without repeats."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if line.strip():
            seen.setdefault(line.strip(), None)
    return list(seen)
